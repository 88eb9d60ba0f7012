"""The import page and user administration in a real browser, in both languages.

An upload is checked first (a dry run: every problem in a table, nothing written), and a clean
one lands only when confirmed, audited as the user; roles without the right get the 403 page
and no link. An admin adds a user who can then sign in, and disables them again.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.web.conftest import Site

pytestmark = pytest.mark.browser
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")

# two broken rows (the rest of each row is valid): an indicator the store does not know (data
# row 1, line 2 of the file) and a value that is not a number (data row 2, line 3)
BAD = ("indicator_id,region_code,period,value,unit,source\n"
       "no_such_indicator,370200,2023,1.5,%,https://example.gov.cn/a\n"
       "gdp,370200,2023,abc,亿元,https://example.gov.cn/b\n").encode()
# one new policy (a registry record: its creation is audited)
GOOD = ("id,name_zh,year,issuer,chain_ids,instruments,source\n"
        "web_import_test,网页导入测试政策,2024,青岛市人民政府,vr,subsidy,https://example.gov.cn/p\n").encode()


def _count(site: Site, table: str) -> int:
    with site.app.state.server.reading("test") as ws:  # type: ignore[attr-defined]
        return len(ws.table(table))


def _upload(page: Any, name: str, body: bytes) -> None:
    page.set_input_files("input[name=file]", files=[{"name": name, "mimeType": "text/csv", "buffer": body}])
    page.click("#import-form button[type=submit]")


def _import_page(visit: Any, lang: str) -> tuple[Any, Any]:
    """An analyst (who may import) on the import page: (visitor, page)."""
    v = visit("analyst", lang)
    v.errors.clear()
    page = v.go("/import", charts=False)
    assert page.locator("h1").inner_text() == ("导入文件" if lang == "zh" else "Import a file")
    return v, page


def test_an_upload_with_problems_lists_every_one_and_writes_nothing(visit: Any, site: Site) -> None:
    before = _count(site, "observations")
    v, page = _import_page(visit, "zh")
    _upload(page, "月报.csv", BAD)
    rows = page.locator("#import-issues tbody tr")
    rows.first.wait_for()
    assert rows.count() == 2
    cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(2)]
    # file as uploaded (never the server's copy), sheet (none in a CSV), row, column, rule (its
    # stable name), value
    assert [c[:6] for c in cells] == [
        ["月报.csv", "—", "2", "indicator_id", "unknown_indicator", "no_such_indicator"],
        ["月报.csv", "—", "3", "value", "not_a_number", "abc"]]
    assert all(HAN.search(c[6]) for c in cells), cells  # the message in Chinese
    assert "2 个问题" in page.locator("#import-result h2").inner_text()
    assert page.locator("#import-result button").count() == 0  # nothing to confirm
    assert _count(site, "observations") == before
    assert not LATIN.search(page.locator("#import-issues thead").inner_text())
    assert v.errors == [], v.errors


def test_a_clean_upload_shows_the_summary_and_lands_when_confirmed(visit: Any, site: Site) -> None:
    before = _count(site, "policies")
    v, page = _import_page(visit, "en")
    page.select_option("select[name=entity]", "policies")
    _upload(page, "policies.csv", GOOD)
    summary = page.locator("#import-summary")
    summary.wait_for()
    assert "policies.csv is valid (policies); nothing has been written yet." in summary.inner_text()
    assert "Rows: 1; added 1, changed 0, unchanged 0." in summary.inner_text()
    assert _count(site, "policies") == before  # the check wrote nothing
    assert not HAN.search(page.locator("main").inner_text())
    spent = page.locator("#import-summary input[name=token]").input_value()
    page.click("#import-summary button")
    page.locator("#import-summary h2", has_text="is imported").wait_for()
    assert _count(site, "policies") == before + 1
    with site.app.state.server.reading("test") as ws:  # type: ignore[attr-defined]
        log = ws.audit("policies", "web_import_test")
    assert list(log["action"]) == ["import_create"] and list(log["actor"]) == ["analyst"]
    # the token is spent: confirming it again (or any made-up token) imports nothing and says why
    for token in (spent, "../../etc/passwd"):
        again = _post(page, f"{site.url}/import/confirm", {"token": token})
        assert "This check has expired or was already confirmed" in again.text()
    assert _count(site, "policies") == before + 1
    assert v.errors == [], v.errors


def _post(page: Any, url: str, form: dict[str, str]) -> Any:
    """A form posted as htmx posts it from ``page`` (its session, CSRF token and origin)."""
    csrf = json.loads(page.locator("body").get_attribute("hx-headers"))["X-CSRF-Token"]
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    return page.request.post(url, form=form, headers={"X-CSRF-Token": csrf, "Origin": origin})


@pytest.mark.parametrize(("user", "path", "write"), [("viewer", "/import", "/import/confirm"),
                                                     ("analyst", "/users", "/users/viewer/disable")])
def test_those_without_the_right_get_403_and_no_link(visit: Any, user: str, path: str, write: str) -> None:
    v = visit(user, "en")
    response = v.page.goto(v.site.url + path)
    assert response.status == 403
    assert "Not allowed" in v.page.locator("h1").inner_text()
    v.go("/", charts=False)
    assert v.page.locator(f"nav.main a[href='{path}']").count() == 0
    assert _post(v.page, v.site.url + write, {"token": "x"}).status == 403  # nor by hand


def _add(page: Any, name: str, role: str, password: str, repeat: str, *, district: str | None = None) -> None:
    form = page.locator("#add-user")
    form.locator("input[name=name]").fill(name)
    form.locator("select[name=role]").select_option(role)
    if district:
        form.locator("select[name=districts]").select_option(district)
    form.locator("input[name=password]").fill(password)
    form.locator("input[name=repeat]").fill(repeat)
    with page.expect_response(lambda r: r.request.method == "POST"):
        form.locator("button[type=submit]").click()
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")


def _signs_in(browser: Any, site: Site, name: str, password: str) -> bool:
    page = browser.new_page()
    page.goto(f"{site.url}/lang/en?next=/signin")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    ok = page.url == f"{site.url}/"
    page.context.close()
    return ok


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_admin_adds_a_user_who_signs_in_and_disables_them(visit: Any, browser: Any, site: Site,
                                                             lang: str) -> None:
    v = visit("admin", lang)
    v.errors.clear()
    page = v.go("/users", charts=False)
    assert page.locator("nav.main a[href='/users']").count() == 1
    table = page.locator("#users-table")
    officer = table.locator("tr[data-user=officer] td").all_inner_texts()
    assert officer[1:4] == (["区（市）专员", "黄岛区", "启用"] if lang == "zh"
                            else ["district officer", "Huangdao District", "enabled"])
    name = f"newbie_{lang}"
    # refused in words, the form kept: passwords that differ, a district officer without a district
    _add(page, name, "district_officer", "a long password", "another password")
    alert = page.locator("#users [role=alert]")
    assert alert.inner_text() == ("两次输入的密码不同；未做任何改动。" if lang == "zh"
                                  else "The two passwords differ; nothing was changed.")
    assert page.locator("#add-user input[name=name]").input_value() == name
    _add(page, name, "district_officer", "a long password", "a long password")
    assert alert.inner_text().startswith("区（市）专员须负责一个或多个区（市）（在上方选择）" if lang == "zh"
                                        else "A district officer looks after one or more districts (choose")
    _add(page, name, "district_officer", "a long password", "a long password", district="370211")
    assert page.locator("#users [role=status]").inner_text() == (
        f"已添加用户 {name}（区（市）专员）。" if lang == "zh" else f"Added user {name} (district officer).")
    row = page.locator(f"#users-table tr[data-user={name}]")
    assert row.locator("td").nth(2).inner_text() == ("黄岛区" if lang == "zh" else "Huangdao District")
    signs_in = lang == "en"  # signing in is the same in both languages: tried once (argon2 is slow)
    assert not signs_in or _signs_in(browser, site, name, "a long password")
    row.locator("button", has_text="停用" if lang == "zh" else "Disable").click()
    page.locator(f"#users-table tr[data-user={name}] button",
                 has_text="启用" if lang == "zh" else "Enable").wait_for()
    assert row.locator("td").nth(3).inner_text() == ("已停用" if lang == "zh" else "disabled")
    if lang == "zh":  # a new password, asked twice
        row.locator("summary").click()
        row.locator("input[name=password]").fill("another long password")
        row.locator("input[name=repeat]").fill("another long password")
        with page.expect_response(lambda r: r.request.method == "POST"):
            row.locator("form.stack button").click()
        page.locator("#users [role=status]", has_text=f"已为 {name} 设置新密码；其会话已结束。").wait_for()
    assert not signs_in or not _signs_in(browser, site, name, "a long password")
    words = " ".join(page.locator("#users thead, #users h1, #users h2, #users button")
                     .all_inner_texts())
    assert bool(HAN.search(words)) == (lang == "zh")
    if lang == "zh":
        assert not LATIN.search(page.locator("#users thead").inner_text())
    assert v.errors == [], v.errors
