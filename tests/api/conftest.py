"""An API over a private copy of the demo database, and users of every role to ask it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pacesetter.api import ServerSettings, create_app

PASSWORD = "correct horse battery"


@dataclass
class Api:
    """A TestClient on the app and a way to get a token for a user of any role and scope."""

    client: TestClient
    tokens: dict[tuple[str, tuple[str, ...], tuple[str, ...]], str] = field(default_factory=dict)

    def token(self, role: str, *, chains: Sequence[str] = (), districts: Sequence[str] = ()) -> str:
        """A token of a user with ``role`` and scope (made on first use, through the server's own
        Workspace, as `pacesetter users add` and `users token` would)."""
        key = (role, tuple(chains), tuple(districts))
        if key not in self.tokens:
            name = f"{role}-{len(self.tokens)}"
            state = self.client.app.state.server  # type: ignore[attr-defined]
            with state.writing("test", data=False) as ws:
                ws.users.add(name, role, PASSWORD, chains=chains, districts=districts)
                self.tokens[key] = ws.users.token(name)
        return self.tokens[key]

    def headers(self, role: str = "admin", *, lang: str = "en", chains: Sequence[str] = (),
                districts: Sequence[str] = ()) -> dict[str, str]:
        """Request headers: a bearer token for that user and the language."""
        return {"Authorization": f"Bearer {self.token(role, chains=chains, districts=districts)}",
                "Accept-Language": lang}


def make_api(db: Path) -> Iterator[Api]:
    app = create_app(db, ServerSettings(max_draws=200))
    with TestClient(app) as client:
        yield Api(client)


@pytest.fixture
def api(demo_db: Path) -> Iterator[Api]:
    """A fresh app on a private copy of the demo database (for tests that write)."""
    yield from make_api(demo_db)


@pytest.fixture(scope="module")
def shared_api(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One app per test module on its own copy of the demo database, for tests that only read."""
    import shutil

    path = tmp_path_factory.mktemp("api") / "demo.duckdb"
    shutil.copyfile(demo_db_template, path)
    yield from make_api(path)
