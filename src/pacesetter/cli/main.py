"""The `pacesetter` command: one Typer app with a sub-app per domain."""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

import typer
from rich.markup import escape

from pacesetter.cli.options import State, err_console, message_language, set_message_language
from pacesetter.errors import ImportRejected, InputError, PacesetterError
from pacesetter.settings import Settings

app = typer.Typer(
    name="pacesetter",
    help="Pacesetter 现代产业先行城市: indicators, monitoring, industrial chains, projects.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    db: Path | None = typer.Option(
        None, "--db", envvar="PACESETTER_DB",
        help="DuckDB file (default ~/.local/share/pacesetter/pacesetter.duckdb).",
    ),
    lang: str = typer.Option("zh", "--lang", envvar="PACESETTER_LANG", help="zh or en."),
    verbose: int = typer.Option(0, "-v", "--verbose", count=True, help="More log output."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Pacesetter 现代产业先行城市 command line."""
    if lang not in ("zh", "en"):
        raise typer.BadParameter("--lang must be zh or en")
    set_message_language(lang)
    logging.basicConfig(level=logging.WARNING - 10 * min(verbose, 2))
    settings = Settings(lang=lang) if db is None else Settings(db=db, lang=lang)
    ctx.obj = State(settings=settings, debug=debug)
    ctx.call_on_close(ctx.obj.close)


# Each module owns its domain's commands and exposes ``attach(app)``.
COMMAND_MODULES = [
    "pacesetter.cli.data_cmds",
    "pacesetter.cli.monitor_cmds",
    "pacesetter.cli.assess_cmds",
    "pacesetter.cli.peers_cmds",
    "pacesetter.cli.io_cmds",
    "pacesetter.cli.registry_cmds",
    "pacesetter.cli.chains_cmds",
]


def _register() -> None:
    """Attach every domain's commands."""
    for name in COMMAND_MODULES:
        importlib.import_module(name).attach(app)


_register()


def main() -> None:
    """Entry point: run the app and turn library errors into messages and exit codes.

    Exit codes: 0 success, 1 other errors, 2 bad input (nothing written).
    """
    debug = "--debug" in sys.argv
    try:
        app()
    except ImportRejected as exc:
        zh = message_language() == "zh"
        n = len(exc.issues)
        head = f"{n} 处问题，未导入任何数据。" if zh else f"{n} problem(s); nothing was imported."
        err_console.print(f"[red]{head}[/red]")
        for issue in exc.issues[:200]:
            err_console.print(issue.render(message_language()), markup=False, highlight=False)
        if len(exc.issues) > 200:
            more = len(exc.issues) - 200
            err_console.print(f"…… 另有 {more} 处" if zh else f"… and {more} more")
        sys.exit(2)
    except PacesetterError as exc:
        if debug:
            raise
        label = "错误" if message_language() == "zh" else "error"
        code = escape(f"[{exc.code}]")
        err_console.print(f"[red]{label}[/red] {code}: {escape(str(exc))}", highlight=False)
        sys.exit(2 if isinstance(exc, InputError) else 1)
