"""A small registry store: two chains, two segments, one park, five indicators (from make_store).

The store is built once per session and copied into each test's tmp_path, so
every test gets its own real DuckDB file without paying for the migrations again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pacesetter.registry.repository import Repository
from pacesetter.store import connect
from pacesetter.store.imports import insert_records
from pacesetter.testing import make_store


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "registry.duckdb"
    c = make_store(path)
    insert_records(c, "chains", [
        {"id": "vr", "name_zh": "虚拟现实", "name_en": "Virtual reality", "category": "emerging",
         "identified": True},
        {"id": "ic", "name_zh": "集成电路", "name_en": "Integrated circuits", "category": "emerging",
         "identified": True},
    ])
    insert_records(c, "segments", [
        {"id": "vr.optics", "chain_id": "vr", "name_zh": "光学模组", "name_en": "Optical modules",
         "stage": "mid", "critical": True, "authored": True},
        {"id": "vr.device", "chain_id": "vr", "name_zh": "整机", "name_en": "Devices",
         "stage": "down", "critical": False, "authored": True},
    ])
    insert_records(c, "parks", [
        {"id": "vr_park", "name_zh": "青岛市虚拟现实产业园", "district": "崂山区", "chain_ids": ["vr"]},
    ])
    c.close()
    return path


@pytest.fixture
def con(template: Path, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    path = tmp_path / "registry.duckdb"
    shutil.copyfile(template, path)
    return connect(path)


@pytest.fixture
def repo(con: duckdb.DuckDBPyConnection) -> Repository:
    return Repository(con, "tester")
