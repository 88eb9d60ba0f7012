"""Big-file benchmark: memory and speed of validating and importing a ~100 MB, 1M-row CSV.

Issue 12 (deliverable 7): the peak resident memory *above the process's start-up* must stay
under 4× the file's size, in UTF-8 and in GBK (as Excel saves CSV on Chinese Windows). The
rows are synthetic (seeded, ``synthetic = true``, source naming this script) but use real
indicator ids, their units and periods, and real region codes from the demo database, so the
file validates. Each measurement runs in a fresh subprocess on a fresh copy of the demo
database; the baseline is DuckDB's own bulk load of the same UTF-8 file (DuckDB reads no GBK
without its network-installed encodings extension, so GBK has no baseline).

Usage: python benchmarks/big_import_bench.py [--rows 1000000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from peak import peak_rss_bytes

COLUMNS = "indicator_id, region_code, period, value, unit, source, note, status, synthetic"


def rss_bytes() -> int:
    """This process's resident set size now (Linux ``VmRSS``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no /proc/self/status: this benchmark measures memory on Linux")


def generate(rows: int, seed: int, demo: Path, folder: Path) -> dict[str, Path]:
    """Write the synthetic rows as a UTF-8 and a GBK CSV (identical content).

    Each row is a distinct (indicator, period) pair the demo holds a figure for, crossed with
    a region code of the demo, so keys never repeat and every period suits its indicator.
    """
    import duckdb

    con = duckdb.connect(str(demo), read_only=True)
    pairs = con.execute("SELECT DISTINCT indicator_id, period, unit FROM observations "
                        "WHERE NOT synthetic ORDER BY ALL").df()
    regions = np.array([r[0] for r in con.execute("SELECT code FROM regions ORDER BY code").fetchall()])
    con.close()
    rng = np.random.default_rng(seed)
    combos = len(pairs) * len(regions)
    picks = np.unique(rng.integers(0, combos, size=int(rows * 1.05) + 100))
    picks = rng.permutation(picks)[:rows]
    pair, reg = np.divmod(picks, len(regions))
    df = pd.DataFrame({
        "indicator_id": pairs["indicator_id"].to_numpy()[pair],
        "region_code": regions[reg],
        "period": pairs["period"].to_numpy()[pair],
        # 1–99 fits every kind's bounds (shares, counts, ranks); 4 decimals: nearly every value distinct
        "value": np.round(rng.uniform(1, 99, len(picks)), 4),
        "unit": pairs["unit"].to_numpy()[pair],
        "source": f"synthetic:big_import_bench seed={seed}",
        "note": "合成数据",
        "status": "not_stated",
        "synthetic": "true",
    })
    files = {"utf-8": folder / "obs_utf8.csv", "gbk": folder / "obs_gbk.csv"}
    for encoding, path in files.items():
        df.to_csv(path, index=False, encoding=encoding)
    return files


def run_one(mode: str, file: str, db: str) -> None:
    """Child process: open the store, note the start-up RSS, load once, print JSON."""
    import duckdb

    from pacesetter.io.importer import import_file
    from pacesetter.store import connect

    con = connect(db) if mode == "pacesetter" else duckdb.connect(db)
    start = rss_bytes()
    t0 = time.perf_counter()
    if mode == "pacesetter":
        n = import_file(con, file, entity="observations").written
    else:
        before = con.execute("SELECT count(*) FROM observations").fetchone()
        con.execute(f"INSERT INTO observations ({COLUMNS}) "
                    f"SELECT {COLUMNS} FROM read_csv('{file}', all_varchar = true)")
        after = con.execute("SELECT count(*) FROM observations").fetchone()
        n = (after[0] if after else 0) - (before[0] if before else 0)
    seconds = time.perf_counter() - t0
    con.close()
    print(json.dumps({"rows": n, "seconds": seconds, "start": start, "peak": peak_rss_bytes()}))


def measure(mode: str, file: Path, demo: Path, folder: Path) -> dict[str, float]:
    """One load in a fresh process on a fresh copy of the demo database."""
    db = folder / f"{mode}.duckdb"
    shutil.copyfile(demo, db)
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(file), str(db)],
                         check=True, capture_output=True, text=True)
    db.unlink()
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "FILE", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(*args.child)
        return
    from pacesetter.workspace import demo

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("building the demo database …", flush=True)
        demo(folder / "demo.duckdb", force=True).close()
        print(f"generating {args.rows:,} synthetic observations (seed {args.seed}) …", flush=True)
        files = generate(args.rows, args.seed, folder / "demo.duckdb", folder)
        print(f"{'file':6} {'loader':22} {'MiB':>6} {'rows':>10} {'seconds':>8} {'rows/s':>9} "
              f"{'start MiB':>9} {'peak MiB':>9} {'above':>6} {'× file':>6}")
        runs = [("utf-8", "duckdb"), ("utf-8", "pacesetter"), ("gbk", "pacesetter")]
        for encoding, mode in runs:
            file = files[encoding]
            size = file.stat().st_size
            r = measure(mode, file, folder / "demo.duckdb", folder)
            above = r["peak"] - r["start"]
            name = "duckdb INSERT read_csv" if mode == "duckdb" else "pacesetter import"
            print(f"{encoding:6} {name:22} {size / 2**20:>6.0f} {r['rows']:>10,} {r['seconds']:>8.1f} "
                  f"{r['rows'] / r['seconds']:>9,.0f} {r['start'] / 2**20:>9.0f} "
                  f"{r['peak'] / 2**20:>9.0f} {above / 2**20:>6.0f} {above / size:>6.2f}")
        print("start: RSS after opening the store; above: peak RSS minus start; "
              "target: pacesetter's above < 4 × file size")


if __name__ == "__main__":
    main()
