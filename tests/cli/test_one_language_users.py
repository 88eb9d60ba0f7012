"""One language at a time for `pacesetter users` (issue 14): every subcommand's result and --help,
in zh and in en, on a copy of the demo database; and the password is asked twice, never echoed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import pacesetter
from pacesetter.cli.main import app
from pacesetter.errors import InputError
from tests.cli.test_one_language import data_values, other_language

PASSWORD = "correct horse"
TOKEN = re.compile(r"ps_[\w-]{43}")
HELPS: list[tuple[str, ...]] = [("users",), *[("users", c) for c in
                                              ("add", "list", "disable", "enable", "reset", "token")]]


def run(db: Path, lang: str, *args: str, given: str | None = None) -> Result:
    """``pacesetter --db db --lang lang users …`` with ``given`` as standard input."""
    return CliRunner().invoke(app, ["--db", str(db), "--lang", lang, *args], input=given,
                              env={"COLUMNS": "2000", "PACESETTER_LANG": lang})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_users_commands_speak_one_language(demo_db: Path, lang: str) -> None:
    values = data_values(str(demo_db))
    runs = [
        ("users", "add", "root", "--role", "admin", "--password-stdin"),
        ("users", "add", "huangdao", "--role", "district_officer", "--district", "370211",
         "--password-stdin"),
        ("users", "disable", "huangdao"),
        ("users", "list"),
        ("users", "enable", "huangdao"),
        ("users", "reset", "huangdao", "--password-stdin"),
        ("users", "token", "root", "--label", "nightly"),
        ("users", "token", "root", "--days", "0"),
        *[(*command, "--help") for command in HELPS],
    ]
    found = {}
    for args in runs:
        result = run(demo_db, lang, *args, given=PASSWORD + "\n")
        assert result.exit_code == 0, (args, result.output)
        text = TOKEN.sub(" ", result.output).replace(" ".join(["pacesetter", *args[:2]]), " ")
        found[" ".join(args)] = other_language(text, lang, () if "--help" in args else values)
    assert {command: pieces for command, pieces in found.items() if pieces} == {}


def test_the_list_names_roles_and_scopes_in_the_chosen_language(demo_db: Path) -> None:
    run(demo_db, "zh", "users", "add", "huangdao", "--role", "district_officer", "--district", "370211",
        "--district", "370212", "--password-stdin", given=PASSWORD + "\n")
    zh, en = (run(demo_db, lang, "users", "list").output for lang in ("zh", "en"))
    assert "区（市）专员" in zh and "370211、370212" in zh and "否" in zh
    assert "district officer" in en and "370211, 370212" in en and "no" in en.split()


def test_a_token_is_printed_once_with_how_to_use_it(demo_db: Path) -> None:
    run(demo_db, "en", "users", "add", "root", "--role", "admin", "--password-stdin", given=PASSWORD + "\n")
    out = run(demo_db, "en", "users", "token", "root", "--days", "7").output
    tokens = TOKEN.findall(out)
    assert len(tokens) == 1 and "It expires in 7 days." in out and "`Authorization: Bearer <token>`" in out
    with pacesetter.open(demo_db) as ws:
        assert ws.users.principal_for_token(tokens[0]) is not None


def test_the_password_is_asked_twice_without_echo(demo_db: Path) -> None:
    added = run(demo_db, "en", "users", "add", "root", "--role", "admin", given=f"{PASSWORD}\n{PASSWORD}\n")
    assert added.exit_code == 0 and PASSWORD not in added.output
    assert "Password for root (at least 10 characters): " in added.output
    differ = run(demo_db, "zh", "users", "reset", "root", given=f"{PASSWORD}\nsomething else\n")
    assert differ.exit_code == 2 and "两次输入的密码不同；未做任何改动。" in differ.output
    empty = run(demo_db, "en", "users", "reset", "root", "--password-stdin", given="")
    assert empty.exit_code == 2 and "No password on standard input" in empty.output
    with pacesetter.open(demo_db) as ws:
        assert ws.users.authenticate("root", PASSWORD).name == "root"  # the first password still holds
    # a wrong role or scope is refused before the password is asked for
    chief = run(demo_db, "en", "users", "add", "li", "--role", "chain_chief", "--chain", "no_such_chain")
    assert isinstance(chief.exception, InputError) and "Password" not in chief.output
