"""Users of the server (``ws.users``): roles and scopes, passwords, sessions and API tokens.

Who may do what is :mod:`pacesetter.model.access`; this group keeps the users and checks their
credentials. Passwords are hashed with argon2 (argon2-cffi's defaults); sessions and tokens are
stored as the sha256 of their secret only, so the database file holds no credential. Every
change, every sign-in and every failed one is audited (table ``users``), never with a hash.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pacesetter.data.places import district_rules
from pacesetter.errors import AuthError, ConflictError, InputError, NotFoundError
from pacesetter.model.access import Principal, Role
from pacesetter.registry import audit
from pacesetter.store import lookups
from pacesetter.store import users as store
from pacesetter.store.records import atomic

if TYPE_CHECKING:
    from pacesetter.workspace.core import Workspace

MIN_PASSWORD = 10  # characters
TOKEN_PREFIX = "ps_"  # marks a Pacesetter API token (e.g. for secret scanners)
_hasher = PasswordHasher()


@cache
def _stand_in_hash() -> str:
    """A hash to check a password against when the user is unknown, so that a wrong name takes as
    long as a wrong password."""
    return _hasher.hash(secrets.token_urlsafe(16))


def _now() -> dt.datetime:
    """Now, as the store keeps times: naive UTC."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _digest(secret: str) -> str:
    """What the store keeps of a session secret or token: its sha256, hex."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _principal(row: Mapping[str, object]) -> Principal:
    """The principal of a user row (name, role, chains, districts)."""
    chains, districts = row["chains"], row["districts"]
    return Principal(str(row["name"]), Role(str(row["role"])),
                     frozenset(chains if isinstance(chains, list) else ()),
                     frozenset(districts if isinstance(districts, list) else ()))


def _expired(row: Mapping[str, object], now: dt.datetime) -> bool:
    """Whether a session or token row has expired by ``now`` (a token without expiry never does)."""
    expires = row["expires"]
    return isinstance(expires, dt.datetime) and expires <= now


class Users:
    """The users of a workspace and their credentials; see :mod:`pacesetter.workspace.users`.

    ``actor`` of a change defaults to the workspace's actor; sign-ins are audited as the name tried.
    """

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    # --- the users ---------------------------------------------------------------------------
    def add(self, name: str, role: str, password: str, *, chains: Sequence[str] = (),
            districts: Sequence[str] = (), actor: str | None = None) -> None:
        """Add a user with a role and, for a chain chief or district officer, their scope.

        A chain chief needs chain ids of the store, a district officer GB/T 2260 codes of the
        city's districts (data/districts.yaml's city); the other roles take no scope. Refused
        (nothing written) for an unknown role, a wrong scope, a password shorter than
        :data:`MIN_PASSWORD` or a name already taken.
        """
        con = self._ws.con
        chains, districts = list(dict.fromkeys(chains)), list(dict.fromkeys(districts))
        kind = self.check(name, role, chains=chains, districts=districts)
        self._check_password(password)
        password_hash = _hasher.hash(password)
        with atomic(con):
            store.insert_user(con, name, kind.value, chains, districts, password_hash, _now())
            self._audit(actor, name, "create", after={"role": kind.value, "chains": chains,
                                                      "districts": districts})

    def check(self, name: str, role: str, *, chains: Sequence[str] = (),
              districts: Sequence[str] = ()) -> Role:
        """The role of a user :meth:`add` would make, checked but for the password (so that a
        command asks for the password only then); refusals as :meth:`add`'s."""
        if not name.strip():
            raise InputError.said("users.errors.empty_name")
        if name != name.strip():  # "alice " would be listed looking like alice, and sign in as neither
            raise InputError.said("users.errors.spaced_name", name=name)
        try:
            kind = Role(role)
        except ValueError:
            raise InputError.said("users.errors.bad_role", role=role,
                                  roles=" / ".join(f"`{r.value}`" for r in Role)) from None
        self._check_scope(kind, chains, districts)
        if store.find_user(self._ws.con, name) is not None:
            raise ConflictError.said("users.errors.exists", name=name)
        return kind

    def _check_scope(self, role: Role, chains: Sequence[str], districts: Sequence[str]) -> None:
        """Refuse a scope that does not fit the role, or names chains or districts that do not exist."""
        if role is Role.CHAIN_CHIEF:
            if not chains or districts:
                raise InputError.said("users.errors.chain_scope")
            if unknown := [c for c in chains if c not in lookups.ids(self._ws.con, "chains")]:
                raise InputError.said("users.errors.unknown_chains", chains=", ".join(unknown))
        elif role is Role.DISTRICT_OFFICER:
            if not districts or chains:
                raise InputError.said("users.errors.district_scope")
            rules = district_rules()
            if unknown := rules.not_districts(list(districts)):
                raise InputError.said("users.errors.unknown_districts", districts=", ".join(unknown),
                                      city=rules.city)
        elif chains or districts:
            raise InputError.said("users.errors.no_scope", role=role.value)

    @staticmethod
    def _check_password(password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise InputError.said("users.errors.short_password", n=MIN_PASSWORD)

    def list(self) -> pd.DataFrame:
        """Every user: name, role, chains, districts, disabled, created (never a hash)."""
        return store.user_frame(self._ws.con)

    def count(self) -> int:
        """How many users there are (none on a new database: make the first admin with ``add``)."""
        return store.count_users(self._ws.con)

    def _user(self, name: str) -> dict[str, object]:
        user = store.find_user(self._ws.con, name)
        if user is None:
            raise NotFoundError.said("users.errors.unknown_user", name=name)
        return user

    def disable(self, name: str, *, actor: str | None = None) -> None:
        """Stop a user signing in: their sessions end and their tokens stop working."""
        self._set_disabled(name, True, actor)

    def enable(self, name: str, *, actor: str | None = None) -> None:
        """Let a disabled user sign in again (their unexpired tokens work again)."""
        self._set_disabled(name, False, actor)

    def _set_disabled(self, name: str, disabled: bool, actor: str | None) -> None:
        con = self._ws.con
        before = bool(self._user(name)["disabled"])
        if before == disabled:
            return
        with atomic(con):
            store.set_disabled(con, name, disabled)
            store.delete_user_sessions(con, name)
            self._audit(actor, name, "disable" if disabled else "enable",
                        before={"disabled": before}, after={"disabled": disabled})

    def reset(self, name: str, password: str, *, actor: str | None = None) -> None:
        """Give a user a new password; their sessions end (they sign in again)."""
        con = self._ws.con
        self._user(name)
        self._check_password(password)
        password_hash = _hasher.hash(password)
        with atomic(con):
            store.set_password_hash(con, name, password_hash, _now())
            ended = store.delete_user_sessions(con, name)
            self._audit(actor, name, "reset", after={"sessions_ended": ended})

    def token(self, name: str, *, label: str = "", days: int | None = 90, actor: str | None = None) -> str:
        """A new API token of user ``name``, valid ``days`` days (None: no expiry); shown only now.

        Scripts send it as ``Authorization: Bearer <token>``; the store keeps its sha256 only.
        """
        con = self._ws.con
        if self._user(name)["disabled"]:
            raise InputError.said("users.errors.disabled", name=name)
        if days is not None and days < 1:
            raise InputError.said("users.errors.bad_days")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = _now()
        expires = None if days is None else now + dt.timedelta(days=days)
        with atomic(con):
            store.insert_token(con, _digest(token), name, label, now, expires)
            self._audit(actor, name, "token", after={"label": label, "expires": expires})
        return token

    # --- signing in --------------------------------------------------------------------------
    def authenticate(self, name: str, password: str) -> Principal:
        """The principal of ``name`` if ``password`` is theirs and they are enabled, else
        :class:`AuthError` with one message for every cause. Both outcomes are audited; a hash
        made with older argon2 parameters is renewed."""
        con = self._ws.con
        user = store.find_user(con, name)
        stored = str(user["password_hash"]) if user else _stand_in_hash()
        matches = False
        with contextlib.suppress(VerificationError, InvalidHashError):
            matches = _hasher.verify(stored, password)
        if user is None or not matches or user["disabled"]:
            reason = "unknown_user" if user is None else "wrong_password" if not matches else "disabled"
            with atomic(con):
                self._audit(name, name, "login_failed", note=reason)
            raise AuthError.said("users.errors.auth_failed")
        with atomic(con):
            if _hasher.check_needs_rehash(stored):
                store.set_password_hash(con, name, _hasher.hash(password), None)
            self._audit(name, name, "login")
        return _principal(user)

    def principal_for_token(self, token: str) -> Principal | None:
        """The principal an API token signs in as; None for an unknown or expired token or a
        disabled user."""
        row = store.find_token(self._ws.con, _digest(token))
        if row is None or row["disabled"] or _expired(row, _now()):
            return None
        return _principal(row)

    def start_session(self, name: str, *, hours: float = 8) -> tuple[str, str, dt.datetime]:
        """A new session of an enabled user (after :meth:`authenticate`): (the session secret for
        the cookie, its CSRF token, when it expires, timezone-aware UTC). Expired sessions are
        forgotten on the way."""
        con = self._ws.con
        user = store.find_user(con, name)
        if user is None or user["disabled"]:
            raise AuthError.said("users.errors.auth_failed")
        secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = _now()
        expires = now + dt.timedelta(hours=hours)
        with atomic(con):
            store.delete_expired_sessions(con, now)
            store.insert_session(con, _digest(secret), name, csrf, now, expires)
        return secret, csrf, expires.replace(tzinfo=dt.UTC)

    def session(self, secret: str) -> tuple[Principal, str] | None:
        """The principal of a session secret and its CSRF token; None when the session is
        unknown, expired or its user disabled. It only reads (a server asks it on every request,
        outside the write lock); expired sessions are forgotten at the next sign-in."""
        row = store.find_session(self._ws.con, _digest(secret))
        if row is None or row["disabled"] or _expired(row, _now()):
            return None
        return _principal(row), str(row["csrf"])

    def end_session(self, secret: str) -> None:
        """Sign out: the session ends (an unknown secret changes nothing)."""
        con = self._ws.con
        with atomic(con):
            if (name := store.delete_session(con, _digest(secret))) is not None:
                self._audit(name, name, "logout")

    def _audit(self, actor: str | None, name: str, action: str, *, before: Mapping[str, object] | None = None,
               after: Mapping[str, object] | None = None, note: str | None = None) -> None:
        """One audit entry about user ``name`` (the caller holds the transaction)."""
        audit.record(self._ws.con, actor=actor or self._ws.actor, table="users", record_id=name,
                     action=action, before=before, after=after, note=note)
