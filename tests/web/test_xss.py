"""Script in the data never runs: payloads in names, quotes and sources, on every page.

The payloads go into the records each page shows (a project's name and investor, a task, a park,
a policy, an enterprise placed in the VR chain, an observation's source, publisher and quote
through an import, a user's name) through the Workspace; each page must then show them as text,
fire no dialog, hold no script element and no ``javascript:`` link that came from the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import Site, sign_in

pytestmark = pytest.mark.browser
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS = "javascript:alert(1)"
# page → the payloads it must show as text (it shows the records holding them)
PAGES: dict[str, tuple[str, ...]] = {
    "/": (SCRIPT,), "/assessment": (), "/monitoring": (), "/chains": (), "/chains/vr": (),
    "/chains/vr/segments/{segment}": (SCRIPT,),  # the panel a click on the segment loads
    "/projects": (SCRIPT,), "/projects/{project}": (SCRIPT, IMG), "/tasks": (SCRIPT,),
    "/parks": (SCRIPT,), "/policies": (SCRIPT,), "/import": (), "/users": (IMG,), "/audit": (SCRIPT,),
}
DRAWN = "[...document.querySelectorAll('[data-chart]')].every(e => e.dataset.rendered === '1')"
# after the page has settled: script elements and handlers the data could have made
INJECTED = """() => ({
  scripts: [...document.querySelectorAll('script')].filter(s => s.type !== 'application/json'
             && (s.textContent.includes('alert') || !(s.src || '').includes('/static/'))).length,
  handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
  javascript: [...document.querySelectorAll('[href], [src], [action], [formaction]')].filter(e =>
             ['href', 'src', 'action', 'formaction'].some(a =>
               (e.getAttribute(a) || '').trim().toLowerCase().startsWith('javascript:'))).length,
})"""


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _import(ws: Any, folder: Path, name: str, header: str, *rows: tuple[str, ...]) -> None:
    path = folder / name
    path.write_text("\n".join([header, *(",".join(_quoted(v) for v in r) for r in rows)]) + "\n",
                    encoding="utf-8")
    ws.import_file(path)


@pytest.fixture(scope="module")
def planted(site: Site, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The payloads in the site's records; the ids of the pages that show one record."""
    folder = tmp_path_factory.mktemp("xss")
    with site.app.state.server.writing("test") as ws:  # type: ignore[attr-defined]
        project = ws.projects.add(SCRIPT, investor=IMG, chain="vr", district="黄岛区", source=JS)
        ws.tasks.add(SCRIPT, owner=IMG, due=dt.date(2026, 1, 1), chain="vr", projects=(str(project["id"]),))
        segment = str(ws.table("segments").query("chain_id == 'vr'")["id"].iloc[0])
        # Qingdao's and Ningbo's GDP of this year (not published before the next), so that the
        # overview's latest common year shows them
        year = str(dt.date.today().year)
        _import(ws, folder, "obs.csv", "indicator_id,region_code,period,value,unit,source,publisher,quote",
                *(("gdp", region, year, "1.0", "亿元", JS, SCRIPT, IMG) for region in ("370200", "330200")))
        _import(ws, folder, "parks.csv", "id,name_zh,name_en,district,chain_ids,source",
                ("xss_park", SCRIPT, IMG, "黄岛区", "vr", JS))
        _import(ws, folder, "policies.csv", "id,name_zh,year,issuer,chain_ids,instruments,source",
                ("xss_policy", SCRIPT, "2024", IMG, "vr", "subsidy", JS))
        _import(ws, folder, "enterprises.csv",
                "id,name_zh,name_en,chain_leader,srdi,high_tech,source,synthetic",
                ("xss_firm", SCRIPT, IMG, "false", "false", "false", JS, "true"))
        _import(ws, folder, "placements.csv", "enterprise_id,chain_id,segment_id,role,basis,source,quote",
                ("xss_firm", "vr", segment, "key", "source", JS, SCRIPT))
    with site.app.state.server.writing("test", data=False) as ws:  # type: ignore[attr-defined]
        ws.users.add(IMG, "viewer", "a long enough password")
    return {"project": str(project["id"]), "segment": segment}


@pytest.fixture(scope="module")
def admin(browser: Any, site: Site, planted: dict[str, str]) -> Iterator[Any]:
    """An admin's page (every page open to them), recording every dialog that fires."""
    visitor = sign_in(browser, site, "admin", lang="zh")
    visitor.page.on("dialog", lambda d: (visitor.errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield visitor
    visitor.page.context.close()


@pytest.mark.parametrize("path", list(PAGES))
def test_payloads_show_as_text_and_never_run(admin: Any, planted: dict[str, str], path: str) -> None:
    admin.errors.clear()
    url = path.format(**planted)
    response = admin.page.goto(admin.site.url + url)
    if response.status == 404:
        pytest.skip(f"{url} does not exist yet")
    assert response.status == 200, url
    page = admin.page
    page.wait_for_function(DRAWN, timeout=15000)
    found = page.evaluate(INJECTED)
    assert found == {"scripts": 0, "handlers": 0, "javascript": 0}, (url, found)
    text = page.locator("body").inner_text()
    for payload in PAGES[path]:
        assert payload in text, (url, payload)
    page.wait_for_timeout(100)  # an onerror of a broken image would fire by now
    assert not [e for e in admin.errors if e.startswith("dialog")], admin.errors
