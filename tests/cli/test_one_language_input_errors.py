"""Errors in what a user gives (a code, an option, a file) speak one language at a time.

Each error is reached as a user reaches it, through the CLI on the demo database or on a small
file written here, in zh and in en: the message says the specific thing (the code, the path, the
key) and holds no text of the other language outside codes, names, paths and data values (see
``other_language``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pacesetter.cli.main import app
from pacesetter.errors import PacesetterError
from tests.cli.test_one_language import data_values, other_language

# the words of the release grammar a wording profile may choose from (Chinese in either language)
GRAMMAR_WORDS = ("飞涨", "加快", "提高", "提升", "回升", "上升", "比", "较", "于")
TYPED = ("没有这家企业", "歌尔")  # what the user typed, quoted back


def said(db: Path, lang: str, *args: str) -> str:
    """The message of the error ``pacesetter --db db --lang lang args`` fails with, in ``lang``."""
    result = CliRunner().invoke(app, ["--db", str(db), "--lang", lang, *args],
                                env={"COLUMNS": "2000", "PACESETTER_LANG": lang})
    assert isinstance(result.exception, PacesetterError), result.output
    return result.exception.text(lang)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Small broken files a user could give: a registry, thresholds, wording profiles, warning rules."""
    d = tmp_path_factory.mktemp("input_errors")
    wrong = d / "wrong.parquet"  # industry_code a number, revenue text, employment missing
    pd.DataFrame({"region_code": ["370200"], "industry_code": [3973], "revenue": ["many"]}).to_parquet(wrong)
    return {
        "garbage": write(d / "garbage.parquet", "region_code,industry_code\n370200,3973\n"),
        "wrong": wrong,
        "thresholds": write(d / "thresholds.yaml", "status:\n  weak_lq_below: abc\n  nonsense: 1\n"),
        "word": write(d / "word.yaml", "name: city\nwords:\n  up: 飞涨\n"),
        "keys": write(d / "keys.yaml", "name: city\nlead_in: 于\nbogus: 1\nrate_up: 1\n"),
        "syntax": write(d / "syntax.yaml", "name: city\n  words: [\n"),
        "warn": write(d / "warn.yaml", "rules:\n  - id: x\n    kind: nope\n  - id: y\n"),
        "lights": write(d / "lights.yaml", "rules:\n  - {id: late, metric: days_overdue, name_zh: 逾期, "
                        "name_en: late, yellow: 90, red: 30}\n"),
    }


# (arguments, what the zh message says, what the en message says); "{name}" is the path of files[name]
CASES: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = [
    (("chains", "diagnose", "vr", "--region", "999999"),
     ("未知的行政区划代码 '999999'", "`pacesetter list regions`"),
     ("unknown region code '999999' (GB/T 2260)", "`pacesetter list regions`")),
    (("chains", "diagnose", "vr", "--reference", "999998"),
     ("未知的行政区划代码 '999998'",), ("unknown region code '999998'",)),
    (("chains", "diagnose", "vr", "--registry", "/nonexistent.parquet"),
     ("/nonexistent.parquet：企业名录文件不存在", "--registry"),
     ("/nonexistent.parquet: no such registry file", "--registry")),
    (("chains", "diagnose", "vr", "--registry", "{garbage}"),
     ("{garbage}：不是 Parquet 文件",), ("{garbage}: not a Parquet file",)),
    (("chains", "diagnose", "vr", "--registry", "{wrong}"),
     ("{wrong}：不是企业名录",
      "列 industry_code：[wrong_type] 须为文本（GB/T 4754-2017 行业代码），实为 int64",
      "列 employment：[missing_column] 必需，须为数字（人）或空"),
     ("{wrong}: not an enterprise registry",
      "column industry_code: [wrong_type] must be text (GB/T 4754-2017 code), found int64",
      "column employment: [missing_column] required, must be a number (persons) or empty")),
    (("chains", "diagnose", "vr", "--remove", "没有这家企业"),
     ("没有编号或名称为 '没有这家企业' 的企业",), ("no enterprise with id or name '没有这家企业'",)),
    (("chains", "diagnose", "vr", "--remove", "歌尔"),
     ("没有编号或名称为 '歌尔' 的企业；您要找的是否是：歌尔股份、",),
     ("no enterprise with id or name '歌尔'; did you mean: 歌尔股份, ",)),
    (("chains", "diagnose", "vr", "--thresholds", "{thresholds}"),
     ("{thresholds} 无效", "键 status.weak_lq_below：[float_parsing] 'abc' 不是数字", "键 status.nonsense"),
     ("{thresholds} is not valid", "key status.weak_lq_below: [float_parsing] 'abc' is not a number",
      "key status.nonsense")),
    (("template", "widgets", "-o", "w.csv"),
     ("未知的实体 'widgets'", "observations、indicators"),
     ("unknown entity 'widgets'", "observations, indicators")),
    (("template", "observations", "-o", "t.txt"),
     ("模板只能是 csv 或 xlsx，不能是 'txt'",), ("templates are csv or xlsx, not 'txt'",)),
    (("template", "observations", "--format", "xlsx", "-o", "t.csv"),
     ("t.csv：xlsx 模板的文件名须以 .xlsx 结尾",), ("t.csv: a xlsx template needs a .xlsx file name",)),
    (("export", "observations", "-o", "e.txt"),
     ("无法导出为 'txt'；可选格式：csv、xlsx、parquet",),
     ("cannot export to 'txt'; choose one of csv, xlsx, parquet",)),
    # a registry rules file: the model's own check, in the language (was pydantic's English)
    (("projects", "lights", "--rules", "{lights}"),
     ("{lights} 无效", "键 rules.0：[value_error]", "30", "90"),
     ("{lights} is not valid", "key rules.0: [value_error]", "30", "90")),
    (("bulletin", "--region", "370200", "--period", "2024-06", "--profile", "{word}"),
     ("{word} 无效", "words.up：'飞涨' 不在 加快、提高"),
     ("{word} is not valid", "words.up: '飞涨' is not one of 加快, 提高")),
    (("bulletin", "--region", "370200", "--period", "2024-06", "--profile", "{keys}"),
     ("键 lead_in：[literal_error] '于' 不在可选值 比、较 之中", "键 bogus：[extra_forbidden]",
      "键 rate_up：[string_type] 1 不是文本"),
     ("key lead_in: [literal_error] '于' is not one of 比, 较", "key bogus: [extra_forbidden]",
      "key rate_up: [string_type] 1 is not text")),
    (("bulletin", "--region", "370200", "--period", "2024-06", "--profile", "{syntax}"),
     ("{syntax}，第 2 行第 8 列：[yaml]",), ("{syntax}, line 2, column 8: [yaml]",)),
    (("warnings", "--region", "370200", "--period", "2024-06", "--rules", "{warn}"),
     ("{warn} 无效", "键 rules.0：[union_tag_invalid] 'nope' 不在可选值 below_target_path、",
      "键 rules.1：[union_tag_not_found] 须有键 kind"),
     ("{warn} is not valid", "key rules.0: [union_tag_invalid] 'nope' is not one of below_target_path, ",
      "key rules.1: [union_tag_not_found] the key kind is required")),
    (("bulletin", "--region", "370200", "--period", "2024-06", "--profile", "/nowhere/city.yaml"),
     ("/nowhere/city.yaml：文件不存在",), ("/nowhere/city.yaml: no such file",)),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_input_errors_speak_one_language(demo_db: Path, files: dict[str, Path], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    work = tmp_path / "work"  # templates and exports that are refused would land here
    work.mkdir()
    monkeypatch.chdir(work)
    values = tuple(sorted((*TYPED, *data_values(str(demo_db)), *GRAMMAR_WORDS), key=len, reverse=True))
    for args, zh, en in CASES:
        text = said(demo_db, lang, *(a.format(**files) for a in args))
        for part in zh if lang == "zh" else en:
            assert part.format(**files) in text, (args, text)
        assert other_language(text, lang, values) == [], (args, text)
    assert not list(work.iterdir())  # nothing was written


def test_a_suggestion_names_each_enterprise_once(demo_db: Path) -> None:
    text = said(demo_db, "en", "chains", "diagnose", "vr", "--remove", "歌尔")
    names = text.split("did you mean: ")[1].split(", ")
    assert "歌尔股份" in names and len(names) == len(set(names))
