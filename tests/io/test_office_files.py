"""Files as offices write them (issue 12, deliverable 2): encodings and numbers as clerks type them.

Every file is written here byte for byte, as Excel or a clerk would leave it; each accepted
form checks the stored value against a hand-computed one, each refused form the rule and
that nothing was written.
"""

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pacesetter.errors import ImportRejected
from pacesetter.io.importer import import_file
from pacesetter.testing import make_store, store_fingerprint

# The template's Chinese headers, as a clerk keeps them; the row is Qingdao's 2022 GDP,
# 14920.75 亿元 (青岛市2022年国民经济和社会发展统计公报, the figure the other io tests use).
HEADER = "指标代码,行政区划代码,时期,数值,单位,来源,数据状态,合成数据,发布日期"
ROW = "gdp,370200,2022,14920.75,亿元,青岛市统计局统计公报,final,否,2023-03-01"


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    return make_store(tmp_path / "s.duckdb")


def _write(tmp_path: Path, data: bytes, name: str = "obs.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _rejected(con: duckdb.DuckDBPyConnection, path: Path) -> list:
    before = store_fingerprint(con)
    with pytest.raises(ImportRejected) as info:
        import_file(con, path)
    assert store_fingerprint(con) == before, "a refused file changed the store"
    return info.value.issues


def _stored(con: duckdb.DuckDBPyConnection, indicator: str = "gdp") -> tuple:
    row = con.execute("SELECT value, unit, source, note FROM observations WHERE indicator_id = ?",
                      [indicator]).fetchone()
    assert row is not None
    return row


# --- encodings ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (f"{HEADER}\n{ROW}\n".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + f"{HEADER}\r\n{ROW}\r\n".encode(), "utf-8-sig"),  # Excel's "CSV UTF-8"
        (f"{HEADER}\r\n{ROW}\r\n".encode("gbk"), "gb18030"),  # Excel's "CSV" on Chinese Windows
    ],
    ids=["utf-8", "utf-8-bom", "gbk"],
)
def test_csv_encodings_are_detected_and_named(tmp_path: Path, con, data: bytes, encoding: str) -> None:
    result = import_file(con, _write(tmp_path, data))
    assert (result.rows, result.written, result.encoding) == (1, 1, encoding)
    # the Chinese headers were matched and the Chinese values arrived intact
    assert _stored(con)[:3] == (14920.75, "亿元", "青岛市统计局统计公报")


def test_gb18030_beyond_gbk_is_read(tmp_path: Path, con) -> None:
    # 𠀀 (U+20000) exists in GB18030 only, as four bytes: GBK cannot hold it
    row = ROW.replace("统计公报", "统计公报𠀀")
    result = import_file(con, _write(tmp_path, f"{HEADER}\n{row}\n".encode("gb18030")))
    assert result.encoding == "gb18030"
    assert _stored(con)[2] == "青岛市统计局统计公报𠀀"


def test_a_file_in_neither_encoding_is_refused_naming_the_line(tmp_path: Path, con) -> None:
    # a UTF-8 file whose line 3 holds 0x80 (a byte no UTF-8 or GB18030 character starts with);
    # its Chinese header, UTF-8 bytes, is already not GB18030 at line 1
    data = f"{HEADER}\n{ROW}\n".encode() + b"gdp,370200,2021,\x80,x\n"
    issues = _rejected(con, _write(tmp_path, data))
    assert [(i.row, i.rule, i.value) for i in issues] == [(3, "encoding", "80")]
    assert "neither UTF-8 (line 3 is not) nor GBK/GB18030 (line 1 is not)" in issues[0].text("en")
    assert "CSV UTF-8" in issues[0].text("en")  # what to do
    assert "第3行，列" not in issues[0].render("zh")
    assert "既不是 UTF-8 编码（第3行不是）也不是 GBK/GB18030 编码（第1行不是）" in issues[0].render("zh")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (f"{HEADER}\n{ROW}\n".encode("utf-16"), "UTF-16 text"),  # Excel's "Unicode Text"
        (f"{HEADER}\n{ROW}\n".encode("utf-16-le"), "NUL bytes"),  # the same without its mark
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL bytes"),  # a scan renamed to .csv
    ],
    ids=["utf-16", "utf-16-no-bom", "png"],
)
def test_files_that_are_not_text_csv_are_refused(tmp_path: Path, con, data: bytes, words: str) -> None:
    issues = _rejected(con, _write(tmp_path, data))
    assert [i.rule for i in issues] == ["encoding"]
    assert words in issues[0].text("en") and issues[0].file.endswith("obs.csv")
    assert issues[0].text("zh")


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pacesetter", "--db", str(db), *args],
                          capture_output=True, text=True, check=False,
                          env={"COLUMNS": "200", "PATH": "/usr/bin"})


def test_cli_names_the_encoding_and_refuses_in_words(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    make_store(db).close()
    gbk = _write(tmp_path, f"{HEADER}\r\n{ROW}\r\n".encode("gbk"), "gbk.csv")
    r = _cli(db, "--lang", "en", "validate", str(gbk))
    assert r.returncode == 0, r.stderr
    assert ("1 observations rows are valid (on import: 1 added, 0 changed, 0 unchanged); "
            "encoding: GBK/GB18030") in r.stdout
    r = _cli(db, "import", str(gbk))
    assert r.returncode == 0, r.stderr
    assert "的指标数据：新增 1 行、变更 0 行、未变 0 行；编码：GBK/GB18030" in r.stdout
    bad = _write(tmp_path, f"{HEADER}\n".encode() + b"\xff\xfe\x80\n", "bad.csv")
    r = _cli(db, "import", str(bad))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "bad.csv，第2行：[encoding] 该文件既不是 UTF-8 编码（第2行不是）" in r.stderr
    with duckdb.connect(str(db)) as c:
        assert c.execute("SELECT count(*) FROM observations").fetchone() == (1,)


# --- numbers as clerks write them ---------------------------------------------------------------

EN = "indicator_id,region_code,period,value,unit,source,status,synthetic,vintage"


def _obs(tmp_path: Path, indicator: str, value: str, unit: str) -> Path:
    row = f'{indicator},370200,2022,"{value}",{unit},https://example.org/qd,final,false,2023-03-01'
    return _write(tmp_path, f"{EN}\n{row}\n".encode())


@pytest.mark.parametrize(
    ("indicator", "cell", "unit", "stored"),
    [
        # Qingdao's 2022 GDP, 14920.75 亿元 (统计公报 2022), as clerks type it
        ("gdp", "14,920.75", "亿元", 14920.75),
        ("gdp", "１４，９２０．７５", "亿元", 14920.75),  # full-width digits and punctuation
        ("gdp", "  14920.75 ", "亿元", 14920.75),
        ("gdp", "\u300014920.75\u3000", "亿元", 14920.75),  # ideographic spaces around it
        ("gdp", "1.492075万亿元", "亿元", 14920.75),  # 1.492075 × 10^12 yuan / 10^8 = 14920.75 亿元
        ("gdp", "1.2 万亿元", "亿元", 12000.0),  # the issue's example: 1.2 × 10^12 / 10^8
        ("gdp", "149,207,500万元", "亿元", 14920.75),  # 149207500 × 10^4 / 10^8
        # industrial value added, share of GDP, Qingdao 2021: 27.48% (seeds/000, the source)
        ("industrial_va_share_gdp", "27.48%", "%", 27.48),
        ("industrial_va_share_gdp", "２７．４８％", "%", 27.48),
        ("industrial_va_share_gdp", "27.48 %", "%", 27.48),
    ],
)
def test_numbers_as_clerks_write_them(tmp_path: Path, con, indicator: str, cell: str, unit: str,
                                      stored: float) -> None:
    import_file(con, _obs(tmp_path, indicator, cell, unit))
    value, unit_stored, _, note = _stored(con, indicator)
    assert value == pytest.approx(stored, rel=1e-12) and unit_stored == unit
    if "万" in cell:  # a conversion is recorded, as for a unit column's
        assert note.startswith("converted from ") and note.endswith(("万亿元", "万元"))


@pytest.mark.parametrize(
    ("indicator", "cell", "unit", "column", "rule", "words"),
    [
        ("gdp", "5.6%", "亿元", "value", "unit_mismatch", "does not fit indicator gdp (亿元)"),
        ("industrial_va_share_gdp", "1.2万亿元", "%", "value", "unit_mismatch",
         "does not fit indicator industrial_va_share_gdp (%)"),
        ("gdp", "1,5", "亿元", "value", "not_a_number", "a thousands separator groups three digits"),
        ("gdp", "14,92,075", "亿元", "value", "not_a_number", "a thousands separator groups three digits"),
        ("gdp", "12 bushels", "亿元", "value", "not_a_number", "unknown unit 'bushels'"),
        ("gdp", "-", "亿元", "value", "not_a_number", "is not a number"),  # a dash is not 0
        ("industrial_va_share_gdp", "127.48%", "%", "value", "impossible_value", "between 0 and 100"),
    ],
)
def test_refused_number_forms_name_the_rule(tmp_path: Path, con, indicator: str, cell: str, unit: str,
                                            column: str, rule: str, words: str) -> None:
    issues = _rejected(con, _obs(tmp_path, indicator, cell, unit))
    assert [(i.row, i.column, i.rule) for i in issues] == [(2, column, rule)]
    assert words in issues[0].text("en") and issues[0].text("zh")


def test_a_unit_in_a_fixed_unit_column_is_refused(tmp_path: Path, con) -> None:
    # a park's area is in 亩 by its header; "1.2万元" must not land as 1.2 亩
    path = _write(tmp_path, "id,name_zh,area_mu\np1,测试园区,1.2万元\np2,另一园区,\"1,200\"\n".encode(),
                  "parks.csv")
    issues = _rejected(con, path)
    assert [(i.row, i.column, i.rule) for i in issues] == [(2, "area_mu", "unit_in_cell")]
    assert "write the number alone in Area (mu) (area_mu)" in issues[0].text("en")
    assert "面积(亩) (area_mu) 的单位是固定的" in issues[0].text("zh")
