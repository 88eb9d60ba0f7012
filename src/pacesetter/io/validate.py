"""Validate a staged sheet inside DuckDB, collecting every problem, and build the insert.

Validation is vectorised: each rule is one SQL query over the staged strings,
so a million rows validate in seconds. Rules that need Python (period forms,
unit spellings, credit-code check characters) run once per *distinct* value.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager

import duckdb
import pyarrow as pa

from pacesetter.errors import InputError, Issue, Said
from pacesetter.i18n import LANGS, catalogue
from pacesetter.io import updates
from pacesetter.io.progress import Progress, Step
from pacesetter.io.readers import Sheet
from pacesetter.io.specs import RESERVED_SOURCES, SPECS, Column, EntitySpec
from pacesetter.model.periods import Period, off_calendar
from pacesetter.model.units import UNITS, normalise_unit
from pacesetter.model.uscc import validate_uscc

STAGE = "_pacesetter_stage"
TYPED = "_pacesetter_typed"
_TRUE = ("true", "1", "yes", "y", "是", "t")
_FALSE = ("false", "0", "no", "n", "否", "f")


# What DuckDB may hold in memory during an import; beyond it, it spills to its temp directory
# (beside the database). Without a bound, its buffers grow with the file.
IMPORT_MEMORY = "256MB"


@contextmanager
def bounded_memory(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """DuckDB's memory limit set to :data:`IMPORT_MEMORY` while an import stages, checks and
    writes a file, so a big file spills to disk rather than growing the process.

    Reset to DuckDB's default after (Pacesetter sets no other): DuckDB reports the limit
    rounded ("18.8 GiB"), so setting back what it reports would shrink it at every import.
    """
    con.execute(f"SET memory_limit = '{IMPORT_MEMORY}'")
    try:
        yield
    finally:
        con.execute("RESET memory_limit")


def stage(con: duckdb.DuckDBPyConnection, spec: EntitySpec, sheets: list[Sheet],
          progress: Progress | None = None) -> int:
    """Create the temp staging table: one trimmed VARCHAR per spec column, plus origin.

    Rows whose every cell is blank are left out; the others keep their row numbers. A CSV
    is appended block by block as it is read, so the file is never whole in memory; ``progress``
    hears of each block. Call it outside a transaction: inside one, DuckDB keeps every appended
    Arrow block alive until the end (the whole file again), and it compresses a temp table's
    rows only as each append commits.
    """
    con.execute(f"DROP TABLE IF EXISTS {STAGE}")
    columns = ", ".join(f'"{c.name}" VARCHAR' for c in spec.columns)
    con.execute(f"CREATE TEMP TABLE {STAGE} (_sheet VARCHAR, _row BIGINT, {columns})")
    for sheet in sheets:
        if sheet.sql is not None:
            con.execute(f"CREATE OR REPLACE TEMP VIEW _pacesetter_sheet AS {sheet.sql}")
            _append(con, spec, sheet.name)
            con.execute("DROP VIEW _pacesetter_sheet")
        elif sheet.table is not None:
            _append_arrow(con, spec, sheet.name, sheet.table)
        rows = 0
        for batch in sheet.batches or ():
            _append_arrow(con, spec, sheet.name, batch.table)
            rows += batch.table.num_rows
            if progress:
                progress(Step(f"read {rows} rows", "read", rows=rows, done=batch.bytes_read,
                              total=batch.file_size))
    row = con.execute(f"SELECT count(*) FROM {STAGE}").fetchone()
    return int(row[0]) if row else 0


def _append_arrow(con: duckdb.DuckDBPyConnection, spec: EntitySpec, sheet: str | None,
                  table: pa.Table) -> None:
    con.register("_pacesetter_sheet", table)
    _append(con, spec, sheet)
    con.unregister("_pacesetter_sheet")


_FULL_DIGITS = "０１２３４５６７８９"  # full-width digits, as a Chinese input method types them


def _append(con: duckdb.DuckDBPyConnection, spec: EntitySpec, sheet: str | None) -> None:
    """Append the rows of ``_pacesetter_sheet`` (a view or a registered table) to the staging table."""
    present = {r[0] for r in con.execute("DESCRIBE _pacesetter_sheet").fetchall()}

    def cell(c: Column) -> str:
        text = f'trim("{c.name}")'
        if c.type == "region" or (spec.name == "regions" and c.name in ("code", "parent")):
            text = f"translate({text}, '{_FULL_DIGITS}', '0123456789')"  # ３７０２００ as typed in Chinese
        elif c.type == "date":
            text = _date_cell(text)
        elif c.type == "enum" and (labels := enum_labels(spec.name, c.name)):
            text = _label_cell(text, labels)
        return f"nullif({text}, '') AS \"{c.name}\""

    cols = [cell(c) if c.name in present else f'CAST(NULL AS VARCHAR) AS "{c.name}"' for c in spec.columns]
    # a row whose every cell is blank carries nothing: skip it (the others keep their numbers)
    filled = " OR ".join(f'"{c.name}" IS NOT NULL' for c in spec.columns)
    con.execute(f"INSERT INTO {STAGE} SELECT * FROM (SELECT ?::VARCHAR AS _sheet, _row, {', '.join(cols)} "
                f"FROM _pacesetter_sheet) WHERE {filled}", [sheet])


# a date as clerks write it: 2026年3月1日, 2026/3/1, 2026.3.1 (digits full-width or not)
_DATE_WRITTEN = r"^([0-9]{4})\s*[年/.-]\s*([0-9]{1,2})\s*[月/.-]\s*([0-9]{1,2})\s*日?$"


def written_date(text: str) -> dt.date | None:
    """A date as clerks write it (2026-03-01, 2026年3月1日, 2026/3/1, full-width digits), or None:
    the same forms date cells of an import take (:func:`_date_cell`), for a date typed elsewhere."""
    digits = text.strip().translate(str.maketrans(_FULL_DIGITS, "0123456789"))
    m = re.fullmatch(_DATE_WRITTEN, digits)
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:  # 2026-13-45
        return None


def _date_cell(text: str) -> str:
    """SQL: a date cell as ISO (2026-03-01) where it is a real date written the Chinese or slash
    way; else the cell as typed, for the not_a_date rule to quote."""
    digits = f"translate({text}, '{_FULL_DIGITS}', '0123456789')"
    iso = f"TRY_CAST(regexp_replace({digits}, '{_DATE_WRITTEN}', '\\1-\\2-\\3') AS DATE)"
    return (f"CASE WHEN regexp_full_match({digits}, '{_DATE_WRITTEN}') "
            f"THEN coalesce(CAST({iso} AS VARCHAR), {text}) ELSE {text} END")


# (entity, coded column) → where the catalogue holds the labels the product prints for its codes
_LABELS = {
    ("observations", "status"): "outputs.status",
    ("observations", "source_kind"): "outputs.source_kind",
    ("indicators", "frequency"): "common.words.frequency",
    ("indicators", "kind"): "common.words.kind",
    ("indicators", "polarity"): "common.words.polarity",
    ("regions", "level"): "common.words.level",
    ("chains", "category"): "chains.category",
    ("segments", "stage"): "chains.stage",
}
# labels people write that the product does not print as such
_MORE_LABELS = {
    ("observations", "status"): {"未注明": "not_stated"},
    ("observations", "source_kind"): {"官网": "official", "新闻": "news", "转载": "reprint"},
}


def _label_keys(text: str) -> set[str]:
    """A label as compared: lower case, no spaces (``Status  Not Stated`` = ``status not stated``),
    its punctuation full-width or not."""
    plain = re.sub(r"\s+", "", text).lower()
    return {plain, unicodedata.normalize("NFKC", plain)}


def enum_labels(entity: str, column: str) -> dict[str, str]:
    """The labels (either language) a coded column also accepts, each with its code: 正式数 → final
    (compared lower case, spaces left out). A label two codes share is left out (never guessed)."""
    prefix = _LABELS.get((entity, column))
    if prefix is None:
        return {}
    spec = SPECS[entity]
    codes = spec.column(column).choices
    found: dict[str, set[str]] = {}
    for lang in LANGS:
        words = catalogue(lang)
        for code in codes:
            if (label := words.get(f"{prefix}.{code}")) is not None:
                for key in _label_keys(label):
                    found.setdefault(key, set()).add(code)
    for code in codes:  # the codes themselves, in any case: Final, FINAL
        found.setdefault(code.lower(), set()).add(code)
    for label, code in _MORE_LABELS.get((entity, column), {}).items():
        for key in _label_keys(label):
            found.setdefault(key, set()).add(code)
    return {label: next(iter(c)) for label, c in found.items() if len(c) == 1}


def _label_cell(text: str, labels: dict[str, str]) -> str:
    """SQL: a coded cell with a printed label (正式数, Final) turned into its code; else as typed."""
    key = (f"lower(regexp_replace(translate({text}, '\u3000', ' '), '\\s+', '', 'g'))")
    whens = " ".join(f"WHEN '{k.replace(chr(39), chr(39) * 2)}' THEN '{v}'"
                     for k, v in sorted(labels.items()))
    return f"CASE {key} {whens} ELSE {text} END"


class _Collector:
    """Runs rule queries and turns their rows into :class:`Issue` objects."""

    def __init__(self, con: duckdb.DuckDBPyConnection, file: str) -> None:
        self.con, self.file = con, file
        self.issues: list[Issue] = []

    def rule(self, column: str | None, rule: str, where: str, key: str, detail: str = "NULL",
             **values: object) -> None:
        """Add an issue for every staged row matching ``where``, worded by ``io.rules.<key>``.

        The message may use {value} (the cell), {detail} (the SQL expression ``detail``) and
        ``values``.
        """
        expr = f'"{column}"' if column else "NULL"
        rows = self.con.execute(
            f"SELECT _sheet, _row, {expr}, {detail} FROM {STAGE} WHERE {where} ORDER BY _sheet, _row"
        ).fetchall()
        for sheet, row, val, det in rows:
            self.issues.append(Issue(self.file, sheet, row, column, rule, val, key=f"io.rules.{key}",
                                     values={**values, "value": val, "detail": det}))


def _map_distinct(
    con: duckdb.DuckDBPyConnection, column: str, name: str, fn: Callable[[str], tuple[str, ...]],
    out_cols: tuple[str, ...],
) -> dict[str, Exception]:
    """Apply ``fn`` to each distinct value; store results in a temp mapping table; return the errors.

    The values come as one Arrow column and become Python strings a slice at a time: a million
    distinct numbers as Python objects would cost more memory than the file itself.
    """
    values = con.sql(
        f'SELECT DISTINCT "{column}" FROM {STAGE} WHERE "{column}" IS NOT NULL').to_arrow_table().column(0)
    con.execute(f"DROP TABLE IF EXISTS {name}")
    con.execute(f"CREATE TEMP TABLE {name} (raw VARCHAR, {', '.join(c + ' VARCHAR' for c in out_cols)})")
    errors: dict[str, Exception] = {}
    for start in range(0, len(values), _MAP_SLICE):
        good: dict[str, list[str]] = {"raw": [], **{c: [] for c in out_cols}}
        for v in values.slice(start, _MAP_SLICE).to_pylist():
            try:
                result = fn(v)
            except (InputError, ValueError) as exc:
                errors[v] = exc
                continue
            good["raw"].append(v)
            for c, r in zip(out_cols, result, strict=True):
                good[c].append(r)
        con.register(f"{name}_view", pa.table({k: pa.array(v, pa.string()) for k, v in good.items()}))
        con.execute(f"INSERT INTO {name} SELECT * FROM {name}_view")
        con.unregister(f"{name}_view")
    return errors


_MAP_SLICE = 65536  # distinct values turned into Python objects at a time


def _check_column(c: Column, col: _Collector, con: duckdb.DuckDBPyConnection) -> None:
    q = f'"{c.name}"'
    if c.required:
        col.rule(c.name, "required", f"{q} IS NULL", "required", header=c)
    if c.type in ("float", "int"):
        errors = _map_distinct(con, c.name, f"_pacesetter_map_{c.name}", _number,
                               ("canonical", "cell_unit", "decimals"))
        for raw, exc in errors.items():
            why = exc.args[0] if isinstance(exc, NotANumber) else ""
            col.rule(c.name, "not_a_number", f"{q} = '{raw.replace(chr(39), chr(39) * 2)}'",
                     "not_a_number", why=why)
        if c.type == "int":
            col.rule(c.name, "not_an_integer", f"{_parsed(c.name)} % 1 <> 0", "not_an_integer")
        col.rule(c.name, "not_finite", f"lower({q}) IN ('nan', 'inf', '-inf', 'infinity', '-infinity')",
                 "not_finite")
    elif c.type == "date":
        col.rule(c.name, "not_a_date", f"{q} IS NOT NULL AND TRY_CAST({q} AS DATE) IS NULL", "not_a_date")
    elif c.type == "bool":
        allowed = ", ".join(f"'{v}'" for v in _TRUE + _FALSE)
        col.rule(c.name, "not_a_boolean", f"{q} IS NOT NULL AND lower({q}) NOT IN ({allowed})",
                 "not_a_boolean")
    elif c.type == "enum":
        allowed = ", ".join(f"'{v}'" for v in c.choices)
        col.rule(c.name, "not_allowed", f"{q} IS NOT NULL AND {q} NOT IN ({allowed})", "not_allowed",
                 choices=c.choices)
    elif c.type == "list" and c.choices:
        allowed = ", ".join(f"'{v}'" for v in c.choices)
        bad = (f"(SELECT string_agg(trim(x), ', ') FROM unnest(string_split({q}, ';')) u(x) "
               f"WHERE trim(x) <> '' AND trim(x) NOT IN ({allowed}))")
        col.rule(c.name, "not_allowed", f"{bad} IS NOT NULL", "not_allowed_items", detail=bad,
                 choices=c.choices)
    elif c.type == "region":
        col.rule(c.name, "unknown_region", f"{q} IS NOT NULL AND {q} NOT IN (SELECT code FROM regions)",
                 "unknown_region")
    elif c.type == "indicator":
        col.rule(c.name, "unknown_indicator", f"{q} IS NOT NULL AND {q} NOT IN (SELECT id FROM indicators)",
                 "unknown_indicator")
    elif c.type in _REFERENCES:
        col.rule(c.name, f"unknown_{c.type}", f"{q} IS NOT NULL AND {q} NOT IN ({_REFERENCES[c.type]})",
                 "unknown_reference", what=Said(f"io.rules.what.{c.type}"))
    elif c.type in ("period", "unit", "uscc"):
        fn, outs = _DISTINCT_RULES[c.type]
        errors = _map_distinct(con, c.name, f"_pacesetter_map_{c.name}", fn, outs)
        for raw, exc in errors.items():
            esc = raw.replace("'", "''")
            col.rule(c.name, f"invalid_{c.type}", f"{q} = '{esc}'", f"invalid_{c.type}", reason=exc)


# column type → the known values (what they are: io.rules.what.<type>); a segment must be of the row's chain
_REFERENCES = {
    "enterprise": "SELECT id FROM enterprises",
    # "unassigned": a chain leader whose chain the source does not name (kept, never guessed)
    "chain": "SELECT id FROM chains UNION ALL SELECT 'unassigned'",
    "segment": f"SELECT id FROM segments WHERE chain_id IS NOT DISTINCT FROM {STAGE}.chain_id",
}


class NotANumber(ValueError):
    """Why a cell is not a number: its one argument, a clause appended to "… is not a number"
    (a :class:`Said`, or "" when there is nothing to add)."""


# a number as clerks write it: optional sign, digits with or without thousands separators grouping
# three, a decimal part, an exponent; then, optionally, a unit (5.6%, 1.2万亿元)
_NUMBER = re.compile(r"(?P<number>[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)"
                     r"(?:[eE][+-]?\d+)?)\s*(?P<unit>[^\d\s.,+-].*)?")


def parse_number(text: str) -> tuple[float, str | None]:
    """A number as clerks type it, and the canonical unit written after it (None if none).

    Full-width digits, signs and punctuation (１２３．４, １，２３４，５％, 　) become ASCII by
    NFKC; thousands separators must group three digits, so "1,5" is refused rather than read
    as 15; nan and inf are returned for the not_finite rule to name. Raises
    :class:`NotANumber` saying why.
    """
    s = unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()
    if s.lstrip("+-").lower() in ("nan", "inf", "infinity"):
        return float(s), None
    m = _NUMBER.fullmatch(s)
    if m is None:
        if "," in s and any(ch.isdigit() for ch in s):
            raise NotANumber(Said("io.rules.number_thousands"))
        raise NotANumber("")
    value = float(m["number"].replace(",", ""))
    if not m["unit"]:
        return value, None
    try:
        return value, normalise_unit(m["unit"]).symbol
    except InputError:
        raise NotANumber(Said("io.rules.number_unit", unit=m["unit"])) from None


def written_decimals(text: str) -> int | None:
    """The decimals of a number as written: "4" → 0, "0.99" → 2, "4.0%" → 1 (None: no number)."""
    m = _NUMBER.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if m is None or not any(ch.isdigit() for ch in m["number"]):
        return None
    mantissa = re.split(r"[eE]", m["number"])[0]
    return len(mantissa.split(".")[1]) if "." in mantissa else 0


def _number(v: str) -> tuple[str, ...]:
    value, unit = parse_number(v)
    decimals = written_decimals(v)
    # text keeps the map table's columns typed when all are blank
    return repr(value), unit or "", "" if decimals is None else str(decimals)


def _parsed(column: str) -> str:
    """SQL: the number a staged cell holds, as parsed by :func:`parse_number` (NULL if it is not one)."""
    return (f"(SELECT TRY_CAST(m.canonical AS DOUBLE) FROM _pacesetter_map_{column} m "
            f'WHERE m.raw = {STAGE}."{column}")')


def _period(v: str) -> tuple[str, ...]:
    return (str(Period.parse(v)),)


def _unit(v: str) -> tuple[str, ...]:
    u = normalise_unit(v)
    return (u.symbol,)


def _uscc(v: str) -> tuple[str, ...]:
    return (validate_uscc(v),)


_DISTINCT_RULES: dict[str, tuple[Callable[[str], tuple[str, ...]], tuple[str, ...]]] = {
    "period": (_period, ("canonical",)),
    "unit": (_unit, ("canonical",)),
    "uscc": (_uscc, ("canonical",)),
}


_MAPPED = ("period", "unit", "uscc")


def _stored_expr(c: Column) -> str:
    """:func:`_value_expr`, with the column's default where the cell is blank."""
    return f"coalesce({_value_expr(c)}, '{c.default}')" if c.default else _value_expr(c)


def _value_expr(c: Column) -> str:
    """SQL turning the staged string (table alias ``s``) into the stored value."""
    q = f's."{c.name}"'
    # TRY_: rows with bad values are already issues; the typed table must still build
    if c.type == "float":
        return f'TRY_CAST("m_{c.name}".canonical AS DOUBLE)'
    if c.type == "int":
        return f'TRY_CAST(TRY_CAST("m_{c.name}".canonical AS DOUBLE) AS BIGINT)'
    if c.type == "date":
        return f"TRY_CAST({q} AS DATE)"
    if c.type == "bool":
        flag = f"lower({q}) IN ({', '.join(repr(v) for v in _TRUE)})"
        return flag if c.blank_unknown else f"coalesce({flag}, FALSE)"
    if c.type == "list":
        items = f"list_transform(string_split({q}, ';'), lambda x: trim(x))"
        listed = f"list_filter({items}, lambda x: x <> '')"
        return listed if c.blank_unknown else f"coalesce({listed}, [])"
    if c.type in _MAPPED:
        return f'"m_{c.name}".canonical'
    return q


def _written_decimals(c: Column) -> str:
    """SQL: the decimals written in the cells of the column ``c`` follows (NULL where none)."""
    return f'TRY_CAST(nullif("m_{c.decimals_of}".decimals, \'\') AS BIGINT)'


def _typed_select(spec: EntitySpec, given: Collection[str] | None = None) -> str:
    """SELECT of the staged rows as stored types, joined to the per-value mapping tables.

    Observations and targets also carry ``_cell_unit``, a unit written in the value cell,
    which :func:`_check_units` converts from. A column the file leaves out that follows
    another one's cells (``decimals_of``) takes them from there: the decimals written in
    ``value`` for a new row (a stored row keeps its own: a column left out is not compared).
    """
    left_out = set() if given is None else {c.name for c in spec.columns if c.name not in given}
    select = ", ".join(
        f'{_written_decimals(c) if c.decimals_of and c.name in left_out else _stored_expr(c)} AS "{c.name}"'
        for c in spec.columns)
    if _has_unit_column(spec):
        select += ", nullif(\"m_value\".cell_unit, '') AS _cell_unit"
    joins = " ".join(
        f'LEFT JOIN _pacesetter_map_{c.name} "m_{c.name}" ON "m_{c.name}".raw = s."{c.name}"'
        for c in spec.columns if c.type in (*_MAPPED, "float", "int")
    )
    return f"SELECT s._sheet, s._row, {select} FROM {STAGE} s {joins}"


def unit_table(con: duckdb.DuckDBPyConnection) -> None:
    """A temp table of every known unit's dimension and factor, for SQL unit checks."""
    con.execute("DROP TABLE IF EXISTS _pacesetter_units")
    con.register("_units_view", pa.table({
        "symbol": [u.symbol for u in UNITS.values()],
        "dimension": [u.dimension for u in UNITS.values()],
        "factor": [u.factor for u in UNITS.values()],
    }))
    con.execute("CREATE TEMP TABLE _pacesetter_units AS SELECT * FROM _units_view")
    con.unregister("_units_view")


def validate_staged(
    con: duckdb.DuckDBPyConnection, spec: EntitySpec, file: str, progress: Progress | None = None,
    given: Collection[str] | None = None,
) -> tuple[list[Issue], str]:
    """Check every rule over the staged rows; return (issues, the temp table of typed rows).

    ``given``: the columns the file has (default: every column); a row is compared with the
    stored row of its key on those alone (:mod:`pacesetter.io.updates`).
    """
    col = _Collector(con, file)
    for c in spec.columns:
        if progress:
            progress(f"checking {c.name}")
        _check_column(c, col, con)
    _check_cell_units(col, spec)
    typed = _typed_select(spec, given)
    if _has_unit_column(spec):
        if progress:
            progress("checking units against indicators")
        typed = _check_units(con, col, spec, typed)
    if spec.name == "observations":
        _check_values(col)
        _check_published_periods(con, col)
        _check_period_dates(con, col)
    _check_provenance(col, spec)
    _check_references(col, spec)
    if spec.name == "regions":
        _check_region_codes(col)
    if progress:
        progress("checking keys")
    _check_keys(con, col, spec, typed, [c.name for c in spec.columns] if given is None else given)
    _check_typed(con, col, spec)
    return col.issues, TYPED


def _has_unit_column(spec: EntitySpec) -> bool:
    """Whether the entity's rows say their value's unit (observations, targets)."""
    return spec.name in ("observations", "targets")


def _check_cell_units(col: _Collector, spec: EntitySpec) -> None:
    """A unit written in a number cell is read only in the value of a row that has a unit column.

    Elsewhere (area in 亩, investment in 亿元) the column's unit is in its header, and a cell
    writing another one is refused rather than silently read in the header's unit.
    """
    for c in spec.columns:
        if c.type not in ("float", "int") or (c.name == "value" and _has_unit_column(spec)):
            continue
        unit = f"(SELECT m.cell_unit FROM _pacesetter_map_{c.name} m WHERE m.raw = {STAGE}.\"{c.name}\")"
        col.rule(c.name, "unit_in_cell", f"{unit} <> ''", "unit_in_cell", header=c)


def _check_units(con: duckdb.DuckDBPyConnection, col: _Collector, spec: EntitySpec, typed: str) -> str:
    """A unit must share its indicator's dimension; values are converted to the indicator's unit.

    A unit written in the value cell (5.6%, 1.2万亿元) is the unit the number is in; it must fit
    the indicator too, and wins over the unit column (both already share the indicator's kind).
    """
    unit_table(con)
    cell_unit = "(SELECT nullif(m.cell_unit, '') FROM _pacesetter_map_value m WHERE m.raw = value)"
    col.rule(
        "value", "unit_mismatch",
        f"{cell_unit} IS NOT NULL AND indicator_id IN (SELECT id FROM indicators) AND "
        f"(SELECT dimension FROM _pacesetter_units WHERE symbol = {cell_unit}) IS DISTINCT FROM "
        "(SELECT u.dimension FROM indicators i JOIN _pacesetter_units u ON u.symbol = i.unit "
        " WHERE i.id = indicator_id)",
        "unit_mismatch_cell",
        detail="indicator_id || ' (' || (SELECT unit FROM indicators i WHERE i.id = indicator_id) || ')'",
    )
    col.rule(
        "unit", "unit_mismatch",
        "unit IS NOT NULL AND indicator_id IN (SELECT id FROM indicators) AND "
        "(SELECT canonical FROM _pacesetter_map_unit m WHERE m.raw = unit) IS NOT NULL AND "
        "(SELECT dimension FROM _pacesetter_units WHERE symbol = "
        " (SELECT canonical FROM _pacesetter_map_unit m WHERE m.raw = unit)) IS DISTINCT FROM "
        "(SELECT u.dimension FROM indicators i JOIN _pacesetter_units u ON u.symbol = i.unit "
        " WHERE i.id = indicator_id)",
        "unit_mismatch",
        detail="indicator_id || ' (' || (SELECT unit FROM indicators i WHERE i.id = indicator_id) || ')'",
    )
    # Convert to the indicator's unit, e.g. 万元 → 亿元 divides by 1e4; the note records it.
    written, to = "coalesce(t._cell_unit, t.unit)", "coalesce(i.unit, t.unit)"
    same = f"({written} = {to})"
    replace = {
        "value": f"CASE WHEN {same} THEN t.value ELSE t.value * fu.factor / tu.factor END",
        "unit": to,
        "note": f"CASE WHEN {same} THEN t.note "
                f"ELSE concat_ws('; ', t.note, 'converted from ' || t.value::VARCHAR || ' ' || {written}) "
                "END",
    }
    cols = [c.name for c in spec.columns]
    select = ", ".join(f'{replace.get(c, "t." + chr(34) + c + chr(34))} AS "{c}"' for c in cols)
    return (
        f"SELECT t._sheet, t._row, {select} FROM ({typed}) t "
        "LEFT JOIN indicators i ON i.id = t.indicator_id "
        "LEFT JOIN _pacesetter_units fu ON fu.symbol = coalesce(t._cell_unit, t.unit) "
        "LEFT JOIN _pacesetter_units tu ON tu.symbol = coalesce(i.unit, t.unit)"
    )


def _check_values(col: _Collector) -> None:
    """Impossible values for the indicator's kind: shares outside 0–100, negative counts, ranks < 1."""
    kind = "(SELECT kind FROM indicators WHERE id = indicator_id)"
    num = _parsed("value")  # as written: a share's only unit is %, a count's and a rank's factor 1
    col.rule("value", "impossible_value", f"{kind} = 'share' AND ({num} < 0 OR {num} > 100)",
             "impossible_share")
    col.rule("value", "impossible_value", f"{kind} = 'count' AND {num} < 0", "impossible_count")
    col.rule("value", "impossible_value", f"{kind} = 'rank' AND {num} < 1", "impossible_rank")
    col.rule("value", "impossible_value", f"{kind} IN ('count', 'rank') AND {num} <> round({num})",
             "fractional_count")


def _check_period_dates(con: duckdb.DuckDBPyConnection, col: _Collector) -> None:
    """A figure for a period that has not begun, or released before its period began: neither
    can be a published figure (a plan or target is a target, imported as one)."""
    rows = con.execute(
        f"SELECT s._sheet, s._row, s.period, m.canonical, TRY_CAST(s.vintage AS DATE) FROM {STAGE} s "
        "JOIN _pacesetter_map_period m ON m.raw = s.period ORDER BY s._sheet, s._row").fetchall()
    today = dt.date.today()
    for sheet, row, raw, canonical, vintage in rows:
        period = Period.parse(canonical)
        start = dt.date(period.start_year, period.start_month, 1)
        if start > today:
            col.issues.append(Issue(col.file, sheet, row, "period", "future_period", raw,
                                    key="io.rules.future_period", values={"value": raw}))
        elif vintage is not None and vintage < start:
            said = vintage.isoformat()
            col.issues.append(Issue(col.file, sheet, row, "vintage", "released_before_period", said,
                                    key="io.rules.released_before_period",
                                    values={"value": said, "period": period}))


def _check_published_periods(con: duckdb.DuckDBPyConnection, col: _Collector) -> None:
    """A figure for a kind of period its indicator is not published as (``indicators.period_kinds``:
    a January alone where only 1-2月 exists, a single month of a year-to-date-only indicator…)."""
    pairs = con.execute(
        f"SELECT DISTINCT s.indicator_id, s.period, m.canonical, i.period_kinds, i.jan_feb_combined "
        f"FROM {STAGE} s JOIN _pacesetter_map_period m ON m.raw = s.period "
        f"JOIN indicators i ON i.id = s.indicator_id "
        f"WHERE i.period_kinds IS NOT NULL OR i.jan_feb_combined"
    ).fetchall()
    why = {(ind, raw): reason for ind, raw, canonical, kinds, jfc in pairs
           if (reason := off_calendar(Period.parse(canonical), tuple(kinds or ()), jfc))}
    if not why:
        return
    rows = con.execute(f"SELECT _sheet, _row, indicator_id, period FROM {STAGE} "
                       f"WHERE indicator_id IN (SELECT unnest(?)) ORDER BY _sheet, _row",
                       [sorted({ind for ind, _ in why})]).fetchall()
    col.issues += [Issue(col.file, sheet, row, "period", "period_not_published", period,
                         key="io.rules.period_not_published",
                         values={"indicator": ind, "reason": why[ind, period]})
                   for sheet, row, ind, period in rows if (ind, period) in why]


def _check_keys(con: duckdb.DuckDBPyConnection, col: _Collector, spec: EntitySpec, typed: str,
                given: Collection[str]) -> None:
    """Duplicate keys inside the file, and rows that may not change what the store holds.

    A row with a stored key is unchanged or an update (:mod:`pacesetter.io.updates`), except that
    a stored observation is never edited (a revision carries a later vintage) and a registry
    record that was deleted, or changed since the file's version of it, is refused.
    """
    key = ", ".join(f'"{k}"' for k in spec.key)
    con.execute(f"DROP TABLE IF EXISTS {TYPED}")
    con.execute(f"CREATE TEMP TABLE {TYPED} AS {typed}")
    # rows whose key could not be read are their cells' issues, not duplicates of one another
    unread = {(i.sheet, i.row) for i in col.issues if i.column in spec.key}
    dupes = con.execute(
        f"SELECT _sheet, _row, first_sheet, first_row FROM (SELECT _sheet, _row, {key}, "
        f"first_value(_sheet) OVER (PARTITION BY {key} ORDER BY _sheet, _row) AS first_sheet, "
        f"first_value(_row) OVER (PARTITION BY {key} ORDER BY _sheet, _row) AS first_row, "
        f"row_number() OVER (PARTITION BY {key} ORDER BY _sheet, _row) AS n "
        f"FROM _pacesetter_typed) WHERE n > 1 ORDER BY _sheet, _row"
    ).fetchall()
    for sheet, row, first_sheet, first in dupes:
        if (sheet, row) in unread or (first_sheet, first) in unread:
            continue
        if first_sheet == sheet:
            col.issues.append(Issue(col.file, sheet, row, ", ".join(spec.key), "duplicate_key", None,
                                    key="io.rules.duplicate_key", values={"first": first}))
        else:  # the first is on another sheet: name it
            col.issues.append(Issue(col.file, sheet, row, ", ".join(spec.key), "duplicate_key", None,
                                    key="io.rules.duplicate_key_sheet", values={"first": first,
                                                                                "sheet": first_sheet}))
    if spec.name == "observations":
        _check_revisions(con, col, spec, given)
    if spec.name == "indicators" and "unit" in given:
        _check_unit_changes(con, col)
    if spec.versioned:
        _check_versions(con, col, spec, given)


def _check_unit_changes(con: duckdb.DuckDBPyConnection, col: _Collector) -> None:
    """An indicator's unit is not changed while figures are stored in it: they would be read in
    the new unit without being converted (16,719 亿元 shown as 16,719 万元)."""
    rows = con.execute(
        f"SELECT s._sheet, s._row, s.unit, t.unit, o.n FROM {TYPED} s JOIN indicators t ON t.id = s.id "
        "JOIN (SELECT indicator_id, count(*) AS n FROM observations GROUP BY 1) o ON o.indicator_id = t.id "
        "WHERE s.unit <> t.unit ORDER BY s._sheet, s._row"
    ).fetchall()
    col.issues += [Issue(col.file, sheet, row, "unit", "unit_change_with_data", new,
                         key="io.rules.unit_change", values={"value": new, "old": old, "n": n})
                   for sheet, row, new, old, n in rows]


def _check_revisions(con: duckdb.DuckDBPyConnection, col: _Collector, spec: EntitySpec,
                     given: Collection[str]) -> None:
    """A stored figure is never edited: a row of its key must equal it (else: a later vintage)."""
    join = updates.key_join(spec)
    rows = con.execute(
        f"SELECT s._sheet, s._row, s.value, t.value FROM {TYPED} s "
        f"JOIN observations t ON {join} WHERE t.value <> s.value"
    ).fetchall()
    for sheet, row, new, old in rows:
        col.issues.append(Issue(
            col.file, sheet, row, "value", "revision_needs_new_vintage", new,
            key="io.rules.revision_value", values={"old": old}))
    others = [c for c in updates.compared(spec, given) if c.name != "value"]
    if not others:
        return
    names = "concat_ws(', ', " + ", ".join(
        f"CASE WHEN {updates.differs(c)} THEN '{c.name}' END" for c in others) + ")"
    rows = con.execute(
        f"SELECT s._sheet, s._row, {names} FROM {TYPED} s JOIN observations t ON {join} "
        f"WHERE t.value = s.value AND ({' OR '.join(updates.differs(c) for c in others)})"
    ).fetchall()
    col.issues += [Issue(
        col.file, sheet, row, names, "revision_needs_new_vintage", None,
        key="io.rules.revision_other", values={"names": names},
    ) for sheet, row, names in rows]


def _check_versions(con: duckdb.DuckDBPyConnection, col: _Collector, spec: EntitySpec,
                    given: Collection[str]) -> None:
    """A registry row naming a deleted record, or a changed row whose record moved on since its version.

    The conflict names who changed the record last and when, from the audit log; a blank
    version (or no version column) edits the current version.
    """
    join = updates.key_join(spec)
    rows = con.execute(
        f'SELECT s._sheet, s._row, s.id FROM {TYPED} s JOIN "{spec.table}" t ON {join} WHERE t.deleted '
        "ORDER BY s._sheet, s._row"
    ).fetchall()
    col.issues += [Issue(col.file, sheet, row, "id", "record_deleted", rid, key="io.rules.record_deleted",
                         values={"entity": spec, "id": rid})
                   for sheet, row, rid in rows]
    last = ("(SELECT a.actor || ', ' || strftime(a.changed_at, '%Y-%m-%d %H:%M') FROM audit_log a "
            f"WHERE a.table_name = '{spec.table}' AND a.record_id = t.id ORDER BY a.id DESC LIMIT 1)")
    rows = con.execute(
        f'SELECT s._sheet, s._row, s.id, s.version, t.version, {last} FROM {TYPED} s '
        f'JOIN "{spec.table}" t ON {join} WHERE NOT t.deleted AND s.version IS NOT NULL '
        f"AND s.version <> t.version AND ({updates.any_difference(spec, given)}) ORDER BY s._sheet, s._row"
    ).fetchall()
    for sheet, row, rid, mine, theirs, who in rows:
        by = Said("io.rules.changed_by", who=who) if who else Said("io.rules.changed_by_unknown")
        col.issues.append(Issue(
            col.file, sheet, row, "version", "version_conflict", mine, key="io.rules.version_conflict",
            values={"entity": spec, "id": rid, "mine": mine, "theirs": theirs, "by": by}))


def _check_provenance(col: _Collector, spec: EntitySpec) -> None:
    """A template's example row (its reserved source) and a release date after today never land."""
    names = {c.name for c in spec.columns}
    if "source" in names:
        reserved = ", ".join("'" + r.replace("'", "''") + "'" for r in sorted(RESERVED_SOURCES))
        col.rule("source", "example_source", f"source IN ({reserved})", "example_source")
    if "vintage" in names:
        col.rule("vintage", "future_vintage", "TRY_CAST(vintage AS DATE) > current_date", "future_vintage")


# (entity, column) → (rule, the ids it may name, what they are in en and zh), for references the
# column type does not already check; list columns (``a;b``) name several ids, each checked
# (entity, column) → (rule, the known values, what they are: io.rules.what.<what>)
_CHAINS = ("unknown_chain", "SELECT id FROM chains", "chain")
_SEGMENTS = "SELECT id FROM segments"
_MORE_REFERENCES = {
    ("segments", "chain_id"): _CHAINS,
    ("segments", "depends_on"): ("unknown_segment", f"{_SEGMENTS} UNION ALL SELECT id FROM {STAGE}",
                                 "segment_here"),
    ("enterprises", "park_id"): ("unknown_park", "SELECT id FROM parks", "park"),
    ("enterprises", "segments"): ("unknown_segment", _SEGMENTS, "segment_listed"),
    ("parks", "chain_ids"): _CHAINS,
    ("policies", "chain_ids"): _CHAINS,
    ("regions", "parent"): ("unknown_parent", f"SELECT code FROM regions UNION ALL SELECT code FROM {STAGE}",
                            "region_here"),
}


def _check_region_codes(col: _Collector) -> None:
    """A region's code is six digits (GB/T 2260) and its level the one its code's form says:
    ``…0000`` a province, ``…00`` a city, else a county (000000 the country)."""
    six = "regexp_full_match(trim(code), '[0-9]{6}')"
    col.rule("code", "region_form", f"NOT {six}", "region_form")
    implied = ("CASE WHEN trim(code) = '000000' THEN 'country' WHEN trim(code) LIKE '%0000' THEN 'province' "
               "WHEN trim(code) LIKE '%00' THEN 'city' ELSE 'county' END")
    col.rule("level", "level_mismatch", f"{six} AND trim(level) <> {implied}", "level_mismatch",
             detail="trim(code)")


def _check_references(col: _Collector, spec: EntitySpec) -> None:
    """Every park, segment and chain a row names exists; the message names the unknown ones."""
    for c in spec.columns:
        if (spec.name, c.name) not in _MORE_REFERENCES:
            continue
        rule, known, what = _MORE_REFERENCES[spec.name, c.name]
        q = f'{STAGE}."{c.name}"'
        items = f"string_split({q}, ';')" if c.type == "list" else f"[{q}]"
        # ids are never NULL in the store; a blank id in this file is the `required` rule's
        unknown = (f"(SELECT string_agg(trim(x), ', ') FROM unnest({items}) u(x) WHERE trim(x) <> '' "
                   f"AND trim(x) NOT IN (SELECT k FROM ({known}) r(k) WHERE k IS NOT NULL))")
        col.rule(c.name, rule, f"{unknown} IS NOT NULL", "unknown_references", detail=unknown,
                 what=Said(f"io.rules.what.{what}"))


def _check_typed(con: duckdb.DuckDBPyConnection, col: _Collector, spec: EntitySpec) -> None:
    """What only the parsed values show: numbers that are not finite (``1e400`` overflows to
    infinity, so does a unit conversion), and a credit code (USCC) two enterprises share."""
    flagged = {(i.sheet, i.row, i.column) for i in col.issues}
    for c in spec.columns:
        if c.type != "float":
            continue
        rows = con.execute(f'SELECT s._sheet, s._row, s."{c.name}" FROM {STAGE} s JOIN {TYPED} t '
                           f'ON t._sheet IS NOT DISTINCT FROM s._sheet AND t._row = s._row '
                           f'WHERE NOT isfinite(t."{c.name}") ORDER BY s._sheet, s._row').fetchall()
        col.issues += [Issue(col.file, sheet, row, c.name, "not_finite", val,
                             key="io.rules.not_finite_parsed", values={"value": val})
                       for sheet, row, val in rows if (sheet, row, c.name) not in flagged]
    if spec.name != "enterprises":
        return
    rows = con.execute(
        f"SELECT _sheet, _row, uscc, first_row FROM (SELECT _sheet, _row, uscc, "
        f"first_value(_row) OVER w AS first_row, row_number() OVER w AS n FROM {TYPED} "
        f"WHERE uscc IS NOT NULL WINDOW w AS (PARTITION BY uscc ORDER BY _sheet, _row)) "
        f"WHERE n > 1 ORDER BY _sheet, _row"
    ).fetchall()
    col.issues += [Issue(col.file, sheet, row, "uscc", "duplicate_uscc", uscc, key="io.rules.duplicate_uscc",
                         values={"uscc": uscc, "first": first})
                   for sheet, row, uscc, first in rows]
    rows = con.execute(
        f"SELECT t._sheet, t._row, t.uscc, e.id, e.name_zh FROM {TYPED} t JOIN enterprises e "
        f"ON e.uscc = t.uscc AND e.id IS DISTINCT FROM t.id AND NOT e.deleted ORDER BY t._sheet, t._row"
    ).fetchall()
    col.issues += [Issue(col.file, sheet, row, "uscc", "duplicate_uscc", uscc, key="io.rules.uscc_taken",
                         values={"uscc": uscc, "id": eid, "name": name})
                   for sheet, row, uscc, eid, name in rows]
