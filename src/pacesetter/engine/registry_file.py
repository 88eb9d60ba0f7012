"""Checks of an enterprise registry file before an engine reads it: a clear error, not a SQL one."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pacesetter.errors import InputError


def _text(t: pa.DataType) -> bool:
    return bool(pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t))


def _numeric(t: pa.DataType) -> bool:
    return bool(pa.types.is_integer(t) or pa.types.is_floating(t))


# column → (what it must hold, the type test)
_COLUMNS = {
    "region_code": ("text (GB/T 2260 city code)", _text),
    "industry_code": ("text (GB/T 4754-2017 code)", _text),
    "revenue": ("a number (万元) or empty", _numeric),
    "employment": ("a number (persons) or empty", _numeric),
}


def check_registry(path: Path | str) -> pa.Schema:
    """The registry's Parquet schema, or :class:`InputError` naming the file, column and rule broken.

    A registry has one row per enterprise with region_code, industry_code (text), revenue
    and employment (numbers; null = unknown); other columns are ignored.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such registry file")
    try:
        schema = pq.read_schema(p)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"{p}: not a Parquet file ({exc})") from None
    problems = []
    for name, (rule, ok) in _COLUMNS.items():
        if name not in schema.names:
            problems.append(f"column {name}: [missing_column] required, must be {rule}")
            continue
        kind = schema.field(name).type
        value_type = kind.value_type if pa.types.is_dictionary(kind) else kind
        if not (ok(value_type) or pa.types.is_null(value_type)):
            problems.append(f"column {name}: [wrong_type] must be {rule}, found {value_type}")
    if problems:
        raise InputError(f"{p}: not an enterprise registry: " + "; ".join(problems))
    return schema


def codes_may_carry_letters(path: Path | str) -> bool:
    """Whether the file's industry codes may start with a section letter ("C3973"): False only
    when every row group's statistics say its largest code sorts before "A" (all digits), so
    that engines can leave the lettered forms out of their code mapping."""
    metadata = pq.ParquetFile(path).metadata
    column = metadata.schema.to_arrow_schema().get_field_index("industry_code")
    for i in range(metadata.num_row_groups):
        stats = metadata.row_group(i).column(column).statistics
        if stats is None or not stats.has_min_max or str(stats.max) >= "A":
            return True
    return False
