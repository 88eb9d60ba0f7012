"""The edge handler: an unexpected error is a short message and a crash log, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def start(db: Path, log_dir: Path, *args: str) -> subprocess.Popen[str]:
    """The real `pacesetter` entry point in a subprocess, crash logs going to ``log_dir``."""
    return subprocess.Popen(
        [sys.executable, "-m", "pacesetter", "--db", str(db), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin", "PACESETTER_LOG_DIR": str(log_dir)},
    )


def run(db: Path, log_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command to its end (exit code, stdout and stderr)."""
    proc = start(db, log_dir, *args)
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_a_file_that_is_not_a_database_gives_a_message_and_a_crash_log(tmp_path: Path) -> None:
    db = tmp_path / "notes.duckdb"
    db.write_text("meeting notes, not a database\n", encoding="utf-8")
    logs = tmp_path / "logs"  # does not exist yet: the handler creates it

    result = run(db, logs, "--lang", "en", "list", "regions")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "bug" in result.stderr and "--debug" in result.stderr
    [log] = list(logs.glob("crash-*.log"))
    assert str(log) in result.stderr.replace("\n", "")
    text = log.read_text(encoding="utf-8")
    assert text.count("Traceback (most recent call last)") == 1
    assert "not a valid DuckDB database file" in text
    assert "list regions" in text  # the command that failed


def test_the_message_is_in_chinese_and_debug_shows_the_traceback(tmp_path: Path) -> None:
    db = tmp_path / "notes.duckdb"
    db.write_text("不是数据库\n", encoding="utf-8")

    debug = start(db, tmp_path / "logs", "--debug", "list", "regions")  # both at once: half the wait
    zh = run(db, tmp_path / "logs", "--lang", "zh", "list", "regions")
    _, debug_err = debug.communicate(timeout=120)

    assert zh.returncode == 1 and "缺陷" in zh.stderr and "Traceback" not in zh.stderr
    assert debug.returncode == 1 and "Traceback (most recent call last)" in debug_err
    assert len(list((tmp_path / "logs").glob("crash-*.log"))) == 1  # --debug shows, does not log
