"""Import a user's file atomically: read, validate everything, then write all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pacesetter.errors import ImportRejected, InputError
from pacesetter.io.readers import read_sheets
from pacesetter.io.validate import STAGE, Progress, stage, validate_staged
from pacesetter.store.connect import transaction


@dataclass(frozen=True)
class ImportResult:
    """What an import (or a dry run) did."""

    entity: str
    rows: int
    written: int
    unchanged: int
    dry_run: bool
    encoding: str | None = None  # a CSV's detected encoding (readers.ENCODING_LABELS); None: not text
    ignored_sheets: tuple[str, ...] = ()  # sheets left out (notes, hidden), named in the report


def import_file(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    *,
    entity: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate ``path`` and, unless ``dry_run``, write it in one transaction.

    Raises :class:`ImportRejected` carrying every issue (file, sheet, row, column,
    rule, value) when anything is wrong; the store is then unchanged. Rows equal
    to ones already stored (same key and value) are counted as unchanged.
    """
    p = Path(path)
    if progress:
        progress(f"reading {p.name}")
    spec, sheets, raw = read_sheets(p, entity)
    if spec.import_command:
        raise InputError(
            f"{p}: {spec.name} are imported with `{spec.import_command}`, which validates the "
            "lifecycle and records every change in the audit log"
        )
    with transaction(con):
        n = stage(con, spec, sheets)
        del sheets  # the staged copy is all we need; free the file's Arrow buffers
        issues, typed = validate_staged(con, spec, str(p), progress)
        if issues:
            raise ImportRejected(issues)
        con.execute(f"DROP TABLE IF EXISTS {STAGE}")
        key_join = " AND ".join(f't."{k}" IS NOT DISTINCT FROM s."{k}"' for k in spec.key)
        new_rows = (
            f"SELECT s.* EXCLUDE (_sheet, _row) FROM {typed} s "
            f'WHERE NOT EXISTS (SELECT 1 FROM "{spec.table}" t WHERE {key_join})'
        )
        if dry_run:
            row = con.execute(f"SELECT count(*) FROM ({new_rows})").fetchone()
        else:
            if progress:
                progress(f"writing {n} rows")
            cols = ", ".join(f'"{c.name}"' for c in spec.columns)
            row = con.execute(f'INSERT INTO "{spec.table}" ({cols}) {new_rows}').fetchone()
        new = int(row[0]) if row else 0
        con.execute(f"DROP TABLE IF EXISTS {typed}")
    return ImportResult(spec.name, n, 0 if dry_run else new, n - new, dry_run,
                        raw.encoding, tuple(raw.ignored))
