"""`pacesetter users`: add, list, disable, enable, reset and token — the users of the server.

Passwords are never an option value (they would stay in the shell's history and the process
list): they are asked twice without being shown, or read from standard input for scripts.
"""

from __future__ import annotations

import sys

import typer
from rich.table import Table

from pacesetter.cli.options import UsageError, console, state
from pacesetter.i18n import t

# help text: cli.users.* in the catalogue, filled in when the command loads (cli.lazy.localise)
users_app = typer.Typer(no_args_is_help=True)

NameArg = typer.Argument(...)
PasswordStdinOpt = typer.Option(False, "--password-stdin")


def _password(lang: str, name: str, from_stdin: bool) -> str:
    """The new password: the first line of standard input, or asked twice without echo."""
    from pacesetter.workspace.users import MIN_PASSWORD

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UsageError(t("cli.users.msg.no_stdin", lang))
        return password
    first = typer.prompt(t("cli.users.prompt.password", lang, name=name, n=MIN_PASSWORD), hide_input=True)
    if typer.prompt(t("cli.users.prompt.repeat", lang), hide_input=True) != first:
        raise UsageError(t("cli.users.msg.mismatch", lang))
    return str(first)


def _say(key: str, lang: str, **values: object) -> None:
    console.print(t(f"cli.users.msg.{key}", lang, **values), markup=False, highlight=False)


@users_app.command("add")
def add(
    ctx: typer.Context,
    name: str = NameArg,
    role: str = typer.Option(..., "--role"),
    chain: list[str] | None = typer.Option(None, "--chain"),
    district: list[str] | None = typer.Option(None, "--district"),
    password_stdin: bool = PasswordStdinOpt,
) -> None:
    """Add a user (help: cli.users.add)."""
    st = state(ctx)
    users, chains, districts = st.workspace().users, chain or (), district or ()
    users.check(name, role, chains=chains, districts=districts)  # before the password is typed
    users.add(name, role, _password(st.lang, name, password_stdin), chains=chains, districts=districts)
    _say("added", st.lang, name=name, role=t(f"users.roles.{role}", st.lang))


@users_app.command("list")
def list_users(ctx: typer.Context) -> None:
    """List the users (help: cli.users.list)."""
    lang = state(ctx).lang
    df = state(ctx).workspace().users.list()
    if df.empty:
        _say("no_users", lang)
        return
    sep = t("cli.list_sep", lang)
    table = Table()
    for column in ("name", "role", "chains", "districts", "disabled", "created"):
        table.add_column(t(f"cli.users.columns.{column}", lang), no_wrap=column != "chains")
    for u in df.to_dict("records"):
        table.add_row(str(u["name"]), t(f"users.roles.{u['role']}", lang),
                      sep.join(u["chains"]) or "—", sep.join(u["districts"]) or "—",
                      t("cli.users.msg.answer_yes" if u["disabled"] else "cli.users.msg.answer_no", lang),
                      u["created"].strftime("%Y-%m-%d %H:%M"))
    console.print(table)


@users_app.command("disable")
def disable(ctx: typer.Context, name: str = NameArg) -> None:
    """Disable a user (help: cli.users.disable)."""
    st = state(ctx)
    st.workspace().users.disable(name)
    _say("disabled", st.lang, name=name)


@users_app.command("enable")
def enable(ctx: typer.Context, name: str = NameArg) -> None:
    """Enable a user (help: cli.users.enable)."""
    st = state(ctx)
    st.workspace().users.enable(name)
    _say("enabled", st.lang, name=name)


@users_app.command("reset")
def reset(ctx: typer.Context, name: str = NameArg, password_stdin: bool = PasswordStdinOpt) -> None:
    """Set a new password (help: cli.users.reset)."""
    st = state(ctx)
    users = st.workspace().users
    users.reset(name, _password(st.lang, name, password_stdin))
    _say("reset", st.lang, name=name)


@users_app.command("token")
def token(
    ctx: typer.Context,
    name: str = NameArg,
    label: str = typer.Option("", "--label"),
    days: int = typer.Option(90, "--days"),
) -> None:
    """Make an API token (help: cli.users.token)."""
    st = state(ctx)
    secret = st.workspace().users.token(name, label=label, days=days or None)
    _say("token", st.lang, name=name)
    console.print(secret, markup=False, highlight=False, soft_wrap=True)
    _say("token_expires" if days else "token_never", st.lang, days=days)
    _say("token_use", st.lang)


def attach(app: typer.Typer) -> None:
    """Attach `pacesetter users` to the root app."""
    app.add_typer(users_app, name="users")
