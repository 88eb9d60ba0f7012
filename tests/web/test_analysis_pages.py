"""The assessment and monitoring pages in a real browser, in both languages.

The figures checked by hand are the seed commentary's (青岛 2022年8月): 规模以上工业增加值 1-8月
+3.6%, 1-7月 +3.3% (derived), 1-6月 +4.1%; 8月 +5.0%, 7月 +2.1% (derived).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

import httpx
import pytest

from pacesetter.model.provenance import source_note
from tests.web.conftest import Site

pytestmark = pytest.mark.browser
HAN = re.compile(r"[\u4e00-\u9fff]")
# proper names a Chinese page may show in Latin letters
NAMES = {"JRC", "CSV", "Word", "HTML", "Markdown", "PMI"}
# where data values (sources, quotes, the bulletin's own text) live: not the page's words
DATA = "ol.footnotes, #bulletin, .alert-sources"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _words(page: Any) -> str:
    """The visible text of the page's main part, without the data regions."""
    return str(page.evaluate(
        """(data) => { const m = document.querySelector('main').cloneNode(true);
                       m.querySelectorAll(data).forEach(e => e.remove());
                       m.querySelectorAll('select').forEach(e => e.remove());
                       document.body.appendChild(m); const text = m.innerText; m.remove(); return text; }""",
        DATA))


def _one_language(page: Any, lang: str) -> None:
    text = _words(page)
    assert len(text) > 300  # the page's words are there to check
    if lang == "zh":
        latin = set(re.findall(r"[A-Za-z]{2,}", text)) - NAMES
        assert not latin, latin
    else:
        assert not HAN.findall(text), HAN.findall(text)[:20]


def _spec(page: Any, chart_id: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(page.locator(f"script#{chart_id}").text_content())
    return found


def _assessed(site: Site, framework: str) -> Any:
    """The Workspace's assessment as the page asked for it (the server's cached one: no second
    Monte Carlo run)."""
    from pacesetter.api.routes.analysis import once

    state: Any = site.app.state.server  # type: ignore[attr-defined]
    draws = min(1000, state.settings.max_draws)
    return once(state, lambda ws: ws.assess(framework, None, draws=draws, seed=None),
                "assess", framework, None, draws, None)


def _signed_in(visit: Any, lang: str) -> Any:
    v = visit("analyst", lang)
    v.errors.clear()  # the sign-in page's missing /favicon.ico: not these pages
    return v


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_assessment_shows_progress_with_pace_ranks_and_the_composite_interval(
        visit: Any, site: Site, lang: str) -> None:
    v = _signed_in(visit, lang)
    page = v.go("/assessment")
    assert page.locator("h1").inner_text() == (
        "青岛市：现代产业先行城市（青岛 2022-2026）（2025年）" if lang == "zh"
        else "Qingdao: Modern industry pacesetter city (Qingdao 2022-2026) (2025)")
    assert page.locator("main h2").nth(0).inner_text() == (
        "在现代产业体系构建上走在前列" if lang == "zh" else "Lead in building a modern industrial system")
    # 国家高新技术企业数: 8683 in 2025 against >= 10000 by 2026 from 2021: pace (2025-2021)/(2026-2021) = 80%
    row = page.locator("#ind-high_tech_enterprises")
    assert row.locator("svg.progress line.pace").get_attribute("data-pace") == "80.0"
    assert row.locator("svg.progress rect").count() == 1  # the track only: no baseline, progress unknown
    assert ("序时进度 80%" if lang == "zh" else "pace 80%") in row.inner_text()
    # peer rank 3 of 3 in 2023; the next city up, Hefei, 8406 家: a gap of +486
    assert ("第3位/3" if lang == "zh" else "3 of 3") in row.inner_text()
    assert ("合肥市" if lang == "zh" else "Hefei") in row.inner_text()
    assert ("+486 家" if lang == "zh" else "+486 enterprises") in row.inner_text()
    # Qingdao's GDP with the Workspace's provenance of the same figure on hover
    cell = page.locator("#ind-gdp td.current span.src")
    assert cell.inner_text().startswith("16719.5 亿元" if lang == "zh" else "16,719.5 100 million yuan")
    values = _assessed(site, "qingdao-2022-2026").values
    r = values[(values["indicator_id"] == "gdp") & (values["region_code"] == "370200")
               & (values["year"] == 2024)].iloc[0]
    assert cell.get_attribute("title") == source_note(
        r["source"], r["vintage"], r["status"], flags=r["flags"], derived_from=r["derived_from"],
        publisher=r["publisher"], document=r["document"], source_kind=r["source_kind"], lang=lang)
    # too few indicators and cities for a ranking: said, not drawn
    assert page.locator("#composite-not-ranked").count() == 1
    _one_language(page, lang)

    page = v.go("/assessment?framework=peer-benchmark")
    svg = page.locator("[data-chart='chart-composite'] svg")
    spec = _spec(page, "chart-composite")
    band = spec["option"]["series"][1]["data"]
    table = page.locator("#composite-table tbody tr")
    assert table.count() == len(band) == 3
    # each city's range spans its 5th to 95th percentile rank (drawn 0.4 wider each side)
    ranks = _assessed(site, "peer-benchmark").uncertainty.ranks.set_index("region_code")
    qingdao = ranks.loc["370200"]
    row = page.locator("#composite-table tbody tr.focus")
    assert row.locator("td").nth(4).inner_text() == f"{qingdao['p05_rank']:g}–{qingdao['p95_rank']:g}"
    assert svg.locator("path").count() >= 3 * 3  # three ranges, three ranks, three medians
    assert page.locator("#sensitivity-table tbody tr").count() == 8  # 4 factors × (Qingdao, all)
    _one_language(page, lang)
    assert v.errors == [], v.errors


def test_monitoring_draws_month_and_ytd_growth_and_previews_the_bulletin(visit: Any) -> None:
    v = _signed_in(visit, "zh")
    page = v.go("/monitoring")
    assert page.locator("h1").inner_text() == "青岛市运行监测：2022年8月"
    spec = _spec(page, "chart-above_size_industry_va_growth")
    bars, line = (s["data"] for s in spec["option"]["series"])
    # 1-2月, 3月 … 8月: single months only July and August, year to date June to August
    assert [b and b["value"] for b in bars] == [None, None, None, None, None, 2.1, 5.0]
    assert [p and p["value"] for p in line] == [None, None, None, None, 4.1, 3.3, 3.6]
    assert spec["option"]["xAxis"]["data"][0] == "2022年1-2月"
    chart = page.locator("[data-chart='chart-above_size_industry_va_growth'] svg")
    assert chart.locator("path").count() >= 2 + 1  # two bars and the line
    # no annual target for Qingdao 2022 in the store: said, not guessed
    assert "没有2022年全年目标" in page.locator("#needed-above_size_industry_va_growth").inner_text()
    # the warning and what triggered it: second-hand house prices falling twice in a row
    assert "连续2期回落" in page.locator("#warnings-table").inner_text()
    bulletin = page.locator("#bulletin")
    assert "规模以上工业增加值同比增长3.6%" in bulletin.inner_text()
    assert bulletin.locator("style, script, [style]").count() == 0
    assert bulletin.locator("sup a").first.get_attribute("title")  # each number's source on hover
    _one_language(page, "zh")
    assert v.errors == [], v.errors
    # the Word download with the page's own session
    href = page.locator(".downloads a[data-format=docx]").get_attribute("href")
    assert href == "/api/v1/bulletin/download?region=370200&period=2022-08&format=docx"
    got = page.request.get(v.site.url + href)
    assert got.status == 200 and got.headers["content-type"] == DOCX
    with zipfile.ZipFile(io.BytesIO(got.body())) as docx:
        assert "3.6%" in docx.read("word/document.xml").decode("utf-8")


def test_monitoring_in_english_says_the_growth_needed_for_a_synthetic_city(visit: Any, site: Site) -> None:
    v = _signed_in(visit, "en")
    page = v.go("/monitoring?region=990100&period=2023-08&indicator=above_size_industry_va_growth")
    assert page.locator("h1").inner_text().startswith("Sample City (synthetic) monitoring: Aug 2023")
    assert page.locator("[data-chart]").count() == 1  # the indicator filter keeps one chart
    figure = page.locator("[data-chart='chart-above_size_industry_va_growth']").locator("xpath=..")
    assert figure.locator(".badge.synthetic").count() == 1
    assert page.locator("[data-chart] svg path").count() >= 6
    with site.app.state.server.reading("test") as ws:  # type: ignore[attr-defined]
        said = ws.needed("above_size_industry_va_growth", "2023-08", region="990100", lang="en").text
    assert said in page.locator("#needed-above_size_industry_va_growth").inner_text()
    assert "10.4%" in said  # 3.8% for Jan–Aug against 6.0%: (6.0 - 3.8 × 8/12) × 12/4 = 10.4%
    assert page.locator("select[name=period] option[selected]").get_attribute("value") == "2023-08"
    _one_language(page, "en")
    assert v.errors == [], v.errors


def test_the_bulletin_preview_keeps_only_text_headings_lists_and_safe_links() -> None:
    from pacesetter.web.analysis_pages import _Preview

    preview = _Preview()
    preview.feed('<html><head><title>T</title><style>body{}</style></head><body>'
                 '<h1 onclick="x()">A &lt;b&gt;</h1><p class="note">n<script>alert(1)</script></p>'
                 '<a href="javascript:alert(1)">j</a><a href="http://x"onmouseover="alert(1)">u</a>'
                 '<sup><a href="#fn-1" id="ref-1" title="s &quot;q">1</a></sup><img src=x onerror=alert(1)>'
                 '</body></html>')
    preview.close()
    assert "".join(preview.out) == (
        '<h3>A &lt;b&gt;</h3><p class="bulletin-note">n</p><a>j</a>'
        '<a href="http://x" rel="noreferrer noopener" target="_blank">u</a>'
        '<sup><a href="#bulletin-fn-1" id="bulletin-ref-1" title="s &quot;q">1</a></sup>')


def test_pickers_offer_only_what_the_pages_accept(visit: Any, site: Site) -> None:
    """Every month the monitoring page offers opens (no January: released with February as 1-2月),
    and the overview does not offer the city as its own peer (the overview refuses it)."""
    v = _signed_in(visit, "zh")
    page = v.go("/monitoring?region=370200")
    months = page.locator("select[name=period] option").evaluate_all("(os) => os.map((o) => o.value)")
    assert months and not [m for m in months if m.endswith("-01")], months
    cookies = {c["name"]: c["value"] for c in v.page.context.cookies()}
    for month in months[:3] + months[-3:]:
        answer = httpx.get(f"{site.url}/monitoring?region=370200&period={month}", cookies=cookies)
        assert answer.status_code == 200, (month, answer.text[:200])
    page = v.go("/")
    peers = page.locator("select[name=peer] option").evaluate_all("(os) => os.map((o) => o.value)")
    assert "370200" not in peers and "330200" in peers


@pytest.mark.parametrize(("lang", "said"), [("zh", "不是整数"), ("en", "not a whole number")])
def test_a_bad_parameter_page_says_which_and_why(visit: Any, site: Site, lang: str, said: str) -> None:
    v = _signed_in(visit, lang)
    cookies = {c["name"]: c["value"] for c in v.page.context.cookies()}
    answer = httpx.get(f"{site.url}/assessment?year=abc", cookies=cookies)
    assert answer.status_code == 422 and said in answer.text and "year" in answer.text, answer.text[-600:]
