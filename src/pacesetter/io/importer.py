"""Import a user's file atomically: read, validate everything, then write all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pacesetter.errors import ImportRejected, InputError
from pacesetter.io import updates
from pacesetter.io.excel import RawFile
from pacesetter.io.progress import Step
from pacesetter.io.readers import read_sheets
from pacesetter.io.specs import EntitySpec
from pacesetter.io.validate import STAGE, Progress, bounded_memory, stage, validate_staged
from pacesetter.store.connect import transaction


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, in a dry run, would do): rows added, changed and unchanged."""

    entity: str
    rows: int
    added: int
    changed: int
    unchanged: int
    dry_run: bool
    encoding: str | None = None  # a CSV's detected encoding (readers.ENCODING_LABELS); None: not text
    ignored_sheets: tuple[tuple[str, str], ...] = ()  # sheets left out: (name, "notes" or "hidden")

    @property
    def written(self) -> int:
        """Rows written (added and changed); 0 in a dry run."""
        return 0 if self.dry_run else self.added + self.changed


def import_file(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    *,
    entity: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    actor: str = "unknown",
) -> ImportResult:
    """Validate ``path`` and, unless ``dry_run``, write it in one transaction.

    Raises :class:`ImportRejected` carrying every issue (file, sheet, row, column,
    rule, value) when anything is wrong; the store is then unchanged. A row with a new
    key is added, a row equal to the stored one is unchanged, a changed row updates the
    stored one, recorded in the audit log as ``actor`` (rules in :mod:`pacesetter.io.updates`).
    """
    p = Path(path)
    if progress:
        progress(Step(f"reading {p.name}", "read"))
    spec, sheets, raw = read_sheets(p, entity)
    if spec.import_command:
        raise InputError(
            f"{p}: {spec.name} are imported with `{spec.import_command}`, which validates the "
            "lifecycle and records every change in the audit log"
        )
    try:
        with bounded_memory(con):
            n = stage(con, spec, sheets, progress)  # before the transaction, see stage(); temp rows only
        del sheets  # the staged copy is all we need; free the file's Arrow buffers
        with bounded_memory(con), transaction(con):
            if progress:
                progress(Step(f"validating {n} rows", "validate", rows=n))
            given = _given(spec, raw)
            issues, typed = validate_staged(con, spec, str(p), progress, given)
            if issues:
                raise ImportRejected(issues)
            con.execute(f"DROP TABLE IF EXISTS {STAGE}")  # free it before the write; the typed copy remains
            if progress and not dry_run:
                progress(Step(f"writing {n} rows", "write", rows=n))
            added, changed = updates.write(con, spec, typed, given, file=str(p), actor=actor, dry_run=dry_run)
            con.execute(f"DROP TABLE IF EXISTS {typed}")
    finally:
        # the staged copy of a refused file would hold its memory until the next import
        con.execute(f"DROP TABLE IF EXISTS {STAGE}")
    return ImportResult(spec.name, n, added, changed, n - added - changed, dry_run,
                        raw.encoding, tuple(raw.ignored))


def _given(spec: EntitySpec, raw: RawFile) -> frozenset[str]:
    """The columns every data sheet of the file has; a column left out keeps its stored values."""
    per_sheet = [{c.name for h in one.headers if (c := spec.match_header(h))} for one in raw.sheets]
    return frozenset.intersection(*map(frozenset, per_sheet))
