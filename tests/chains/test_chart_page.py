"""The interactive chain map: a self-contained HTML page that headless Chromium draws.

The page is served by a real HTTP server on 127.0.0.1 and loaded by Debian's
``chromium`` (installed by ``make test``'s system-deps); ECharts draws with its SVG
renderer, so the drawn labels can be read back from the DOM.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pacesetter.chains import views
from pacesetter.chains.diagnostics import compute_segment_diagnostics, compute_stage_completeness
from pacesetter.chains.placements import store_aggregates
from pacesetter.chains.report import what_if_lines
from pacesetter.chains.service import enterprise_scenarios
from pacesetter.i18n import t
from pacesetter.render.standalone import standalone_chart_html

from .conftest import CODES, CROSSWALK

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """Serve ``tmp_path`` over HTTP on 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _rendered_dom(url: str) -> str:
    """The DOM after the page's scripts ran (headless Chromium, no network but the local server)."""
    if CHROMIUM is None:
        why = ("Debian's chromium is not installed (make test installs it as root; "
               "or apt-get install chromium)")
        if os.environ.get("PACESETTER_REQUIRE_BROWSER"):  # set by make test: no silent skip there
            pytest.fail(why)
        pytest.skip(why)
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--virtual-time-budget=10000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120, check=True)
    return result.stdout


def _svg_texts(dom: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", dom)


def test_chain_map_page_draws_every_segment(store, toy, thresholds, tmp_path, served):
    agg = store_aggregates(store, toy, CODES, CROSSWALK, "370200", home_region="370200")
    diag = compute_segment_diagnostics(agg, toy, ["370200"], thresholds)
    option = views.render_echarts_option(toy.chain("toy"), diag, "青岛市", thresholds)
    (tmp_path / "toy.html").write_text(
        standalone_chart_html(option, title="青岛市 · 玩具链", notes=[t("chains.authored_note", "zh")]),
        encoding="utf-8")
    dom = _rendered_dom(f"{served}/toy.html")
    assert 'data-rendered="1"' in dom, "ECharts did not finish drawing"
    texts = _svg_texts(dom)
    names = [n["name"] for n in option["series"][0]["data"]]
    for node in option["series"][0]["data"]:  # every segment drawn, the leader's with its star
        assert (f"{node['name']} ★" if node["leader"] else node["name"]) in texts
    assert len(names) == 5 and "青岛市 · 玩具链" in texts and "缺失" in texts  # title and legend
    assert t("chains.authored_note", "zh") in dom


def test_what_if_picker_redraws_the_map_from_the_url(store, toy, thresholds, tmp_path, served):
    """#scenario=L opens the map without the chain leader L: b (its only firm) has no known firm
    left (red, counted as not present) and loses its leader star; the summary says what the
    removal takes with it."""
    agg = store_aggregates(store, toy, CODES, CROSSWALK, "370200", home_region="370200")
    diag = compute_segment_diagnostics(agg, toy, ["370200"], thresholds)
    chain = toy.chain("toy")
    option = views.render_echarts_option(chain, diag, "青岛市", thresholds)
    found = enterprise_scenarios(store, toy, "toy", "370200", thresholds, home_region="370200")
    scenarios = [{"key": s.enterprise_id, "label": s.name_zh,
                  "summary": "；".join(what_if_lines(s.what_if, chain)),
                  "nodes": views.scenario_nodes(chain, s.segments, "青岛市", thresholds)} for s in found]
    (tmp_path / "toy.html").write_text(
        standalone_chart_html(option, title="toy", notes=[], scenarios=scenarios), encoding="utf-8")
    b = next(n for n in option["series"][0]["data"] if n["id"] == "b")
    assert b["leader"] and b["status"] == "weak"  # as is: the leader is b's single point

    as_is = _rendered_dom(f"{served}/toy.html")
    assert 'data-scenario=""' in as_is and f"{b['name']} ★" in _svg_texts(as_is)
    without = _rendered_dom(f"{served}/toy.html#scenario=L")
    assert 'data-scenario="L"' in without
    texts = _svg_texts(without)
    assert b["name"] in texts and f"{b['name']} ★" not in texts  # the star left with the leader
    assert f"已无已知企业: {b['name']}" in without and "<option value=\"L\">链主集团</option>" in without
    missing_colour = views.STATUS_COLORS["missing"]
    assert without.count(f'fill="{missing_colour}"') > as_is.count(f'fill="{missing_colour}"')


def test_overview_heatmap_page_shows_every_stage_in_percent(store, toy, thresholds, tmp_path, served):
    agg = store_aggregates(store, toy, CODES, CROSSWALK, "370200", home_region="370200")
    stages = compute_stage_completeness(compute_segment_diagnostics(agg, toy, ["370200"], thresholds),
                                        thresholds)
    option = views.render_heatmap_option(stages, list(toy), "青岛市")
    page = standalone_chart_html(option, title="heat", notes=[])
    (tmp_path / "heat.html").write_text(page, encoding="utf-8")
    texts = _svg_texts(_rendered_dom(f"{served}/heat.html"))
    assert {"上游", "中游", "下游", "玩具链"} <= set(texts)
    # the toy chain's three stages (upstream 6 of 9 weight units = 67%, as in test_views), then
    # the colour scale's ends; the unidentified slot has no cells, so nothing is drawn for it
    toy_stages = stages[stages["chain_id"] == "toy"].sort_values("stage")["completeness"]
    percents = [t for t in texts if t.endswith("%")]
    assert percents[:3] == [f"{v:.0%}" for v in toy_stages] and sorted(percents[3:]) == ["0%", "100%"]
    assert f"{toy_stages.iloc[0]:.0%}" == "67%"


def test_text_cannot_break_out_of_the_page(tmp_path, served):
    hostile = "</script><script>document.title='pwned'</script>"
    option = {"title": {"text": hostile},
              "series": [{"type": "graph", "layout": "none", "label": {"show": True},
                          "data": [{"name": "甲", "x": 0, "y": 0}, {"name": hostile, "x": 100, "y": 0}]}]}
    (tmp_path / "x.html").write_text(standalone_chart_html(option, title=hostile, notes=[hostile]),
                                     encoding="utf-8")
    dom = _rendered_dom(f"{served}/x.html")
    assert 'data-rendered="1"' in dom and "<title>pwned</title>" not in dom  # the injected script never ran
    assert "&lt;/script&gt;&lt;script&gt;document.title='pwned'" in dom  # the text is shown as text
    assert "甲" in _svg_texts(dom)
