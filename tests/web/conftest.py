"""The pages in a real browser: uvicorn on 127.0.0.1 over a demo copy, Debian's Chromium via Playwright.

One server per test module (in a thread of the test process, on a free port) with a user of
every role; one browser per worker. ``make test`` installs Chromium (system-deps) and sets
PACESETTER_REQUIRE_BROWSER, so a missing browser fails there instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PASSWORD = "correct horse battery"
CHROMIUM = shutil.which("chromium")
# demo scope: the VR chain and Qingdao's Huangdao district (黄岛区, 370211)
USERS = {"admin": ("admin", {}), "analyst": ("analyst", {}), "viewer": ("viewer", {}),
         "chief": ("chain_chief", {"chains": ["vr"]}),
         "officer": ("district_officer", {"districts": ["370211"]})}


@dataclass
class Site:
    """A running server: its base URL and the app (for its state)."""

    url: str
    app: object


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def site(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The whole server (API and pages) on a free port, with the users of USERS."""
    import uvicorn

    from pacesetter.web import create_app

    db = tmp_path_factory.mktemp("web") / "demo.duckdb"
    shutil.copyfile(demo_db_template, db)
    app = create_app(db)
    with app.state.server.writing("test", data=False) as ws:
        for name, (role, scope) in USERS.items():
            ws.users.add(name, role, PASSWORD, **scope)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    try:
        yield Site(f"http://127.0.0.1:{port}", app)
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium from Debian, driven by Playwright (no browser download)."""
    if CHROMIUM is None:
        why = ("Debian's chromium is not installed (make test installs it as root; "
               "or apt-get install chromium)")
        if os.environ.get("PACESETTER_REQUIRE_BROWSER"):
            pytest.fail(why)
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM,
                              args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        yield b
        b.close()


@dataclass
class Visitor:
    """A signed-in browser page of one user, collecting console errors and CSP violations."""

    page: object
    site: Site
    errors: list[str]

    def go(self, path: str, *, charts: bool = True) -> object:
        """Open ``path``; wait until every chart on it has drawn."""
        page = self.page
        page.goto(self.site.url + path)  # type: ignore[attr-defined]
        if charts:  # until no chart is left undrawn (a selector: the CSP forbids a polled script)
            page.wait_for_selector("[data-chart]:not([data-rendered='1'])",  # type: ignore[attr-defined]
                                   state="detached", timeout=15000)
        return page


def sign_in(browser: object, site: Site, user: str, *, lang: str = "zh") -> Visitor:
    context = browser.new_context(viewport={"width": 1366, "height": 768},  # type: ignore[attr-defined]
                                  locale="zh-CN" if lang == "zh" else "en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{site.url}/lang/{lang}?next=/signin")
    page.fill("input[name=name]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site.url}/")
    return Visitor(page, site, errors)


@pytest.fixture
def visit(browser: object, site: Site) -> Iterator[object]:
    """``visit(user, lang)``: a signed-in page of that user (closed after the test)."""
    made: list[Visitor] = []

    def make(user: str = "analyst", lang: str = "zh") -> Visitor:
        v = sign_in(browser, site, user, lang=lang)
        made.append(v)
        return v

    yield make
    for v in made:
        v.page.context.close()  # type: ignore[attr-defined]
