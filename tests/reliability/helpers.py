"""What the reliability tests share: valid observation files of any size, the real CLI, a paused import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import duckdb

from pacesetter.cli.main import main
from pacesetter.testing import store_fingerprint

# The real command line (`python -m pacesetter`), except that the import pauses once its rows are
# inserted and not yet committed: it says "inserted" on stderr, then waits for a line on stdin
# (the test's go) before it commits. A test holding it there knows the file is held mid-import.
PAUSED_IMPORT = """
import runpy, sys
from pacesetter.io import updates
real = updates.write
def paused(*args, **kwargs):
    out = real(*args, **kwargs)
    print("inserted", file=sys.stderr, flush=True)
    sys.stdin.readline()
    return out
updates.write = paused
runpy.run_module("pacesetter", run_name="__main__", alter_sys=True)
"""


def observations_csv(db: Path, path: Path, rows: int, label: str) -> Path:
    """A valid observations CSV of ``rows`` synthetic rows new to ``db`` (its source names ``label``).

    Each row is an (indicator, period, unit) the database already holds a figure for, crossed with
    each of its regions, so every period suits its indicator; values 1–97 fit every kind's bounds.
    Files of different labels never share a key (the source is part of it).
    """
    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute("SELECT count(*) FROM regions").fetchone()
        pairs = -(-rows // (found[0] if found else 1))
        con.execute(f"""COPY (
            SELECT p.indicator_id, r.code AS region_code, p.period, 1 + row_number() OVER () % 97 AS value,
                   p.unit, 'synthetic:reliability {label}' AS source, 'not_stated' AS status,
                   'true' AS synthetic
            FROM (SELECT DISTINCT indicator_id, period, unit FROM observations WHERE NOT synthetic
                  ORDER BY ALL LIMIT {pairs}) p, regions r
            ORDER BY ALL LIMIT {int(rows)}) TO '{path}' (HEADER)""")
    return path


def fingerprint(db: Path) -> dict[str, int]:
    """Row counts and content hashes of every table of ``db`` (opened read-only, so never changed)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return store_fingerprint(con)


def count(db: Path, source_like: str = "synthetic:reliability%") -> int:
    """Observations of ``db`` whose source matches ``source_like``."""
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM observations WHERE source LIKE ?", [source_like]).fetchone()
    return int(row[0]) if row else 0


def cli(db: Path, *args: str, paused: bool = False) -> subprocess.Popen[str]:
    """`pacesetter --db db --lang en ARGS` in a subprocess (``paused``: the import waits mid-way)."""
    head = [sys.executable, "-c", PAUSED_IMPORT] if paused else [sys.executable, "-m", "pacesetter"]
    return subprocess.Popen(
        [*head, "--db", str(db), "--lang", "en", *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin", "PACESETTER_LOG_DIR": str(db.parent / "logs")},
    )


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def entry_point(ctx: click.Context) -> None:
    """The real entry point (:func:`main`: exit codes, messages, the edge handler) for click's CliRunner.

    ``CliRunner().invoke(entry_point, [...])`` runs ``pacesetter ...`` in this process, so that
    a test can run many commands without paying a process start-up for each.
    """
    argv = sys.argv
    sys.argv = ["pacesetter", *ctx.args]
    try:
        main()
    finally:
        sys.argv = argv
