"""A tester's probe of `pacesetter structure io-*` and `pacesetter target …` on the demo: each bug
reached as the user reached it, in zh and in en.

- the employment series is no input-output table: asked for as one, the usual "no table" error;
- io-impact states its results in the unit the user gave, says the effects are nationwide, and says
  the employment effect is not covered rather than "— 人";
- io-multipliers says 未掌握 / not covered for an employment multiplier it lacks, explains a
  value-added multiplier of 1 on a table without imports separated, and names the units in the
  reader's language;
- target candidates/opportunities: the gaps sheet headed for what it holds, a synthetic registry
  labelled on every data row, the About notes labelled each by what it is, -o and --format
  checked, weights that leave no known factor refused;
- target assign refuses an enterprise an open task already pursues for the segment in another
  city; trace target takes the enterprise's exact name as assign does.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pacesetter.cli.main import app
from pacesetter.errors import PacesetterError
from pacesetter.workspace import Workspace
from tests.cli.test_one_language import data_values, invoke, other_language

LANGS = ("zh", "en")


@pytest.fixture(scope="module")
def shared_db(module_demo_db: Path) -> Path:
    """One copy of the demo for the module (its commands only read)."""
    return module_demo_db


def refused(db: Path, lang: str, *args: str) -> str:
    """The output of a command that must stop with a worded error (no traceback, no "bug"), in
    ``lang`` alone."""
    result = CliRunner().invoke(
        app, ["--db", str(db), "--lang", lang, *args], env={"COLUMNS": "2000", "PACESETTER_LANG": lang}
    )
    code, out = result.exit_code, result.output
    if isinstance(result.exception, PacesetterError):  # the CLI's own handler words it on stderr
        out = result.exception.text(lang)
    elif "│" in out:  # a usage error: the message in its box (the usage line names the command)
        out = "\n".join(line.strip("│ ") for line in out.splitlines() if line.startswith("│"))
    assert code != 0, out
    assert "Traceback" not in out and "crash-" not in out, out
    assert other_language(out, lang, data_values(str(db))) == [], out
    return " ".join(out.split())


# --- 1. the employment series is no table ---------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("command", [("io-multipliers",), ("io-impact", "--sector", "19", "--output", "10")])
def test_the_employment_series_is_refused_as_a_table(
    shared_db: Path, lang: str, command: tuple[str, ...]
) -> None:
    out = refused(shared_db, lang, "structure", *command, "--table", "china_employment")
    said = {
        "zh": "没有投入产出表 china_employment；现有的表为：",
        "en": "there is no input-output table china_employment; the tables are: ",
    }[lang]
    assert said in out and "china_2020_42" in out
    assert "china_employment," not in out and not out.rstrip().endswith("china_employment")


# --- 3, 4, 10, 11: io-impact's units, employment and reach ------------------------------------------
@pytest.mark.parametrize(
    ("lang", "unit", "said"),
    [
        ("zh", None, "新增产出 10 万元，带动总产出 28.88 万元、增加值 7.89 万元、就业 0.51 人"),
        ("zh", "元", "新增产出 3,000 元，带动总产出 8,663 元、增加值 2,367 元、就业 0.015 人"),
        ("zh", "yi_yuan", "新增产出 10 亿元，带动总产出 28.88 亿元、增加值 7.89 亿元、就业 5,116 人"),
        ("en", None, "New output of 10 (10 thousand yuan)"),
        (
            "en",
            "yi_yuan",
            "brings total output of 28.88 (100 million yuan), value added of 7.89 (100 million yuan)",
        ),
        ("en", "亿元", "New output of 10 (100 million yuan)"),
    ],
)
def test_io_impact_states_results_in_the_unit_given(
    shared_db: Path, lang: str, unit: str | None, said: str
) -> None:
    output = "3000" if unit == "元" else "10"
    out = invoke(
        shared_db,
        lang,
        "structure",
        "io-impact",
        "--sector",
        "19",
        "--output",
        output,
        *(("--unit", unit) if unit else ()),
    )
    assert said in out, out
    assert "0.00" not in out and "0.001" not in out
    nationwide = {"zh": "效应发生在全国", "en": "the effects are nationwide"}[lang]
    assert nationwide in out
    assert other_language(out, lang, data_values(str(shared_db))) == []


@pytest.mark.parametrize("lang", LANGS)
def test_io_impact_says_the_employment_effect_is_not_covered(shared_db: Path, lang: str) -> None:
    out = invoke(
        shared_db,
        lang,
        "structure",
        "io-impact",
        "--sector",
        "19",
        "--output",
        "10",
        "--table",
        "china_2010_41",
    )
    assert "—" not in out
    assert {"zh": "；就业效应未掌握", "en": "; the employment effect is not covered"}[lang] in out
    assert {"zh": "单位产出就业取自", "en": "employment per unit"}[lang] not in out


@pytest.mark.parametrize(
    ("lang", "spelled", "other"),
    [
        ("zh", "万元（默认）、亿元或元", "wan_yuan"),
        ("en", "wan_yuan (10 thousand yuan, the default)", "万元"),
    ],
)
def test_io_impact_names_the_units_in_the_readers_language(
    shared_db: Path, lang: str, spelled: str, other: str
) -> None:
    help_text = " ".join(invoke(shared_db, lang, "structure", "io-impact", "--help").split())
    assert spelled in help_text and other not in help_text
    out = refused(
        shared_db, lang, "structure", "io-impact", "--sector", "19", "--output", "10", "--unit", "kg"
    )
    assert {
        "zh": "未知单位 kg；可用单位为 万元、亿元、元",
        "en": "unknown unit kg; the units are wan_yuan, yi_yuan, yuan",
    }[lang] in out


# --- 4, 12: io-multipliers' unknown employment and value added of 1 -------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_io_multipliers_say_not_covered_and_why(shared_db: Path, lang: str) -> None:
    out = invoke(shared_db, lang, "structure", "io-multipliers", "--table", "china_2010_41", "--top", "5")
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert len(rows) == 5
    covered = {"zh": "未掌握", "en": "not covered"}[lang]
    assert all(line.rstrip(" │").endswith(covered) for line in rows), rows
    assert "—" not in out
    assert {"zh": "就业乘数按", "en": "Employment multipliers rest on"}[lang] not in out
    assert {"zh": "就业乘数未掌握：就业数据未覆盖以下部门", "en": "Employment multipliers: not covered"}[
        lang
    ] in out
    assert {"zh": "16 通用、专用设备制造业", "en": "41 "}[lang] in out
    assert {"zh": "增加值乘数恒为 1.000", "en": "the value-added multiplier is 1.000"}[lang] in " ".join(
        out.split()
    )
    assert other_language(out, lang, data_values(str(shared_db))) == []


@pytest.mark.parametrize("lang", LANGS)
def test_io_multipliers_on_a_table_with_imports_separated_keep_their_notes(
    shared_db: Path, lang: str
) -> None:
    out = " ".join(invoke(shared_db, lang, "structure", "io-multipliers", "--top", "3").split())
    assert {
        "zh": "就业乘数按 2018 年",
        "en": "Employment multipliers rest on the employed persons by sector of 2018",
    }[lang] in out
    assert {"zh": "增加值乘数恒为", "en": "value-added multiplier is 1.000"}[lang] not in out
    on_153 = " ".join(
        invoke(
            shared_db, lang, "structure", "io-multipliers", "--table", "china_2020_153", "--top", "3"
        ).split()
    )
    assert {"zh": "增加值乘数恒为 1.000", "en": "the value-added multiplier is 1.000"}[lang] in on_153


# --- 2, 9: the candidates workbook and the output options ------------------------------------------
@pytest.mark.parametrize(
    ("lang", "heads"),
    [
        ("zh", ["环节", "环节状态", "候选数", "说明"]),
        ("en", ["segment", "segment status", "candidates", "Note"]),
    ],
)
def test_the_gaps_sheet_is_headed_for_what_it_holds(
    shared_db: Path, tmp_path: Path, lang: str, heads: list[str]
) -> None:
    path = tmp_path / "g.xlsx"
    invoke(shared_db, lang, "target", "candidates", "--chain", "ic", "--format", "xlsx", "-o", str(path))
    sheet = openpyxl.load_workbook(path)[{"zh": "短板环节", "en": "gaps"}[lang]]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == heads
    counts = [r[2] for r in rows[1:]]
    assert all(isinstance(n, int) for n in counts) and max(counts) > 1  # counts of candidates, not scores


@pytest.mark.parametrize("lang", LANGS)
def test_output_options_are_checked_before_any_work(
    shared_db: Path, tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    docx, xlsx = Path("out.docx"), Path("x.xlsx")
    out = refused(
        shared_db, lang, "target", "candidates", "--chain", "ic", "--format", "xlsx", "-o", str(docx)
    )
    assert {"zh": "-o 的文件须以 .xlsx 结尾", "en": "the -o file must end in .xlsx"}[lang] in out
    assert {"zh": "需要 -o 文件", "en": "needs -o FILE"}[lang] not in out
    for command in (("candidates", "--chain", "ic"), ("opportunities",)):
        out = refused(shared_db, lang, "target", *command, "--format", "table", "-o", str(xlsx))
        assert {"zh": "只用于 --format xlsx", "en": "is only for --format xlsx"}[lang] in out
    assert not docx.exists() and not xlsx.exists()


# --- 8: weights on unknown factors only -------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_weights_that_leave_no_known_factor_are_refused(shared_db: Path, lang: str) -> None:
    out = refused(shared_db, lang, "target", "candidates", "--chain", "ic", "--weights", "scale=1,growth=1")
    assert {
        "zh": "所给权重只加在名录未掌握的因素上（`scale, growth`）",
        "en": "the weights fall only on factors the registry does not cover (`scale, growth`)",
    }[lang] in out
    # a known factor among them ranks as before
    assert "1. EDA" in invoke(
        shared_db,
        lang,
        "target",
        "candidates",
        "--chain",
        "ic",
        "--top",
        "2",
        "--weights",
        "fit=0.5,scale=0.5",
    )


# --- 5, 12: a synthetic registry labelled on the data sheets; the About notes labelled --------------
@pytest.mark.parametrize(
    ("lang", "label"), [("zh", "合成数据（非真实企业）"), ("en", "synthetic (not real enterprises)")]
)
def test_synthetic_rows_say_so_on_every_data_sheet(
    shared_db: Path, tmp_path: Path, lang: str, label: str
) -> None:
    ws = Workspace(shared_db)
    syn = ws.chains.synthesize(tmp_path / "syn.parquet", n=20_000)
    for fmt_args, sheets in (
        (
            ("candidates", "--chain", "ic", "--top", "3"),
            {"zh": ("候选企业", "短板环节"), "en": ("candidates", "gaps")},
        ),
        (("opportunities",), {"zh": ("产业机会",), "en": ("opportunities",)}),
    ):
        path = tmp_path / f"{fmt_args[0]}-{lang}.xlsx"
        invoke(
            shared_db, lang, "target", *fmt_args, "--registry", str(syn), "--format", "xlsx", "-o", str(path)
        )
        book = openpyxl.load_workbook(path)
        for name in sheets[lang]:
            rows = list(book[name].iter_rows(values_only=True))
            assert rows[0][-1] == {"zh": "数据性质", "en": "data"}[lang]
            assert len(rows) > 1 and all(r[-1] == label for r in rows[1:]), name
    # the listed registry is real: no such column
    real = tmp_path / f"real-{lang}.xlsx"
    invoke(shared_db, lang, "target", "opportunities", "--format", "xlsx", "-o", str(real))
    book = openpyxl.load_workbook(real)
    assert {"zh": "数据性质", "en": "data"}[lang] not in next(book.worksheets[0].iter_rows(values_only=True))
    about = [r[0] for r in book[{"zh": "说明", "en": "About"}[lang]].iter_rows(values_only=True)]
    labels = {
        "zh": ("名录", "坐标与象限", "产业关联"),
        "en": ("registry", "axes and quadrants", "relatedness"),
    }[lang]
    assert all(about.count(k) == 1 for k in labels), about


# --- 6, 7: one open task per enterprise and segment; trace by name ----------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_a_second_task_for_the_same_lead_in_another_city_is_refused(demo_db: Path, lang: str) -> None:
    assign = (
        "target",
        "assign",
        "--chain",
        "ic",
        "--segment",
        "ic_mems",
        "--enterprise",
        "listed:002655.SZ",
        "--owner",
        "专班",
        "--due",
        "2027-06-30",
    )
    first = invoke(demo_db, lang, *assign)
    task = re.search(r"T-\d+", first).group(0)  # type: ignore[union-attr]
    out = refused(demo_db, lang, *assign, "--region", "110000")
    assert task in out and {"zh": "青岛市的环节 MEMS/智能传感器", "en": "in Qingdao"}[lang] in out
    trace = invoke(demo_db, lang, "trace", "target", "listed:002655.SZ")
    tasks = [line for line in trace.splitlines() if line.startswith(("任务", "Task"))]
    assert len(tasks) == 1 and task in tasks[0]


@pytest.mark.parametrize("lang", LANGS)
def test_trace_target_takes_the_name_assign_takes(demo_db: Path, lang: str) -> None:
    invoke(
        demo_db,
        lang,
        "target",
        "assign",
        "--chain",
        "ic",
        "--segment",
        "ic_mems",
        "--enterprise",
        "东软载波",
        "--owner",
        "专班",
        "--due",
        "2027-06-30",
    )
    by_id = invoke(demo_db, lang, "trace", "target", "listed:300183.SZ")
    for name in ("东软载波", "Qingdao Eastsoft Communication Technology Co.,Ltd."):
        assert invoke(demo_db, lang, "trace", "target", name) == by_id
