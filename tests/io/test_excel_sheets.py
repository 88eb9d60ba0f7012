"""Excel files as offices write them (issue 12, deliverable 2): old .xls, title blocks, merged
headers, hidden sheets, formulas, and broken files refused in words.

Every workbook is written here by a real writer (openpyxl for .xlsx, xlwt for .xls), imported
into the demo database through the Workspace or the CLI, and checked cell for cell: the figures
are Qingdao's 2022 GDP, 14920.75 亿元 (《2022年青岛市国民经济和社会发展统计公报》), and the
industrial value added share of GDP, 27.48 % in 2021 (seeds/000, the programme's source).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import xlwt
from msoffcrypto.format.ooxml import OOXMLFile

import pacesetter
from pacesetter.cli.main import main
from pacesetter.errors import ImportRejected, Issue
from pacesetter.testing import store_fingerprint

SOURCE = "青岛市统计局《2022年青岛市国民经济和社会发展统计公报》"
HEADER = ["指标代码", "行政区划代码", "时期", "数值", "单位", "来源", "数据状态", "发布日期"]
GDP = ["gdp", 370200, "2022", 14920.75, "亿元", SOURCE, "final", dt.datetime(2023, 3, 1)]
SHARE = ["industrial_va_share_gdp", 370200, "2021", 27.48, "%", SOURCE, "final", dt.datetime(2022, 3, 1)]


def _landed(ws: pacesetter.Workspace) -> dict[str, tuple]:
    rows = ws.con.execute("SELECT indicator_id, region_code, period, value, unit, vintage FROM observations "
                          "WHERE source = ? ORDER BY indicator_id", [SOURCE]).fetchall()
    return {r[0]: r[1:] for r in rows}


def _refused(db: Path, path: Path) -> list[Issue]:
    """The issues of a refused import, after checking that the database did not change."""
    with pacesetter.open(db) as ws:
        before = store_fingerprint(ws.con)
        with pytest.raises(ImportRejected) as info:
            ws.import_file(path)
        assert store_fingerprint(ws.con) == before, "a refused file changed the database"
    for issue in info.value.issues:
        assert issue.file == str(path) and issue.text("en") and issue.text("zh")
    return info.value.issues


def _government_sheet(path: Path, *rows: list) -> Path:
    """A statistics bureau's layout: a title, a unit line, a two-row header with merged cells,
    the data, a hidden and a very hidden sheet and a notes sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append(["2022年青岛市主要经济指标"])
    ws.merge_cells("A1:H1")
    ws.append(["单位：亿元、%"])
    # row 3: names merged down over rows 3-4, and "数据" grouping value and unit; row 4: the group's names
    ws.append([*HEADER[:3], "数据", None, *HEADER[5:]])
    ws.append([None, None, None, "数值", "单位", None, None, None])
    for col in "ABCFGH":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("D3:E3")
    for row in rows:
        ws.append(row)
    wb.create_sheet("旧数据").sheet_state = "hidden"
    wb["旧数据"].append(["gdp", 370200, "2022", 1.0])  # an old draft: must never land
    wb.create_sheet("计算").sheet_state = "veryHidden"
    wb.create_sheet("说明").append(["本表数据来自统计公报"])
    wb.save(path)
    return path


IGNORED = (("旧数据", "hidden"), ("计算", "hidden"), ("说明", "notes"))


def test_title_block_and_merged_two_row_header_import(demo_db: Path, tmp_path: Path) -> None:
    path = _government_sheet(tmp_path / "指标.xlsx", GDP, [SHARE[0], None, *SHARE[2:]])
    wb = openpyxl.load_workbook(path)
    wb["主要指标"].merge_cells("B5:B6")  # one region code merged over both figures: it holds for each
    wb.save(path)
    with pacesetter.open(demo_db) as ws:
        result = ws.import_file(path)
        assert (result.rows, sorted(result.ignored_sheets)) == (2, sorted(IGNORED))
        assert _landed(ws) == {
            "gdp": ("370200", "2022", 14920.75, "亿元", dt.date(2023, 3, 1)),
            "industrial_va_share_gdp": ("370200", "2021", 27.48, "%", dt.date(2022, 3, 1)),
        }


def test_issues_name_the_row_excel_shows_below_a_title_block(demo_db: Path, tmp_path: Path) -> None:
    # the header ends on row 4, so the second figure is on Excel's row 6
    path = _government_sheet(tmp_path / "指标.xlsx", GDP, [*SHARE[:3], "一万四", *SHARE[4:]])
    issues = _refused(demo_db, path)
    assert [(i.sheet, i.row, i.column, i.rule, i.value) for i in issues] == [
        ("主要指标", 6, "value", "not_a_number", "一万四")]


@pytest.mark.parametrize("dates_1904", [False, True], ids=["1900", "1904"])
def test_old_xls_reads_as_xlsx_does(demo_db: Path, tmp_path: Path, dates_1904: bool) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    book.dates_1904 = dates_1904  # the Mac date system: the same date is a different serial number
    sheet = book.add_sheet("指标数据")
    sheet.write_merge(0, 0, 0, 7, "2022年青岛市主要经济指标")
    for j, h in enumerate(HEADER):
        sheet.write(1, j, h)
    date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for i, row in enumerate([GDP, SHARE], start=2):
        for j, v in enumerate(row):
            if isinstance(v, dt.datetime):
                sheet.write(i, j, v, date)
            else:  # .xls keeps every number as a float: the region is 370200.0 in the file
                sheet.write(i, j, float(v) if isinstance(v, int) else v)
    hidden = book.add_sheet("草稿")
    hidden.visibility = 1
    hidden.write(0, 0, "gdp")
    path = tmp_path / "指标.xls"
    book.save(str(path))
    with pacesetter.open(demo_db) as ws:
        result = ws.import_file(path)
        assert (result.rows, result.ignored_sheets) == (2, (("草稿", "hidden"),))
        assert _landed(ws) == {
            "gdp": ("370200", "2022", 14920.75, "亿元", dt.date(2023, 3, 1)),
            "industrial_va_share_gdp": ("370200", "2021", 27.48, "%", dt.date(2022, 3, 1)),
        }


def _plain(path: Path, *rows: list, header: list | None = None) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "指标数据"
    for row in [header or HEADER, *rows]:
        wb.active.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize(("name", "of"), [("saved-as.xls", "xlsx"), ("old.xlsx", "xls")])
def test_a_workbook_under_the_other_excel_name_is_read(demo_db: Path, tmp_path: Path, name: str,
                                                       of: str) -> None:
    if of == "xlsx":  # WPS and Excel save an .xlsx that some clerk renamed .xls
        path = _plain(tmp_path / name, GDP)
    else:
        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("指标数据")
        for i, row in enumerate([HEADER, [*GDP[:7], "2023-03-01"]]):
            for j, v in enumerate(row):
                sheet.write(i, j, v)
        path = tmp_path / name
        book.save(str(path))
    with pacesetter.open(demo_db) as ws:
        ws.import_file(path)
        assert _landed(ws)["gdp"][2] == 14920.75


def test_a_sheet_without_a_header_row_names_the_likeliest_row(demo_db: Path, tmp_path: Path) -> None:
    # the wide layout of a bulletin's table: indicators down, years across; no row names our columns
    path = _plain(tmp_path / "宽表.xlsx", ["单位：亿元"], ["指标", "2022年", "2021年"],
                  ["地区生产总值", 14920.75, 14136.46], header=["2022年青岛市主要经济指标"])
    [issue] = _refused(demo_db, path)
    assert (issue.sheet, issue.row, issue.rule, issue.value) == (
        "指标数据", 3, "header_not_found", "指标 | 2022年 | 2021年")
    assert "row 3 looks most like a header" in issue.text("en")
    assert "Indicator id (indicator_id), Region code (region_code), Period (period)" in issue.text("en")
    assert "第3行最像表头" in issue.text("zh")
    assert "指标代码 (indicator_id)、行政区划代码 (region_code)" in issue.text("zh")


def test_a_partial_header_is_taken_and_its_missing_columns_named(demo_db: Path, tmp_path: Path) -> None:
    path = _plain(tmp_path / "缺列.xlsx", ["单位：亿元"], HEADER[:3], GDP[:3], header=["2022年主要指标"])
    issues = _refused(demo_db, path)
    assert {(i.row, i.rule) for i in issues} == {(3, "missing_column")}  # the header on row 3
    assert {i.column for i in issues} >= {"数值 (value)", "单位 (unit)", "来源 (source)"}


def test_data_under_a_header_merged_across_columns_is_not_dropped(demo_db: Path, tmp_path: Path) -> None:
    # "数值" merged over D1:E1 names column D only; E holds the unit, which must not vanish unread
    path = _plain(tmp_path / "合并.xlsx", [*GDP[:4], "亿元", SOURCE, "final"],
                  header=[*HEADER[:4], None, *HEADER[5:7]])
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("D1:E1")
    wb.save(path)
    issues = _refused(demo_db, path)
    assert [(i.row, i.column, i.rule, i.value) for i in issues] == [(2, "E", "unnamed_column", "亿元")]
    assert "merged header cell D1:E1" in issues[0].text("en") and "取消合并" in issues[0].text("zh")


def _edit_sheet(path: Path, edit: Callable[[str], str]) -> None:
    """Rewrite the first sheet's XML in place, to make what other writers write."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = edit(parts["xl/worksheets/sheet1.xml"].decode()).encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)


def _with_saved_value(path: Path, cell: str, value: str) -> None:
    """Put a saved value into a formula cell, as Excel does on saving (openpyxl never does)."""
    def edit(sheet: str) -> str:
        start = sheet.index(f'<c r="{cell}"')
        end = sheet.index("</c>", start)
        assert "<v></v>" in sheet[start:end]
        return sheet[:start] + sheet[start:end].replace("<v></v>", f"<v>{value}</v>") + sheet[end:]

    _edit_sheet(path, edit)


def test_a_wrong_sheet_dimension_loses_no_column(demo_db: Path, tmp_path: Path) -> None:
    # exporters often write <dimension ref="A1"/> whatever the sheet holds; the cells are what count
    path = _plain(tmp_path / "导出.xlsx", GDP)
    def shrink(sheet: str) -> str:
        assert '<dimension ref="A1:H2"/>' in sheet
        return sheet.replace('<dimension ref="A1:H2"/>', '<dimension ref="A1"/>')

    _edit_sheet(path, shrink)
    with pacesetter.open(demo_db) as ws:
        ws.import_file(path)
        assert _landed(ws)["gdp"] == ("370200", "2022", 14920.75, "亿元", dt.date(2023, 3, 1))


def test_formulas_give_their_saved_value_or_are_named(demo_db: Path, tmp_path: Path) -> None:
    path = _plain(tmp_path / "公式.xlsx", [*GDP[:3], "=14000+920.75", *GDP[4:]],
                  [*SHARE[:3], "=27+0.48", *SHARE[4:]])
    issues = _refused(demo_db, path)  # written by openpyxl: neither formula has a saved value
    assert [(i.row, i.column, i.rule, i.value) for i in issues] == [
        (2, "数值", "formula_without_value", "=14000+920.75"),
        (3, "数值", "formula_without_value", "=27+0.48")]
    assert "cell D2 holds the formula =14000+920.75 but no saved value" in issues[0].text("en")
    assert "open the file in Excel or WPS and save it" in issues[0].text("en")
    assert "单元格 D2 是公式 =14000+920.75，但没有保存计算结果" in issues[0].text("zh")
    _with_saved_value(path, "D2", "14920.75")
    _with_saved_value(path, "D3", "27.48")
    with pacesetter.open(demo_db) as ws:
        ws.import_file(path)
        assert (_landed(ws)["gdp"][2], _landed(ws)["industrial_va_share_gdp"][2]) == (14920.75, 27.48)


def _encrypted(path: Path) -> None:
    """A workbook protected by a password to open: Excel's OLE container around the encrypted zip."""
    plain = _plain(path.with_suffix(".plain.xlsx"), GDP)
    with plain.open("rb") as src, path.open("wb") as out:
        OOXMLFile(src).encrypt("123456", out)


def _zip_of_text(path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("数据.csv", ",".join(HEADER))
    path.write_bytes(buf.getvalue())


BROKEN = {  # file name: how it is made, the rule, words of the English message
    "empty.xlsx": (lambda p: p.write_bytes(b""), "empty_file", "the file is empty (0 bytes)"),
    "cut.xlsx": (lambda p: p.write_bytes(_plain(p).read_bytes()[:3000]), "damaged_file",
                 "damaged or incomplete"),
    "archive.xlsx": (_zip_of_text, "not_a_workbook", "the file is a zip archive, not an Excel workbook"),
    "locked.xlsx": (_encrypted, "encrypted", "protected by a password to open"),
    "text.xlsx": (lambda p: p.write_text(",".join(HEADER), encoding="utf-8"), "not_a_workbook",
                  "rename it to .csv"),
    "folder.xlsx": (lambda p: p.mkdir(), "not_a_file", "this is a folder, not a file"),
    # what Excel and WPS save as .xls when asked for a "web page" or a "text" file
    "page.xls": (lambda p: p.write_text("<html><body><table><tr><td>gdp</td></tr></table></body></html>"),
                 "not_a_workbook", "a web page (HTML) saved under an Excel name"),
    "tabbed.xls": (lambda p: p.write_bytes("\t".join(HEADER).encode("gbk")), "not_a_workbook",
                   "the file is text (CSV or tab-separated)"),
    "scan.xls": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "not_a_workbook",
                 "a PNG image (a scan?)"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_files_are_refused_in_words(demo_db: Path, tmp_path: Path, name: str) -> None:
    make, rule, words = BROKEN[name]
    path = tmp_path / name
    make(path)
    [issue] = _refused(demo_db, path)
    assert issue.rule == rule and words in issue.text("en")
    assert "Excel" in issue.text("zh") or "文件夹" in issue.text("zh")  # what to do, in Chinese too


def _cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path,
         *args: str) -> tuple[int, str, str]:
    """The real entry point (with its error handling): exit code, stdout and stderr, lines unwrapped."""
    monkeypatch.setenv("COLUMNS", "1000")
    monkeypatch.setattr(sys, "argv", ["pacesetter", "--db", str(db), *args])
    with pytest.raises(SystemExit) as done:
        main()
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def test_cli_imports_a_government_sheet_and_refuses_a_formula_file(
        demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _government_sheet(tmp_path / "指标.xlsx", GDP, SHARE)
    code, out, err = _cli(monkeypatch, capsys, demo_db, "--lang", "zh", "import", str(path))
    assert code == 0, err
    assert "旧数据（隐藏）" in out and "计算（隐藏）" in out and "说明（说明页）" in out
    with pacesetter.open(demo_db) as ws:
        assert _landed(ws)["gdp"][2] == 14920.75
        before = store_fingerprint(ws.con)
    formulas = _plain(tmp_path / "公式.xlsx", [*GDP[:3], "=14000+920.75", *GDP[4:]])
    code, out, err = _cli(monkeypatch, capsys, demo_db, "--lang", "en", "import", str(formulas))
    assert code == 2 and "Traceback" not in err
    assert f"{formulas}, sheet 指标数据, row 2, column 数值: [formula_without_value]" in " ".join(err.split())
    with pacesetter.open(demo_db) as ws:
        assert store_fingerprint(ws.con) == before


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
def test_a_number_formatted_as_a_percentage_is_read_as_shown(demo_db: Path, tmp_path: Path,
                                                            kind: str) -> None:
    # Excel keeps 27.48% as 0.2748 and shows it as 27.48%: the figure is 27.48, not a hundredth of it
    share = [*SHARE[:3], 0.2748, *SHARE[4:]]
    if kind == "xlsx":
        path = _plain(tmp_path / "share.xlsx", share)
        wb = openpyxl.load_workbook(path)
        wb.active["D2"].number_format = "0.00%"
        wb.save(path)
    else:
        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("指标数据")
        for j, h in enumerate(HEADER):
            sheet.write(0, j, h)
        styles = {3: xlwt.easyxf(num_format_str="0.00%"), 7: xlwt.easyxf(num_format_str="YYYY-MM-DD")}
        for j, v in enumerate(share):
            sheet.write(1, j, float(v) if isinstance(v, int) else v, styles.get(j, xlwt.Style.default_style))
        path = tmp_path / "share.xls"
        book.save(str(path))
    with pacesetter.open(demo_db) as ws:
        ws.import_file(path)
        assert _landed(ws) == {"industrial_va_share_gdp": ("370200", "2021", 27.48, "%", dt.date(2022, 3, 1))}


def test_a_cover_sheet_before_the_data_is_left_out_and_named(demo_db: Path, tmp_path: Path) -> None:
    # an office's workbook: a cover page (封面) first, the figures on the second sheet
    wb = openpyxl.Workbook()
    wb.active.title = "封面"
    wb.active.append(["说明：本表由某某局填报"])
    data = wb.create_sheet("数据")
    for row in (HEADER, GDP):
        data.append(row)
    path = tmp_path / "cover.xlsx"
    wb.save(path)
    with pacesetter.open(demo_db) as ws:
        result = ws.import_file(path)
        assert result.rows == 1 and result.ignored_sheets == (("封面", "no_header"),)
        assert _landed(ws) == {"gdp": ("370200", "2022", 14920.75, "亿元", dt.date(2023, 3, 1))}
