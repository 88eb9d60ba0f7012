"""A command's ``--help`` answers without loading pandas, DuckDB or SciPy (issue 13, instant commands).

``python -X importtime`` lists on stderr every module a run imported; `show --help` is run that way,
and one interpreter walks every top-level command and group's ``--help``, checking after each.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pacesetter
from pacesetter.cli.lazy import COMMANDS
from pacesetter.io.progress import Step
from pacesetter.workspace.chains import Chains

HEAVY = ("pandas", "duckdb", "scipy")


def imported(args: list[str]) -> tuple[set[str], str]:
    """The top-level packages ``python -X importtime *args`` imported, and its stdout."""
    env = {**os.environ, "PACESETTER_LANG": "en", "COLUMNS": "120"}
    done = subprocess.run([sys.executable, "-X", "importtime", *args],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
             if line.startswith("import time:")]
    return {name.split(".")[0] for name in lines}, done.stdout


def test_importtime_sees_a_heavy_import() -> None:
    # the check itself can fail: the workspace, which every query opens, loads DuckDB and pandas
    mods, _ = imported(["-c", "import pacesetter.workspace"])
    assert {"duckdb", "pandas"} <= mods


def test_show_help_imports_no_pandas_duckdb_or_scipy() -> None:
    mods, out = imported(["-m", "pacesetter", "show", "--help"])
    assert not set(HEAVY) & mods
    assert "pacesetter show" in out


# one interpreter walks every command's --help in turn and notes, after each, which heavy
# libraries are loaded by then (cheaper than an interpreter per command: the first to load
# one is named)
WALK = """
import json, sys
from pacesetter.cli.lazy import COMMANDS
from pacesetter.cli.main import main
seen = {}
for name in COMMANDS:
    sys.argv = ["pacesetter", name, "--help"]
    try:
        main()
    except SystemExit as exit:
        assert not exit.code, (name, exit.code)
    seen[name] = sorted(m for m in %r if m in sys.modules)
sys.stderr.write("SEEN" + json.dumps(seen))
"""


def test_every_commands_help_imports_no_pandas_duckdb_or_scipy() -> None:
    env = {**os.environ, "PACESETTER_LANG": "en", "COLUMNS": "120"}
    done = subprocess.run([sys.executable, "-c", WALK % (HEAVY,)], capture_output=True, text=True, env=env,
                          check=True)
    seen = json.loads(done.stderr.rsplit("SEEN", 1)[1])
    assert seen == {name: [] for name in COMMANDS}
    for name in COMMANDS:  # and each printed its own help
        assert f"pacesetter {name}" in done.stdout, name


# --- the progress of long jobs: reported to a callback the face passes in; never on piped output ---

def test_an_excel_export_reports_the_rows_written_then_the_saving(demo_db: Path, tmp_path: Path) -> None:
    steps: list[str] = []
    with pacesetter.open(demo_db) as ws:
        n = ws.export("regions", tmp_path / "regions.xlsx", progress=steps.append)
    assert all(isinstance(s, Step) for s in steps)
    written = [s for s in steps if isinstance(s, Step) and s.phase == "write"]
    # a report every 2,000 rows and one at the last row, each of all n rows
    assert [s.done for s in written] == [*range(2_000, n, 2_000), n]
    assert {s.total for s in written} == {n}
    last = steps[-1]
    assert isinstance(last, Step) and last.phase == "save" and last.total is None


def test_a_synthetic_registry_reports_the_enterprises_generated(tmp_path: Path) -> None:
    steps: list[str] = []
    Chains.synthesize(tmp_path / "r.parquet", n=5_000, seed=1, progress=steps.append)
    phases = [s.phase for s in steps if isinstance(s, Step)]
    assert set(phases) == {"generate"}  # chunks are written as they are generated
    generated = [s for s in steps if isinstance(s, Step) and s.phase == "generate"]
    dones = [s.done or 0 for s in generated]
    assert dones == sorted(dones) and dones[-1] == generated[-1].total == 5_000  # city by city, to the last


def test_piped_output_carries_no_progress_bar(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "regions.xlsx"
    done = subprocess.run([sys.executable, "-m", "pacesetter", "--db", str(demo_db), "--lang", "en", "export",
                           "regions", "-o", str(out)], capture_output=True, text=True, check=True,
                          env={**os.environ, "COLUMNS": "120"})
    assert done.stderr == ""
    assert done.stdout.startswith("wrote ") and out.exists()
