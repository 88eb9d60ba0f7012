"""Import a user's file atomically: read, validate everything, then write all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from pacesetter.errors import ImportRejected
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
    encoding: str | None = None  # a CSV's detected encoding (shown as io.encoding.<codec>); None: not text
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
    derive: Mapping[str, tuple[str, Callable[[str | None], str | None]]] | None = None,
) -> ImportResult:
    """Validate ``path`` and, unless ``dry_run``, write it in one transaction.

    Raises :class:`ImportRejected` carrying every issue (file, sheet, row, column,
    rule, value) when anything is wrong; the store is then unchanged. A row with a new
    key is added, a row equal to the stored one is unchanged, a changed row updates the
    stored one, recorded in the audit log as ``actor`` (rules in :mod:`pacesetter.io.updates`).
    ``derive`` maps a column to (the column it follows, the function giving it), e.g. a park's
    district code from its district text: wherever the file gives the source column, the derived
    one is set from it, whatever the file says, so the two never disagree.
    """
    p = Path(path)
    if progress:
        progress(Step(f"reading {p.name}", "read"))
    spec, sheets, raw = read_sheets(p, entity)
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
            given = _derive(con, spec, typed, given, derive or {})
            if progress and not dry_run:
                progress(Step(f"writing {n} rows", "write", rows=n))
            added, changed = updates.write(con, spec, typed, given, file=str(p), actor=actor, dry_run=dry_run)
            con.execute(f"DROP TABLE IF EXISTS {typed}")
    finally:
        # the staged copy of a refused file would hold its memory until the next import
        con.execute(f"DROP TABLE IF EXISTS {STAGE}")
    return ImportResult(spec.name, n, added, changed, n - added - changed, dry_run,
                        raw.encoding, tuple(raw.ignored))


def _derive(
    con: duckdb.DuckDBPyConnection, spec: EntitySpec, typed: str, given: frozenset[str],
    derive: Mapping[str, tuple[str, Callable[[str | None], str | None]]],
) -> frozenset[str]:
    """Set each derived column of the typed rows from its source column; the columns now given."""
    names = {c.name for c in spec.columns}
    for target, (source, fn) in derive.items():
        if target not in names or source not in given:
            continue
        raws = [r[0] for r in con.execute(f'SELECT DISTINCT "{source}" FROM {typed}').fetchall()]
        con.register("_pacesetter_derived", pa.table({
            "raw": pa.array(raws, pa.string()), "value": pa.array([fn(r) for r in raws], pa.string())}))
        con.execute(f'UPDATE {typed} SET "{target}" = d.value FROM _pacesetter_derived d '
                    f'WHERE {typed}."{source}" IS NOT DISTINCT FROM d.raw')
        con.unregister("_pacesetter_derived")
        given |= {target}
    return given


def _given(spec: EntitySpec, raw: RawFile) -> frozenset[str]:
    """The columns every data sheet of the file has; a column left out keeps its stored values."""
    per_sheet = [{c.name for h in one.headers if (c := spec.match_header(h))} for one in raw.sheets]
    return frozenset.intersection(*map(frozenset, per_sheet))
