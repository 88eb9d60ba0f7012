"""Impossible values never land: a credit code used twice, references to what does not exist."""

from pathlib import Path

import duckdb
import pytest

from pacesetter.errors import ImportRejected, Issue
from pacesetter.io.importer import import_file
from pacesetter.store.imports import insert_records
from pacesetter.testing import make_store, store_fingerprint

# Haier Group's credit code (its check character G is verified in tests/model/test_uscc.py)
HAIER = "91370200163562681G"
FIRMS = "id,name_zh,uscc,chain_leader,srdi,high_tech"


def _store(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """The test store plus one chain, one of its segments and one park."""
    con = make_store(tmp_path / "s.duckdb")
    insert_records(con, "chains", [{"id": "nev", "name_zh": "新能源汽车", "name_en": "New energy vehicles",
                                    "category": "emerging", "identified": True}])
    insert_records(con, "segments", [{"id": "nev_tyre", "chain_id": "nev", "name_zh": "轮胎",
                                      "name_en": "Tyres", "stage": "up", "critical": False,
                                      "authored": True}])
    insert_records(con, "parks", [{"id": "p1", "name_zh": "青岛高新区"}])
    return con


def _rejected(con: duckdb.DuckDBPyConnection, tmp_path: Path, entity: str, *lines: str) -> list[Issue]:
    path = tmp_path / f"{entity}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = store_fingerprint(con)
    with pytest.raises(ImportRejected) as info:
        import_file(con, path, entity=entity)
    assert store_fingerprint(con) == before, "a rejected import changed the store"
    return info.value.issues


def test_a_credit_code_twice_in_the_file(tmp_path: Path) -> None:
    con = _store(tmp_path)
    # the second spelling (lower case) is the same code once normalised
    issues = _rejected(con, tmp_path, "enterprises", FIRMS, f"e1,海尔集团,{HAIER},true,false,true",
                       f"e2,海尔智家,{HAIER.lower()},false,false,false")
    assert [(i.row, i.column, i.rule, i.value) for i in issues] == [(3, "uscc", "duplicate_uscc", HAIER)]
    assert "row 2" in issues[0].text("en") and "第2行" in issues[0].text("zh")


def test_a_credit_code_already_in_the_store(tmp_path: Path) -> None:
    con = _store(tmp_path)
    path = tmp_path / "first.csv"
    path.write_text(f"{FIRMS}\ne1,海尔集团,{HAIER},true,false,true\n", encoding="utf-8")
    assert import_file(con, path, entity="enterprises").written == 1
    issues = _rejected(con, tmp_path, "enterprises", FIRMS, f"haier,海尔,{HAIER},true,false,true")
    assert [(i.row, i.rule) for i in issues] == [(2, "duplicate_uscc")]
    assert "e1 (海尔集团)" in issues[0].text("en")


@pytest.mark.parametrize(
    ("entity", "lines", "column", "rule", "unknown"),
    [
        ("segments", ["id,chain_id,name_zh,name_en,stage,critical,authored",
                      "s1,nve,电池,Batteries,up,false,true"], "chain_id", "unknown_chain", "nve"),
        # s2 depends on s1 of the same file (fine) and on nev_tire, which exists nowhere
        ("segments", ["id,chain_id,name_zh,name_en,stage,critical,authored,depends_on",
                      "s1,nev,电池,Batteries,up,false,true,nev_tyre",
                      "s2,nev,整车,Vehicles,down,false,true,s1; nev_tire"],
         "depends_on", "unknown_segment", "nev_tire"),
        ("enterprises", [f"{FIRMS},park_id", "e1,海尔集团,,true,false,true,p2"], "park_id", "unknown_park",
         "p2"),
        ("enterprises", [f"{FIRMS},segments", "e1,赛轮集团,,false,false,true,nev_tyre;nev_rim;nev_hub"],
         "segments", "unknown_segment", "nev_rim, nev_hub"),
        ("parks", ["id,name_zh,chain_ids", "p2,董家口经济区,nev;hydrogen"], "chain_ids", "unknown_chain",
         "hydrogen"),
        ("policies", ["id,name_zh,chain_ids", "k1,新能源汽车产业政策,nev;evs"], "chain_ids", "unknown_chain",
         "evs"),
    ],
)
def test_references_to_what_does_not_exist(tmp_path: Path, entity: str, lines: list[str], column: str,
                                           rule: str, unknown: str) -> None:
    con = _store(tmp_path)
    issues = _rejected(con, tmp_path, entity, *lines)
    assert [(i.column, i.rule) for i in issues] == [(column, rule)]
    assert issues[0].row == len(lines)  # the last line of the file
    assert issues[0].text("en").startswith(f"{unknown} is not a known")
    assert issues[0].text("zh").startswith(f"{unknown} 不是已知")


def test_references_that_exist_land(tmp_path: Path) -> None:
    con = _store(tmp_path)
    path = tmp_path / "enterprises.csv"
    path.write_text(f"{FIRMS},park_id,segments\ne1,赛轮集团,,false,false,true,p1,nev_tyre\n",
                    encoding="utf-8")
    assert import_file(con, path, entity="enterprises").written == 1
