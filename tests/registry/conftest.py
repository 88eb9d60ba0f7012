"""A small registry store: two chains with segments, one park, an indicator (from make_store)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pacesetter.registry.repository import Repository
from pacesetter.store.imports import insert_records
from pacesetter.testing import make_store


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    c = make_store(tmp_path / "registry.duckdb")
    insert_records(c, "chains", [
        {"id": "vr", "name_zh": "虚拟现实", "name_en": "Virtual reality", "category": "emerging",
         "identified": True},
        {"id": "ic", "name_zh": "集成电路", "name_en": "Integrated circuits", "category": "emerging",
         "identified": True},
    ])
    insert_records(c, "segments", [
        {"id": "vr.optics", "chain_id": "vr", "name_zh": "光学模组", "name_en": "Optical modules",
         "stage": "mid", "critical": True, "authored": True},
    ])
    insert_records(c, "parks", [
        {"id": "vr_park", "name_zh": "青岛市虚拟现实产业园", "district": "崂山区", "chain_ids": ["vr"]},
    ])
    return c


@pytest.fixture
def repo(con: duckdb.DuckDBPyConnection) -> Repository:
    return Repository(con, "tester")

