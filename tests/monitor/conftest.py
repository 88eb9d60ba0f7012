"""Small stores in tmp_path, built from literal rows (no dependency on the embedded dataset)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from pacesetter.monitor.synthetic import seed_demo
from pacesetter.store import connect
from pacesetter.store.imports import insert_records
from tests.monitor.helpers import QINGDAO_ROWS, REGIONS


@pytest.fixture
def make_store(tmp_path: Path) -> Callable[..., duckdb.DuckDBPyConnection]:
    """Open a fresh store in tmp_path and insert the given observation rows (and regions)."""

    def make(rows: list[dict[str, object]], regions: list[dict[str, object]] | None = None,
             targets: list[dict[str, object]] | None = None) -> duckdb.DuckDBPyConnection:
        con = connect(tmp_path / "store.duckdb")
        insert_records(con, "regions", regions if regions is not None else REGIONS)
        if rows:
            insert_records(con, "observations", rows)
        if targets:
            insert_records(con, "targets", targets)
        return con

    return make


@pytest.fixture
def qingdao(make_store: Callable[..., duckdb.DuckDBPyConnection]) -> duckdb.DuckDBPyConnection:
    """A store with Qingdao's August 2022 industrial figures."""
    return make_store(QINGDAO_ROWS)


@pytest.fixture
def db(make_store: Callable[..., duckdb.DuckDBPyConnection], tmp_path: Path) -> Path:
    """The path of a store with Qingdao's August 2022 figures and the synthetic sample city, closed."""
    con = make_store(QINGDAO_ROWS)
    seed_demo(con)
    con.close()
    return tmp_path / "store.duckdb"
