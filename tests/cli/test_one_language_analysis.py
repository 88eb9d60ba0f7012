"""One language at a time for the analysis commands: warnings, needed, bulletin, assess, chains.

Each command's help and a real run on the demo database, in zh and in en, shows no text of the
other language outside data values (the check of tests/cli/test_one_language.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pacesetter.cli.main import app
from tests.cli.test_one_language import data_values, invoke, other_language

RUNS: list[tuple[str, ...]] = [
    ("warnings", "--region", "370200", "--period", "2022-08"),
    ("needed", "--region", "370200", "--period", "2022-08", "--indicator", "above_size_industry_va_growth",
     "--target", "6.0"),
    ("bulletin", "--region", "370200", "--period", "2022-08"),
    ("assess", "--uncertainty", "20"),
    ("assess", "frameworks"),
    ("chains", "list"),
    ("chains", "diagnose", "vr"),
    ("chains", "overview"),
]
HELPS: list[tuple[str, ...]] = [
    ("warnings",), ("needed",), ("bulletin",), ("assess",), ("assess", "frameworks"), ("chains",),
    ("chains", "list"), ("chains", "diagnose"), ("chains", "overview"), ("chains", "map"),
    ("chains", "check"), ("chains", "synth"),
]




@pytest.mark.parametrize("lang", ["zh", "en"])
def test_analysis_commands_speak_one_language(demo_db: Path, lang: str) -> None:
    values = data_values(str(demo_db))
    found = {" ".join(args): other_language(invoke(demo_db, lang, *args), lang, values) for args in RUNS}
    found |= {" ".join(args) + " --help": other_language(invoke(demo_db, lang, *args, "--help"), lang, values)
              for args in HELPS}
    assert {command: pieces for command, pieces in found.items() if pieces} == {}


def test_english_bulletin_names_units_in_english(demo_db: Path) -> None:
    text = invoke(demo_db, "en", "bulletin", "--region", "370200", "--period", "2022-08")
    # Qingdao GDP H1 2022: 7070.35亿元 (zgqdlsjj.com/jdyth/p/56000.html) = 707.04 bn yuan
    assert "GDP amounted to 707.04 bn yuan[^1]" in text
    assert "Jan–Jun 2022, 7070.35 100 million yuan:" in text
    # 1-8月 growth 3.6%, 0.3个百分点 faster than 1-7月 (seed:000_14c0eb08152f58ac.txt)
    assert "Jan–Aug 2022, 0.3 pp:" in text and "3.6 %" not in text
    # 70-city index, 上月=100 (AFAN macropage 70城.xlsx): 100.3 in Aug 2022
    assert "Aug 2022, 100.3 (previous month = 100):" in text
    assert "the sales price of newly built commercial housing was up 0.3%" in text
    unquoted = re.sub(r"“[^”]*”", "", text)  # quotes are the source's own words
    assert not re.search("亿元|个百分点|上月=100", unquoted)


def test_warnings_table_has_one_language_headers(demo_db: Path) -> None:
    zh = invoke(demo_db, "zh", "warnings", "--region", "370200", "--period", "2022-08")
    en = invoke(demo_db, "en", "warnings", "--region", "370200", "--period", "2022-08")
    assert "级别" in zh and "来源：" in zh and "Severity" not in zh and "Sources" not in zh
    assert "Severity" in en and "Sources:" in en and "级别" not in en and "来源" not in en


def test_a_missing_target_is_refused_in_the_users_language(demo_db: Path) -> None:
    args = ("needed", "--region", "370200", "--period", "2022-08",
            "--indicator", "above_size_industry_va_growth")
    for lang, words in (("zh", "目标表中没有 above_size_industry_va_growth 在 370200 2022 年的目标"),
                        ("en", "no target for above_size_industry_va_growth 370200 2022")):
        result = CliRunner().invoke(app, ["--db", str(demo_db), "--lang", lang, *args],
                                    env={"COLUMNS": "2000", "PACESETTER_LANG": lang})
        assert result.exception is not None and words in result.exception.text(lang)  # type: ignore[attr-defined]
