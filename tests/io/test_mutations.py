"""Mutated files never crash `validate` or `import`, and a refused file changes nothing.

For every importable entity, a valid file (a few rows of its export from the demo database; for
observations, synthetic rows new to it) is mutated the way files get damaged or written in offices
(truncated, bytes flipped, columns dropped, duplicated or reordered, rows duplicated, cells blank,
impossible numbers, very long text, control characters, a title block above the header, GBK, the
wrong extension) and given, as CSV or xlsx, to the real command line in process. Any traceback,
any exit code but 0 and 2 (1 is the edge handler: a bug) and any change to the database after a
refusal fails the test. Examples are derandomized (the same in CI every run) and time-boxed.
"""

from __future__ import annotations

import csv
import io
import random
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from pacesetter.io.exporter import export_entity
from pacesetter.io.specs import SPECS
from pacesetter.testing import make_store
from pacesetter.workspace import Workspace
from tests.reliability.helpers import entry_point, fingerprint, observations_csv

Table = list[list[str]]
ROWS = 3  # data rows of each valid file
BUDGET = 10.0  # seconds of examples per entity (11 entities on 2 workers: about 60 s in all)

NUMBERS = ["1e400", "-1e400", "NaN", "nan", "inf", "-Infinity", "-1", "-0", "0", "1e308",
           "99999999999999999999999", "１２３．５", "1,234.5", "12%", "1.2万亿元", "0x1F", "1_000", "--5"]
STRINGS = ["长" * 40_000, "x" * 100_000, "\x00\x01\x07\x1b", "a\r\nb\rc", "\ufeff", "\u202e反转", "=1+1",
           "'", '"', "\t", "NULL", "None", "#N/A", "🏭" * 50]


def _cell(table: Table, draw: st.DrawFn) -> tuple[int, int]:
    row = draw(st.integers(0, len(table) - 1))
    return row, draw(st.integers(0, max(len(table[row]) - 1, 0)))


def _set(table: Table, at: tuple[int, int], value: str) -> None:
    row, col = at
    if col < len(table[row]):
        table[row][col] = value


def _columns(table: Table, draw: st.DrawFn, how: str) -> None:
    width = max(len(r) for r in table)
    col = draw(st.integers(0, width - 1))
    for r in table:
        r.extend([""] * (width - len(r)))
        if how == "drop":
            del r[col]
        elif how == "duplicate":
            r.append(r[col])
    if how == "reorder":
        order = draw(st.permutations(range(width)))
        table[:] = [[r[i] for i in order] for r in table]


def _title_block(table: Table, blank_rows: int) -> None:
    """A government sheet's title (and blank rows) above the real header."""
    table[0:0] = [["青岛市统计局 2024年报表"], *([] for _ in range(blank_rows))]


MUTATIONS: dict[str, Callable[[Table, st.DrawFn], None]] = {
    "drop a column": lambda t, d: _columns(t, d, "drop"),
    "duplicate a column": lambda t, d: _columns(t, d, "duplicate"),
    "reorder the columns": lambda t, d: _columns(t, d, "reorder"),
    "duplicate a row": lambda t, d: t.append(list(t[d(st.integers(1, len(t) - 1))] if len(t) > 1 else t[0])),
    "blank a cell": lambda t, d: _set(t, _cell(t, d), ""),
    "an odd number": lambda t, d: _set(t, _cell(t, d), d(st.sampled_from(NUMBERS))),
    "an odd string": lambda t, d: _set(t, _cell(t, d), d(st.sampled_from(STRINGS))),
    "a title block above the header": lambda t, d: _title_block(t, d(st.integers(0, 3))),
    "a ragged row": lambda t, d: t.append(["x"] * d(st.integers(1, 30))),
    "no data rows": lambda t, d: t.__delitem__(slice(1, None)),
}


def _csv(table: Table, encoding: str) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(table)
    return text.getvalue().encode(encoding, errors="replace")


def _xlsx(table: Table, sheet: str) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in table:  # what openpyxl cannot store (control characters) is left out, as Excel would
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _damage(data: bytes, draw: st.DrawFn) -> bytes:
    """Byte-level damage: none, truncated, bytes flipped, or bytes inserted."""
    how = draw(st.sampled_from(["none", "none", "truncate", "flip", "insert"]))
    note(f"bytes: {how}")
    if how == "none" or not data:
        return data
    at = draw(st.integers(0, 9999)) * len(data) // 10_000  # a share of the length: an xlsx's varies by run
    if how == "truncate":
        return data[:at]
    if how == "flip":
        rng = random.Random(draw(st.integers(0, 2**16)))
        buf = bytearray(data)
        for i in {at, *(rng.randrange(len(buf)) for _ in range(rng.randint(0, 8)))}:
            buf[i] ^= 1 << rng.randrange(8)
        return bytes(buf)
    return data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]


def _seed(entity: str, db: Path, folder: Path) -> Table:
    """A valid file of ``entity`` as a table: header and ROWS rows of its export (observations: new rows)."""
    path = folder / f"seed-{entity}.csv"
    if entity == "observations":  # its export is 75,000 rows: generated rows are as valid and cheaper
        observations_csv(db, path, ROWS, "mutations")
    else:  # the lossless export of every column (projects' own export is the bureau workbook)
        with Workspace(db, read_only=True) as ws:
            export_entity(ws.con, entity, path)
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))[: ROWS + 1]


def _refused_or_done(db: Path, args: list[str]) -> int:
    """Run ``pacesetter --db db ARGS`` in process; it must end in 0 or 2, never a traceback."""
    result = CliRunner().invoke(entry_point, ["--db", str(db), *args])
    text = result.output
    assert "Traceback" not in text, text[-3000:]
    assert result.exit_code in (0, 2), f"exit {result.exit_code}: {text[-3000:]}"
    return result.exit_code


def test_a_ragged_csv_row_is_refused_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACESETTER_LOG_DIR", str(tmp_path / "logs"))
    db = tmp_path / "store.duckdb"
    make_store(db).close()
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("indicator_id,region_code,period,value,unit,source,status,synthetic\n"
                      "gdp,370200,2022,1,亿元,s,final,false\nx\n\n"
                      "gdp,370200,2021,1,亿元,\"s,\nt\",final,false,extra\n", encoding="utf-8")
    result = CliRunner().invoke(entry_point, ["--db", str(db), "validate", str(ragged)])
    assert result.exit_code == 2, result.output
    # rows 3 and 5 (a blank row 4 between; a quoted cell over two lines is one row)
    text = result.output.replace("\n", "")  # the console wraps long lines
    assert "第3行有 1 个单元格，而表头有 8 列" in text
    assert "第5行有 9 个单元格，而表头有 8 列" in text


@pytest.mark.parametrize("entity", sorted(SPECS))
def test_mutated_files_are_read_or_refused_in_words(
        entity: str, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACESETTER_LOG_DIR", str(tmp_path / "logs"))  # a bug's crash log stays here
    seed = _seed(entity, demo_db, tmp_path)
    state: dict[str, object] = {"fingerprint": fingerprint(demo_db), "failed": False}
    end = time.monotonic() + BUDGET

    @settings(max_examples=15, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def check(data: st.DataObject) -> None:
        table = [list(r) for r in seed]
        for name in data.draw(st.lists(st.sampled_from(sorted(MUTATIONS)), max_size=3), label="mutations"):
            MUTATIONS[name](table, data.draw)
        fmt = data.draw(st.sampled_from(["csv", "xlsx"]), label="format")
        if fmt == "csv":
            encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk"]), label="encoding")
            content = _csv(table, encoding)
        else:
            sheet = data.draw(st.sampled_from([entity, SPECS[entity].zh, "Sheet1"]), label="sheet")
            content = _xlsx(table, sheet)
        content = _damage(content, data.draw)
        suffix = data.draw(st.sampled_from([fmt, fmt, "xlsx" if fmt == "csv" else "csv", "xls", "txt"]),
                           label="extension")
        path = tmp_path / f"{entity}.{suffix}"
        path.write_bytes(content)
        lang = data.draw(st.sampled_from(["zh", "en"]), label="lang")
        if time.monotonic() > end and not state["failed"]:
            return  # the time box is spent: the remaining examples are drawn (alike every run), not run
        state["failed"] = True  # until this example passes: a failing one is always run again
        codes = [_refused_or_done(demo_db, ["--lang", lang, command, str(path)])
                 for command in ("validate", "import")]
        after = fingerprint(demo_db)
        if codes[1] == 2:
            assert after == state["fingerprint"], f"a refused file changed the database: {codes}"
        state.update(fingerprint=after, failed=False)  # a file that imported is the next baseline

    check()
