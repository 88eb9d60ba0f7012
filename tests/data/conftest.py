"""A store loaded once with the embedded dataset, shared by the dataset tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pacesetter.data.demo import load_demo
from pacesetter.store.connect import connect

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB file in a temporary folder with the whole embedded dataset loaded."""
    con = connect(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    load_demo(con)
    yield con
    con.close()
