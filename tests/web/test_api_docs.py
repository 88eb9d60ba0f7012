"""The interactive API documentation at /docs: Swagger UI served from the package, drawn offline."""

from __future__ import annotations

import httpx
import pytest

from tests.web.conftest import Site

pytestmark = pytest.mark.browser


def test_docs_draw_every_operation_from_the_vendored_bundle(browser: object, site: Site) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(site.url) else None)
    page.goto(f"{site.url}/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    n_operations = sum(len(ops) for ops in httpx.get(f"{site.url}/openapi.json").json()["paths"].values())
    assert page.locator(".opblock").count() == n_operations > 50
    assert outside == []  # no CDN: everything came from this server
    page.close()


def test_the_bundle_is_sent_compressed_and_unpacked_for_clients_without_gzip(site: Site) -> None:
    url = f"{site.url}/static/swagger/swagger-ui-bundle.js"
    packed = httpx.get(url, headers={"Accept-Encoding": "gzip"})  # httpx unpacks it as a browser does
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.text.startswith("/*! For license information")
    plain = httpx.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == packed.content
