"""`pacesetter --help` lists every command without importing pandas, DuckDB or SciPy."""

from __future__ import annotations

import subprocess
import sys

import typer
import typer.main

from pacesetter.cli.lazy import COMMANDS, LazyGroup
from pacesetter.cli.main import app
from pacesetter.i18n import t

HEAVY = ("pandas", "duckdb", "scipy", "numpy", "pyarrow", "openpyxl")


def test_help_imports_no_heavy_library_and_lists_every_command() -> None:
    code = ("import sys; sys.argv = ['pacesetter', '--lang', 'en', '--help']\n"
            "from pacesetter.cli.main import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"COLUMNS": "200", "PATH": "/usr/bin"})
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout
    for name in COMMANDS:
        assert f" {name} " in done.stdout and t(f"cli.commands.{name}", "en")[:40] in done.stdout


def test_the_table_names_every_command_its_modules_attach() -> None:
    root = typer.main.get_command(app)
    assert isinstance(root, LazyGroup)
    attached: set[str] = set()
    for module in set(COMMANDS.values()):
        holder = typer.Typer()
        holder.callback()(lambda: None)
        __import__(module, fromlist=["attach"]).attach(holder)
        group = typer.main.get_command(holder)
        assert isinstance(group, typer.core.TyperGroup)
        attached |= set(group.commands)
    assert attached == set(COMMANDS)
    assert set(root.load_all().commands) == set(COMMANDS)
