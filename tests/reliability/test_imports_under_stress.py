"""Imports killed, imports side by side, readers during an import: nothing lost, nothing half-seen.

Every command here is the real command line in its own process. Where a test needs an import
to hold the file mid-way, the import pauses after inserting its rows and before committing
(``helpers.PAUSED_IMPORT``), so the moment is certain rather than guessed from a delay.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
from pathlib import Path

from pacesetter.store.connect import connect
from pacesetter.store.lock import close_writer, note_path, read_note
from tests.reliability.helpers import cli, count, fingerprint, observations_csv


def _wait_for(proc: subprocess.Popen[str], word: str) -> str:
    """Read ``proc``'s stderr up to the line containing ``word`` (the lines before are progress)."""
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if word in line:
            return line
    raise AssertionError(f"{word!r} never came; stderr: {''.join(seen)}")


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=180)
    assert "Traceback" not in err and "Could not set lock" not in err, err
    return proc.returncode, out, err


def test_kill_9_mid_import_leaves_the_database_openable_and_unchanged(demo_db: Path, tmp_path: Path) -> None:
    file = observations_csv(demo_db, tmp_path / "obs.csv", 2000, "killed")
    before = fingerprint(demo_db)
    proc = cli(demo_db, "import", str(file), paused=True)
    _wait_for(proc, "inserted")  # 2000 rows written, not committed
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert fingerprint(demo_db) == before  # openable, and not one row of the import
    assert note_path(demo_db).exists() and read_note(demo_db) is None  # its note is left, known stale
    con = connect(demo_db, wait=0)  # the next writer does not wait for the dead one
    note = read_note(demo_db)
    assert note is not None and note.pid == os.getpid()  # and replaces the note with its own
    close_writer(con, demo_db)
    assert fingerprint(demo_db) == before and not note_path(demo_db).exists()


def test_two_imports_at_once_both_land(demo_db: Path, tmp_path: Path) -> None:
    files = [observations_csv(demo_db, tmp_path / f"{label}.csv", 1500, label) for label in ("a", "b")]
    assert count(demo_db) == 0
    procs = [cli(demo_db, "--wait", "120", "import", str(f)) for f in files]  # started together
    for proc in procs:
        code, out, err = _finish(proc)
        assert code == 0, err
        assert "1500 added, 0 changed, 0 unchanged" in out
    assert count(demo_db) == 3000


def test_while_an_import_holds_the_file_others_wait_or_are_told(demo_db: Path, tmp_path: Path) -> None:
    first = observations_csv(demo_db, tmp_path / "first.csv", 1000, "first")
    second = observations_csv(demo_db, tmp_path / "second.csv", 1000, "second")
    with first.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    indicator, region = rows[0]["indicator_id"], rows[0]["region_code"]
    group = sum(r["indicator_id"] == indicator and r["region_code"] == region for r in rows)
    show = ["show", indicator, "-r", region, "--all-sources", "--format", "csv"]

    holder = cli(demo_db, "import", str(first), paused=True)
    _wait_for(holder, "inserted")
    told = [cli(demo_db, "--wait", "0", "import", str(second)), cli(demo_db, "--wait", "0", *show)]
    waiting = [cli(demo_db, "--wait", "120", "import", str(second)), cli(demo_db, "--wait", "120", *show)]
    for proc in told:  # refused in words, naming the import that holds the file
        code, _, err = _finish(proc)
        flat = " ".join(err.split())
        assert code == 1 and f"held by another process (PID {holder.pid}" in flat and "--wait" in flat
    for proc in waiting:  # say that they wait, and for whom
        line = _wait_for(proc, "waiting")
        assert f"PID {holder.pid}" in line and "waiting up to 120 s" in line
    assert holder.stdin is not None
    holder.stdin.write("go\n")
    holder.stdin.flush()
    assert _finish(holder)[0] == 0

    writer, reader = (_finish(proc) for proc in waiting)
    assert writer[0] == 0 and "1000 added" in writer[1]
    assert reader[0] == 0, reader[2]
    # the reader saw the first import whole, and the second whole or not at all
    assert reader[1].count("synthetic:reliability first") == group
    assert reader[1].count("synthetic:reliability second") in (0, group)
    assert count(demo_db) == 2000
