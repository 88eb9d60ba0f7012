"""Read an Excel workbook, as offices write it, as columns of strings the way the user sees them.

Both ``.xlsx`` (openpyxl, read-only) and old ``.xls`` (xlrd) are read, told apart by their bytes,
not their names: Excel and WPS often save an ``.xls`` that is really a zip workbook, a web page
or a text file. A title block above the header ("2025年1-10月青岛市主要经济指标", "单位：亿元") is
skipped: the header row is found. Hidden sheets and notes sheets are left out and named, formula
cells give their saved value. A file that is no workbook (empty, damaged, encrypted, a folder,
HTML, text, a scan) is refused in words naming it, what it is and what to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import itertools
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from xml.etree import ElementTree as ET

import pyarrow as pa

from pacesetter.errors import ImportRejected, Issue, PacesetterError, Said
from pacesetter.io.specs import SPECS, EntitySpec

if TYPE_CHECKING:
    import xlrd.sheet
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

Columns = dict[str, pa.Array | pa.ChunkedArray]

HEADER_SEARCH = 30  # the header row is looked for among the sheet's first rows
_CHUNK = 1 << 20


@dataclass
class RawSheet:
    """One sheet as read: headers in order and columns of strings, before mapping to an entity.

    ``header_row`` is the row (1-based, as Excel numbers it) that holds the headers; the data
    start on the row after it.
    """

    name: str | None
    headers: list[str]
    columns: Columns
    header_row: int = 1


@dataclass
class RawFile:
    """A file's data sheets, the CSV's text encoding, and the sheets left out (named in the report).

    ``ignored`` holds each sheet left out as (name, why): ``notes`` for a notes sheet (说明,
    README), ``hidden`` for a sheet hidden or very hidden in Excel, ``no_header`` for a sheet
    with no header beside others that have one (a cover page); the report words them.
    """

    sheets: list[RawSheet]
    encoding: str | None = None  # None for Excel and Parquet, whose formats fix their own
    ignored: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Grid:
    """One sheet as its workbook gives it, before the header is found."""

    rows: Iterator[Sequence[object]]  # cell values, Excel's row 1 first
    merges: list[tuple[int, int, int, int]]  # merged ranges: first row, first col, last row, last col
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → formula, no value


# One sheet of a workbook: its name, whether hidden, and how to read it.
_SheetSource = tuple[str, bool, Callable[[], _Grid]]

def _refuse(path: Path, rule: str, value: object, key: str, **values: object) -> ImportRejected:
    """The whole file refused, worded by ``io.rules.<key>``."""
    return ImportRejected([Issue(str(path), None, None, None, rule, value, key=f"io.rules.{key}",
                                 values=values)])


def _not_a_workbook(path: Path, what: str, value: str) -> ImportRejected:
    """Refused as a file of kind ``what`` (``io.rules.file_is.<what>``), not a workbook."""
    return _refuse(path, "not_a_workbook", value, "not_a_workbook", what=Said(f"io.rules.file_is.{what}"))


def _damaged(path: Path, detail: str) -> ImportRejected:
    return _refuse(path, "damaged_file", detail, "damaged_file")


def _encrypted(path: Path) -> ImportRejected:
    return _refuse(path, "encrypted", "password", "encrypted")


# What a file that is not a workbook is, by its first bytes (io.rules.file_is.<kind>).
_MAGIC = [
    (b"%PDF", "pdf"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"Rar!", "rar"),
    (b"7z\xbc\xaf", "7z"),
]
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the Office 97-2003 container (.xls, .doc; encrypted .xlsx)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def _sniff(path: Path) -> str:
    """``xlsx`` or ``xls`` by the file's bytes; anything else is refused in words."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head:
        raise _refuse(path, "empty_file", 0, "empty_file")
    if head.startswith(_ZIP):
        return _sniff_zip(path)
    if head.startswith(_OLE):
        return _sniff_ole(path)
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise _not_a_workbook(path, what, head[:8].hex(" "))
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in head:
            raise _not_a_workbook(path, "xml2003", "XML")
        raise _not_a_workbook(path, "html", "HTML")
    if b"\x00" not in head:
        raise _refuse(path, "not_a_workbook", "text", "text_not_workbook")
    raise _not_a_workbook(path, "unknown", head[:8].hex(" "))


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _damaged(path, str(exc)) from exc
    if "xl/workbook.xml" in names or any(n.startswith("xl/worksheets/") for n in names):
        return "xlsx"
    if "word/document.xml" in names:
        raise _not_a_workbook(path, "docx", "docx")
    if any(n.startswith("ppt/") for n in names):
        raise _not_a_workbook(path, "pptx", "pptx")
    if "content.xml" in names:
        raise _not_a_workbook(path, "ods", "ods")
    raise _not_a_workbook(path, "zip", "zip")


def _sniff_ole(path: Path) -> str:
    """An Office 97-2003 container: an old workbook, an encrypted new one, or another Office file."""
    import xlrd.compdoc

    try:
        doc = xlrd.compdoc.CompDoc(path.read_bytes(), logfile=io.StringIO())
    except (xlrd.compdoc.CompDocError, struct.error, IndexError, ValueError) as exc:
        raise _damaged(path, str(exc)) from exc
    names = {d.name for d in doc.dirlist}
    if names & {"EncryptedPackage", "EncryptionInfo"}:
        raise _encrypted(path)
    if names & {"Workbook", "Book"}:
        return "xls"
    if "WordDocument" in names:
        raise _not_a_workbook(path, "doc", "doc")
    raise _not_a_workbook(path, "ole", "OLE")


def read_excel(path: Path) -> RawFile:
    """The workbook's data sheets as strings, each from the row below its header row.

    Notes sheets (说明, README) and hidden sheets are left out and named in ``ignored``. Problems
    of the sheets (no header row, data under an empty header, a formula without a saved value) are
    collected over every sheet and raised together as :class:`ImportRejected`; a workbook that
    breaks while being read is refused as damaged.
    """
    import xlrd.compdoc
    from openpyxl.utils.exceptions import InvalidFileException
    from xlrd.biffh import XLRDError

    reader = _xlsx_sheets if _sniff(path) == "xlsx" else _xls_sheets
    out = RawFile([])
    issues: list[Issue] = []
    try:
        with contextlib.closing(reader(path)) as sheets:
            for name, hidden, load in sheets:
                if name.startswith(("说明", "README")):
                    out.ignored.append((name, "notes"))
                elif hidden:
                    out.ignored.append((name, "hidden"))
                elif sheet := _read_sheet(str(path), name, load(), issues):
                    out.sheets.append(sheet)
    except PacesetterError:
        raise
    # what openpyxl, xlrd, zipfile and the XML parser raise on a damaged file (ImportRejected is a
    # ValueError too, hence the clause above)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, IndexError, ET.ParseError,
            struct.error, AssertionError, ValueError, TypeError, InvalidFileException,
            XLRDError, xlrd.compdoc.CompDocError) as exc:
        raise _damaged(path, f"{type(exc).__name__}: {exc}") from exc
    if out.sheets:  # a cover or notes page before the data (封面) is left out, named, not refused
        for issue in [i for i in issues if i.rule == "header_not_found"]:
            issues.remove(issue)
            out.ignored.append((str(issue.sheet), "no_header"))
    if issues:
        raise ImportRejected(issues)
    return out


def _xlsx_sheets(path: Path) -> Generator[_SheetSource]:
    import openpyxl

    with path.open("rb") as fh:  # a file object: openpyxl then reads an .xlsx saved as .xls too
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        try:
            for ws in wb.worksheets:
                hidden = ws.sheet_state in ("hidden", "veryHidden")
                yield ws.title, hidden, functools.partial(_xlsx_grid, wb, ws)
        finally:
            wb.close()


def _xlsx_grid(wb: Workbook, ws: ReadOnlyWorksheet) -> _Grid:
    # the sheet's XML in the workbook's zip (openpyxl 3.1 keeps both on these private names)
    archive, member = wb._archive, ws._worksheet_path  # type: ignore[attr-defined]
    merges, has_formulas = _scan_xml(archive, member)
    formulas = _unsaved_formulas(archive, member) if has_formulas else {}
    # many exporters write a wrong <dimension> (often just "A1"), and openpyxl would cut every row
    # to it: read the cells that are there instead
    ws.reset_dimensions()
    rows: Iterator[Sequence[object]] = ws.iter_rows(values_only=True)  # type: ignore[misc]
    if styles := _percent_styles(wb):
        rows = _as_shown(rows, _styled_cells(archive, member, styles))
    return _Grid(rows, merges, formulas)


def _percent_styles(wb: Workbook) -> set[int]:
    """Indexes of the workbook's cell styles whose number format shows a percentage (0.052 as 5.2%)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    custom = {i + 164: f for i, f in enumerate(wb._number_formats)}  # type: ignore[attr-defined]
    out = set()
    for i, style in enumerate(wb._cell_styles):  # type: ignore[attr-defined]
        code = BUILTIN_FORMATS.get(style.numFmtId) or custom.get(style.numFmtId) or ""
        if "%" in re.sub(r'"[^"]*"|\\.', "", code):  # a % outside quoted text shows a percentage
            out.add(i)
    return out


_CELL_TAG = re.compile(rb'<(?:\w+:)?c\s([^>]*)>')
_ATTR = re.compile(rb'\b(r|s)="([^"]*)"')


def _styled_cells(archive: zipfile.ZipFile, member: str, styles: set[int]) -> set[tuple[int, int]]:
    """(row, col) of the sheet's cells whose style is one of ``styles``, from its XML."""
    from openpyxl.utils.cell import coordinate_to_tuple

    wanted = {str(i).encode() for i in styles}
    out: set[tuple[int, int]] = set()
    tail = b""
    with archive.open(member) as fh:
        while chunk := fh.read(_CHUNK):
            buf = tail + chunk
            cut = buf.rfind(b"<")  # a tag cut by the chunk's end is read whole with the next one
            for m in _CELL_TAG.finditer(buf, 0, cut):
                attrs = dict(_ATTR.findall(m[1]))
                if attrs.get(b"s") in wanted and b"r" in attrs:
                    out.add(coordinate_to_tuple(attrs[b"r"].decode()))
            tail = buf[cut:]
    return out


def _as_shown(rows: Iterable[Sequence[object]], percent: set[tuple[int, int]]) -> Iterator[Sequence[object]]:
    """Rows with a number formatted as a percentage read as the sheet shows it: 0.052 as "5.2%"
    (what the user sees and would have typed), not 0.052, a hundredth of the figure."""
    for r, row in enumerate(rows, start=1):
        if not any((r, c) in percent for c in range(1, len(row) + 1)):
            yield row
            continue
        yield [_percent_text(v) if (r, c) in percent else v for c, v in enumerate(row, start=1)]


def _percent_text(v: object) -> object:
    """A number as the percentage it shows (0.052 → "5.2%", exactly: decimal, not float, arithmetic)."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return v
    shown = (Decimal(repr(v)) * 100).normalize()
    return f"{shown:f}%"


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+):([A-Z]+\d+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _scan_xml(archive: zipfile.ZipFile, member: str) -> tuple[list[tuple[int, int, int, int]], bool]:
    """The sheet's merged ranges, and whether it holds any formula, in one streaming pass over its XML.

    openpyxl's read-only mode does not read merged cells; a byte search is much cheaper than
    parsing the XML a second time, which only sheets with formulas need (``_unsaved_formulas``).
    """
    from openpyxl.utils.cell import coordinate_to_tuple

    refs: set[tuple[bytes, bytes]] = set()
    has_formulas = False
    tail = b""
    with archive.open(member) as fh:
        while chunk := fh.read(_CHUNK):
            buf = tail + chunk
            refs.update((m[1], m[2]) for m in _MERGE.finditer(buf))
            has_formulas = has_formulas or _FORMULA.search(buf) is not None
            tail = buf[-256:]  # a tag cut by the chunk's end is found whole in the next buffer
    merges = []
    for a, b in refs:
        (r1, c1), (r2, c2) = coordinate_to_tuple(a.decode()), coordinate_to_tuple(b.decode())
        merges.append((r1, c1, r2, c2))
    return sorted(merges), has_formulas


def _unsaved_formulas(archive: zipfile.ZipFile, member: str) -> dict[tuple[int, int], str]:
    """Formula cells with no saved value, as (row, col) → formula text; streaming, rows freed as read.

    Excel saves every formula's value; a program that writes formulas without calculating them
    (openpyxl, many exporters) leaves the value out or empty. An empty value of a string formula
    (``t="str"``) is a saved empty text.
    """
    from openpyxl.utils.cell import coordinate_to_tuple

    out: dict[tuple[int, int], str] = {}
    rows: ET.Element | None = None
    with archive.open(member) as fh:
        for event, el in ET.iterparse(fh, events=("start", "end")):
            tag = el.tag.rsplit("}", 1)[-1]
            if event == "start":
                if tag == "sheetData":
                    rows = el
                continue
            if tag == "c" and (ref := el.get("r")):
                parts = {child.tag.rsplit("}", 1)[-1]: child for child in el}
                f, v = parts.get("f"), parts.get("v")
                if f is not None and (v is None or (not v.text and el.get("t") != "str")):
                    out[coordinate_to_tuple(ref)] = f.text or ""
            elif tag == "row" and rows is not None:
                rows.clear()  # keep memory flat: the rows read so far are done with
    return out


def _xls_sheets(path: Path) -> Generator[_SheetSource]:
    """An old .xls workbook through xlrd; its formulas always carry their saved values."""
    import xlrd
    from xlrd.biffh import XLRDError

    try:  # xlrd writes its warnings to a log file, stdout by default
        book = xlrd.open_workbook(str(path), formatting_info=True, logfile=io.StringIO())
    except XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise _encrypted(path) from exc
        raise
    percent = {i for i, xf in enumerate(book.xf_list)
               if "%" in re.sub(r'"[^"]*"|\\.', "", book.format_map[xf.format_key].format_str)}
    for sheet in book.sheets():
        yield sheet.name, sheet.visibility != 0, functools.partial(_xls_grid, sheet, book.datemode, percent)


def _xls_grid(sheet: xlrd.sheet.Sheet, datemode: Literal[0, 1], percent: set[int]) -> _Grid:
    rows = ([_xls_cell(c, datemode, percent) for c in sheet.row(r)] for r in range(sheet.nrows))
    return _Grid(rows, [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in sheet.merged_cells])


def _xls_cell(cell: object, datemode: Literal[0, 1], percent: set[int]) -> object:
    """A cell's value, as a percentage's text where its format shows one (see :func:`_as_shown`)."""
    value = _xls_value(cell, datemode)
    return _percent_text(value) if cell.xf_index in percent else value  # type: ignore[attr-defined]


def _xls_value(cell: object, datemode: Literal[0, 1]) -> object:
    """A cell of xlrd as openpyxl gives it: dates as datetimes (in the workbook's date system)."""
    import xlrd

    ctype, value = cell.ctype, cell.value  # type: ignore[attr-defined]
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if ctype == xlrd.XL_CELL_DATE:
        try:
            y, mo, d, h, mi, s = xlrd.xldate_as_tuple(value, datemode)
        except xlrd.XLDateError:
            return value  # a number Excel cannot show as a date: keep the number
        return dt.time(h, mi, s) if y == 0 else dt.datetime(y, mo, d, h, mi, s)
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    return value


def _read_sheet(file: str, name: str, grid: _Grid, issues: list[Issue]) -> RawSheet | None:
    """One sheet's columns below its header row; None for an empty sheet or one with no header."""
    rows = _filled(grid.rows, grid.merges)
    top = [[_cell_text(v) for v in r] for r in itertools.islice(rows, HEADER_SEARCH)]
    if not any(any(top_row) for top_row in top):
        return None
    at = _header_row(file, name, top, issues)
    if at is None:
        return None
    headers = [(h or "").strip() for h in top[at - 1]]
    cols: list[list[str | None]] = [[] for _ in headers]
    unnamed: dict[int, tuple[int, str]] = {}  # data under an empty header: col → its first row, value
    last = 0  # blank rows inside the data keep their place, so row numbers match Excel
    data = itertools.chain(top[at:], ([_cell_text(v) for v in r] for r in rows))
    for i, cells in enumerate(data, start=1):
        if any(cells):
            last = i
        for j, v in enumerate(cells):
            if j < len(headers) and headers[j]:
                cols[j].append(v)
            elif v and j not in unnamed:
                unnamed[j] = (at + i, v)
        for j in range(len(cells), len(headers)):
            cols[j].append(None)
    issues.extend(_unnamed_column(file, name, at, j, row, v, grid.merges) for j, (row, v) in unnamed.items())
    issues.extend(_formula_issue(file, name, row, headers[c - 1], c, f)
                  for (row, c), f in sorted(grid.formulas.items())
                  if at < row <= at + last and c <= len(headers) and headers[c - 1])
    columns: Columns = {}
    for h, c in zip(headers, cols, strict=True):
        if h and h not in columns:  # a repeated header is read_sheets' duplicate_column
            columns[h] = pa.array(c[:last], pa.string())
    return RawSheet(name, [h for h in headers if h], columns, at)


def _filled(rows: Iterable[Sequence[object]], merges: list[tuple[int, int, int, int]]
            ) -> Iterator[Sequence[object]]:
    """Rows with a vertically merged cell's value in every row it spans, as the user sees it.

    A header cell merged down over a two-row header, or a region merged over the rows it applies
    to, means that value in each row; Excel keeps it in the top cell only. A cell merged across
    columns names only its first column (see ``_unnamed_column``).
    """
    down: dict[int, list[tuple[int, int]]] = {}  # first row → (column, last row) of each merge down
    for r1, c1, r2, _ in merges:
        if r2 > r1:
            down.setdefault(r1, []).append((c1, r2))
    if not down:
        yield from rows
        return
    carry: dict[int, tuple[object, int]] = {}  # column → the merged value, the last row it fills
    for r, row in enumerate(rows, start=1):
        cells = list(row)
        for c, r2 in down.get(r, ()):
            if c <= len(cells) and cells[c - 1] is not None:
                carry[c] = (cells[c - 1], r2)
        for c, (value, until) in list(carry.items()):
            if r > until:
                del carry[c]
            elif c <= len(cells):
                cells[c - 1] = value
            else:
                cells.extend([None] * (c - 1 - len(cells)) + [value])
        yield cells


def _header_row(file: str, sheet: str, top: list[list[str | None]], issues: list[Issue]) -> int | None:
    """The row (1-based) holding the header: the first row naming every required column of an entity.

    Among such rows the one naming most columns wins (a two-row header repeats merged names in its
    upper row). Failing that, a row naming two or more columns of an entity is taken, so that
    read_sheets names the missing ones; else the sheet is refused, pointing at its likeliest row.
    """
    scores = [_score([(h or "").strip() for h in cells]) for cells in top]
    full = [i for i, (_, ok, _) in enumerate(scores) if ok]
    if full:
        return max(full, key=lambda i: (scores[i][0], -i)) + 1  # most columns, then the first
    i = max(range(len(top)), key=lambda i: (scores[i][0], -i))
    if scores[i][0] >= 2:
        return i + 1
    if scores[i][0] == 0:  # no cell names a column: point at the row with most text
        i = max(range(len(top)), key=lambda k: (sum(1 for v in top[k] if v), -k))
    spec = scores[i][2] or SPECS["observations"]
    shown = [v for v in top[i] if v][:6]
    issues.append(Issue(
        file, sheet, i + 1, None, "header_not_found", " | ".join(shown), key="io.rules.header_not_found",
        values={"search": HEADER_SEARCH, "row": i + 1, "entity": spec, "name": spec.name,
                "required": tuple(c for c in spec.columns if c.required)}))
    return None


def _score(cells: list[str]) -> tuple[int, bool, EntitySpec | None]:
    """How many columns of its best entity a row names, whether all required ones, and that entity."""
    best: tuple[int, bool, EntitySpec | None] = (0, False, None)
    for spec in SPECS.values():
        matched = {c.name for h in cells if h and (c := spec.match_header(h))}
        ok = bool(matched) and all(c.name in matched for c in spec.columns if c.required)
        if (ok, len(matched)) > (best[1], best[0]):
            best = (len(matched), ok, spec)
    return best


def _unnamed_column(file: str, sheet: str, at: int, j: int, row: int, value: str,
                    merges: list[tuple[int, int, int, int]]) -> Issue:
    """Data under an empty header cell: never dropped silently, the sheet is refused naming it."""
    from openpyxl.utils.cell import get_column_letter

    col = get_column_letter(j + 1)
    merged = next((m for m in merges if m[0] <= at <= m[2] and m[1] < j + 1 <= m[3]), None)
    if merged:
        span = f"{get_column_letter(merged[1])}{merged[0]}:{get_column_letter(merged[3])}{merged[2]}"
        why = Said("io.rules.unnamed_column.merged", span=span)
    else:
        why = Said("io.rules.unnamed_column.empty", cell=f"{col}{at}")
    return Issue(file, sheet, row, col, "unnamed_column", value, key="io.rules.unnamed_column.line",
                 values={"column": col, "why": why})


def _formula_issue(file: str, sheet: str, row: int, header: str, col: int, formula: str) -> Issue:
    from openpyxl.utils.cell import get_column_letter

    cell = f"{get_column_letter(col)}{row}"
    return Issue(file, sheet, row, header, "formula_without_value", f"={formula}",
                 key="io.rules.formula_without_value", values={"cell": cell, "formula": formula})


def _cell_text(v: object) -> str | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))  # Excel keeps every number as a float: 370200.0 is the code 370200
    return str(v)
