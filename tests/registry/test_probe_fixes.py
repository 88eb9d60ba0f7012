"""Fixes from a tester's probe of the registry commands (the demo database, both languages).

District codes checked and looked up for projects and parks (add, edit, import, list filter);
impossible policy values and task kinds refused; unknown ids in list filters refused; unknown
output formats refused; unknown counts said as unknown; parks named in the roll-up; a refused
move names the project as the user typed it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import openpyxl
import pytest

import pacesetter
from pacesetter.registry.rollups import compute_investment_vs_gaps
from tests.registry.test_error_language import refusal
from tests.registry.test_refusals import assert_refused, fingerprint

ACTOR = ("--actor", "tester")
NOT_A_CODE = ("999999：不是城市 370200 的区（市）代码", "999999: not a district code of the city 370200")
# (command, exit code, words of the zh message, words of the en message)
REFUSALS: list[tuple[tuple[str, ...], int, tuple[str, ...], tuple[str, ...]]] = [
    (("projects", "add", "--name", "X", "--district", "999999", *ACTOR), 2, NOT_A_CODE[:1], NOT_A_CODE[1:]),
    (("projects", "edit", "P-0007", "--set", "district=999999", *ACTOR), 2,
     ("P-0007：" + NOT_A_CODE[0],), ("P-0007: " + NOT_A_CODE[1],)),
    (("parks", "edit", "park-d5c7ee6c", "--set", "district=999999", *ACTOR), 2,
     ("park-d5c7ee6c：" + NOT_A_CODE[0],), ("park-d5c7ee6c: " + NOT_A_CODE[1],)),
    (("policies", "edit", "policy-725a0866", "--set", "instruments=bribe", *ACTOR), 2,
     ("instruments：不允许 'bribe'；可用：subsidy、fund、land、talent、tax",),
     ("instruments: 'bribe' is not allowed; allowed: subsidy, fund, land, talent, tax",)),
    (("policies", "edit", "policy-725a0866", "--set", "chain_ids=nosuch", *ACTOR), 2,
     ("库中没有产业链 'nosuch'",), ("no chain 'nosuch' in the store",)),
    (("policies", "edit", "policy-725a0866", "--set", "park_ids=nosuch", *ACTOR), 2,
     ("库中没有园区 'nosuch'",), ("no park 'nosuch' in the store",)),
    (("policies", "edit", "policy-725a0866", "--set", "year=3000", *ACTOR), 2,
     ("year：3000 不可能；年份须在 1949 至",), ("year: 3000 is not possible; a year from 1949 to",)),
    (("tasks", "add", "--title", "T", "--owner", "O", "--due", "2026-12-31", "--kind", "foo", *ACTOR), 2,
     ("任务类型 'foo' 无效；可用：fill_segment、lift_indicator、other",),
     ("task kind 'foo' is not one of fill_segment, lift_indicator, other",)),
    (("projects", "list", "--chain", "nosuch"), 2, ("库中没有产业链 'nosuch'",),
     ("no chain 'nosuch' in the store",)),
    (("projects", "list", "--park", "nosuch"), 2, ("库中没有园区 'nosuch'",),
     ("no park 'nosuch' in the store",)),
    (("projects", "list", "--district", "999999"), 2, NOT_A_CODE[:1], NOT_A_CODE[1:]),
    (("projects", "lights", "--format", "xml"), 2, ("--format 只能是 table, csv, json 之一",),
     ("--format must be one of table, csv, json",)),
    (("projects", "list", "--format", "xml"), 2, ("--format 只能是 table, csv, json 之一",),
     ("--format must be one of table, csv, json",)),
    (("projects", "advance", "P-0009", "--to", "negotiating", "--date", "2026-01-01", *ACTOR), 2,
     ("P-0009：",), ("P-0009: ",)),
]


@pytest.mark.parametrize(("args", "code", "zh", "en"), REFUSALS, ids=[" ".join(r[0][:4]) for r in REFUSALS])
def test_refused_in_both_languages_and_nothing_written(
    demo_db: Path, args: tuple[str, ...], code: int, zh: tuple[str, ...], en: tuple[str, ...]
) -> None:
    texts = assert_refused(demo_db, args, code, zh, en, ("instruments", "year", "table", "csv", "json",
                                                         "fill_segment", "lift_indicator", "other", "xml"))
    # the project as the user named it, not its internal id
    assert not [text for text in texts if "project-" in text], texts


def test_a_district_code_or_name_sets_the_district_code(demo_db: Path) -> None:
    ws = pacesetter.open(demo_db, actor="tester")
    laoshan = ws.projects.rollup("district").set_index("district_code").loc["370212", "projects"]
    p = ws.projects.add("测试项目", district="370212")
    assert (p["district"], p["district_code"]) == ("崂山区", "370212")
    rollup = ws.projects.rollup("district").set_index("district_code")
    q = ws.projects.edit("P-0007", ["district=370283"])
    assert (q["district"], q["district_code"]) == ("平度市", "370283")
    park = ws.parks.edit("park-d5c7ee6c", ["district=崂山"])
    assert park["district_code"] == "370212"
    ws.close()
    assert "P-0062" in set(pacesetter.open(demo_db).projects.list(district="370212")["alias"])
    assert rollup.loc["370212", "projects"] == laoshan + 1  # counted under 崂山区, not "district unknown"


def test_import_refuses_an_unknown_district_code(demo_db: Path, tmp_path: Path) -> None:
    ws = pacesetter.open(demo_db, actor="tester")
    path = tmp_path / "projects.xlsx"
    ws.projects.export_excel(path)
    ws.close()
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    column = [c.value for c in sheet[1]].index("所在区市") + 1
    sheet.cell(row=2, column=column, value="999999")
    book.save(path)
    before = fingerprint(demo_db)
    for lang, words in (("zh", NOT_A_CODE[0]), ("en", NOT_A_CODE[1])):
        code, text = refusal(demo_db, lang, "projects", "import", str(path), *ACTOR)
        assert code == 2 and words in " ".join(text.split()), text
    assert fingerprint(demo_db) == before


def test_an_instrument_in_chinese_is_stored_as_its_code(demo_db: Path) -> None:
    ws = pacesetter.open(demo_db, actor="tester")
    p = ws.policies.edit("policy-725a0866", ["instruments=基金;fund;用地"])
    assert list(p["instruments"]) == ["fund", "land"]  # type: ignore[call-overload]


def test_gap_projects_unknown_where_no_segments_known(demo_db: Path) -> None:
    import pandas as pd

    chains = pd.DataFrame([{"chain_id": "vr", "segments": 2, "missing": 1, "weak": 0, "completeness": 0.5},
                           {"chain_id": "ic", "segments": 2, "missing": 0, "weak": 0, "completeness": 1.0}])
    segments = pd.DataFrame([{"chain_id": "vr", "segment_id": "vr.optics", "status": "missing"}])
    projects = pd.DataFrame([{"id": "a", "chain_id": "vr", "segments": ["vr.optics"], "investment_yi": 1.0},
                             {"id": "b", "chain_id": "ic", "segments": None, "investment_yi": 2.0}])
    out = compute_investment_vs_gaps(projects, chains, segments).set_index("chain_id")
    assert out.loc["vr", "gap_projects"] == 1
    assert pd.isna(out.loc["ic", "gap_projects"])
    for lang, word in (("zh", "未知"), ("en", "unknown")):
        code, text = refusal(demo_db, lang, "projects", "gaps")
        assert code == 0, text
        row = next(line for line in text.splitlines() if "rail_transit" in line)
        assert row.rstrip().rstrip("│").split("│")[-1].strip() == word, row


def test_uncoded_instruments_are_not_covered(demo_db: Path) -> None:
    with duckdb.connect(str(demo_db), read_only=True) as con:
        uncoded = con.execute("SELECT id FROM policies WHERE len(instruments) = 0 LIMIT 1").fetchone()
    assert uncoded is not None
    for lang, word in (("zh", "未掌握"), ("en", "not covered")):
        code, text = refusal(demo_db, lang, "policies", "list")
        assert code == 0, text
        row = next(line for line in text.splitlines() if uncoded[0] in line)
        assert word in row, row


def test_rollup_by_park_names_the_park(demo_db: Path) -> None:
    for lang in ("zh", "en"):
        code, text = refusal(demo_db, lang, "projects", "rollup", "--by", "park")
        assert code == 0, text
        row = next(line for line in text.splitlines() if "park-d5c7ee6c" in line)
        assert "青岛市虚拟现实产业园" in row, row


def test_a_stale_edit_names_the_project_as_typed_and_who_changed_it(demo_db: Path) -> None:
    code, text = refusal(demo_db, "en", "projects", "edit", "P-0009", "--set", "note=x", *ACTOR)
    assert code == 0, text
    before = fingerprint(demo_db)
    for args in (("edit", "P-0009", "--set", "note=y"), ("delete", "P-0009"),
                 ("advance", "P-0009", "--to", "终止", "--date", "2024-01-01")):
        for lang, words in (("zh", ("P-0009 ", "tester")), ("en", ("P-0009 changed since you read it",
                                                                   "changed by tester"))):
            code, text = refusal(demo_db, lang, "projects", *args, "--version", "1", *ACTOR)
            assert code != 0 and all(w in text for w in words) and "project-" not in text, text
    assert fingerprint(demo_db) == before


def test_a_chain_marker_the_list_publishes_still_filters(demo_db: Path) -> None:
    ws = pacesetter.open(demo_db)
    assert len(ws.projects.list(chain="(服务业)")) >= 1  # as `GET /api/projects?chain=` accepts it


@pytest.mark.parametrize(("name", "zh", "en"), [
    ("plan.csv", "项目须用局里的 Excel 工作簿（.xlsx）导入，不能用 .csv 文件",
     "projects are imported from the bureau's Excel workbook (.xlsx), not a .csv file"),
    ("broken.xlsx", "文件已损坏或不是 xlsx 格式", "the file is damaged or in another format"),
    ("missing.xlsx", "找不到此文件", "no such file")])
def test_a_project_file_that_cannot_be_read_says_why_in_words(
        demo_db: Path, tmp_path: Path, name: str, zh: str, en: str) -> None:
    """Not openpyxl's English ("openpyxl does not support .csv file format…") inside a zh message."""
    if name != "missing.xlsx":
        (tmp_path / name).write_text("项目名称,项目阶段\nX,签约\n", encoding="utf-8")
    before = fingerprint(demo_db)
    for lang, words in (("zh", zh), ("en", en)):
        code, text = refusal(demo_db, lang, "projects", "import", str(tmp_path / name))
        assert code == 2 and words in " ".join(text.split()), text
        assert "openpyxl" not in text and "Errno" not in text and "zip" not in text.lower(), text
    assert fingerprint(demo_db) == before
