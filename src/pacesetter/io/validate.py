"""Validate a staged sheet inside DuckDB, collecting every problem, and build the insert.

Validation is vectorised: each rule is one SQL query over the staged strings,
so a million rows validate in seconds. Rules that need Python (period forms,
unit spellings, credit-code check characters) run once per *distinct* value.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pyarrow as pa

from pacesetter.errors import InputError, Issue
from pacesetter.io.readers import Sheet
from pacesetter.io.specs import Column, EntitySpec
from pacesetter.model.periods import Period
from pacesetter.model.units import UNITS, normalise_unit
from pacesetter.model.uscc import validate_uscc

STAGE = "_pacesetter_stage"
TYPED = "_pacesetter_typed"
_TRUE = ("true", "1", "yes", "y", "是", "t")
_FALSE = ("false", "0", "no", "n", "否", "f")
Progress = Callable[[str], None]


def stage(con: duckdb.DuckDBPyConnection, spec: EntitySpec, sheets: list[Sheet]) -> int:
    """Create the temp staging table: one trimmed VARCHAR per spec column, plus origin.

    Rows whose every cell is blank are left out; the others keep their row numbers.
    """
    con.execute(f"DROP TABLE IF EXISTS {STAGE}")
    parts = []
    for i, sheet in enumerate(sheets):
        view = f"_pacesetter_sheet_{i}"
        if sheet.table is not None:
            con.register(view, sheet.table)
        else:
            con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {sheet.sql}")
        present = {r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()}
        cols = [
            f"nullif(trim(\"{c.name}\"), '') AS \"{c.name}\""
            if c.name in present else f"CAST(NULL AS VARCHAR) AS \"{c.name}\""
            for c in spec.columns
        ]
        sheet_name = "NULL" if sheet.name is None else f"'{sheet.name.replace(chr(39), chr(39) * 2)}'"
        parts.append(f"SELECT {sheet_name}::VARCHAR AS _sheet, _row, {', '.join(cols)} FROM {view}")
    # a row whose every cell is blank carries nothing: skip it (the others keep their numbers)
    filled = " OR ".join(f'"{c.name}" IS NOT NULL' for c in spec.columns)
    con.execute(f"CREATE TEMP TABLE {STAGE} AS SELECT * FROM ({' UNION ALL '.join(parts)}) WHERE {filled}")
    for i, sheet in enumerate(sheets):
        if sheet.table is not None:
            con.unregister(f"_pacesetter_sheet_{i}")
        else:
            con.execute(f"DROP VIEW _pacesetter_sheet_{i}")
    row = con.execute(f"SELECT count(*) FROM {STAGE}").fetchone()
    return int(row[0]) if row else 0


class _Collector:
    """Runs rule queries and turns their rows into :class:`Issue` objects."""

    def __init__(self, con: duckdb.DuckDBPyConnection, file: str) -> None:
        self.con, self.file = con, file
        self.issues: list[Issue] = []

    def rule(self, column: str | None, rule: str, where: str, message: str, message_zh: str = "",
             detail: str = "NULL") -> None:
        """Add an issue for every staged row matching ``where``.

        ``message`` and ``message_zh`` (the same in Chinese) may use {value} (the cell)
        and {detail} (the SQL expression ``detail``).
        """
        expr = f'"{column}"' if column else "NULL"
        rows = self.con.execute(
            f"SELECT _sheet, _row, {expr}, {detail} FROM {STAGE} WHERE {where} ORDER BY _sheet, _row"
        ).fetchall()
        for sheet, row, val, det in rows:
            self.issues.append(
                Issue(self.file, sheet, row, column, rule, val, message.format(value=val, detail=det),
                      message_zh.format(value=val, detail=det))
            )


def _map_distinct(
    con: duckdb.DuckDBPyConnection, column: str, name: str, fn: Callable[[str], tuple[str, ...]],
    out_cols: tuple[str, ...],
) -> dict[str, str]:
    """Apply ``fn`` to each distinct value; store results in a temp mapping table; return errors."""
    values = [r[0] for r in con.execute(
        f'SELECT DISTINCT "{column}" FROM {STAGE} WHERE "{column}" IS NOT NULL').fetchall()]
    good: dict[str, list[object]] = {"raw": [], **{c: [] for c in out_cols}}
    errors: dict[str, str] = {}
    for v in values:
        try:
            result = fn(v)
        except (InputError, ValueError) as exc:
            errors[v] = str(exc)
            continue
        good["raw"].append(v)
        for c, r in zip(out_cols, result, strict=True):
            good[c].append(r)
    con.execute(f"DROP TABLE IF EXISTS {name}")
    con.register(f"{name}_view", pa.table({k: pa.array(v) for k, v in good.items()}) if values else
                 pa.table({k: pa.array([], pa.string()) for k in good}))
    con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {name}_view")
    con.unregister(f"{name}_view")
    return errors


def _check_column(c: Column, col: _Collector, con: duckdb.DuckDBPyConnection) -> None:
    q = f'"{c.name}"'
    if c.required:
        col.rule(c.name, "required", f"{q} IS NULL", f"{c.header} is required",
                 f"{c.header} 必须填写")
    if c.type in ("float", "int"):
        col.rule(c.name, "not_a_number", f"{q} IS NOT NULL AND TRY_CAST({q} AS DOUBLE) IS NULL",
                 "{value!r} is not a number", "{value!r} 不是数字")
        if c.type == "int":
            col.rule(c.name, "not_an_integer",
                     f"TRY_CAST({q} AS DOUBLE) IS NOT NULL AND TRY_CAST({q} AS DOUBLE) % 1 <> 0",
                     "{value!r} is not a whole number", "{value!r} 不是整数")
        col.rule(c.name, "not_finite", f"lower({q}) IN ('nan', 'inf', '-inf', 'infinity', '-infinity')",
                 "{value!r} is not a finite number", "{value!r} 不是有限的数")
    elif c.type == "date":
        col.rule(c.name, "not_a_date", f"{q} IS NOT NULL AND TRY_CAST({q} AS DATE) IS NULL",
                 "{value!r} is not a date; write YYYY-MM-DD", "{value!r} 不是日期，请写作 YYYY-MM-DD")
    elif c.type == "bool":
        allowed = ", ".join(f"'{v}'" for v in _TRUE + _FALSE)
        col.rule(c.name, "not_a_boolean", f"{q} IS NOT NULL AND lower({q}) NOT IN ({allowed})",
                 "{value!r} is not true/false (是/否)", "{value!r} 不是 是/否（true/false）")
    elif c.type == "enum":
        allowed = ", ".join(f"'{v}'" for v in c.choices)
        col.rule(c.name, "not_allowed", f"{q} IS NOT NULL AND {q} NOT IN ({allowed})",
                 f"{{value!r}} is not one of {', '.join(c.choices)}",
                 f"{{value!r}} 不是可选值之一：{'、'.join(c.choices)}")
    elif c.type == "region":
        col.rule(c.name, "unknown_region",
                 f"{q} IS NOT NULL AND {q} NOT IN (SELECT code FROM regions)",
                 "{value!r} is not a known GB/T 2260 region code (see `pacesetter list regions`)",
                 "{value!r} 不是已知的 GB/T 2260 行政区划代码（见 `pacesetter list regions`）")
    elif c.type == "indicator":
        col.rule(c.name, "unknown_indicator",
                 f"{q} IS NOT NULL AND {q} NOT IN (SELECT id FROM indicators)",
                 "{value!r} is not a known indicator (see `pacesetter list indicators`)",
                 "{value!r} 不是已知指标（见 `pacesetter list indicators`）")
    elif c.type in _REFERENCES:
        known, what, what_zh = _REFERENCES[c.type]
        col.rule(c.name, f"unknown_{c.type}", f"{q} IS NOT NULL AND {q} NOT IN ({known})",
                 f"{{value!r}} is not a known {what}", f"{{value!r}} 不是已知{what_zh}")
    elif c.type in ("period", "unit", "uscc"):
        fn, outs = _DISTINCT_RULES[c.type]
        errors = _map_distinct(con, c.name, f"_pacesetter_map_{c.name}", fn, outs)
        for raw, message in errors.items():
            esc = raw.replace("'", "''")
            col.rule(c.name, f"invalid_{c.type}", f"{q} = '{esc}'", message,
                     _INVALID_ZH[c.type].format(reason=message))


# column type → (the known values, what they are in en and zh); a segment must be of the row's chain
_REFERENCES = {
    "enterprise": ("SELECT id FROM enterprises", "enterprise (import it with the enterprises template)",
                   "企业"),
    # "unassigned": a chain leader whose chain the source does not name (kept, never guessed)
    "chain": ("SELECT id FROM chains UNION ALL SELECT 'unassigned'", "chain (see `pacesetter chains list`)",
              "产业链"),
    "segment": (f"SELECT id FROM segments WHERE chain_id IS NOT DISTINCT FROM {STAGE}.chain_id",
                "segment of the row's chain", "的本产业链环节"),
}


def _period(v: str) -> tuple[str, ...]:
    return (str(Period.parse(v)),)


def _unit(v: str) -> tuple[str, ...]:
    u = normalise_unit(v)
    return (u.symbol,)


def _uscc(v: str) -> tuple[str, ...]:
    return (validate_uscc(v),)


# Chinese messages of the parsers' errors; the English reason is kept where it names specifics.
_INVALID_ZH = {
    "period": ("{{value!r}} 不是可识别的时期；可写作 2022、2022Q3、2022-08、2022年1-8月、"
               "2022年8月或1-2月（须带年份）"),
    "unit": "{{value!r}} 不是已知单位（{reason}）",
    "uscc": "{{value!r}} 不是有效的统一社会信用代码（GB 32100-2015：{reason}）",
}
_DISTINCT_RULES: dict[str, tuple[Callable[[str], tuple[str, ...]], tuple[str, ...]]] = {
    "period": (_period, ("canonical",)),
    "unit": (_unit, ("canonical",)),
    "uscc": (_uscc, ("canonical",)),
}


_MAPPED = ("period", "unit", "uscc")


def _value_expr(c: Column) -> str:
    """SQL turning the staged string (table alias ``s``) into the stored value."""
    q = f's."{c.name}"'
    if c.type == "float":
        # TRY_: rows with bad values are already issues; the typed table must still build
        return f"TRY_CAST({q} AS DOUBLE)"
    if c.type == "int":
        return f"TRY_CAST(TRY_CAST({q} AS DOUBLE) AS BIGINT)"
    if c.type == "date":
        return f"TRY_CAST({q} AS DATE)"
    if c.type == "bool":
        return f"coalesce(lower({q}) IN ({', '.join(repr(v) for v in _TRUE)}), FALSE)"
    if c.type == "list":
        items = f"list_transform(string_split({q}, ';'), lambda x: trim(x))"
        return f"coalesce(list_filter({items}, lambda x: x <> ''), [])"
    if c.type in _MAPPED:
        return f'"m_{c.name}".canonical'
    return q


def _typed_select(spec: EntitySpec) -> str:
    """SELECT of the staged rows as stored types, joined to the per-value mapping tables."""
    select = ", ".join(f'{_value_expr(c)} AS "{c.name}"' for c in spec.columns)
    joins = " ".join(
        f'LEFT JOIN _pacesetter_map_{c.name} "m_{c.name}" ON "m_{c.name}".raw = s."{c.name}"'
        for c in spec.columns if c.type in _MAPPED
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
    con: duckdb.DuckDBPyConnection, spec: EntitySpec, file: str, progress: Progress | None = None
) -> tuple[list[Issue], str]:
    """Check every rule over the staged rows; return (issues, SELECT producing stored rows)."""
    col = _Collector(con, file)
    for c in spec.columns:
        if progress:
            progress(f"checking {c.name}")
        _check_column(c, col, con)
    typed = _typed_select(spec)
    if spec.name in ("observations", "targets"):
        if progress:
            progress("checking units against indicators")
        typed = _check_units(con, col, spec, typed)
    if spec.name == "observations":
        _check_values(col)
    if progress:
        progress("checking keys")
    _check_keys(con, col, spec, typed)
    return col.issues, TYPED


def _check_units(con: duckdb.DuckDBPyConnection, col: _Collector, spec: EntitySpec, typed: str) -> str:
    """A unit must share its indicator's dimension; values are converted to the indicator's unit."""
    unit_table(con)
    col.rule(
        "unit", "unit_mismatch",
        "unit IS NOT NULL AND indicator_id IN (SELECT id FROM indicators) AND "
        "(SELECT canonical FROM _pacesetter_map_unit m WHERE m.raw = unit) IS NOT NULL AND "
        "(SELECT dimension FROM _pacesetter_units WHERE symbol = "
        " (SELECT canonical FROM _pacesetter_map_unit m WHERE m.raw = unit)) IS DISTINCT FROM "
        "(SELECT u.dimension FROM indicators i JOIN _pacesetter_units u ON u.symbol = i.unit "
        " WHERE i.id = indicator_id)",
        "unit {value!r} does not fit indicator {detail}",
        "单位 {value!r} 与指标 {detail} 的单位不是同一类",
        detail="indicator_id || ' (' || (SELECT unit FROM indicators i WHERE i.id = indicator_id) || ')'",
    )
    # Convert to the indicator's unit, e.g. 万元 → 亿元 divides by 1e4; the note records it.
    same = "(i.unit IS NULL OR t.unit = i.unit)"
    replace = {
        "value": f"CASE WHEN {same} THEN t.value ELSE t.value * fu.factor / tu.factor END",
        "unit": "coalesce(i.unit, t.unit)",
        "note": f"CASE WHEN {same} THEN t.note "
                "ELSE concat_ws('; ', t.note, 'converted from ' || t.value::VARCHAR || ' ' || t.unit) END",
    }
    cols = [c.name for c in spec.columns]
    select = ", ".join(f'{replace.get(c, "t." + chr(34) + c + chr(34))} AS "{c}"' for c in cols)
    return (
        f"SELECT t._sheet, t._row, {select} FROM ({typed}) t "
        "LEFT JOIN indicators i ON i.id = t.indicator_id "
        "LEFT JOIN _pacesetter_units fu ON fu.symbol = t.unit "
        "LEFT JOIN _pacesetter_units tu ON tu.symbol = i.unit"
    )


def _check_values(col: _Collector) -> None:
    """Impossible values for the indicator's kind: shares outside 0–100, negative counts, ranks < 1."""
    kind = "(SELECT kind FROM indicators WHERE id = indicator_id)"
    num = "TRY_CAST(value AS DOUBLE)"
    col.rule("value", "impossible_value", f"{kind} = 'share' AND ({num} < 0 OR {num} > 100)",
             "{value} is not a share between 0 and 100", "{value} 不是 0 到 100 之间的比重")
    col.rule("value", "impossible_value", f"{kind} = 'count' AND {num} < 0",
             "{value} is a negative count", "{value} 是负的个数")
    col.rule("value", "impossible_value", f"{kind} = 'rank' AND {num} < 1",
             "{value} is not a rank (1 or more)", "{value} 不是名次（应为 1 或以上）")


def _check_keys(con: duckdb.DuckDBPyConnection, col: _Collector, spec: EntitySpec, typed: str) -> None:
    """Duplicate keys inside the file, and keys that already exist in the store."""
    key = ", ".join(f'"{k}"' for k in spec.key)
    con.execute(f"DROP TABLE IF EXISTS {TYPED}")
    con.execute(f"CREATE TEMP TABLE {TYPED} AS {typed}")
    dupes = con.execute(
        f"SELECT _sheet, _row, first_row FROM (SELECT _sheet, _row, {key}, "
        f"first_value(_row) OVER (PARTITION BY {key} ORDER BY _sheet, _row) AS first_row, "
        f"row_number() OVER (PARTITION BY {key} ORDER BY _sheet, _row) AS n "
        f"FROM _pacesetter_typed) WHERE n > 1 ORDER BY _sheet, _row"
    ).fetchall()
    for sheet, row, first in dupes:
        col.issues.append(Issue(col.file, sheet, row, ", ".join(spec.key), "duplicate_key",
                                None, f"same key as row {first}", f"与第{first}行的主键相同"))
    join = " AND ".join(f't."{k}" IS NOT DISTINCT FROM s."{k}"' for k in spec.key)
    if spec.name == "observations":
        rows = con.execute(
            f"SELECT s._sheet, s._row, s.value, t.value FROM _pacesetter_typed s "
            f"JOIN observations t ON {join} WHERE t.value <> s.value"
        ).fetchall()
        for sheet, row, new, old in rows:
            col.issues.append(Issue(
                col.file, sheet, row, "value", "revision_needs_new_vintage", new,
                f"the store holds {old} for this indicator, region, period, source and release "
                "date; a revision must carry a later release date (vintage) — nothing is overwritten",
                f"库中该指标、地区、时期、来源和发布日期已有数值 {old}；修订值须带更晚的发布日期（vintage），"
                "已有数据不会被覆盖",
            ))
        return
    shown = ", ".join(f's."{k}"::VARCHAR' for k in spec.key)
    rows = con.execute(
        f"SELECT s._sheet, s._row, concat_ws(' / ', {shown}) "
        f"FROM _pacesetter_typed s JOIN \"{spec.table}\" t ON {join}"
    ).fetchall()
    for sheet, row, value in rows:
        col.issues.append(Issue(col.file, sheet, row, ", ".join(spec.key), "key_exists", value,
                                f"{spec.name} {value} already exists in the store",
                                f"库中已有 {spec.zh} {value}"))

