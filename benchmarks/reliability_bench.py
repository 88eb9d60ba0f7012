"""Reliability at full size: kill -9 in the middle of a 1M-row import, and imports side by side.

The cases of ``tests/reliability/`` (which run them at small sizes in ``make test``) on files of
``--rows`` synthetic observations (``synthetic = true``, source naming the case), each on a fresh
copy of the demo database, all through the real command line in subprocesses:

- kill -9 at a quarter and at half of a full import's time, and kill -9 once the rows are
  inserted and not yet committed: the database must open with the same fingerprint (row counts
  and content hashes), or, when the import had finished, hold all of it;
- two imports started together (the second waits for the first): both must land;
- a second import with ``--wait 0`` while the first runs: refused in words, the first lands.

Usage: python benchmarks/reliability_bench.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' helpers, shared
from tests.reliability.helpers import cli, count, fingerprint, observations_csv

Case = Callable[[Path, Path, Path], str]


def _quiet(*args: str, db: Path, paused: bool = False) -> tuple[int, str]:
    """Run the command to its end: exit code and stderr (a traceback makes the case fail)."""
    proc = cli(db, *args, paused=paused)
    _, err = proc.communicate(timeout=3600)
    return proc.returncode, err


def full_import(db: Path, a: Path, _: Path) -> str:
    code, err = _quiet("--wait", "0", "import", str(a), db=db)
    return f"exit {code}, {count(db):,} rows" + (" TRACEBACK" if "Traceback" in err else "")


def kill_after(delay: float, rows: int) -> Case:
    """kill -9 ``delay`` s after an import of ``rows`` rows started: none or all of it lands, never part."""
    def case(db: Path, a: Path, _: Path) -> str:
        before = fingerprint(db)
        proc = cli(db, "import", str(a))
        time.sleep(delay)
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        landed = count(db)
        state = ("unchanged" if fingerprint(db) == before else
                 f"complete ({landed:,} rows)" if landed == rows else f"PARTIAL ({landed:,} rows)")
        return f"{'finished before the kill; ' if finished else ''}reopened {state}"
    return case


def kill_when_inserted(db: Path, a: Path, _: Path) -> str:
    before = fingerprint(db)
    proc = cli(db, "import", str(a), paused=True)
    assert proc.stderr is not None
    for line in proc.stderr:
        if "inserted" in line:
            break
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    return "reopened unchanged" if fingerprint(db) == before else "CHANGED"


def side_by_side(db: Path, a: Path, b: Path) -> str:
    procs = [cli(db, "--wait", "3600", "import", str(f)) for f in (a, b)]
    results = [p.communicate(timeout=3600) for p in procs]
    codes = [p.returncode for p in procs]
    tracebacks = sum("Traceback" in err for _, err in results)
    return f"exits {codes}, {count(db):,} rows, {tracebacks} tracebacks"


def second_refused(db: Path, a: Path, b: Path) -> str:
    first = cli(db, "import", str(a), paused=True)
    assert first.stderr is not None
    for line in first.stderr:
        if "inserted" in line:
            break
    code, err = _quiet("--wait", "0", "import", str(b), db=db)
    assert first.stdin is not None
    first.stdin.write("go\n")
    first.stdin.flush()
    first.communicate()
    said = "refused in words" if code == 1 and "held by another process" in err else f"exit {code}"
    return f"second {said}, first exit {first.returncode}, {count(db):,} rows"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    from pacesetter.workspace import demo

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("building the demo database …", flush=True)
        template = folder / "demo.duckdb"
        demo(template, force=True).close()
        a = observations_csv(template, folder / "a.csv", args.rows, "bench a")
        b = observations_csv(template, folder / "b.csv", args.rows, "bench b")
        print(f"{'case':44} {'seconds':>8}  outcome")

        def run(name: str, case: Case) -> float:
            """One case on a fresh copy of the demo database; prints its row, returns its seconds."""
            db = folder / "case.duckdb"
            shutil.copyfile(template, db)
            t0 = time.perf_counter()
            outcome = case(db, a, b)
            seconds = time.perf_counter() - t0
            print(f"{name:44} {seconds:>8.1f}  {outcome}", flush=True)
            return seconds

        full = run(f"full import of {args.rows:,} rows (reference)", full_import)
        for part in (0.25, 0.5):  # a machine's load moves the moment: two tries
            delay = full * part
            run(f"kill -9 after {delay:.1f} s ({part:.0%} of an import)", kill_after(delay, args.rows))
        run("kill -9 once inserted, before commit", kill_when_inserted)
        run("two imports started together", side_by_side)
        run("second import with --wait 0", second_refused)

if __name__ == "__main__":
    main()
