"""Users, roles and scopes (issue 14): the store and ``ws.users`` — passwords, sessions, tokens.

Hashing with argon2's defaults takes a fraction of a second each, so the tests add few users.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from argon2 import PasswordHasher

import pacesetter
from pacesetter.errors import AuthError, ConflictError, InputError, NotFoundError, PacesetterError
from pacesetter.model.access import MATRIX, RESOURCES, SCOPED, Action, Principal, Role
from pacesetter.store import users as store
from pacesetter.workspace import Workspace
from pacesetter.workspace.users import MIN_PASSWORD

PASSWORD = "correct horse"  # 13 characters
OTHER = "battery staple"


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A new, empty database (the first admin is made on such a one)."""
    return pacesetter.open(tmp_path / "users.duckdb", actor="setup")


def user_audit(ws: Workspace) -> list[tuple[object, ...]]:
    """(actor, record_id, action, note) of every audit entry about users, oldest first."""
    df = ws.audit(table="users")
    return [(actor, record, action, note if isinstance(note, str) else None)
            for actor, record, action, note in df[["actor", "record_id", "action", "note"]].itertuples(
                index=False, name=None)]


def stored_texts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every text value of every table (lists of texts included)."""
    columns = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                          "WHERE table_schema = 'main' AND data_type IN ('VARCHAR', 'VARCHAR[]')").fetchall()
    out: list[str] = []
    for table, column in columns:
        for (value,) in con.execute(f'SELECT "{column}" FROM "{table}"').fetchall():
            out.extend(value if isinstance(value, list) else [value] if isinstance(value, str) else [])
    return out


def test_the_first_admin_is_added_and_listed_without_a_hash(ws: Workspace) -> None:
    assert ws.users.count() == 0
    ws.users.add("root", "admin", PASSWORD)
    assert ws.users.count() == 1
    listed = ws.users.list()
    assert list(listed.columns) == ["name", "role", "chains", "districts", "disabled", "created"]
    row = listed.iloc[0]
    assert (row["name"], row["role"], list(row["chains"]), list(row["districts"]), bool(row["disabled"])) == (
        "root", "admin", [], [], False)
    stored = store.find_user(ws.con, "root")
    assert stored is not None and str(stored["password_hash"]).startswith("$argon2id$")
    assert user_audit(ws) == [("setup", "root", "create", None)]
    entry = ws.audit(table="users").iloc[0]
    assert "argon2" not in str(entry["after"]) and PASSWORD not in str(entry["after"])
    assert '"role": "admin"' in str(entry["after"])


def test_wrong_input_is_refused_and_nothing_written(demo_db: Path) -> None:
    ws = pacesetter.open(demo_db, actor="setup")
    ws.users.add("taken", "viewer", PASSWORD)
    refusals: list[tuple[type[PacesetterError], str, dict[str, object]]] = [
        (InputError, "boss", {}),  # no such role
        (InputError, "viewer", {"password": "x" * (MIN_PASSWORD - 1)}),
        (InputError, "chain_chief", {}),  # a chain chief without a chain
        (InputError, "chain_chief", {"chains": ["no_such_chain"]}),
        (InputError, "chain_chief", {"chains": ["ai"], "districts": ["370211"]}),
        (InputError, "district_officer", {"districts": ["370200"]}),  # the city, not a district
        (InputError, "district_officer", {"districts": ["330203"]}),  # a district of Ningbo
        (InputError, "viewer", {"chains": ["ai"]}),  # an unscoped role takes no scope
        (InputError, "admin", {"districts": ["370211"]}),
        (ConflictError, "viewer", {"name": "taken"}),
        (InputError, "viewer", {"name": "  "}),
        (InputError, "viewer", {"name": "alice "}),  # listed like alice, signs in as neither
    ]
    for error, role, given in refusals:
        values = dict(given)
        name = str(values.pop("name", "newcomer"))
        password = str(values.pop("password", PASSWORD))
        with pytest.raises(error):
            ws.users.add(name, role, password, **values)  # type: ignore[arg-type]
    assert list(ws.users.list()["name"]) == ["taken"]
    assert [a for _, _, a, _ in user_audit(ws)] == ["create"]


def test_error_messages_say_what_to_do_in_both_languages(ws: Workspace) -> None:
    with pytest.raises(InputError) as short:
        ws.users.add("root", "admin", "tooshort")
    assert short.value.text("en") == "the password is too short: at least 10 characters"
    assert short.value.text("zh") == "密码太短：至少 10 个字符"
    with pytest.raises(InputError) as role:
        ws.users.add("root", "boss", PASSWORD)
    assert "`chain_chief`" in role.value.text("en") and "没有角色 'boss'" in role.value.text("zh")
    with pytest.raises(NotFoundError):
        ws.users.disable("nobody")


def test_scoped_roles_carry_their_scope_into_the_principal(demo_db: Path) -> None:
    ws = pacesetter.open(demo_db, actor="setup")
    ws.users.add("chief", "chain_chief", PASSWORD, chains=["ai", "vr", "ai"])
    ws.users.add("officer", "district_officer", PASSWORD, districts=["370211"])
    listed = ws.users.list().set_index("name")
    assert list(listed.loc["chief", "chains"]) == ["ai", "vr"]  # a repeated chain kept once
    assert list(listed.loc["officer", "districts"]) == ["370211"]
    assert ws.users.authenticate("officer", PASSWORD) == Principal(
        "officer", Role.DISTRICT_OFFICER, districts=frozenset({"370211"}))


def test_sign_in_fails_with_one_message_for_every_cause(ws: Workspace) -> None:
    ws.users.add("alice", "analyst", PASSWORD)
    assert ws.users.authenticate("alice", PASSWORD) == Principal("alice", Role.ANALYST)
    errors = []
    for name, password in (("alice", OTHER), ("mallory", PASSWORD)):
        with pytest.raises(AuthError) as failed:
            ws.users.authenticate(name, password)
        errors.append(failed.value)
    ws.users.disable("alice", actor="root")
    with pytest.raises(AuthError) as disabled:
        ws.users.authenticate("alice", PASSWORD)
    errors.append(disabled.value)
    for lang in ("zh", "en"):
        assert len({e.text(lang) for e in errors}) == 1
    assert errors[0].text("en") == "wrong name or password, or the user is disabled"
    ws.users.enable("alice", actor="root")
    assert ws.users.authenticate("alice", PASSWORD).name == "alice"
    assert user_audit(ws) == [
        ("setup", "alice", "create", None), ("alice", "alice", "login", None),
        ("alice", "alice", "login_failed", "wrong_password"),
        ("mallory", "mallory", "login_failed", "unknown_user"),
        ("root", "alice", "disable", None), ("alice", "alice", "login_failed", "disabled"),
        ("root", "alice", "enable", None), ("alice", "alice", "login", None)]


def test_a_hash_with_older_parameters_is_renewed_at_sign_in(ws: Workspace) -> None:
    ws.users.add("alice", "analyst", PASSWORD)
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
    store.set_password_hash(ws.con, "alice", weak, None)
    ws.users.authenticate("alice", PASSWORD)
    renewed = str((store.find_user(ws.con, "alice") or {})["password_hash"])
    assert renewed != weak and "$m=65536,t=3,p=4$" in renewed  # argon2-cffi's defaults


def test_sessions_end_on_logout_on_expiry_and_on_reset(ws: Workspace) -> None:
    ws.users.add("alice", "viewer", PASSWORD)
    secret, csrf, expires = ws.users.start_session("alice", hours=2)
    assert ws.users.session(secret) == (Principal("alice", Role.VIEWER), csrf)
    assert ws.users.session(secret + "x") is None
    stored = ws.con.execute("SELECT id_hash, expires FROM sessions").fetchall()
    assert stored == [(hashlib.sha256(secret.encode()).hexdigest(), expires.replace(tzinfo=None))]
    assert secret not in stored_texts(ws.con)
    # logout
    ws.users.end_session(secret)
    assert ws.users.session(secret) is None
    # expiry: an expired session no longer signs in (looking it up only reads), and the next
    # sign-in forgets it
    second, _, _ = ws.users.start_session("alice")
    ws.con.execute("UPDATE sessions SET expires = TIMESTAMP '2020-01-01 00:00:00'")
    assert ws.users.session(second) is None
    assert ws.con.execute("SELECT count(*) FROM sessions").fetchone() == (1,)
    # a new password ends every session
    third, _, _ = ws.users.start_session("alice")
    assert ws.con.execute("SELECT count(*) FROM sessions").fetchone() == (1,)
    ws.users.reset("alice", OTHER, actor="root")
    assert ws.users.session(third) is None
    assert ws.users.authenticate("alice", OTHER).name == "alice"
    with pytest.raises(InputError):
        ws.users.reset("alice", "short")
    assert [a for _, _, a, _ in user_audit(ws)] == ["create", "logout", "reset", "login"]


def test_disabling_a_user_ends_their_sessions(ws: Workspace) -> None:
    ws.users.add("alice", "viewer", PASSWORD)
    secret, _, _ = ws.users.start_session("alice")
    ws.users.disable("alice")
    ws.users.enable("alice")
    assert ws.users.session(secret) is None
    with pytest.raises(AuthError):  # no session for an unknown user
        ws.users.start_session("mallory")


def test_tokens_are_stored_as_hashes_and_stop_when_expired_or_disabled(ws: Workspace) -> None:
    ws.users.add("bot", "analyst", PASSWORD)
    token = ws.users.token("bot", label="nightly import", days=30, actor="root")
    forever = ws.users.token("bot", days=None)
    assert token.startswith("ps_") and len(token) == 3 + 43  # 32 random bytes, base64 without padding
    assert ws.users.principal_for_token(token) == Principal("bot", Role.ANALYST)
    assert ws.users.principal_for_token("ps_" + "A" * 43) is None
    rows = ws.con.execute("SELECT id_hash, label, expires IS NULL FROM api_tokens ORDER BY label").fetchall()
    assert rows == [(hashlib.sha256(forever.encode()).hexdigest(), "", True),
                    (hashlib.sha256(token.encode()).hexdigest(), "nightly import", False)]
    texts = stored_texts(ws.con)
    assert not any(token in v or forever in v for v in texts)
    ws.con.execute("CHECKPOINT")
    assert token.encode() not in ws.path.read_bytes()
    ws.con.execute("UPDATE api_tokens SET expires = TIMESTAMP '2020-01-01 00:00:00' WHERE label <> ''")
    assert ws.users.principal_for_token(token) is None
    assert ws.users.principal_for_token(forever) is not None
    ws.users.disable("bot")
    assert ws.users.principal_for_token(forever) is None
    with pytest.raises(InputError):  # a disabled user gets no new token
        ws.users.token("bot")
    entry = ws.audit(table="users", record="bot").iloc[1]
    assert (entry["actor"], entry["action"]) == ("root", "token")
    assert '"label": "nightly import"' in str(entry["after"]) and "ps_" not in str(entry["after"])


def test_the_data_version_counts_writes(ws: Workspace) -> None:
    assert store.data_version(ws.con) == 0
    assert store.bump_data_version(ws.con) == 1
    assert store.bump_data_version(ws.con) == 2
    assert store.data_version(ws.con) == 2
    assert ws.con.execute("SELECT count(*), count(changed_at) FROM data_version").fetchone() == (1, 1)


# The words of the role matrix on docs/{lang}/guide/access.md: resources and actions.
PAGE_WORDS = {
    "en": ({r: r for r in RESOURCES}, {a.value: a.value for a in Action}, ", "),
    "zh": ({"全市": "city", "项目": "projects", "任务": "tasks", "园区": "parks", "政策": "policies",
            "企业": "enterprises", "审计": "audit", "数据": "data", "用户": "users"},
           {"读": "read", "写": "write", "导入": "import", "管理": "admin"}, "、"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_access_page_shows_the_matrix(lang: str) -> None:
    """Every cell of the page's matrix is MATRIX's grant; a scope mark (¹ chains, ² districts) sits
    on exactly the grants :func:`in_scope` narrows."""
    resources, actions, sep = PAGE_WORDS[lang]
    page = (Path(__file__).resolve().parents[2] / "docs" / lang / "guide" / "access.md").read_text("utf-8")
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in page.splitlines()
            if line.startswith("| ") and line.split("|")[1].strip() in resources]
    assert [resources[r[0]] for r in rows] == list(RESOURCES)
    roles = list(Role)
    for row in rows:
        resource = resources[row[0]]
        for role, cell in zip(roles, row[1:], strict=True):
            words = [] if cell == "—" else cell.split(sep)
            shown = {Action(actions[w.rstrip("¹²")]): w[-1] if w[-1] in "¹²" else "" for w in words}
            narrowed = role in (Role.CHAIN_CHIEF, Role.DISTRICT_OFFICER) and resource in SCOPED
            expected = {a: ("¹" if role is Role.CHAIN_CHIEF else "²")
                        if narrowed and not (role is Role.CHAIN_CHIEF and a is Action.READ) else ""
                        for a in MATRIX[role].get(resource, frozenset())}
            assert shown == expected, (lang, resource, role)
