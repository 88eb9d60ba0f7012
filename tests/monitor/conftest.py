"""Small stores in tmp_path, built from literal rows (no dependency on the embedded dataset)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

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
