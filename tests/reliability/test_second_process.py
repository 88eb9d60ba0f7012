"""A second process never crashes: readers share the file, a held file is waited for, then named."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import typer

from pacesetter.cli.lazy import LazyGroup
from pacesetter.cli.main import app
from pacesetter.cli.options import READ_ONLY_COMMANDS
from pacesetter.errors import DatabaseBusy
from pacesetter.store.lock import holder, note_path, read_note, write_note

# Opens the database for writing the way a notebook or an import does, says so, and holds it
# until the test closes its stdin.
HOLD = """
import sys, pacesetter
ws = pacesetter.open(sys.argv[1])
ws.con
print("held", flush=True)
sys.stdin.read()
ws.close()
"""


def start(db: Path, *args: str) -> subprocess.Popen[str]:
    """The real `pacesetter` entry point in a subprocess."""
    return subprocess.Popen(
        [sys.executable, "-m", "pacesetter", "--db", str(db), "--lang", "en", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin", "PACESETTER_LOG_DIR": str(db.parent / "logs")},
    )


@pytest.fixture
def held(demo_db: Path) -> Iterator[subprocess.Popen[str]]:
    """A second process holding the demo database for writing until released (stdin closed)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(demo_db)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    yield proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_a_held_database_is_waited_for_then_named_or_opened(
        demo_db: Path, held: subprocess.Popen[str]) -> None:
    note = json.loads(note_path(demo_db).read_text(encoding="utf-8"))
    assert note["pid"] == held.pid and "pacesetter.open" in note["command"]
    # both commands start at once (each takes seconds to start): one gives up, one outwaits the holder
    gives_up = start(demo_db, "--wait", "1", "list", "regions")
    waits = start(demo_db, "--wait", "60", "list", "regions")

    out, err = gives_up.communicate(timeout=120)
    assert gives_up.returncode == 1, err
    assert "Traceback" not in err and "Could not set lock" not in err
    assert f"PID {held.pid}" in err and "pacesetter.open" in err and "--wait" in err

    assert waits.stderr is not None
    first = waits.stderr.readline()  # said before it starts waiting
    assert "waiting up to 60 s" in first and f"PID {held.pid}" in first
    assert held.stdin is not None
    held.stdin.close()  # the holder finishes within the wait
    held.wait(timeout=30)
    assert not note_path(demo_db).exists()  # the holder removed its note on closing
    out, err = waits.communicate(timeout=120)
    assert waits.returncode == 0, err
    assert "370200" in out  # Qingdao's row of the regions table


def test_readers_share_the_file(demo_db: Path) -> None:
    reader = duckdb.connect(str(demo_db), read_only=True)  # another reader, holding the file shared
    try:
        result = start(demo_db, "--wait", "0", "list", "regions")
        out, err = result.communicate(timeout=120)
    finally:
        reader.close()
    assert result.returncode == 0, err
    assert "370200" in out
    assert not note_path(demo_db).exists()  # a reader leaves no writer's note


def test_a_stale_note_is_ignored_and_duckdb_names_the_holder(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    note_path(db).write_text(json.dumps({"pid": dead.pid, "command": "pacesetter import x.csv"}))
    assert read_note(db) is None  # its process is gone

    # DuckDB 2.0's wording of the lock error (seen when a second process opens a held file)
    lock_message = (f'IO Error: Could not set lock on file "{db}": Conflicting lock is held in '
                    f"/usr/bin/python3 (PID {os.getpid()}). See also https://duckdb.org/docs/current/connect/concurrency")
    found = holder(db, lock_message)  # no live note: DuckDB's pid, and its command line from /proc
    assert found.pid == os.getpid()
    assert found.command is not None or sys.platform != "linux"

    write_note(db)  # a live note of this process: its command comes from the note
    assert holder(db, lock_message) == read_note(db)
    other = lock_message.replace(f"PID {os.getpid()}", f"PID {dead.pid}")
    assert holder(db, other).pid == dead.pid  # DuckDB names another process: the note is not its


def test_the_busy_message_names_the_holder_or_says_unknown() -> None:
    known = DatabaseBusy("d.duckdb", 4242, "pacesetter import obs.csv", 30)
    unknown = DatabaseBusy("d.duckdb", None, None, 1.5)
    assert "PID 4242" in known.text("en") and "pacesetter import obs.csv" in known.text("en")
    assert "kill 4242" in known.text("zh") and "30 秒" in known.text("zh")
    assert "PID unknown" in unknown.text("en") and "kill" not in unknown.text("en")
    assert "PID 未知" in unknown.text("zh") and "1.5 秒" in unknown.text("zh")


def test_every_read_only_command_exists() -> None:
    root = typer.main.get_command(app)
    assert isinstance(root, LazyGroup)
    root.load_all()
    for path in READ_ONLY_COMMANDS:
        command = root
        for name in path:
            assert isinstance(command, typer.core.TyperGroup), path
            command = command.commands[name]
