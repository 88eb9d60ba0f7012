"""The targeting pages in a real browser: the opportunities chart draws, a gap's page lists its
candidates with their reasons, and the chain page links its links to fill to them."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_opportunities_chart_and_a_gaps_candidates(visit: object) -> None:
    v = visit("analyst", "en")  # type: ignore[operator]
    v.errors.clear()  # the sign-in page's missing /favicon.ico: not these pages
    page = v.go("/opportunities?region=370200")
    host = page.locator("[data-chart='chart-opportunities']")
    assert host.get_attribute("data-rendered") == "1"
    drawn = page.evaluate("""() => echarts.getInstanceByDom(
        document.querySelector("[data-chart='chart-opportunities']")).getOption().series
        .reduce((n, s) => n + s.data.length, 0)""")
    assert drawn == page.locator("#opportunities-table tbody tr").count() > 0
    page = v.go("/chains/ic?region=370200")
    assert page.get_attribute("#targets-link", "href") == "/targets/ic/ic_eda?region=370200"
    page.click("#links-table a[href='/targets/ic/ic_mems?region=370200']")
    page.wait_for_selector("#candidates-table")
    rows = page.locator("#candidates-table tbody tr")
    assert rows.count() == 20
    first = rows.first.inner_text()
    assert "lead to verify" in first and "scale: unknown" in first and "—" in first
    assert "MEMS and smart sensors" in page.locator("h1").inner_text()
    assert v.errors == []
