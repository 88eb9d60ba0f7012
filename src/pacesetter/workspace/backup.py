"""Backup and restore of a whole Pacesetter database (``pacesetter backup`` / ``restore``).

A backup is a consistent copy made through the open database (:mod:`pacesetter.store.backup`),
so it can be taken while the server runs (by the server, under its write lock). A restore
replaces the database file, so it needs the file to itself: it is refused while any process
holds it, and the file restored from is checked to be a Pacesetter database before anything
is replaced (the database stays as it was otherwise).
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from pacesetter.errors import NotADatabase, NotFoundError
from pacesetter.store import backup as store
from pacesetter.store import queries
from pacesetter.store.connect import connect, refuse_unless_duckdb, remove_database
from pacesetter.store.lock import close_writer

if TYPE_CHECKING:
    from pacesetter.workspace.core import Workspace


def backup(ws: Workspace, target: Path | str) -> Path:
    """Write a consistent copy of ``ws``'s database to the new file ``target``; the path written."""
    path = Path(target)
    if not path.parent.is_dir():  # DuckDB's own error would read as a failure of Pacesetter's
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    store.copy_database(ws.con, path)
    return path


def restore(source: Path | str, db: Path | str) -> None:
    """Replace the database ``db`` by the Pacesetter database ``source`` (brought up to this
    version's schema). Refused, with ``db`` untouched, when ``source`` is missing or not a
    Pacesetter database with data, or when another process holds ``db``."""
    source, db = Path(source), Path(db)
    if not source.is_file():
        raise NotFoundError.said("cli.restore.missing", path=source)
    try:
        refuse_unless_duckdb(source)
    except NotADatabase as exc:  # the advice is a backup's, not --db's
        raise NotADatabase(source, exc.kind, exc.detail, todo="io.not_a_backup_todo") from None
    staged = db.with_name(db.name + ".restoring")
    _discard(staged)  # a restore that was interrupted
    shutil.copyfile(source, staged)
    try:
        try:  # refuses another program's or a newer database; migrates an older one
            con = connect(staged)
        except NotADatabase as exc:  # said of the file given, not of the staged copy
            raise NotADatabase(source, exc.kind, exc.detail, todo="io.not_a_backup_todo") from None
        try:
            if not queries.has_data(con):
                raise NotADatabase(source, "foreign", todo="io.not_a_backup_todo")
        finally:
            close_writer(con, staged)
        remove_database(db)  # refuses a file that is not a database, or one another process holds
        os.replace(staged, db)
    except BaseException:
        _discard(staged)
        raise


def _discard(staged: Path) -> None:
    """Delete a staged copy and its write-ahead log (whatever it holds: it may be what was refused)."""
    for p in (staged, staged.with_name(staged.name + ".wal"), staged.with_name(staged.name + ".lock.json")):
        p.unlink(missing_ok=True)
