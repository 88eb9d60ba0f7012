"""Big files are read block by block (issue 12, deliverable 7): exact across block boundaries.

A tiny block size makes a 300-row file span dozens of blocks, so every rule that looks at
more than one row (row numbers, duplicate keys, the all-or-nothing write) is tested across
them. Rows are synthetic: Qingdao, Ningbo and Laoshan (the test store's regions) × the years
1901–2000, value = the file row number + 0.25, so every stored value is known by hand.
"""

from pathlib import Path

import duckdb
import pytest

from pacesetter.io import readers
from pacesetter.io.importer import import_file
from pacesetter.io.progress import Step
from pacesetter.testing import make_store
from tests.io.test_office_files import _rejected  # refused, and the store unchanged

HEADER = "indicator_id,region_code,period,value,unit,source,note,status,synthetic"
SOURCE = "synthetic:tests/io/test_streaming.py"
REGIONS = ("370200", "330200", "370212")


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of 1 KiB: about ten rows each."""
    monkeypatch.setattr(readers, "CSV_BLOCK_BYTES", 1024)


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    return make_store(tmp_path / "s.duckdb")


def _rows(note: str = "合成") -> list[str]:
    """300 data lines; the one on file row r (header = row 1) has value r + 0.25."""
    return [f"gdp,{REGIONS[i % 3]},{1901 + i // 3},{i + 2}.25,亿元,{SOURCE},{note},final,true"
            for i in range(300)]


def _write(tmp_path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path = tmp_path / "big.csv"
    path.write_bytes("\r\n".join([HEADER, *lines]).encode(encoding))
    return path


def _stored(con: duckdb.DuckDBPyConnection, region: str, period: str) -> tuple:
    row = con.execute("SELECT value, note FROM observations WHERE source = ? AND region_code = ? "
                      "AND period = ?", [SOURCE, region, period]).fetchone()
    assert row is not None
    return row


def test_a_file_of_many_blocks_imports_exactly(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    lines = _rows()
    lines.insert(150, "")  # a blank line: skipped, and the rows below keep their file row numbers
    path = _write(tmp_path, lines)
    steps: list[str] = []
    limit = con.execute("SELECT current_setting('memory_limit')").fetchone()
    result = import_file(con, path, progress=steps.append)  # a plain callable, as in a notebook
    assert con.execute("SELECT current_setting('memory_limit')").fetchone() == limit  # bound lifted
    assert (result.rows, result.added) == (300, 300)
    # file row 2 is the first data line: Qingdao 1901, 2.25; the last (i = 299) sits on row 302
    # below the blank line 152: Laoshan (299 % 3 = 2) in 2000 (1901 + 99), value 301.25
    assert _stored(con, "370200", "1901") == (2.25, "合成")
    assert _stored(con, "370212", "2000") == (301.25, "合成")
    reads = [s for s in steps if isinstance(s, Step) and s.phase == "read" and s.rows]
    assert len(reads) > 20, "the file was read in one piece"
    assert reads[-1].rows == 301 and reads[-1].done == reads[-1].total == path.stat().st_size
    assert [s.done for s in reads] == sorted(s.done for s in reads)
    assert [s.phase for s in steps if isinstance(s, Step)][-2:] == ["validate", "write"]


def test_a_duplicate_key_blocks_apart_is_caught(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    lines = _rows()
    lines[280] = lines[3].replace("5.25", "9.5")  # file row 282 repeats row 5's key (Qingdao 1902)
    issues = _rejected(con, _write(tmp_path, lines))
    assert [(i.row, i.rule, i.text("en")) for i in issues] == [(282, "duplicate_key", "same key as row 5")]


def test_a_bad_cell_in_a_late_block_names_its_row(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    lines = _rows()
    lines[10] = lines[10].replace("合成", '"两\n行"')  # a record of two lines is one row, as in Excel
    lines.insert(40, "")
    lines[290] = lines[290].replace("291.25", "2g1.25")  # i = 289, after the blank: file row 292
    issues = _rejected(con, _write(tmp_path, lines))
    assert [(i.row, i.column, i.rule, i.value) for i in issues] == [(292, "value", "not_a_number", "2g1.25")]


def test_gbk_across_blocks_with_line_breaks_in_cells(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    """A GBK file (as Excel saves CSV in China) is transcoded block by block, and a quoted cell
    holding a line break (Alt+Enter in Excel) stays one cell where a block's bytes end inside it."""
    note = "青岛市统计局公报\n规模以上工业"
    path = _write(tmp_path, _rows(f'"{note}"'), "gbk")
    result = import_file(con, path)
    assert (result.rows, result.encoding) == (300, "gb18030")
    assert _stored(con, "370200", "1901") == (2.25, note)
    # i = 100: Ningbo (100 % 3 = 1) in 1934 (1901 + 33), file row 102 → 102.25
    assert _stored(con, "330200", "1934") == (102.25, note)
    assert con.execute("SELECT count(*) FROM observations WHERE note = ?", [note]).fetchone() == (300,)
