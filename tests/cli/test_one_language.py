"""One language at a time: a command run in zh shows no English, in en no Chinese (issue 13).

Data values are not the product's words: every text value stored in the demo database (names,
quotes, publishers, documents, districts) is taken out of the output before it is checked, and
so are identifiers, codes, paths, URLs, command lines in backticks and the proper names below.
Each area's commands are checked with these in test_one_language_<area>.py.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from pacesetter.cli.main import app

# Proper names and format names that stay as they are in either language.
PROPER = ("Pacesetter", "DuckDB", "Excel", "WPS", "Word", "CSV", "UTF-8", "GBK", "GB18030", "Parquet",
          "PID", "GB/T", "ECharts", "NBS", "USCC")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# two or more English words in a row: a sentence or a phrase, not an id or a unit
ENGLISH = re.compile(r"\b[A-Za-z]{2,}[a-z]*(?:[ ,;:'-]+[A-Za-z]{2,}[a-z]*)+\b")
NEUTRAL = re.compile(r"`[^`]*`|https?://\S+|[\w.\-~]*/[\w./\-]+|--?[a-z][\w-]*|\b\w*[_\d]\w*\b"
                     r"|(?<=用法：) ?pacesetter(?: [a-z][\w-]*)*")  # the command path of a zh usage line

# (the root's --help is checked in test_one_language_cli.py)
@cache
def data_values(db: str) -> tuple[str, ...]:
    """Every text value the database holds, longest first (so a long name goes before its parts)."""
    con = duckdb.connect(db, read_only=True)
    columns = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE data_type = 'VARCHAR' AND table_schema = 'main'").fetchall()
    values: set[str] = set()
    for table, column in columns:
        values |= {v for (v,) in con.execute(f'SELECT DISTINCT "{column}" FROM "{table}"').fetchall()
                   # Chinese values, and English phrases (a short id like "ic" would cut words apart)
                   if isinstance(v, str) and (CJK.search(v) or (" " in v.strip() and len(v) >= 6))}
    con.close()
    return tuple(sorted(values, key=len, reverse=True))


def invoke(db: Path, lang: str, *args: str) -> str:
    """The output of ``pacesetter --db db --lang lang args``, which must succeed, on a wide console."""
    result = CliRunner().invoke(app, ["--db", str(db), "--lang", lang, *args],
                                env={"COLUMNS": "2000", "PACESETTER_LANG": lang})
    assert result.exit_code == 0, result.output
    return result.output


def other_language(text: str, lang: str, values: tuple[str, ...]) -> list[str]:
    """The pieces of ``text`` in the language other than ``lang`` that are not data values."""
    for value in values:
        if value in text:
            text = text.replace(value, " ")
    for name in PROPER:
        text = text.replace(name, " ")
    text = NEUTRAL.sub(" ", text)
    if lang == "en":
        return sorted({line.strip() for line in text.splitlines() if CJK.search(line)})
    return sorted(set(ENGLISH.findall(text)))


def test_the_check_finds_the_other_language() -> None:
    assert other_language("已导入 12 行; encoding: UTF-8", "zh", ()) == []
    assert other_language("已导入 12 行，checking units", "zh", ()) == ["checking units"]
    assert other_language("imported 12 rows of 指标数据", "en", ()) == ["imported   rows of 指标数据"]
    assert other_language("imported 12 rows of 指标数据", "en", ("指标数据",)) == []
    assert other_language("请见 `pacesetter list regions`，或用 --db out/demo.duckdb", "zh", ()) == []
    assert other_language("see `pacesetter list regions`", "zh", ()) == []  # one word: not flagged
