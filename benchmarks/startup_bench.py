"""Start-up benchmark: how long `pacesetter` takes to answer, next to a bare Python interpreter.

Targets (issue 13): `pacesetter --help` within 0.5 s of `python -c pass`; simple queries on the
demo database within 1 s. Each command runs in a fresh process, as a user types it; the median
of ``--repeat`` runs is kept. The demo database is built once in a temporary folder.

Usage: python benchmarks/startup_bench.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PACESETTER = [sys.executable, "-m", "pacesetter"]


def seconds(cmd: list[str], repeat: int) -> float:
    """Median wall time of ``cmd`` over ``repeat`` runs (output discarded; a failure stops the run)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.duckdb")
        subprocess.run([*PACESETTER, "--db", db, "init", "--demo"], check=True, capture_output=True)
        bare = seconds([sys.executable, "-c", "pass"], args.repeat)
        cases = [
            ("python -c pass (bare interpreter)", None, bare),
            ("pacesetter --help", 0.5, seconds([*PACESETTER, "--help"], args.repeat)),
            ("pacesetter show --help", 0.5, seconds([*PACESETTER, "show", "--help"], args.repeat)),
            ("pacesetter list regions", 1.0,
             seconds([*PACESETTER, "--db", db, "list", "regions"], args.repeat)),
            ("pacesetter show gdp -r 370200", 1.0,
             seconds([*PACESETTER, "--db", db, "show", "gdp", "-r", "370200"], args.repeat)),
            ("pacesetter projects lights", 1.0,
             seconds([*PACESETTER, "--db", db, "projects", "lights"], args.repeat)),
        ]
    print(f"median of {args.repeat} runs, each in a fresh process; 'over bare' = time - bare interpreter")
    print(f"{'command':36} {'seconds':>8} {'over bare':>10} {'target':>8}  met")
    for name, target, t in cases:
        over = t - bare
        met = "" if target is None else ("yes" if over <= target else "NO")
        shown = "" if target is None else f"{target:.1f}"
        print(f"{name:36} {t:8.3f} {over:10.3f} {shown:>8}  {met}")


if __name__ == "__main__":
    main()
