"""One language at a time for `pacesetter chains` (issue 13): every subcommand that runs on the demo,
in zh and in en, and the files they write.

The printed output, the workbooks (sheet names, headers, cells), the static maps and heatmaps (the
text matplotlib writes beside each glyph path of an SVG) and the interactive pages (title, notes,
picker, and every string of the chart option and of its what-ifs) show no text of the other
language outside data values (the check of tests/cli/test_one_language.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pacesetter.chains.placements import load_corrections
from pacesetter.cli.main import app
from pacesetter.render.standalone import echarts_source
from tests.cli.test_one_language import data_values, invoke, other_language

# the About sheet's name and header row are written by io/workbook.py in the workbook's language
ABOUT = ("说明", "About")


def _strings(value: object) -> Iterator[str]:
    """Every string inside JSON-ready data (keys are the chart library's, not words)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def workbook_text(path: Path) -> str:
    """Sheet names and every text cell of a workbook (the About sheet without io's name and header)."""
    book = openpyxl.load_workbook(path, read_only=True)
    lines = []
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        if sheet.title in ABOUT:
            rows = rows[1:]
        else:
            lines.append(sheet.title)
        lines += [v for row in rows for v in row if isinstance(v, str)]
    return "\n".join(lines)


def svg_text(path: Path) -> str:
    """The text of an SVG drawn by matplotlib with its glyphs as paths (each text is a comment)."""
    return "\n".join(re.findall(r"<!-- (.*?) -->", path.read_text(encoding="utf-8")))


def page_text(path: Path) -> str:
    """What a reader of a chart page sees: the text outside scripts, and the chart's strings."""
    page = path.read_text(encoding="utf-8").replace(echarts_source(), "")
    option = re.search(r"textStyle: \{ fontFamily: fonts \} \}, (.*)\);\n", page)
    scenarios = re.search(r"const scenarios = (.*);\n", page)
    assert option is not None and scenarios is not None
    visible = re.sub(r"<(script|style)>.*?</\1>|<[^>]+>", "\n", page, flags=re.S)
    chart = [*_strings(json.loads(option.group(1))), *_strings(json.loads(scenarios.group(1)))]
    return "\n".join([visible, *chart])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chains_commands_and_their_files_speak_one_language(demo_db: Path, tmp_path: Path, lang: str) -> None:
    # the reasons of placement_corrections.yaml are data too (one text each, as their compiler wrote it)
    values = tuple(sorted({*data_values(str(demo_db)), *load_corrections()["reason"]}, key=len, reverse=True))
    runs = (("check",), ("diagnose", "vr", "--enterprises", "--remove", "goertek"))  # list: test_..._analysis
    out = {" ".join(args): invoke(demo_db, lang, "chains", *args) for args in runs}
    # the page's what-ifs are one per enterprise: a chain with few (4) keeps the test short
    files = {"vr.xlsx": ("diagnose", "vr", "--remove", "goertek", "--format", "xlsx", "-o"),
             "food.html": ("map", "food_beverage", "-o"), "vr.svg": ("map", "vr", "-o"),
             "chains.xlsx": ("overview", "-o"), "chains.html": ("overview", "-o"),
             "chains.svg": ("overview", "-o")}
    for name, command in files.items():
        out[" ".join(command) + f" {name}"] = invoke(demo_db, lang, "chains", *command, str(tmp_path / name))
        read = {".xlsx": workbook_text, ".svg": svg_text, ".html": page_text}[Path(name).suffix]
        out[name] = read(tmp_path / name)
    out["synth"] = invoke(demo_db, lang, "chains", "synth", str(tmp_path / "synthetic.parquet"), "--n", "500")
    assert {k: pieces for k, text in out.items() if (pieces := other_language(text, lang, values))} == {}

    # the words are there (an empty output would pass the check above)
    book = openpyxl.load_workbook(tmp_path / "vr.xlsx", read_only=True)
    heads = {name: next(book[name].iter_rows(max_row=1, values_only=True)) for name in book.sheetnames[:4]}
    what_if = dict(((e, u) for e, _, u in list(book.worksheets[3].iter_rows(values_only=True))[1:]))
    if lang == "zh":
        assert list(heads) == ["环节诊断", "优先补强", "环节企业", "情景推演"]
        assert heads["环节诊断"][:7] == ("阶段", "环节", "状态", "原因", "企业数", "区位商", "营收(万元)")
        assert heads["环节企业"] == ("环节", "企业", "链主", "依据", "来源")
        assert what_if["移出的已知营收"] == "万元" and "情景推演：移除" in out["food.html"]
        assert "上游" in out["vr.svg"] and "卡脖子环节" in out["vr.svg"] and "★链主" in out["vr.svg"]
        assert "重点产业链完整度" in out["chains.svg"] and "重点产业链完整度" in out["chains.html"]
    else:
        assert list(heads) == ["Segments", "Links to fill", "Enterprises", "What-if"]
        assert heads["Segments"][:7] == ("Stage", "Segment", "Status", "Reason", "Enterprises", "LQ",
                                         "Revenue (10 thousand yuan)")
        assert heads["Enterprises"] == ("Segment", "Enterprise", "Chain leader", "Basis", "Source")
        assert what_if["known revenue removed"] == "10 thousand yuan"  # GLOSSARY: 万元
        assert "What-if: remove" in out["food.html"]
        assert "upstream" in out["vr.svg"] and "chokepoint" in out["vr.svg"] and "★leader" in out["vr.svg"]
        assert "chain completeness" in out["chains.svg"] and "chain completeness" in out["chains.html"]


@pytest.mark.parametrize(("lang", "unknown", "suffix"), [
    ("zh", "未知产业链 “nope”；已知：", "文件须以 .svg, .png, .json, .html 结尾"),
    ("en", "unknown chain 'nope'; known: ", "the file must end in .svg, .png, .json, .html"),
])
def test_chains_errors_speak_the_users_language(demo_db: Path, lang: str, unknown: str, suffix: str) -> None:
    env, head = {"COLUMNS": "2000", "PACESETTER_LANG": lang}, ["--db", str(demo_db), "--lang", lang, "chains"]
    result = CliRunner().invoke(app, [*head, "diagnose", "nope"], env=env)
    assert result.exit_code == 1 and unknown in result.exception.text(lang)  # type: ignore[union-attr]
    result = CliRunner().invoke(app, [*head, "map", "vr", "-o", "vr.pdf"], env=env)
    assert result.exit_code == 2 and suffix in result.output
