"""Options and helpers every command shares: --db, --lang, output, consoles, the workspace."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import typer
from rich.console import Console

from pacesetter.settings import Settings
from pacesetter.workspace import Workspace


def _width() -> int | None:
    """The terminal's width on a terminal; a wide page when piped or captured, so nothing is cut."""
    if sys.stdout.isatty():
        return None
    columns = os.environ.get("COLUMNS", "")
    return max(int(columns) if columns.isdigit() else 0, 200)


console = Console(width=_width())
err_console = Console(stderr=True, width=_width())
# The language of error reports; the root callback sets it from --lang before any command runs.
_message_lang = os.environ.get("PACESETTER_LANG", "zh")


def set_message_language(lang: str) -> None:
    """Report errors in ``lang`` (zh or en) from now on."""
    global _message_lang
    _message_lang = lang


def message_language() -> str:
    """The language error reports are written in."""
    return _message_lang


@dataclass
class State:
    """What the top-level callback resolved for the subcommands."""

    settings: Settings
    debug: bool = False
    _workspace: Workspace | None = None

    @property
    def lang(self) -> str:
        return self.settings.lang

    def workspace(self, *, must_exist: bool = False) -> Workspace:
        """The Workspace of the configured database (created and migrated on first use if new)."""
        path = Path(self.settings.db)
        if must_exist and not path.exists():
            raise typer.BadParameter(
                f"no database at {path}; run `pacesetter init --demo` first or pass --db"
            )
        if self._workspace is None:
            self._workspace = Workspace(path)
        return self._workspace

    def close(self) -> None:
        """Close the workspace's database when the command ends (in-process callers reuse the file)."""
        if self._workspace is not None:
            self._workspace.close()


def state(ctx: typer.Context) -> State:
    """The State object of the running command."""
    obj = ctx.find_root().obj
    if not isinstance(obj, State):  # a subcommand run without the root callback
        obj = State(Settings())
        ctx.find_root().obj = obj
    return obj



def workspace(ctx: typer.Context, *, must_exist: bool = False) -> Workspace:
    """The Workspace every command of this run calls."""
    return state(ctx).workspace(must_exist=must_exist)
