"""The registry pages in a real browser, after a tester's probe: errors that say what is wrong (the
parameter, the value, the values allowed) in the page's language; a projects filter naming nothing
refused; amounts that read as one number in English (bn yuan); the list's markers of an unknown
chain or investor said in the page's language; the trace naming the indicator it starts from.

Hand-checked against the demo: P-0050 and P-0055 carry the marker (服务业,链归属未确认) as their chain
and 多家 (several) as their investor; P-0009's investor is (未注明) (not stated), its investment
18 亿元 (1.8 bn yuan); P-0003's investment is 110 亿元 (11 bn yuan).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.conftest import Site

pytestmark = pytest.mark.browser
HAN = re.compile(r"[\u4e00-\u9fff]")
WORDS = """() => { const m = document.querySelector('main').cloneNode(true);
  m.querySelectorAll('.dv, script').forEach((e) => e.remove()); return m.textContent; }"""


def _refused(v: Any, path: str) -> str:
    response = v.page.goto(v.site.url + path)
    assert response.status == 422, (path, response.status)
    return str(v.page.locator("main").inner_text())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bad_trace_kind_names_the_kinds(visit: Any, site: Site, lang: str) -> None:
    v = visit("analyst", lang)
    for path, value in (("/trace/task/T-0001", "task"), ("/trace/x/y", "x")):
        text = _refused(v, path)
        assert f"kind 的值 '{value}' 无效" in text if lang == "zh" else f"kind '{value}' is not valid" in text
        assert all(k in text for k in ("project", "gap", "indicator", "target")), text
        assert (HAN.search(text) is None) == (lang == "en"), text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_trace_of_an_indicator_names_it(visit: Any, lang: str) -> None:
    page = visit("analyst", lang).go("/trace/indicator/gdp", charts=False)
    said = page.locator("main p").nth(1).inner_text()
    assert said == ("指标：地区生产总值 (gdp)" if lang == "zh" else "Indicator: Regional GDP (gdp)"), said
    said = visit("analyst", lang).go("/trace/gap/vr", charts=False).locator("main p").nth(1).inner_text()
    assert ("虚拟现实 (vr)" if lang == "zh" else "Virtual reality (vr)") in said, said


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_projects_filter_naming_nothing_is_refused(visit: Any, lang: str) -> None:
    v = visit("analyst", lang)
    for query, allowed in (("light=nope", "yellow"), ("chain=nope", "biomed"), ("district=999999", "370212"),
                           ("park=nope", "/parks")):
        text = _refused(v, f"/projects?{query}")
        value = query.split("=")[1]
        assert f"'{value}'" in text and allowed in text, (query, text)
        assert (HAN.search(text) is None) == (lang == "en"), text
    # a filter that names something still filters (and an empty one is no filter)
    page = v.go("/projects?district=崂山&light=&chain=", charts=False)
    assert page.locator("#projects-table tbody tr").count() == 7


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_amounts_and_markers_in_the_pages_language(visit: Any, lang: str) -> None:
    v = visit("analyst", lang)
    page = v.go("/projects", charts=False)
    words = page.evaluate(WORDS)
    row = page.locator("#projects-table tbody tr", has_text="P-0003").first.inner_text()
    marked = page.locator("#projects-table tbody tr", has_text="P-0050").first.locator("td").nth(2)
    marked = marked.inner_text()
    if lang == "en":
        assert "11 bn yuan" in row and "100 million yuan" not in words, row
        assert marked == "(services; chain not confirmed)", marked
        assert not HAN.search(words), HAN.findall(words)[:20]
    else:
        assert "110 亿元" in row, row
        assert marked == "（服务业，链归属未确认）", marked
    facts = v.go("/projects/P-0009", charts=False).locator("dl.facts").inner_text()
    assert ("投资方\n未知" in facts) if lang == "zh" else ("Investor\nunknown" in facts), facts
    assert "未注明" not in facts
    assert ("18 亿元" if lang == "zh" else "1.8 bn yuan") in facts, facts
    facts = v.go("/projects/P-0050", charts=False).locator("dl.facts").inner_text()
    assert ("投资方\n多家" in facts) if lang == "zh" else ("Investor\nseveral investors" in facts), facts
    assert v.errors == [], v.errors
