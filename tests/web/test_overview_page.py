"""Sign-in, the overview and the error pages, in a real browser, in both languages."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.web.conftest import PASSWORD, Site

pytestmark = pytest.mark.browser
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_a_page_without_a_session_sends_to_sign_in_and_back(browser: object, site: Site) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{site.url}/lang/en?next=/%3Fpeer%3D310000")
    assert "/signin?next=" in page.url
    page.fill("input[name=name]", "viewer")
    page.fill("input[name=password]", "not the password")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").inner_text().startswith("wrong name or password")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/\?peer=310000$"))  # back to the page asked for, filters kept
    assert "Shanghai" in page.locator("h1").inner_text()
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_draws_its_chart_with_sources_in_one_language(visit: object, lang: str) -> None:
    v = visit("analyst", lang)  # type: ignore[operator]
    page = v.go("/")
    heading = page.locator("h1").inner_text()
    assert heading == ("青岛市与宁波市对比" if lang == "zh" else "Qingdao against Ningbo")
    # the GDP chart drew two lines (ECharts' SVG renderer: one path per series at least)
    assert page.locator("[data-chart='chart-gdp'] svg path").count() >= 2
    # Qingdao's 2024 GDP, 16719.5 亿元 (2025年青岛市政府工作报告), with its source on hover
    cell = page.locator("#overview-table tbody tr").first.locator("td.num span.src").first
    assert cell.inner_text() == ("16719.5 亿元" if lang == "zh" else "16,719.5 100 million yuan")
    assert "qzwfgc.com/products4/1127.html" in (cell.get_attribute("title") or "")
    nav = page.locator("nav.main").inner_text()
    assert bool(HAN.search(nav)) == (lang == "zh")
    assert v.errors == [], v.errors  # no CSP violation, no script error


def test_the_language_switch_keeps_the_page_and_its_filters(visit: object) -> None:
    v = visit("analyst", "zh")  # type: ignore[operator]
    page = v.go("/?peer=310000")
    page.click("header .me a[hreflang=en]")
    page.wait_for_url(re.compile(r".*/\?peer=310000$"))
    assert page.locator("h1").inner_text() == "Qingdao against Shanghai"


@pytest.mark.parametrize(("lang", "title"), [("zh", "未找到"), ("en", "Not found")])
def test_error_pages_speak_the_users_language(site: Site, lang: str, title: str) -> None:
    r = httpx.get(f"{site.url}/no-such-page", cookies={"pacesetter_lang": lang})
    assert r.status_code == 404 and title in r.text and "Traceback" not in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]


@pytest.mark.parametrize(("lang", "behind"), [("zh", "落后 1 位"), ("en", "1 place behind")])
def test_overview_page_says_who_is_ahead_in_a_rank(visit: object, site: Site, lang: str, behind: str) -> None:
    """Qingdao 7th and Ningbo 6th among advanced-manufacturing cities: Qingdao is 1 place behind,
    not "+1" (which reads as ahead), as the CLI's overview says it."""
    v = visit("viewer", lang)  # type: ignore[operator]
    cookies = {c["name"]: c["value"] for c in v.page.context.cookies()}  # type: ignore[attr-defined]
    html = httpx.get(f"{site.url}/?region=370200&peer=330200", cookies=cookies).text
    assert behind in html
