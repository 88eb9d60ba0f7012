"""A chain imported from templates (CSV) is diagnosed like a shipped one, by hand-known answers.

Chain ``kite`` (authored for this test), imported into a copy of the demo database:

    kt_material (up, 2439) ──> kt_assembly (mid, 2459) ──> kt_sales (down, 5241)

Placements: kt_e1 sourced on kt_material; kt_e2 and kt_e3 on kt_assembly; kt_e2 also leads the
chain (a chain-level row, no segment). Nobody is placed on kt_sales. No demo segment and no demo
enterprise code lies under 2439, 2459 or 5241, so neither the product rule nor a code adds anyone.

Statuses: kt_material 1 firm → weak (few_enterprises); kt_assembly 2 firms and the chain leader
→ strong (leader_present); kt_sales nobody, no registry declared complete → not covered.
Weights (1 + downstream segments): material 3, assembly 2, sales 1. Completeness over the
covered segments: (3 × 0.5 + 2 × 1) / (3 + 2) = 3.5 / 5 = 70%.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import pacesetter
from pacesetter.cli.main import app

FILES = {
    "chains": [{"id": "kite", "name_zh": "风筝", "name_en": "Kites", "category": "emerging",
                "identified": "true"}],
    "segments": [
        {"id": "kt_material", "chain_id": "kite", "name_zh": "骨架面料", "name_en": "Frames and fabric",
         "stage": "up", "depends_on": "", "industry_codes": "2439", "critical": "false", "authored": "true"},
        {"id": "kt_assembly", "chain_id": "kite", "name_zh": "风筝制作", "name_en": "Kite making",
         "stage": "mid", "depends_on": "kt_material", "industry_codes": "2459", "critical": "false",
         "authored": "true"},
        {"id": "kt_sales", "chain_id": "kite", "name_zh": "批发零售", "name_en": "Wholesale and retail",
         "stage": "down", "depends_on": "kt_assembly", "industry_codes": "5241", "critical": "false",
         "authored": "true"},
    ],
    "enterprises": [
        # kt_e1's own code (2452) lies outside its segment's (2439): `chains check` must find it
        {"id": "kt_e1", "name_zh": "甲风筝骨架", "region_code": "370200", "industry_code": "2452"},
        {"id": "kt_e2", "name_zh": "乙风筝", "region_code": "370200", "industry_code": ""},
        {"id": "kt_e3", "name_zh": "丙风筝", "region_code": "370200", "industry_code": ""},
    ],
    "placements": [
        {"enterprise_id": "kt_e1", "chain_id": "kite", "segment_id": "kt_material", "role": "key",
         "basis": "source", "source": "https://example.org/kites"},
        {"enterprise_id": "kt_e2", "chain_id": "kite", "segment_id": "kt_assembly", "role": "key",
         "basis": "authored"},
        {"enterprise_id": "kt_e2", "chain_id": "kite", "segment_id": "", "role": "chain_leader",
         "basis": "authored"},
        {"enterprise_id": "kt_e3", "chain_id": "kite", "segment_id": "kt_assembly", "role": "key",
         "basis": "authored"},
    ],
}
_ENTERPRISE_FLAGS = {"chain_leader": "false", "srdi": "false", "high_tech": "false", "synthetic": "false"}


@pytest.fixture(scope="module")
def kite_db(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo database with the kite chain imported from four CSV templates."""
    folder = tmp_path_factory.mktemp("kite")
    path = folder / "demo.duckdb"
    path.write_bytes(demo_db_template.read_bytes())
    ws = pacesetter.open(path)
    try:
        for entity, rows in FILES.items():
            if entity == "enterprises":
                rows = [{**_ENTERPRISE_FLAGS, **r} for r in rows]
            pd.DataFrame(rows).to_csv(folder / f"{entity}.csv", index=False)
            result = ws.import_file(folder / f"{entity}.csv", entity=entity)
            assert result.written == len(rows), entity
    finally:
        ws.close()
    return path


def _run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_imported_chain_is_diagnosed_through_the_workspace(kite_db: Path) -> None:
    ws = pacesetter.open(kite_db)
    try:
        d = ws.chains.diagnose("kite")
    finally:
        ws.close()
    seg = d.segments.set_index("segment_id")
    assert seg["status"].astype(str).to_dict() == {
        "kt_material": "weak", "kt_assembly": "strong", "kt_sales": "not_covered"}
    assert seg["reason"].astype(str).to_dict() == {
        "kt_material": "few_enterprises", "kt_assembly": "leader_present", "kt_sales": "not_covered"}
    assert seg["n_enterprises"].to_dict() == {"kt_material": 1, "kt_assembly": 2, "kt_sales": 0}
    assert seg["weight"].to_dict() == {"kt_material": 3, "kt_assembly": 2, "kt_sales": 1}
    assert d.summary["completeness"] == pytest.approx(3.5 / 5)
    assert d.coverage.startswith("依据: ") and "3个环节中1个未掌握" in d.coverage


def test_imported_chain_through_the_cli(kite_db: Path) -> None:
    data = json.loads(_run(kite_db, "--lang", "en", "chains", "diagnose", "kite", "--format", "json"))
    assert {s["segment_id"]: s["status"] for s in data["segments"]} == {
        "kt_material": "weak", "kt_assembly": "strong", "kt_sales": "not_covered"}
    assert data["coverage"].startswith("Rests on: ")
    out = _run(kite_db, "chains", "diagnose", "kite")
    assert "风筝" in out and "完整度 70%" in out and "未掌握 1，缺失 0，薄弱 1" in out
    assert "kite" in _run(kite_db, "chains", "list")
    assert "风筝" in _run(kite_db, "chains", "overview")


def test_check_finds_the_planted_wrong_placement(kite_db: Path) -> None:
    ws = pacesetter.open(kite_db)
    try:
        check = ws.chains.check()
    finally:
        ws.close()
    wrong = check.findings
    row = wrong[wrong["enterprise_id"] == "kt_e1"].iloc[0]
    found = (row["segment_id"], row["enterprise_codes"], row["segment_codes"])
    assert found == ("kt_material", "2452", "2439")
    # kt_e2 and kt_e3 have no code: they could not be checked, and the count says so
    assert check.checked >= 1 and check.unchecked >= 3
    out = _run(kite_db, "--lang", "en", "chains", "check")
    assert "甲风筝骨架" in out and f"{check.checked} placement(s) checked" in out
    assert f"{check.unchecked} could not be checked" in out
