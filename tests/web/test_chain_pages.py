"""The chains pages in a real browser: the heatmap, the VR chain map, a segment's panel, the what-if.

Hand-checked against the demo's VR segments: 14 segments, 2 weak (optics and optical modules,
3D scanning and modelling tools), 7 not covered, none absent; the one enterprise in optics is
Goertek (歌尔股份), a chain leader, named by a source. Without PICO (小鸟看看) the VR headset
segment falls from strong to weak (its only other firm is Goertek).
"""

from __future__ import annotations

import re

import httpx
import pytest

from pacesetter.chains.views import STATUS_COLORS
from tests.web.conftest import Site

pytestmark = pytest.mark.browser
HAN = re.compile(r"[\u4e00-\u9fff]")
# Latin words a zh page may show: the CSV button, A股 (A-share), 3D, MEMS and the like in data names
ZH_ALLOWED = {"CSV", "A", "D", "MEMS", "AR", "AI", "VR", "OS", "Pacesetter"}

# the pixel position of a node of the chain map (ECharts' own conversion from layout to screen)
NODE_AT = """(id) => {
  const host = document.querySelector("[data-chart='chart-chain']");
  host.scrollIntoView({block: "center"});
  const chart = echarts.getInstanceByDom(host);
  const node = chart.getOption().series[0].data.find((n) => n.id === id);
  const [x, y] = chart.convertToPixel({seriesIndex: 0}, [node.x, node.y]);
  const box = host.getBoundingClientRect();
  return [box.left + x, box.top + y];
}"""
FILL_AT = """([x, y]) => {
  const el = document.elementFromPoint(x, y);
  return el.tagName.toLowerCase() === "path" ? el.getAttribute("fill") : el.tagName;
}"""


def _visible_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", text))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_heatmap_and_chain_map_draw_in_one_language(visit: object, lang: str) -> None:
    v = visit("analyst", lang)  # type: ignore[operator]
    v.errors.clear()  # the sign-in page's missing /favicon.ico: not these pages
    page = v.go("/chains")
    # 24 chains × 3 stages: every cell drawn, the unknown ones grey with their word
    cells = page.locator("[data-chart='chart-chains-heatmap'] svg path")
    assert cells.count() >= 72
    word = "未掌握" if lang == "zh" else "not covered"
    assert page.locator("[data-chart='chart-chains-heatmap'] svg text", has_text=word).count() > 0
    vr = page.locator("#chains-table tbody tr", has=page.locator("a[href='/chains/vr?region=370200']"))
    assert vr.locator("td.num").all_inner_texts()[1:4] == ["0", "2", "7"]  # absent, weak, not covered
    assert page.locator("button[data-print]").count() == 1
    main = page.locator("main").inner_text()
    if lang == "zh":
        assert _visible_words(main) <= ZH_ALLOWED, _visible_words(main) - ZH_ALLOWED
    else:
        assert not HAN.search(main), HAN.findall(main)[:20]

    page = v.go("/chains/vr")
    nodes = page.locator("[data-chart='chart-chain'] svg path")
    assert nodes.count() >= 14 + 13  # 14 segments and their dependency edges
    legend = page.locator(".status-legend").inner_text()
    for s in ("weak", "not covered", "strong") if lang == "en" else ("薄弱", "未掌握", "优势"):
        assert s in legend
    main = page.locator("main").inner_text()
    # the 7 segments no registry covers have no known count of firms: never "0"
    unknown = "enterprises: unknown" if lang == "en" else "企业数未知"
    zero = r"enterprises: 0\b" if lang == "en" else r"(?<!\d)0家企业"
    assert main.count(unknown) == 7 and not re.search(zero, main)
    names = page.locator("#what-if option").all_inner_texts()
    if lang == "zh":
        assert _visible_words(main) <= ZH_ALLOWED | _visible_words(" ".join(names))
    else:  # enterprise names are data values: English where the data have one (Goertek)
        assert "Goertek" in names
        assert not HAN.search(main.replace("\n".join(names), "")), HAN.findall(main)[:20]
    assert v.errors == [], v.errors  # no CSP violation, no script error


def test_clicking_a_weak_segment_opens_its_panel_with_enterprises_and_evidence(visit: object) -> None:
    v = visit("analyst", "zh")  # type: ignore[operator]
    v.errors.clear()
    page = v.go("/chains/vr")
    at = page.evaluate(NODE_AT, "vr_optics")
    assert page.evaluate(FILL_AT, at) == STATUS_COLORS["weak"]  # the click lands on the SVG node
    page.mouse.click(*at)
    panel = page.locator("#segment-panel [data-segment='vr_optics']")
    panel.wait_for(timeout=15000)
    assert panel.locator(".status-word").inner_text() == "薄弱"
    row = panel.locator("table.firms tbody tr")
    assert row.count() == 1
    assert row.locator("td").first.inner_text().startswith("歌尔股份 ★")
    assert row.locator("td").nth(1).inner_text() == "来源点名"
    assert "reportify.ai" in (row.locator("a.evidence").get_attribute("href") or "")
    assert "优先补强第1位" in panel.inner_text()
    assert v.errors == [], v.errors


def test_the_what_if_picker_recolours_and_keeps_the_choice_in_the_url(visit: object) -> None:
    v = visit("analyst", "en")  # type: ignore[operator]
    v.errors.clear()
    page = v.go("/chains/vr")
    at = page.evaluate(NODE_AT, "vr_headset")
    assert page.evaluate(FILL_AT, at) == STATUS_COLORS["strong"]
    page.select_option("#what-if", "pico_xiaoniao_kankan")
    # a selector, not a script: the page's CSP forbids the eval a polled wait_for_function needs
    page.wait_for_selector("[data-chart='chart-chain'][data-removed='pico_xiaoniao_kankan']")
    # the summary above the map moved it down: find the node again
    assert page.evaluate(FILL_AT, page.evaluate(NODE_AT, "vr_headset")) == STATUS_COLORS["weak"]
    assert page.url.endswith("remove=pico_xiaoniao_kankan")
    assert "Without PICO (Xiaoniao Kankan):" in page.locator("#what-if-summary").inner_text()
    # the address is a view a colleague can open: the same recolouring
    page = v.go(page.url.removeprefix(v.site.url))
    assert page.locator("#what-if").input_value() == "pico_xiaoniao_kankan"
    assert page.evaluate(FILL_AT, page.evaluate(NODE_AT, "vr_headset")) == STATUS_COLORS["weak"]
    assert v.errors == [], v.errors


def test_unknown_chain_and_segment_answer_404(site: Site, visit: object) -> None:
    v = visit("viewer", "en")  # type: ignore[operator]
    cookies = {c["name"]: c["value"] for c in v.page.context.cookies()}  # type: ignore[attr-defined]
    assert httpx.get(f"{site.url}/chains/no_such_chain", cookies=cookies).status_code == 404
    assert httpx.get(f"{site.url}/chains/vr/segments/no_such", cookies=cookies).status_code == 404


@pytest.mark.parametrize(("lang", "unconfirmed"), [("zh", "未确认"), ("en", "nconfirmed")])
def test_a_chain_no_source_names_opens_and_says_so(site: Site, visit: object, lang: str,
                                                   unconfirmed: str) -> None:
    """The unconfirmed service chains are linked from /chains: their page opens (it crashed on a
    map with no segments) and says the chain is unconfirmed, with no map, what-if or links."""
    v = visit("viewer", lang)  # type: ignore[operator]
    cookies = {c["name"]: c["value"] for c in v.page.context.cookies()}  # type: ignore[attr-defined]
    for chain in ("svc_unconfirmed_a", "svc_unconfirmed_b"):
        answer = httpx.get(f"{site.url}/chains/{chain}?region=370200", cookies=cookies)
        assert answer.status_code == 200, answer.text[:300]
        assert unconfirmed in answer.text and "chart-chain" not in answer.text
