"""The `pacesetter` command: one Typer app with a sub-app per domain.

Help and messages come from the catalogue (``cli.*`` in ``pacesetter.i18n``) in the language of
``--lang``; :class:`LazyGroup` sets that language before the app runs.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import sys
import tempfile
import traceback
from collections import Counter
from pathlib import Path

import typer
from pydantic import ValidationError
from rich.markup import escape

from pacesetter import __version__
from pacesetter.cli.lazy import LazyGroup
from pacesetter.cli.options import (
    State,
    UsageError,
    err_console,
    fit_consoles,
    message_language,
    set_message_language,
)
from pacesetter.errors import ImportRejected, InputError, PacesetterError
from pacesetter.i18n import LANGS, t
from pacesetter.settings import Settings, default_log_dir

app = typer.Typer(
    name="pacesetter",
    cls=LazyGroup,  # commands import their modules (and pandas, DuckDB…) only when they run
    no_args_is_help=True,
    # Typer's --install-completion/--show-completion carry English help that no hook translates
    # (their parameters are built inside Typer), so the root would not speak one language.
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    # the help of each option is the catalogue's cli.root.params.<name>
    db: Path | None = typer.Option(None, "--db", envvar="PACESETTER_DB"),
    lang: str = typer.Option("zh", "--lang", envvar="PACESETTER_LANG"),
    verbose: int = typer.Option(0, "-v", "--verbose", count=True),
    debug: bool = typer.Option(False, "--debug"),
    wait: float | None = typer.Option(None, "--wait", min=0, metavar="SECONDS"),
    server: str | None = typer.Option(None, "--server", envvar="PACESETTER_SERVER", metavar="URL"),
    token: str | None = typer.Option(None, "--token", envvar="PACESETTER_TOKEN"),
) -> None:
    """The options every command shares (help: cli.root in the catalogue)."""
    if lang not in LANGS:
        raise UsageError(t("cli.root.bad_lang", message_language()))
    set_message_language(lang)
    fit_consoles()
    logging.basicConfig(level=logging.WARNING - 10 * min(verbose, 2))
    given: dict[str, object] = {"lang": lang}
    if db is not None:
        given["db"] = db
    if wait is not None:
        given["lock_wait"] = wait
    settings = Settings(**given)  # type: ignore[arg-type]
    ctx.obj = State(settings=settings, debug=debug, server=server, token=token)
    ctx.call_on_close(ctx.obj.close)


# Why a path failed, in the catalogue's words (the system's own are English only), by errno
_OS_REASONS = {errno.ENOENT: "missing", errno.EACCES: "denied", errno.EPERM: "denied", errno.ENOSPC: "full",
               errno.EISDIR: "is_folder", errno.ENOTDIR: "not_folder", errno.EROFS: "read_only"}


def main() -> None:
    """Entry point: run the app and turn library errors into messages and exit codes.

    Exit codes: 0 success, 1 other errors, 2 bad input (nothing written). Any other exception
    (a bug, or a DuckDB error nobody anticipated) is the edge handler's: a short message in the
    user's language and the traceback in a crash log (``Settings.log_dir``); ``--debug`` re-raises.
    """
    debug = "--debug" in sys.argv
    try:
        app()
    except ImportRejected as exc:
        lang = message_language()
        n = len(exc.issues)
        err_console.print(f"[red]{escape(t('cli.errors.rejected', lang, n=n))}[/red]")
        if n > 20:  # a long list is one or two mistakes repeated: say which before listing them
            tally = Counter(issue.rule for issue in exc.issues).most_common()
            err_console.print(t("cli.errors.by_rule", lang)
                              + t("cli.list_sep", lang).join(f"{r} ×{k}" for r, k in tally),
                              markup=False, highlight=False)
        for issue in exc.issues[:200]:
            err_console.print(issue.render(lang), markup=False, highlight=False)
        if len(exc.issues) > 200:
            err_console.print(t("cli.errors.more", lang, n=len(exc.issues) - 200), highlight=False)
        sys.exit(2)
    except PacesetterError as exc:
        if debug:
            raise
        label = t("cli.errors.label", message_language())
        code = escape(f"[{exc.code}]")
        text = exc.text(message_language())
        err_console.print(f"[red]{label}[/red] {code}: {escape(text)}", highlight=False, soft_wrap=True)
        sys.exit(2 if isinstance(exc, InputError) else 1)
    except OSError as exc:  # a path the machine refuses (no such folder, no permission, disk full)
        if debug or not exc.filename:
            raise
        lang = message_language()
        reason = t(f"cli.errors.os.{_OS_REASONS.get(exc.errno or 0, 'other')}", lang)
        err_console.print(f"[red]{t('cli.errors.label', lang)}[/red] "
                          + escape(t("cli.errors.path", lang, path=exc.filename, reason=reason)),
                          highlight=False, soft_wrap=True)
        sys.exit(1)
    # The one blind except, on purpose: the edge where an unexpected error (a bug, or a DuckDB
    # error nobody anticipated) becomes a message and a crash log instead of a traceback.
    # (ruff's BLE001 accepts it because --debug re-raises.)
    except Exception as exc:
        if debug:
            raise
        _report_bug(exc)
        sys.exit(1)


def _crash_log(exc: BaseException) -> Path:
    """Write the traceback of ``exc`` to a new file in the log folder (the temp folder if that fails)."""
    try:
        folder = Settings().log_dir
    except ValidationError:  # the settings themselves are what failed
        folder = default_log_dir()
    stamp = dt.datetime.now()
    body = (f"{stamp.isoformat(timespec='seconds')} pacesetter {__version__}\n"
            f"command: {' '.join(sys.argv)}\n\n"
            + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    name = f"crash-{stamp:%Y%m%d-%H%M%S}-{os.getpid()}.log"
    for where in (folder, Path(tempfile.gettempdir()) / "pacesetter"):
        try:
            where.mkdir(parents=True, exist_ok=True)
            (where / name).write_text(body, encoding="utf-8")
            return where / name
        except OSError:
            continue
    raise exc  # nowhere to keep the traceback: show it rather than lose it


def _report_bug(exc: BaseException) -> None:
    """Tell the user, in their language, what failed, that it is a bug, and where the traceback is."""
    log_file = _crash_log(exc)
    what = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
    command = " ".join(["pacesetter", *sys.argv[1:]])
    text = t("cli.errors.bug", message_language(), command=command, what=what, log_file=log_file)
    err_console.print(escape(text), style="red", highlight=False, soft_wrap=True)
