"""Start-up benchmark: how long `pacesetter` takes to answer, next to a bare Python interpreter.

Targets (issue 13): `pacesetter --help` and every command's `--help` within 0.5 s of
`python -c pass`; simple queries on the demo database within 1 s. Each command runs in a fresh
process, as a user types it; the median of ``--repeat`` runs is kept. The demo database is built
once in a temporary folder. ``--jobs`` also times, once each, the jobs that carry a progress bar
(building the demo, the Excel export of every observation, a synthetic registry).

Usage: python benchmarks/startup_bench.py [--repeat 5] [--jobs]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pacesetter.cli.lazy import COMMANDS

PACESETTER = [sys.executable, "-m", "pacesetter"]
HELP_TARGET = 0.5  # seconds over the bare interpreter
QUERY_TARGET = 1.0  # seconds in all
QUERIES = [
    ["list", "regions"],
    ["list", "indicators"],
    ["show", "gdp", "-r", "370200"],
    ["overview"],
    ["projects", "list"],
    ["projects", "lights"],
    ["tasks", "list", "--overdue"],
    ["audit"],
]


def seconds(cmd: list[str], repeat: int) -> float:
    """Median wall time of ``cmd`` over ``repeat`` runs (output discarded; a failure stops the run)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(name: str, t: float, bare: float, target: float | None, over_bare: bool) -> str:
    """One line of the table; ``over_bare`` says whether the target is measured over the bare interpreter."""
    if target is None:
        return f"{name:40} {t:8.3f} {t - bare:10.3f}"
    met = "yes" if (t - bare if over_bare else t) <= target else "NO"
    shown = f"{target:.1f}" + (" over bare" if over_bare else " in all")
    return f"{name:40} {t:8.3f} {t - bare:10.3f}  {shown:>13}  {met}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", action="store_true", help="also time the long jobs once each")
    args = parser.parse_args()
    os.environ.setdefault("PACESETTER_LANG", "zh")
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.duckdb")
        start = time.perf_counter()
        subprocess.run([*PACESETTER, "--db", db, "init", "--demo"], check=True, capture_output=True)
        built = time.perf_counter() - start
        bare = seconds([sys.executable, "-c", "pass"], args.repeat)
        print(f"median of {args.repeat} runs, each in a fresh process; 'over bare' = time - bare "
              f"interpreter; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"{'command':40} {'seconds':>8} {'over bare':>10}  {'target':>13}  met")
        print(row("python -c pass (bare interpreter)", bare, bare, None, True))
        root = seconds([*PACESETTER, "--help"], args.repeat)
        print(row("pacesetter --help", root, bare, HELP_TARGET, True))
        for name in COMMANDS:
            t = seconds([*PACESETTER, name, "--help"], args.repeat)
            print(row(f"pacesetter {name} --help", t, bare, HELP_TARGET, True))
        for query in QUERIES:
            t = seconds([*PACESETTER, "--db", db, *query], args.repeat)
            print(row(f"pacesetter {' '.join(query)}", t, bare, QUERY_TARGET, False))
        if args.jobs:
            print("\njobs (one run each; a progress bar is shown on a terminal from 2 s)")
            print(f"{'pacesetter init --demo':40} {built:8.3f}")
            jobs = [
                ("pacesetter export observations -o .xlsx",
                 ["--db", db, "export", "observations", "-o", str(Path(tmp) / "obs.xlsx")]),
                ("pacesetter export observations -o .csv",
                 ["--db", db, "export", "observations", "-o", str(Path(tmp) / "obs.csv")]),
                ("pacesetter chains synth (5 million firms)",
                 ["chains", "synth", str(Path(tmp) / "reg.parquet")]),
            ]
            for name, cmd in jobs:
                print(f"{name:40} {seconds([*PACESETTER, *cmd], 1):8.3f}")


if __name__ == "__main__":
    main()
