"""`pacesetter backup` and `pacesetter restore`: the whole database to a file and back.

A backup goes through the server while one holds the database (it makes the copy under its
write lock) and is made directly otherwise; a restore replaces the database file, so it is
refused while a server holds it.
"""

from __future__ import annotations

from pathlib import Path

import typer

from pacesetter.cli.options import UsageError, console, state
from pacesetter.i18n import t


def _say(key: str, lang: str, **values: object) -> None:
    console.print(t(key, lang, **values), markup=False, highlight=False, soft_wrap=True)


def backup(ctx: typer.Context, output: Path = typer.Option(..., "-o", "--output")) -> None:
    """Write a consistent copy of the database (help: cli.backup)."""
    from pacesetter.cli.remote import served
    from pacesetter.workspace.backup import backup as backup_database

    st = state(ctx)
    if output.exists():
        raise UsageError(t("cli.backup.exists", st.lang, path=output))
    remote = served(ctx)
    if remote is not None:
        remote.backup(output)
    else:
        backup_database(st.workspace(must_exist=True), output)
    _say("cli.backup.done", st.lang, path=output, size=f"{output.stat().st_size / 1e6:.1f}")


def restore(ctx: typer.Context, file: Path = typer.Argument(...)) -> None:
    """Replace the database by a backup (help: cli.restore)."""
    from pacesetter.cli.remote import ServedElsewhere, server_url
    from pacesetter.workspace.backup import restore as restore_database

    st = state(ctx)
    db = Path(st.settings.db)
    if (url := st.server or server_url(db)) is not None:
        raise ServedElsewhere.said("cli.restore.served", url=url, path=db)
    restore_database(file, db)
    _say("cli.restore.done", st.lang, path=db, file=file)


def attach(app: typer.Typer) -> None:
    """Attach `pacesetter backup` and `pacesetter restore` to the root app."""
    app.command("backup")(backup)
    app.command("restore")(restore)
