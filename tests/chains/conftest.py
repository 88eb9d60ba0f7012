"""A hand-built five-segment chain, a tiny store and a tiny registry with known answers.

Chain ``toy`` (authored for the tests):

    a (up, 3973) ──┐
                   ├─> c (mid, 3961) ──> d (down, 6513)
    b (up, 3974, critical) ┘
    e (down, 7320), no edges

Downstream counts: a 2, b 2, c 1, d 0, e 0. Weights with critical × 2:
a 3, b 6, c 2, d 1, e 1 (total 13).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pacesetter.chains.diagnostics import Thresholds
from pacesetter.chains.taxonomy import Taxonomy, load_taxonomy
from pacesetter.store import connect
from pacesetter.store.imports import insert_records

CODES = {"39", "397", "3973", "3974", "396", "3961", "65", "651", "6513", "73", "732", "7320", "1513"}
CROSSWALK = {"tushare:软件服务": ["6513"]}

TOY = """\
id: toy
name_zh: "玩具链"
name_en: "Toy chain"
category: emerging
authored: true
segments:
  - {id: a, name_zh: "芯片", name_en: "Chips", stage: up, industry_codes: ["3973"]}
  - {id: b, name_zh: "微显示屏", name_en: "Micro-displays", stage: up, industry_codes: ["3974"],
     critical: true}
  - {id: c, name_zh: "头显整机", name_en: "Headsets", stage: mid, depends_on: [a, b],
     industry_codes: ["3961"]}
  - {id: d, name_zh: "行业应用", name_en: "Applications", stage: down, depends_on: [c],
     industry_codes: ["6513"]}
  - {id: e, name_zh: "研发机构", name_en: "Research", stage: down, industry_codes: ["7320"]}
"""
EMPTY = """\
id: slot
name_zh: "(未确认)"
name_en: "(unidentified)"
category: service
identified: false
segments: []
"""


@pytest.fixture
def toy_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "taxonomy"
    folder.mkdir()
    (folder / "toy.yaml").write_text(TOY, encoding="utf-8")
    (folder / "slot.yaml").write_text(EMPTY, encoding="utf-8")
    return folder


@pytest.fixture
def toy(toy_folder: Path) -> Taxonomy:
    return load_taxonomy(toy_folder, known_codes=CODES)


@pytest.fixture
def thresholds() -> Thresholds:
    return Thresholds()  # the defaults, equal to the shipped thresholds.yaml


def _ent(id_: str, region: str | None, code: str | None, name: str = "") -> dict[str, object]:
    return {"id": id_, "name_zh": name or id_, "region_code": region, "industry_code": code,
            "chain_leader": False, "srdi": False, "high_tech": False, "synthetic": False}


@pytest.fixture
def store(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """Qingdao: q1,q2 in a (3973), q3..q7 in c (3961), q8 in d (label 软件服务), leader L
    placed explicitly in b (no code, no region: home). Ningbo: n1 in a, n2,n3 brewers (1513).

    Coded enterprises: Qingdao 8, all 11. Reference by code: a 3, c 5, d 1.
    """
    con = connect(tmp_path / "store.duckdb")
    insert_records(con, "regions", [
        {"code": code, "name_zh": zh, "name_en": en, "level": "city", "synthetic": False}
        for code, zh, en in (("370200", "青岛市", "Qingdao"), ("330200", "宁波市", "Ningbo"))])
    ents = [_ent("q1", "370202", "3973"), _ent("q2", "370203", "3973")]
    ents += [_ent(f"q{i}", "370200", "3961") for i in range(3, 8)]
    ents += [_ent("q8", "370200", "tushare:软件服务"), _ent("L", None, None, "链主集团")]
    ents += [_ent("n1", "330200", "3973"), _ent("n2", "330200", "1513"), _ent("n3", "330200", "1513")]
    insert_records(con, "enterprises", ents)
    insert_records(con, "enterprise_placements", [
        {"enterprise_id": "L", "chain_id": "toy", "segment_id": None, "role": "chain_leader",
         "basis": "source"},
        {"enterprise_id": "L", "chain_id": "toy", "segment_id": "b", "role": "key", "basis": "source"},
        {"enterprise_id": "q3", "chain_id": "toy", "segment_id": "nope", "role": "key", "basis": "authored"},
    ])
    return con


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """Qingdao (370200): r1 a 100, r2 a 300, r3 c unknown, r4 c 50, r5 b unknown.
    Ningbo (330200): r6 a 10, r7 brewer 20. Revenue in 万元."""
    path = tmp_path / "registry.parquet"
    frame = pd.DataFrame({
        "enterprise_id": range(1, 8),
        "region_code": ["370200"] * 5 + ["330200"] * 2,
        "industry_code": ["3973", "3973", "3961", "3961", "3974", "3973", "1513"],
        "revenue": [100.0, 300.0, None, 50.0, None, 10.0, 20.0],
        "employment": [10, 30, None, 5, 2, 1, 2],
    })
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    return path
