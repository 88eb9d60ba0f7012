"""Checks of an enterprise registry file before an engine reads it: a clear error, not a SQL one."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pacesetter.errors import InputError, Said


def _text(t: pa.DataType) -> bool:
    return bool(pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t))


def _numeric(t: pa.DataType) -> bool:
    return bool(pa.types.is_integer(t) or pa.types.is_floating(t))


# column → the type test (what it must hold: input.error.registry_rule.<column> of the catalogue)
_COLUMNS = {"region_code": _text, "industry_code": _text, "revenue": _numeric, "employment": _numeric}


def check_registry(path: Path | str) -> pa.Schema:
    """The registry's Parquet schema, or :class:`InputError` naming the file, column and rule broken.

    A registry has one row per enterprise with region_code, industry_code (text), revenue
    and employment (numbers; null = unknown); other columns are ignored.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError.said("input.error.registry_missing", path=p)
    try:
        schema = pq.read_schema(p)
    except (pa.ArrowInvalid, OSError):
        raise InputError.said("input.error.registry_not_parquet", path=p) from None
    problems = []
    for name, ok in _COLUMNS.items():
        rule = Said(f"input.error.registry_rule.{name}")
        if name not in schema.names:
            problems.append(Said("input.error.registry_missing_column", column=name, rule=rule))
            continue
        kind = schema.field(name).type
        value_type = kind.value_type if pa.types.is_dictionary(kind) else kind
        if not (ok(value_type) or pa.types.is_null(value_type)):
            problems.append(Said("input.error.registry_wrong_type", column=name, rule=rule, found=value_type))
    if problems:
        raise InputError.said("input.error.registry_columns", path=p, problems=problems)
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
