"""Round trips on the demo database: an edited export updates what changed, adds what is new,
audits every change, refuses a row edited elsewhere since the export, and changes nothing when
imported unedited (io/updates.py)."""

import datetime as dt
import json
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

import pacesetter
from pacesetter.cli.main import app
from pacesetter.errors import ImportRejected
from pacesetter.io.specs import SPECS
from pacesetter.registry.repository import Repository
from pacesetter.testing import store_fingerprint

runner = CliRunner()
# Reference tables first: later entities are checked against them (projects: `projects import`).
ORDER = ["regions", "indicators", "chains", "segments", "enterprises", "placements", "parks", "policies",
         "targets", "observations"]
PARK = "park-00d14f01"  # the first demo park (data/places.py); no source states its area: NULL


def _audit(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, str, dict, dict]]:
    rows = con.execute("SELECT actor, record_id, action, before, after FROM audit_log WHERE table_name = ? "
                       "ORDER BY id", [table]).fetchall()
    return [(a, r, act, json.loads(b) if b else {}, json.loads(af)) for a, r, act, b, af in rows]


def _version(con: duckdb.DuckDBPyConnection, park: str) -> int:
    row = con.execute("SELECT version FROM parks WHERE id = ?", [park]).fetchone()
    assert row is not None
    return int(row[0])


def _edit(path: Path, park: str, column: str, value: str) -> pd.DataFrame:
    """The exported CSV with one cell of ``park``'s row changed (written back as a clerk would)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    header = SPECS["parks"].column(column).header
    df.loc[df[SPECS["parks"].column("id").header] == park, header] = value
    df.to_csv(path, index=False)
    return df


def test_an_edited_and_extended_park_export_updates_one_adds_one(
        demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGNAME", "wang")  # the CLI's actor is the login name
    file = tmp_path / "parks.csv"
    assert runner.invoke(app, ["--db", str(demo_db), "export", "parks", "-o", str(file)]).exit_code == 0
    df = _edit(file, PARK, "area_mu", "1200.5")
    new = {c: "" for c in df.columns} | {"园区代码 (id)": "park-test", "园区名称 (name_zh)": "测试园区"}
    pd.concat([df, pd.DataFrame([new])]).to_csv(file, index=False)
    n = len(df)  # 36 parks in the demo, none deleted
    r = runner.invoke(app, ["--db", str(demo_db), "--lang", "en", "validate", str(file)])
    assert r.exit_code == 0, r.output
    assert f"{n + 1} parks rows are valid (on import: 1 added, 1 changed, {n - 1} unchanged)" in r.output
    r = runner.invoke(app, ["--db", str(demo_db), "import", str(file)])
    assert r.exit_code == 0, r.output
    assert f"的园区：新增 1 行、变更 1 行、未变 {n - 1} 行；编码：UTF-8" in r.output
    with duckdb.connect(str(demo_db)) as con:
        assert _version(con, PARK) == 2 and _version(con, "park-test") == 1
        audit = _audit(con, "parks")
        assert [(a, rid, act) for a, rid, act, _, _ in audit] == [
            ("wang", PARK, "import_update"), ("wang", "park-test", "import_create")]
        assert audit[0][3:] == ({"area_mu": None, "version": 1}, {"area_mu": 1200.5, "version": 2})
        assert audit[1][4]["name_zh"] == "测试园区"
    # the same file again: its row of PARK says version 1 but equals the store, so nothing to refuse
    r = runner.invoke(app, ["--db", str(demo_db), "--lang", "en", "import", str(file)])
    assert r.exit_code == 0, r.output
    assert f": 0 added, 0 changed, {n + 1} unchanged; encoding: UTF-8" in r.output


def test_a_row_changed_elsewhere_since_the_export_is_a_conflict_naming_the_row(
        demo_db: Path, tmp_path: Path) -> None:
    ws = pacesetter.open(demo_db, actor="wang")
    file = tmp_path / "parks.xlsx"
    ws.export("parks", file)
    ws.parks.edit(PARK, {"facts": "新增说明"}, actor="李科员")  # somebody else, after the export
    df = pd.read_excel(file, sheet_name="园区", dtype=str)  # a Chinese export: its sheet is named in Chinese
    row = int(df.index[df["园区代码 (id)"] == PARK][0]) + 2  # the header is row 1
    df.loc[row - 2, "面积(亩) (area_mu)"] = "800"
    df.to_excel(file, sheet_name="园区", index=False)
    before = store_fingerprint(ws.con)
    with pytest.raises(ImportRejected) as err:
        ws.import_file(file)
    [issue] = err.value.issues
    assert (issue.file, issue.sheet, issue.row, issue.column, issue.rule, issue.value) == (
        str(file), "园区", row, "version", "version_conflict", 1)
    assert f"parks {PARK} changed since this file was exported" in issue.text("en")
    assert "store holds version 2 (last changed by 李科员, " in issue.text("en")
    assert "最后修改：李科员" in issue.text("zh")
    assert store_fingerprint(ws.con) == before


def test_a_project_changed_since_the_export_names_who_changed_it(demo_db: Path, tmp_path: Path) -> None:
    ws = pacesetter.open(demo_db, actor="wang")
    file = tmp_path / "projects.xlsx"
    ws.projects.export_excel(file)
    book = openpyxl.load_workbook(file)  # edited in Excel: the date cells stay dates
    sheet = book["项目"]
    header = [c.value for c in sheet[1]]
    project = str(sheet.cell(2, header.index("项目编号") + 1).value)
    ws.projects.edit(project, {"note": "李科员的修改"}, actor="李科员")
    sheet.cell(2, header.index("备注") + 1).value = "我的修改"
    book.save(file)
    with pytest.raises(ImportRejected) as err:
        ws.projects.import_excel(file)
    [issue] = err.value.issues
    assert (issue.row, issue.rule) == (2, "version.stale")
    assert "it was changed since the export (by 李科员 at " in issue.text("en")


def test_without_a_version_column_an_edit_applies_to_the_current_version(
        demo_db: Path, tmp_path: Path) -> None:
    """Documented in io/updates.py; a column left out (here also facts) keeps its stored values."""
    ws = pacesetter.open(demo_db, actor="wang")
    ws.parks.edit(PARK, {"facts": "新增说明"})  # version 2
    file = tmp_path / "parks.csv"
    ws.export("parks", file)
    df = _edit(file, PARK, "area_mu", "800")
    df.drop(columns=["版本 (version)", "概况 (facts)"]).to_csv(file, index=False)
    result = ws.import_file(file)
    assert (result.added, result.changed) == (0, 1)
    assert _version(ws.con, PARK) == 3
    assert ws.parks.get(PARK)["facts"] == "新增说明"


def test_a_deleted_record_is_not_brought_back(demo_db: Path, tmp_path: Path) -> None:
    ws = pacesetter.open(demo_db, actor="wang")
    file = tmp_path / "parks.csv"
    ws.export("parks", file)
    Repository(ws.con, "wang").delete("parks", PARK, expected_version=1)
    with pytest.raises(ImportRejected) as err:
        ws.import_file(file)
    assert [(i.column, i.rule, i.value) for i in err.value.issues] == [("id", "record_deleted", PARK)]
    ws.export("parks", file)  # exports leave deleted records out
    assert PARK not in file.read_text(encoding="utf-8")


def test_a_valid_edit_next_to_one_bad_row_writes_nothing(demo_db: Path, tmp_path: Path) -> None:
    ws = pacesetter.open(demo_db, actor="wang")
    file = tmp_path / "indicators.csv"
    ws.export("indicators", file)
    df = pd.read_csv(file, dtype=str, keep_default_na=False)
    df.loc[0, "英文名称 (name_en)"] = "Edited name"
    df.loc[1, "方向 (polarity)"] = "upwards"  # not higher / lower / neutral: file row 3
    df.to_csv(file, index=False)
    before = store_fingerprint(ws.con)
    with pytest.raises(ImportRejected) as err:
        ws.import_file(file)
    assert [(i.row, i.rule) for i in err.value.issues] == [(3, "not_allowed")]
    assert store_fingerprint(ws.con) == before


def test_a_reference_row_is_updated_in_place_and_audited(demo_db: Path, tmp_path: Path) -> None:
    ws = pacesetter.open(demo_db, actor="wang")
    file = tmp_path / "indicators.csv"
    ws.export("indicators", file)
    df = pd.read_csv(file, dtype=str, keep_default_na=False)
    # the first indicator by id, as data/indicators.yaml writes it
    assert df.loc[0, "指标代码 (id)"] == "above_size_industry_output"
    df.loc[0, "英文名称 (name_en)"] = "Edited name"
    df.drop(columns=["定义 (definition)"]).to_csv(file, index=False)  # left out: kept as stored
    result = ws.import_file(file)
    assert (result.added, result.changed, result.unchanged) == (0, 1, len(df) - 1)
    assert _audit(ws.con, "indicators") == [
        ("wang", "above_size_industry_output", "import_update",
         {"name_en": "Gross output of industry above designated size"}, {"name_en": "Edited name"})]
    assert ws.con.execute("SELECT definition FROM indicators WHERE id = 'above_size_industry_output'"
                          ).fetchone() == ("Gross industrial output of enterprises above designated size at "
                                           "current prices.",)


def test_observations_keep_their_vintage_rule(demo_db: Path, tmp_path: Path) -> None:
    ws = pacesetter.open(demo_db, actor="wang")
    ws.con.execute("DELETE FROM observations WHERE rowid >= 100")  # a short export is enough here
    file = tmp_path / "obs.csv"
    ws.export("observations", file)
    df = pd.read_csv(file, dtype=str, keep_default_na=False).head(3)
    edited = df.copy()
    edited.loc[0, "备注 (note)"] = "另一条备注"  # same key, another note: a stored figure is not edited
    edited.to_csv(file, index=False)
    with pytest.raises(ImportRejected) as err:
        ws.import_file(file)
    issues = [(i.row, i.column, i.rule) for i in err.value.issues]
    assert issues == [(2, "note", "revision_needs_new_vintage")]
    today = dt.date.today().isoformat()  # later than any stored vintage, and not in the future
    revision = df.head(1).assign(**{"发布日期 (vintage)": today, "数值 (value)": "1"})
    pd.concat([df, revision]).to_csv(file, index=False)  # a later vintage: a new figure
    result = ws.import_file(file)
    assert (result.added, result.changed, result.unchanged) == (1, 0, 3)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_unchanged_export_of_every_entity_changes_nothing(demo_db: Path, tmp_path: Path, fmt: str) -> None:
    assert set(ORDER) | {"projects"} == set(SPECS)
    ws = pacesetter.open(demo_db, actor="wang")
    if fmt == "xlsx":  # Excel with all 74,793 figures takes over a minute: keep 2,000 (CSV has them all)
        ws.con.execute("DELETE FROM observations WHERE rowid >= 2000")
    before = store_fingerprint(ws.con)
    for entity in ORDER:
        file = tmp_path / f"{entity}.{fmt}"
        n = ws.export(entity, file)
        result = ws.import_file(file, entity=entity)
        assert (result.rows, result.added, result.changed, result.unchanged) == (n, 0, 0, n), entity
    projects = tmp_path / "projects.xlsx"
    ws.export("projects", projects)  # the bureau workbook, as `pacesetter export projects` writes it
    summary = ws.projects.import_excel(projects)
    assert (summary.created, summary.updated) == ([], [])
    assert store_fingerprint(ws.con) == before  # no row, version or audit entry changed


def test_a_parks_district_code_follows_its_edited_district_text(demo_db: Path, tmp_path: Path) -> None:
    """As in every registry write (data/districts.yaml), never a text and a code that disagree."""
    ws = pacesetter.open(demo_db, actor="wang")
    file = tmp_path / "parks.csv"
    ws.export("parks", file)
    # the park is in 西海岸新区 (370211); 崂山区 is 370212 (GB/T 2260), whatever code the file still says
    _edit(file, PARK, "district", "崂山区")
    assert ws.import_file(file).changed == 1
    row = ws.con.execute("SELECT district, district_code FROM parks WHERE id = ?", [PARK]).fetchone()
    assert row == ("崂山区", "370212")
    ws.close()
