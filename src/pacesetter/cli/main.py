"""The `pacesetter` command: one Typer app with a sub-app per domain."""

from __future__ import annotations

import datetime as dt
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
from pacesetter.cli.options import State, err_console, message_language, set_message_language
from pacesetter.errors import ImportRejected, InputError, PacesetterError
from pacesetter.settings import Settings, default_log_dir

app = typer.Typer(
    name="pacesetter",
    cls=LazyGroup,  # commands import their modules (and pandas, DuckDB…) only when they run
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
    debug: bool = typer.Option(
        False, "--debug",
        help="Show tracebacks (otherwise an unexpected error's goes to a crash log in "
             "~/.local/state/pacesetter/, or PACESETTER_LOG_DIR)."),
    wait: float | None = typer.Option(
        None, "--wait", min=0, metavar="SECONDS",
        help="How long to wait for a database another process holds (default 30, PACESETTER_LOCK_WAIT)."),
) -> None:
    """Pacesetter 现代产业先行城市 command line."""
    if lang not in ("zh", "en"):
        raise typer.BadParameter("--lang must be zh or en")
    set_message_language(lang)
    logging.basicConfig(level=logging.WARNING - 10 * min(verbose, 2))
    given: dict[str, object] = {"lang": lang}
    if db is not None:
        given["db"] = db
    if wait is not None:
        given["lock_wait"] = wait
    settings = Settings(**given)  # type: ignore[arg-type]
    ctx.obj = State(settings=settings, debug=debug)
    ctx.call_on_close(ctx.obj.close)


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
        zh = message_language() == "zh"
        n = len(exc.issues)
        head = f"{n} 处问题，未导入任何数据。" if zh else f"{n} problem(s); nothing was imported."
        err_console.print(f"[red]{head}[/red]")
        if n > 20:  # a long list is one or two mistakes repeated: say which before listing them
            tally = Counter(issue.rule for issue in exc.issues).most_common()
            sep = "、" if zh else ", "
            err_console.print(("按规则：" if zh else "by rule: ") + sep.join(f"{r} ×{k}" for r, k in tally),
                              markup=False, highlight=False)
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
        text = exc.text(message_language())
        err_console.print(f"[red]{label}[/red] {code}: {escape(text)}", highlight=False, soft_wrap=True)
        sys.exit(2 if isinstance(exc, InputError) else 1)
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
    if message_language() == "zh":
        text = (f"错误：执行 `{command}` 时发生意外错误（{what}）。这是 Pacesetter 的缺陷，不是您操作有误；"
                f"错误详情（traceback）已写入 {log_file}，报告问题时请附上该文件。"
                "加 --debug 重新运行可直接显示详情。")
    else:
        text = (f"error: `{command}` failed unexpectedly ({what}). This is a bug in Pacesetter, not a "
                f"mistake of yours; the traceback is in {log_file} (please attach it when you report "
                "the bug). Run again with --debug to see it here.")
    err_console.print(escape(text), style="red", highlight=False, soft_wrap=True)
