"""Changes the registry refuses, in both languages, leaving the store as it was.

Duplicate project names (add and Excel import), blank names, infinite or NaN numbers, ids
that do not exist (trace, task history), restoring what is not deleted, and stage dates an
edit would put out of the lifecycle's order. Each refusal runs through the real entry point
(the demo's P-0001 is 阿斯利康青岛区域总部, in production since 2023-10-11 with no earlier
stage dates; park-d5c7ee6c and policy-725a0866 are the demo's).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import openpyxl
import pytest

import pacesetter
from pacesetter.errors import InputError
from pacesetter.testing import store_fingerprint
from tests.cli.test_one_language import data_values, other_language
from tests.registry.test_error_language import refusal

ACTOR = ("--actor", "tester")
# (command, exit code, words of the zh message, words of the en message)
REFUSALS: list[tuple[tuple[str, ...], int, tuple[str, ...], tuple[str, ...]]] = [
    (("projects", "add", "--name", "阿斯利康青岛区域总部", *ACTOR), 1,
     ("已有名为 '阿斯利康青岛区域总部' 的项目：P-0001", "projects edit P-0001"),
     ("a project named '阿斯利康青岛区域总部' already exists: P-0001", "projects edit P-0001")),
    (("projects", "add", "--name", "   ", *ACTOR), 2, ("名称不能为空",), ("the name cannot be blank",)),
    (("projects", "edit", "P-0006", "--set", "name_zh=", *ACTOR), 2,
     ("P-0006：名称不能为空",), ("P-0006: the name cannot be blank",)),
    (("parks", "edit", "park-d5c7ee6c", "--set", "name_zh= ", *ACTOR), 2,
     ("park-d5c7ee6c：名称不能为空",), ("park-d5c7ee6c: the name cannot be blank",)),
    (("policies", "edit", "policy-725a0866", "--set", "name_zh=", *ACTOR), 2,
     ("policy-725a0866：名称不能为空",), ("policy-725a0866: the name cannot be blank",)),
    (("parks", "edit", "park-d5c7ee6c", "--set", "capacity_mu=inf", "--set", "area_mu=nan", *ACTOR), 2,
     ("capacity_mu：不是有限数值：'inf'", "area_mu：不是有限数值：'nan'"),
     ("capacity_mu: not a finite number: 'inf'", "area_mu: not a finite number: 'nan'")),
    (("parks", "edit", "park-d5c7ee6c", "--set", "occupied_mu=1e400", *ACTOR), 2,
     ("不是有限数值：'1e400'",), ("not a finite number: '1e400'",)),
    (("policies", "edit", "policy-725a0866", "--set", "amount_yi=1" + "0" * 400, *ACTOR), 2,
     ("不是有限数值",), ("not a finite number",)),
    (("trace", "gap", "nochain"), 1, ("未知产业链 'nochain'",), ("unknown chain 'nochain'",)),
    (("trace", "gap", "vr", "nosuch"), 1, ("没有环节 'nosuch'",), ("unknown segment of chain vr 'nosuch'",)),
    (("trace", "indicator", "nosuch"), 1, ("未知指标 'nosuch'",), ("unknown indicator 'nosuch'",)),
    (("trace", "target", "nosuch"), 1, ("没有企业 'nosuch'",), ("no enterprise 'nosuch'",)),
    (("tasks", "history", "T-9999"), 1, ("tasks 中没有记录 T-9999",), ("no record T-9999 in tasks",)),
    (("projects", "restore", "P-0006", *ACTOR), 2, ("P-0006 未被删除",), ("project P-0006 is not deleted",)),
    (("projects", "edit", "P-0001", "--set", "stage_date=1800-01-01", *ACTOR), 2,
     ("1800-01-01 早于 1900-01-01",), ("1800-01-01 is before 1900-01-01",)),
    (("projects", "edit", "P-0001", "--set", "actual_producing=2999-01-01", *ACTOR), 2,
     ("2999-01-01 晚于今天（",), ("2999-01-01 is after today",)),
    (("projects", "edit", "P-0006", "--set", "chain_id=nochain", "--set", "park_id=nopark", *ACTOR), 2,
     ("库中没有产业链 'nochain'", "库中没有园区 'nopark'"),
     ("no chain 'nochain' in the store", "no park 'nopark' in the store")),
    (("projects", "edit", "P-0006", "--set", "parent_id=P-0006", *ACTOR), 2,
     ("P-0006：项目不能向自身追加投资",), ("P-0006: a project cannot add capital to itself",)),
    (("projects", "add", "--name", "新项目", "--chain", "nochain", *ACTOR), 2,
     ("库中没有产业链 'nochain'",), ("no chain 'nochain' in the store",)),
    (("projects", "edit", "P-0006", "--set", "parent_id=P-9999", *ACTOR), 2,
     ("没有可追加投资的项目 'P-9999'",), ("no project 'P-9999' to add capital to",)),
]


def fingerprint(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return store_fingerprint(con)


def assert_refused(db: Path, args: tuple[str, ...], code: int, zh: tuple[str, ...], en: tuple[str, ...],
                   allowed: tuple[str, ...] = ()) -> list[str]:
    """``args`` stop with exit ``code``, saying ``zh`` / ``en`` in that language alone (``allowed``:
    code words the message may quote), and change nothing; the two texts, for further checks."""
    values, before = data_values(str(db)), fingerprint(db)
    texts = []
    for lang, words in (("zh", zh), ("en", en)):
        exit_code, text = refusal(db, lang, *args)
        assert exit_code == code, text
        assert all(w in " ".join(text.split()) for w in words), (words, text)
        # not Typer's usage lines, which quote the command line (its program name: pytest or pacesetter)
        said = "\n".join(line for line in text.splitlines()
                         if "pytest" not in line and "pacesetter projects" not in line)
        assert other_language(said, lang, (*values, *allowed)) == [], text
        texts.append(text)
    assert fingerprint(db) == before
    return texts


@pytest.mark.parametrize(("args", "code", "zh", "en"), REFUSALS, ids=[" ".join(r[0][:3]) for r in REFUSALS])
def test_refused_in_both_languages_and_nothing_written(
    demo_db: Path, args: tuple[str, ...], code: int, zh: tuple[str, ...], en: tuple[str, ...]
) -> None:
    assert_refused(demo_db, args, code, zh, en)


def test_known_ids_without_tasks_still_say_nothing_yet(demo_db: Path) -> None:
    # rail_transit has no task in the demo, haier_group is an enterprise no task targets; 浪潮信息
    # (Inspur, listed:000977.SZ) by its name, as `target assign` takes it, targeted by no task either
    for args in (("trace", "gap", "rail_transit"), ("trace", "target", "haier_group"),
                 ("trace", "target", "浪潮信息")):
        code, text = refusal(demo_db, "en", *args)
        assert code == 0 and "error" not in text, text


def _sheet_with_new_rows(ws: pacesetter.Workspace, path: Path, names: tuple[str, ...]) -> Path:
    """The exported sheet plus one row without id per name: 签约 on 2024-05-01, 5 (亿元)."""
    ws.projects.export_excel(path)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    for name in names:
        row: list[object] = [None] * len(header)
        for column, value in (("项目名称", name), ("项目阶段", "签约"), ("阶段日期", dt.date(2024, 5, 1)),
                              ("总投资(亿元)", 5)):
            row[header.index(column)] = value
        sheet.append(row)
    book.save(path)
    return path


def test_import_refuses_a_second_project_of_the_same_name(demo_db: Path, tmp_path: Path) -> None:
    ws = pacesetter.open(demo_db, actor="tester")
    once = _sheet_with_new_rows(ws, tmp_path / "once.xlsx", ("新导入项目",))
    twice = _sheet_with_new_rows(ws, tmp_path / "twice.xlsx", ("新导入项目", "新导入项目"))
    ws.close()
    values, before = data_values(str(demo_db)), fingerprint(demo_db)
    for lang, words in (("zh", ("twice.xlsx，工作表 项目，第64行，列 项目名称：",
                                "[name.repeated] 与第63行的新项目同名")),
                        ("en", ("twice.xlsx, sheet 项目, row 64, column 项目名称: ",
                                "[name.repeated] the same name as the new project in row 63"))):
        code, text = refusal(demo_db, lang, "projects", "import", str(twice), *ACTOR)
        assert code == 2 and all(w in text for w in words), text
    assert fingerprint(demo_db) == before
    code, text = refusal(demo_db, "en", "projects", "import", str(once), *ACTOR)
    assert code == 0 and "1 created" in text, text
    after_first = fingerprint(demo_db)
    # the new project is P-0062, id P1 (the import's next id)
    for lang, words in (("zh", ("第63行，列 项目名称：[name.taken] 已有同名项目 P-0062（P1）",)),
                        ("en", ("row 63, column 项目名称: [name.taken] project P-0062 (P1) already has "
                                "this name; give its id to update it",))):
        code, text = refusal(demo_db, lang, "projects", "import", str(once), *ACTOR)
        assert code == 2 and all(w in text for w in words), text
        assert other_language(text.replace("项目名称", "").replace("新导入项目", "").replace("项目", ""),
                              lang, values) == [], text
    assert fingerprint(demo_db) == after_first


def test_an_edit_keeps_stage_dates_in_lifecycle_order(demo_db: Path) -> None:
    ws = pacesetter.open(demo_db, actor="tester")
    p = ws.projects.add("T", stage="signed", date=dt.date(2024, 3, 1))
    pid = str(p["alias"])
    ws.projects.advance(pid, "started", dt.date(2024, 6, 1))
    ws.projects.advance(pid, "producing", dt.date(2025, 1, 1))
    version = ws.projects.get(pid)["version"]
    with pytest.raises(InputError) as before_started:
        ws.projects.edit(pid, ["stage_date=2020-01-01"])
    assert before_started.value.text("en") == (
        f"{pid}: 2020-01-01 is before the project became started on 2024-06-01; "
        "dates must follow the lifecycle")
    assert "2020-01-01 早于项目进入开工阶段的日期 2024-06-01" in before_started.value.text("zh")
    with pytest.raises(InputError, match="2024-02-01 is before the project became signed on 2024-03-01"):
        ws.projects.edit(pid, ["actual_started=2024-02-01"])
    with pytest.raises(InputError, match="1800-01-01 is before 1900-01-01"):
        ws.projects.advance(pid, "at_capacity", dt.date(1800, 1, 1))
    assert ws.projects.get(pid)["version"] == version  # nothing written
    assert ws.projects.edit(pid, ["stage_date=2024-12-01"])["stage_date"] == dt.date(2024, 12, 1)
    with pytest.raises(InputError, match="1800-01-01 is before 1900-01-01"):
        ws.projects.add("T0", stage="signed", date=dt.date(1800, 1, 1))
    ws.close()


def test_non_finite_numbers_given_as_values_are_refused(demo_db: Path) -> None:
    ws = pacesetter.open(demo_db, actor="tester")
    with pytest.raises(InputError, match="capacity_mu must be a finite number"):
        ws.parks.edit("park-d5c7ee6c", {"capacity_mu": float("inf")})
    with pytest.raises(InputError, match="amount_yi must be a finite number"):
        ws.policies.edit("policy-725a0866", {"amount_yi": float("nan")})
    with pytest.raises(InputError, match="investment_yi must be a finite number"):
        ws.projects.edit("P-0006", {"investment_yi": float("-inf")})
    assert ws.parks.get("park-d5c7ee6c")["version"] == 1
    ws.close()


def test_a_parent_named_by_its_alias_is_stored_by_id(demo_db: Path) -> None:
    ws = pacesetter.open(demo_db, actor="tester")
    assert ws.projects.edit("P-0006", ["parent_id=p-0001"])["parent_id"] == "project-0613b672"  # P-0001
    ws.close()


def test_an_escalation_as_of_a_day_to_come_is_refused_and_stores_nothing(demo_db: Path) -> None:
    ws = pacesetter.open(demo_db)
    before = store_fingerprint(ws.con)
    later = dt.date.today() + dt.timedelta(days=400)
    with pytest.raises(InputError) as refused:
        ws.tasks.escalate(later)
    assert refused.value.text("en").startswith(f"escalation as of {later} is after today")
    assert refused.value.text("zh").startswith(f"按 {later} 提级晚于今天")
    assert store_fingerprint(ws.con) == before
    ws.close()


def test_a_task_segment_without_its_chain_is_said_once(demo_db: Path) -> None:
    ws = pacesetter.open(demo_db)
    with pytest.raises(InputError) as refused:
        ws.tasks.add("x", owner="o", due=dt.date(2026, 1, 1), segment="vr_culture")
    assert refused.value.text("en") == "a segment belongs to a chain: give the chain too"  # not "chain None"
    assert refused.value.text("zh") == "环节属于产业链：请同时给出产业链"
    ws.close()


def test_lights_only_takes_a_light_by_code_or_word(demo_db: Path) -> None:
    ws = pacesetter.open(demo_db)
    reds = ws.projects.lights(only="red")
    assert len(reds) > 0 and (reds["light"] == "red").all()
    assert ws.projects.lights(only="红灯").equals(reds)
    with pytest.raises(InputError) as refused:  # it showed an empty table
        ws.projects.lights(only="purple")
    assert refused.value.text("en") == "--only takes one light: green, yellow, red"
    assert refused.value.text("zh") == "--only 只能是一种灯：绿灯（green）、黄灯（yellow）、红灯（red）"
    ws.close()
