"""Options and helpers every command shares: --db, --lang, output, consoles, the workspace."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape

# Raised for a wrong argument instead of typer.BadParameter, whose message click prefixes with
# English ("Invalid value:"); Typer's copy of click has no public name for it.
from typer._click.exceptions import UsageError

from pacesetter.i18n import LANGS, t
from pacesetter.settings import Settings

if TYPE_CHECKING:  # the workspace loads pandas and DuckDB: only the commands that run need them
    from pacesetter.store.lock import Holder
    from pacesetter.workspace import Workspace


def _width() -> int | None:
    """The terminal's width on a terminal; a wide page when piped or captured, so nothing is cut."""
    if sys.stdout.isatty():
        return None
    columns = os.environ.get("COLUMNS", "")
    return max(int(columns) if columns.isdigit() else 0, 200)


console = Console(width=_width())
err_console = Console(stderr=True, width=_width())


def fit_consoles() -> None:
    """Take the width of this run (COLUMNS may differ from when the module was imported: a test
    runner, or one process running several commands)."""
    if (width := _width()) is not None:  # None: a terminal, whose width rich follows itself
        console.width = err_console.width = width
# The language of error reports; the root callback sets it from --lang before any command runs.
_message_lang = os.environ.get("PACESETTER_LANG", "zh")


def set_message_language(lang: str) -> None:
    """Report errors in ``lang`` (zh or en) from now on."""
    global _message_lang
    _message_lang = lang


def message_language() -> str:
    """The language error reports are written in."""
    return _message_lang


# Commands that only read: they open the database read-only, so that they can run beside other
# readers, and never hold the file against a writer for longer than they run.
READ_ONLY_COMMANDS = frozenset({
    ("list",), ("show",), ("overview",), ("assess",), ("peers",), ("bulletin",), ("warnings",),
    ("needed",), ("report",), ("validate",), ("export",), ("audit",), ("backup",),
    ("chains", "list"), ("chains", "diagnose"), ("chains", "map"), ("chains", "overview"),
    ("projects", "list"), ("projects", "show"), ("projects", "lights"), ("projects", "funnel"),
    ("projects", "rollup"), ("projects", "gaps"), ("projects", "signings"),
    ("tasks", "list"), ("parks", "list"), ("parks", "show"), ("policies", "list"),
    ("policies", "coverage"), ("trace", "project"), ("trace", "gap"), ("trace", "indicator"),
    ("trace", "target"), ("target", "candidates"), ("target", "opportunities"),
    ("structure", "rca"), ("structure", "complexity"), ("structure", "io-multipliers"),
    ("structure", "io-impact"),
})


def command_path(ctx: typer.Context) -> tuple[str, ...]:
    """The names of ``ctx``'s (sub)command below the root, e.g. ``("projects", "list")``."""
    names: list[str] = []
    at: typer.Context | None = ctx
    while at is not None and at.parent is not None:
        names.append(at.info_name or "")
        at = at.parent  # type: ignore[assignment]
    return tuple(reversed(names))


def say_waiting(holder: Holder, wait: float) -> None:
    """Tell the user on stderr that the database is held, by whom, and how long we wait."""
    lang = message_language()
    unknown = t("common.unknown", lang)
    pid = str(holder.pid) if holder.pid is not None else unknown
    text = t("cli.errors.waiting", lang, pid=pid, command=holder.command or unknown, wait=f"{wait:g}")
    err_console.print(escape(text), highlight=False, soft_wrap=True)


@dataclass
class State:
    """What the top-level callback resolved for the subcommands."""

    settings: Settings
    debug: bool = False
    command: tuple[str, ...] = ()  # the running command's path, set by :func:`state`
    server: str | None = None  # --server: the URL of a server to send work to (cli.remote)
    token: str | None = None  # --token: the API token to send with it
    _workspace: Workspace | None = None

    @property
    def lang(self) -> str:
        return self.settings.lang

    def language(self, given: str | None) -> str:
        """A command's own ``--lang`` if given (checked), else the global one."""
        if given is not None and given not in LANGS:
            raise UsageError(t("cli.root.bad_lang", self.lang))
        return given or self.lang

    def workspace(self, *, must_exist: bool = False) -> Workspace:
        """The Workspace of the configured database (created and migrated on first use if new;
        read-only for the commands in :data:`READ_ONLY_COMMANDS`, which need it to exist)."""
        path = Path(self.settings.db)
        if must_exist and not path.exists():
            raise UsageError(t("cli.errors.no_database", self.lang, path=path))
        if self._workspace is None:
            from pacesetter.cli.remote import refuse_if_served
            from pacesetter.workspace import Workspace

            refuse_if_served(path, self.lang, self.server)  # its words, not DuckDB's lock error
            self._workspace = Workspace(path, read_only=self.command in READ_ONLY_COMMANDS,
                                        wait=self.settings.lock_wait, on_wait=say_waiting)
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
    obj.command = command_path(ctx)
    return obj



def workspace(ctx: typer.Context, *, must_exist: bool = False) -> Workspace:
    """The Workspace every command of this run calls."""
    return state(ctx).workspace(must_exist=must_exist)


def existing_folders(paths: list[Path], option: str, lang: str) -> list[Path]:
    """``paths`` given to a folder option (``--config-dir``), each checked to be an existing folder
    before any work: a folder that is not there is named, never silently searched and found empty."""
    for path in paths:
        if not path.exists():
            raise UsageError(t("cli.errors.no_folder", lang, option=option, path=path))
        if not path.is_dir():
            raise UsageError(t("cli.errors.not_a_folder", lang, option=option, path=path))
    return paths
