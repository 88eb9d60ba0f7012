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


def test_a_gap_links_its_assigned_targets_to_their_trace(visit: object, site: object) -> None:
    import datetime as dt

    with site.app.state.server.writing("test") as ws:  # type: ignore[attr-defined]
        due = dt.date(2027, 6, 30)
        inside = ws.structure.assign("ic", "ic_mems", "listed:002241.SZ", owner="招商专班", due=due,
                                     projects=["P-0014"])["id"]  # P-0014: 黄岛区 (370211)
        ws.structure.assign("nev", "nev_motor", "listed:002498.SZ", owner="招商专班", due=due,
                            projects=["P-0017"])  # P-0017: 即墨区 (370215)
    v = visit("analyst", "en")  # type: ignore[operator]
    v.errors.clear()
    page = v.go("/targets/ic/ic_mems?region=370200")
    link = "#assigned a[href='/trace/target/listed:002241.SZ']"
    assert page.locator(link).inner_text() == "Goertek Inc."
    assert page.locator(f"#assigned >> text={inside}").count() == 1
    row = page.locator("#candidates-table tr", has=page.locator("a[href='/trace/target/listed:002241.SZ']"))
    assert "Goertek Inc." in row.inner_text()
    page.click(link)
    page.wait_for_selector(f"#target-{inside}")
    card = page.locator(f"#target-{inside}").inner_text()
    # the reasons as they stood when assigned (by hand: fit 0.75·0.3/0.85, distance 0.5·0.1/0.85)
    assert "MEMS and smart sensors" in card and "Qingdao" in card and "lead to verify" in card
    assert "in the province (Weifang) +0.06" in card and "+0.26" in card and "scale: unknown" in card
    assert page.locator(".trace a[href='/projects/P-0014']").count() == 1
    zh = visit("officer", "zh")  # type: ignore[operator]
    page = zh.go("/trace/target/listed:002241.SZ")
    assert "在本省（潍坊市） +0.06" in page.locator(f"#target-{inside}").inner_text()
    # the district officer of 370211 does not see the task linked only to a project of 370215
    page = zh.go("/trace/target/listed:002498.SZ")
    assert page.locator("[id^=target-]").count() == 0
    page = zh.go("/targets/nev/nev_motor?region=370200")
    assert page.locator("#assigned").count() == 0 and page.locator("#candidates-table").count() == 1
    assert v.errors == [] and zh.errors == []
