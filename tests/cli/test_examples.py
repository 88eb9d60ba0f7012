"""Every example in `--help` and in the README runs on the demo database, as a user would type it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
import typer.main
from typer.testing import CliRunner

from pacesetter.cli.lazy import LazyGroup
from pacesetter.cli.main import app

README = Path(__file__).resolve().parents[2] / "README.md"


def _walk(cmd: click.Command, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = [(path, cmd)]
    for name, sub in getattr(cmd, "commands", {}).items():
        found += _walk(sub, (*path, name))
    return found


def help_examples() -> list[str]:
    """The `pacesetter ...` lines after "Example:" in every command's help, without trailing comments."""
    out = []
    root = typer.main.get_command(app)
    assert isinstance(root, LazyGroup)
    for _, cmd in _walk(root.load_all()):
        # "Example:" or "示例：", the command line as typed or in backticks (help from the catalogue)
        parts = re.split("Example:|示例：", cmd.help or "", maxsplit=1)
        lines = [re.sub(r"^`([^`]*)`.*", r"\1", line.strip()) for line in parts[-1].splitlines()
                 ] if len(parts) > 1 else []
        out += [_strip(line) for line in lines if line.startswith("pacesetter ")]
    return out


def readme_examples() -> list[str]:
    """The `pacesetter ...` lines of the README's shell blocks and command tables."""
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    lines = [line for block in blocks for line in block.splitlines()]
    # a table cell is an example when it has options ("pacesetter warnings" alone names a command)
    lines += [cell for cell in re.findall(r"`(pacesetter [^`]*)`", text)
              if " --" in cell and "…" not in cell and " / " not in cell
              and not re.search(r"\b[A-Z]{3,}\b", cell)]  # COMMAND: a placeholder
    return [_strip(line) for line in lines if line.strip().startswith("pacesetter ")]


def _strip(line: str) -> str:
    """A command without its shell comment or a trailing "(explanation)"."""
    line = line.split("  #", 1)[0].strip()
    return re.sub(r"\s+\([^)]*\)$", "", line)


def _order(example: str) -> int:
    """Files are written first (templates, exports), then read (validate, import), then the rest."""
    args = example.split()[1:]
    if " -o " in example or args[:1] == ["template"]:
        return 0
    if args[:1] in (["validate"], ["import"]) or args[:2] == ["projects", "import"]:
        return 1
    return 2


def test_examples_are_found() -> None:
    assert len(help_examples()) > 30 and len(readme_examples()) > 5


def test_every_example_runs_on_the_demo(demo_db: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Files come first (templates, exports), then the commands that read them, then the rest;
    `init --demo` builds its own database."""
    monkeypatch.chdir(tmp_path)
    # `serve` runs until stopped: tests/server/test_serve.py starts it for real, in a subprocess
    examples = [e for e in dict.fromkeys(help_examples() + readme_examples())
                if shlex.split(e)[1:2] != ["serve"]]
    examples.sort(key=_order)  # stable: otherwise as listed
    runner = CliRunner()
    failed = []
    for example in examples:
        args = shlex.split(example)[1:]
        db = tmp_path / "fresh.duckdb" if args[:1] == ["init"] else demo_db
        result = runner.invoke(app, ["--db", str(db), *args])
        if result.exit_code != 0:
            failed.append(f"{example}\n    → exit {result.exit_code}: {result.output.strip()[-300:]}"
                          f"{'' if result.exception is None else repr(result.exception)}")
    assert not failed, "examples that fail on the demo database:\n" + "\n".join(failed)
