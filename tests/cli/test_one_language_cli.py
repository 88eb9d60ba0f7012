"""The root, data, file, peers and report commands speak one language at a time (issue 13).

Each command runs in zh and in en on the demo database; its output (help, tables, messages, the
problems of a rejected file) holds no text of the other language outside data values and proper
names (see ``other_language``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from pacesetter.cli.lazy import LazyGroup
from pacesetter.cli.main import app, main
from tests.cli.test_one_language import data_values, invoke, other_language

HELPS = ["init", "list", "show", "overview", "peers", "template", "validate", "import", "export", "report"]
RUNS: list[tuple[str, ...]] = [
    ("list", "regions"),
    ("list", "indicators"),
    ("show", "gdp", "-r", "370200"),
    ("overview", "--region", "370200", "--peer", "330200"),
    ("peers",),
]
HEADER = "indicator_id,region_code,period,value,unit,source,status,synthetic\n"
GOOD = "gdp,370200,2022,14920.75,亿元,https://example.org/qd,final,false\n"
BAD = "gdp,370200,2021,x,亿元,https://example.org/qd,final,false\n"  # row 3: value is not a number




def one_language(text: str, lang: str, values: tuple[str, ...] = ()) -> list[str]:
    """``other_language`` of ``text`` without the padding of its 2000-column lines (which only slows it)."""
    return other_language("\n".join(line.rstrip() for line in text.splitlines()), lang, values)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_speaks_one_language(demo_db: Path, lang: str) -> None:
    root = invoke(demo_db, lang, "--help")
    assert one_language(root, lang) == []  # help shows no data values
    # Typer's own words are the catalogue's, and the completion options are gone
    words = ("用法：", "命令") if lang == "zh" else ("Usage:", "Commands")
    assert all(word in root for word in words)
    assert "--install-completion" not in root
    for name in HELPS:
        text = invoke(demo_db, lang, name, "--help")
        assert one_language(text, lang) == [], name
        assert ("示例" if lang == "zh" else "Example:") in text, name


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_queries_speak_one_language(demo_db: Path, demo_db_template: Path, lang: str) -> None:
    values = data_values(str(demo_db_template))  # the same data as demo_db, computed once
    for args in RUNS:
        assert one_language(invoke(demo_db, lang, *args), lang, values) == [], args
    show = invoke(demo_db, lang, "show", "gdp", "-r", "370200")
    # the unit of gdp (亿元) in the reader's language; the header of the release date column
    assert ("亿元" in show and "发布日期" in show) if lang == "zh" else (
        "100 million yuan" in show and "release date" in show and "亿元" not in show)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_files_speak_one_language(demo_db: Path, demo_db_template: Path, tmp_path: Path, lang: str) -> None:
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD, encoding="utf-8")
    outputs = [invoke(demo_db, lang, "template", "parks", "-o", str(tmp_path / "parks.csv")),
               invoke(demo_db, lang, "export", "parks", "-o", str(tmp_path / "parks.xlsx")),
               invoke(demo_db, lang, "validate", str(good)),
               invoke(demo_db, lang, "import", str(good))]
    for text in outputs:
        assert one_language(text, lang, data_values(str(demo_db_template))) == [], text
    # one row in the file; the demo's 36 parks (demo/parks.csv)
    assert ("指标数据 1 行有效" in outputs[2] and "已将 36 行园区写入" in outputs[1]) if lang == "zh" else (
        "1 observations rows are valid" in outputs[2] and "wrote 36 parks rows" in outputs[1])


@pytest.mark.parametrize("command", ["validate", "import"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_rejected_file_is_reported_in_one_language(
    demo_db: Path, demo_db_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], lang: str, command: str,
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + GOOD + BAD, encoding="utf-8")
    # the entry point itself: it turns the rejection into the report and exit code 2
    monkeypatch.setattr(sys, "argv", ["pacesetter", "--db", str(demo_db), "--lang", lang, command, str(bad)])
    monkeypatch.setenv("COLUMNS", "2000")
    monkeypatch.setenv("PACESETTER_LANG", lang)
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code == 2
    report = capsys.readouterr().err
    assert one_language(report, lang, data_values(str(demo_db_template))) == [], report
    lines = (("1 处问题，未导入任何数据。", "第3行，列 value：[not_a_number]") if lang == "zh" else
             ("1 problem(s); nothing was imported.", "row 3, column value: [not_a_number]"))
    assert all(line in report for line in lines)


# Typer's own errors: an unknown option, a missing argument, a value that is no integer, one
# below the minimum, an extra argument, an unknown command (each its own catalogue message)
TYPER_ERRORS: list[tuple[tuple[str, ...], str, str]] = [
    (("show", "--nope"), "没有选项 --nope", "No such option: --nope"),
    (("show",), "缺少参数 'indicator'。", "Missing argument 'indicator'."),
    (("assess", "--uncertainty", "x"), "'--uncertainty' 的值无效：应为整数",
     "Invalid value for '--uncertainty': Input should be a valid integer"),
    (("assess", "--uncertainty", "-3"), "'--uncertainty' 的值无效：应大于或等于 0",
     "Invalid value for '--uncertainty': Input should be greater than or equal to 0"),
    (("list", "regions", "extra"), "多余的参数（extra）", "Got unexpected extra argument(s) (extra)"),
    (("nosuch",), "没有命令 'nosuch'。", "No such command 'nosuch'."),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_typer_errors_speak_one_language(tmp_path: Path, lang: str) -> None:
    for args, zh, en in TYPER_ERRORS:
        result = CliRunner().invoke(app, ["--db", str(tmp_path / "none.duckdb"), "--lang", lang, *args],
                                    env={"COLUMNS": "200", "PACESETTER_LANG": lang})
        assert result.exit_code == 2, args
        assert (zh if lang == "zh" else en) in result.output, result.output
        # the command line quoted in "Try 'pacesetter show --help'" is no text of either language
        assert one_language(re.sub(r"'pacesetter[^']*'", " ", result.output), lang) == [], result.output


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_names_values_in_words_and_flags_take_none(lang: str) -> None:
    """Every command's help names what an option takes in the reader's words (TEXT, PATH, N / 文本,
    路径), not Python's types, and shows nothing beside a flag (Typer's <bool> reads as if it took
    true or false)."""
    from tests.cli.test_examples import _walk

    root = typer.main.get_command(app)
    assert isinstance(root, LazyGroup)
    paths = [path for path, _ in _walk(root.load_all())]
    for path in paths:
        result = CliRunner().invoke(app, ["--lang", lang, *path, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, (path, result.output)
        assert re.findall(r"<(?:bool|str|int|float|path|list)[^>]*>", result.output) == [], path
    root_help = CliRunner().invoke(app, ["--lang", lang, "--help"], env={"COLUMNS": "200"}).output
    debug = next(line for line in root_help.splitlines() if "--debug" in line)
    db = next(line for line in root_help.splitlines() if "--db" in line)
    assert re.search(r"--debug\s{2,}(显示|Show)", debug), debug  # a flag: nothing between it and its help
    assert ("路径" if lang == "zh" else "PATH") in db
    assert len(paths) > 60  # the whole tree was walked
