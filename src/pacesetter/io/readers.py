"""Read a user's CSV, Excel or Parquet file into a table of strings with row numbers.

Every cell becomes text (dates as ISO strings) so that validation sees what the
user wrote; ``_row`` is the row number the user sees in Excel (header = row 1),
or the 1-based record number in a Parquet file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pacesetter.errors import ImportRejected, InputError, Issue
from pacesetter.io import specs
from pacesetter.io.excel import Columns, RawFile, RawSheet, read_excel
from pacesetter.io.specs import SPECS, EntitySpec


@dataclass
class Sheet:
    """One sheet of strings: ``table`` has spec column names plus ``_row``."""

    file: str
    name: str | None
    table: pa.Table | None = None
    sql: str | None = None  # instead of a table: a DuckDB SELECT of _row and the columns as text
    batches: Iterator[CsvBatch] | None = None  # instead of a table: a CSV read block by block


@dataclass(frozen=True)
class CsvBatch:
    """One block of a CSV being streamed: its rows (spec column names plus ``_row``) and
    how far into the file it reaches, for a progress bar."""

    table: pa.Table
    bytes_read: int
    file_size: int


_IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".pdf")


def detect_format(path: Path) -> str:
    """csv, xlsx (also .xls and .xlsm) or parquet, by the file's suffix; anything else is refused in words."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return "xlsx"  # read_excel tells .xlsx from old .xls (and from files misnamed either) by content
    if suffix == ".parquet":
        return "parquet"
    if suffix in _IMAGES:
        raise InputError.said("io.file.scan", path=path, suffix=suffix)
    if suffix:
        raise InputError.said("io.file.unreadable_suffix", path=path, suffix=suffix)
    raise InputError.said("io.file.no_suffix", path=path)


_BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 20


def _blocks(fh: BinaryIO, size: int) -> Iterator[bytearray]:
    """The file in pieces of about ``size`` bytes, each ending where a CSV record ends.

    A piece ends at a line end with an even count of quotes before it, so a quoted cell holding
    a line break is never cut (a stray quote makes the rest of the file one piece, as it makes
    it one cell); no byte of a UTF-8 or GB18030 multi-byte character is a newline or a quote,
    so no character is cut either.
    """
    quotes = 0
    while chunk := fh.read(size):
        piece = bytearray(chunk)
        quotes += chunk.count(b'"')
        while (quotes % 2 or not piece.endswith(b"\n")) and (line := fh.readline()):
            piece += line
            quotes += line.count(b'"')
        yield piece


def _first_bad_line(path: Path, codec: str) -> tuple[int, bytes] | None:
    """The first line (1-based) that ``codec`` cannot decode, and its offending bytes; None if all decode.

    Reads 1 MB chunks cut at line ends, so memory stays bounded; no UTF-8 or GB18030 multi-byte
    character contains a newline byte, so a cut never splits one.
    """
    lines = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK) + fh.readline():
            try:
                chunk.decode(codec)
            except UnicodeDecodeError as exc:
                return lines + chunk.count(b"\n", 0, exc.start) + 1, chunk[exc.start:exc.end]
            lines += chunk.count(b"\n")
    return None


def _has_nul(path: Path) -> bool:
    with path.open("rb") as fh:
        return any(b"\x00" in chunk for chunk in iter(lambda: fh.read(_CHUNK), b""))


def _refuse(path: Path, row: int | None, value: str, key: str, **values: object) -> ImportRejected:
    """A CSV refused for its encoding, worded by ``io.rules.encoding.<key>``."""
    return ImportRejected([Issue(str(path), None, row, None, "encoding", value,
                                 key=f"io.rules.encoding.{key}", values=values)])


def detect_encoding(path: Path) -> str:
    """The text encoding of a CSV file: ``utf-8``, ``utf-8-sig`` (with BOM) or ``gb18030``.

    Decoding strictly, not guessing: UTF-8 first (a GBK file of Chinese text is almost never
    valid UTF-8), then GB18030, the superset of GBK in which Excel saves CSV on Chinese Windows.
    A statistical guesser (charset-normalizer) misnames short Chinese files, and these are the
    only encodings offices produce; a file in neither, UTF-16 or with NUL bytes (not text) is
    refused, naming the line.
    """
    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(path, None, head[:2].hex(" "), "utf16")
    if _has_nul(path):
        raise _refuse(path, None, "00", "nul")
    not_utf8 = _first_bad_line(path, "utf-8")
    if not_utf8 is None:
        return "utf-8-sig" if head.startswith(_BOM) else "utf-8"
    not_gb = _first_bad_line(path, "gb18030")
    if not_gb is None:
        return "gb18030"
    (line, raw), gb_line = not_utf8, not_gb[0]
    # the issue points at the first line that is not UTF-8: in a UTF-8 file with a stray line, that one
    raise _refuse(path, line, raw.hex(" "), "neither", line=line, gb_line=gb_line)


def read_raw(path: Path) -> RawFile:
    """The file's sheets as columns of strings, with the CSV's text encoding."""
    fmt = detect_format(path)
    if not path.exists():
        raise InputError.said("io.file.missing", path=path)
    if path.is_dir():
        raise ImportRejected([Issue(str(path), None, None, None, "not_a_file", "folder",
                                    key="io.rules.not_a_file")])
    if fmt == "csv":
        encoding = detect_encoding(path)
        with path.open(encoding=encoding, newline="") as fh:
            names = next(csv.reader(fh), [])
        if not any(n.strip() for n in names):
            raise InputError.said("io.file.empty", path=path)
        # the rows are streamed when staged (see _csv_batches): only the header is read here
        return RawFile([RawSheet(None, names, {})], encoding)
    if fmt == "parquet":
        try:
            names = pq.read_schema(path).names
        except (pa.ArrowException, OSError) as exc:
            raise InputError.said("io.file.bad_parquet", path=path, error=exc) from exc
        return RawFile([RawSheet(None, names, {})])  # DuckDB reads the rows, see _parquet_sql
    return read_excel(path)


# Bytes of CSV read per block: memory holds a block of the file, never all of it. Read when
# a file is opened, so tests may set it small to make a file span many blocks.
CSV_BLOCK_BYTES = 1 << 20


def _csv_batches(path: Path, encoding: str, names: list[str], mapped: dict[str, str],
                 header_row: int) -> Iterator[CsvBatch]:
    """The CSV's rows block by block, its ``mapped`` columns (spec name → header) as text.

    ``_row`` counts records from below the header, blank lines included, so it is the row
    Excel shows however many blocks the file spans. Each block is parsed on its own (GB18030
    transcoded first), so memory holds one block, never the file: Arrow's own streaming reader
    reads ahead of a slower consumer until it holds all of it.
    """
    size = path.stat().st_size
    options = pacsv.ConvertOptions(column_types=dict.fromkeys(mapped.values(), pa.string()),
                                   strings_can_be_null=False, include_columns=list(mapped.values()))
    ragged: list[Issue] = []
    row = header_row + 1
    with path.open("rb") as fh:
        for i, block in enumerate(_blocks(fh, CSV_BLOCK_BYTES)):
            data = block if encoding.startswith("utf-8") else block.decode(encoding).encode()
            first = row - (1 if i == 0 else 0)  # the file row of the block's first record (header included)
            skipped: list[Issue] = []

            def skip(bad: pacsv.InvalidRow, first: int = first, skipped: list[Issue] = skipped) -> str:
                skipped.append(_ragged(path, first + (bad.number or 1) - 1, bad))
                return "skip"

            batch = pacsv.read_csv(
                pa.py_buffer(data),
                # one thread, so a bad record's number is known
                read_options=pacsv.ReadOptions(column_names=names, skip_rows=1 if i == 0 else 0,
                                               use_threads=False),
                # blank lines stay as rows (staging drops them) so later rows keep their numbers
                parse_options=pacsv.ParseOptions(ignore_empty_lines=False, invalid_row_handler=skip),
                convert_options=options,
            )
            n = batch.num_rows
            gone = {x.row for x in skipped}
            rows = pa.array([r for r in range(row, row + n + len(skipped)) if r not in gone] if gone
                            else range(row, row + n), pa.int64())
            row += n + len(skipped)
            ragged += skipped
            yield CsvBatch(pa.Table.from_arrays([batch.column(h) for h in mapped.values()] + [rows],
                                                [*mapped, "_row"]), fh.tell(), size)
    if ragged:
        raise ImportRejected(ragged)


def _ragged(path: Path, row: int, bad: pacsv.InvalidRow) -> Issue:
    """A record with more or fewer cells than the header: a title or note line, or an unquoted comma."""
    text = bad.text if len(bad.text) <= 80 else bad.text[:77] + "…"
    return Issue(str(path), None, row, None, "ragged_row", text, key="io.rules.ragged_row",
                 values={"row": row, "cells": bad.actual_columns, "columns": bad.expected_columns})


def _parquet_sql(path: Path, mapped: dict[str, str]) -> str:
    """DuckDB reads the Parquet file directly (no copy through Python), each column as text.

    DuckDB writes doubles in their shortest round-trip form, so no digits are lost;
    ``file_row_number`` gives each record's exact position.
    """
    schema = pq.read_schema(path)
    exprs = []
    for name, src in mapped.items():
        t = schema.field(src).type
        q = '"' + src.replace('"', '""') + '"'
        text = (f"array_to_string({q}, ';')" if pa.types.is_list(t) or pa.types.is_large_list(t)
                else f"CAST({q} AS VARCHAR)")
        exprs.append(f'{text} AS "{name}"')
    where = str(path).replace("'", "''")
    return (f"SELECT file_row_number + 1 AS _row, {', '.join(exprs)} "
            f"FROM read_parquet('{where}', file_row_number = true)")


def guess_entity(headers: list[str], sheet: str | None) -> EntitySpec:
    """The entity a sheet holds: by sheet name, else the spec whose columns the headers match best.

    A spec with all its required columns wins; else the one naming most columns (at least two),
    so that the missing required columns are reported by name rather than a guess refused.
    """
    for s in SPECS.values():
        if sheet and sheet.strip().lower() in (s.name, s.zh):
            return s
    scored = []
    for s in SPECS.values():
        matched = {c.name for h in headers if (c := s.match_header(h))}
        required = {c.name for c in s.columns if c.required}
        scored.append((required <= matched, len(matched), s))
    complete, n, best = max(scored, key=lambda x: (x[0], x[1]))
    if complete or n >= 2:
        return best
    shown = ", ".join(headers[:6])
    raise InputError.said("io.file.unknown_entity", shown=shown, entities=", ".join(SPECS))


def read_sheets(path: Path, entity: str | None = None) -> tuple[EntitySpec, list[Sheet], RawFile]:
    """Read ``path`` and map its headers to the entity's columns; header problems are issues.

    Also returns what was read (encoding, sheets left out) for the import's report.
    """
    raw = read_raw(path)
    if not raw.sheets:
        raise InputError.said("io.file.no_data_sheet", path=path)
    spec = specs.spec(entity) if entity else guess_entity(raw.sheets[0].headers, raw.sheets[0].name)
    if spec.import_command:  # its own command reads its own layout: say so before any header is read
        raise InputError.said("io.file.imported_elsewhere", path=path, entity=spec,
                              command=spec.import_command)
    issues: list[Issue] = []
    sheets = []
    for one in raw.sheets:
        sheet_name, headers, cols, at = one.name, one.headers, one.columns, one.header_row
        mapped: Columns = {}
        sources: dict[str, str] = {}
        for h in headers:
            col = spec.match_header(h)
            if col is None:
                issues.append(Issue(str(path), sheet_name, at, h, "unknown_column", h,
                                    key="io.rules.unknown_column", values={"header": h, "entity": spec}))
            elif col.name in sources:
                issues.append(Issue(str(path), sheet_name, at, h, "duplicate_column", h,
                                    key="io.rules.duplicate_column", values={"column": col.name}))
            else:
                sources[col.name] = h
                if h in cols:
                    mapped[col.name] = cols[h]
        for c in spec.columns:
            if c.required and c.name not in sources:
                issues.append(Issue(str(path), sheet_name, at, c.header, "missing_column", None,
                                    key="io.rules.missing_column", values={"header": c}))
        if detect_format(path) == "parquet":
            sheets.append(Sheet(str(path), sheet_name, sql=_parquet_sql(path, sources)))
            continue
        if raw.encoding is not None:  # a CSV
            sheets.append(Sheet(str(path), sheet_name,
                                batches=_csv_batches(path, raw.encoding, headers, sources, at)))
            continue
        n = len(next(iter(cols.values()), []))
        arrays = dict(mapped)
        arrays["_row"] = pa.array(range(at + 1, at + 1 + n), pa.int64())  # data start below the header
        sheets.append(Sheet(str(path), sheet_name, pa.table(arrays)))
    if issues:
        raise ImportRejected(issues)
    return spec, sheets, raw
