"""Who holds the database: the lock note beside it, and opening with a bounded wait.

DuckDB lets one process hold a file for writing (or several for reading). A process
that opens the file for writing leaves a note ``<db>.lock.json`` (pid, command line,
since when) and removes it when its connection goes away, so that a second process
finding the file held can name the holder instead of showing DuckDB's lock error.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sys
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pacesetter.errors import DatabaseBusy

log = logging.getLogger(__name__)
_PID = re.compile(r"\(PID (\d+)\)")
POLL_SECONDS = 0.25


@dataclass(frozen=True, slots=True)
class Holder:
    """The process holding the database, as far as the note and DuckDB tell."""

    pid: int | None
    command: str | None  # its command line; None when no note and no /proc entry says
    since: str | None = None  # ISO time it opened the file, from the note
    url: str | None = None  # where a server holding it answers (``pacesetter serve``), from the note


def note_path(db: Path) -> Path:
    """The lock note beside ``db``."""
    return db.with_name(db.name + ".lock.json")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


def write_note(db: Path, url: str | None = None) -> None:
    """Record this process as the writer of ``db`` (best effort: a read-only folder skips it);
    ``url``: the address of the server this process runs, for commands to send their work to."""
    command = _command_of(os.getpid()) or " ".join([sys.executable, *sys.argv])
    note = {"pid": os.getpid(), "command": command,
            "since": dt.datetime.now().isoformat(timespec="seconds"), **({"url": url} if url else {})}
    try:
        note_path(db).write_text(json.dumps(note, ensure_ascii=False), encoding="utf-8")
    except OSError as exc:
        log.debug("no lock note for %s: %s", db, exc)


def remove_note(db: Path, pid: int) -> None:
    """Remove the note of ``db`` if it is still the one process ``pid`` wrote."""
    path = note_path(db)
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == pid:
            path.unlink()
    except (OSError, ValueError):
        pass


def close_writer(con: duckdb.DuckDBPyConnection, db: Path) -> None:
    """Close a connection :func:`open_waiting` opened for writing; remove its note now, not when collected."""
    con.close()
    remove_note(db, os.getpid())


def read_note(db: Path) -> Holder | None:
    """The writer named by the note, or None when there is none, it is unreadable, or its pid is gone."""
    try:
        note = json.loads(note_path(db).read_text(encoding="utf-8"))
        pid = int(note["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not _alive(pid):
        return None  # a stale note: its process died without removing it
    return Holder(pid, one_line(str(note.get("command") or "")), note.get("since"), note.get("url"))


def _command_of(pid: int) -> str | None:
    """A process's command line from /proc (Linux), None elsewhere or when unreadable."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return one_line(raw.replace(b"\0", b" ").decode(errors="replace"))


def one_line(command: str) -> str | None:
    """A command line on one line (a ``python -c`` script has newlines), at most 300 characters."""
    text = " ".join(command.split())
    return (text[:299] + "…" if len(text) > 300 else text) or None


def holder(db: Path, message: str) -> Holder:
    """Who holds ``db``, given DuckDB's lock message: the note, unless DuckDB names another pid."""
    match = _PID.search(message)
    pid = int(match.group(1)) if match else None
    note = read_note(db)
    if note is not None and (pid is None or note.pid == pid):
        return note
    return Holder(pid, _command_of(pid) if pid is not None else None)


def is_lock_error(exc: duckdb.Error) -> bool:
    """Whether ``exc`` is DuckDB refusing the file because another process holds it."""
    return isinstance(exc, duckdb.IOException) and "Could not set lock on file" in str(exc)


OnWait = Callable[[Holder, float], None]


def open_waiting(path: Path, *, read_only: bool, wait: float = 0.0,
                 on_wait: OnWait | None = None) -> duckdb.DuckDBPyConnection:
    """Open ``path``, retrying for up to ``wait`` seconds while another process holds it.

    ``on_wait(holder, wait)`` is called once, when the first attempt finds the file held.
    Gives up with :class:`DatabaseBusy` naming the holder. A read-only open in a process that
    already holds the file for writing shares that (DuckDB allows one configuration per file and
    process). A writer leaves the lock note, removed when the connection is closed and collected
    (or the process exits).
    """
    deadline = time.monotonic() + max(wait, 0.0)
    told = False
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as exc:
            if not is_lock_error(exc):
                raise
            who = holder(path, str(exc))
            if time.monotonic() >= deadline:
                raise DatabaseBusy(path, who.pid, who.command, wait) from None
            if not told and on_wait is not None:
                on_wait(who, wait)
            told = True
            time.sleep(min(POLL_SECONDS, max(deadline - time.monotonic(), 0.0)))
        except duckdb.ConnectionException as exc:
            if not (read_only and "different configuration" in str(exc)):
                raise
            # this process already holds the file for writing (a notebook, a test): read through that
            return duckdb.connect(str(path))
    if not read_only:
        write_note(path)
        weakref.finalize(con, remove_note, path, os.getpid())
    return con
