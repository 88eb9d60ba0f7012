"""The server's hold on its one database: concurrent readers, one writer, a data version.

The server is the single process that opens the DuckDB file for writing. Every request gets a
Workspace on a cursor of that connection (DuckDB cursors are separate connections to the same
database, each with its own transactions), so readers run concurrently and see only committed
data. Writes take one lock, so they are serialised, and bump the data version when they are
done; the version keys the response cache and the ETags, so an unchanged heavy analysis is
computed once per version.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pacesetter.store.users import bump_data_version, data_version
from pacesetter.workspace import Workspace

T = TypeVar("T")
SIGN_IN_SECONDS = 10.0  # how long a checked token or session is taken as it was


@dataclass(frozen=True)
class ServerSettings:
    """How the server runs; see ``docs/*/guide/server.md``.

    ``secure_cookies``: send the session cookie with ``Secure`` (set it when TLS is in front,
    directly or by a reverse proxy). ``max_draws`` caps the assessment's Monte Carlo draws a
    request may ask for. ``session_hours``: how long a sign-in lasts. ``login_attempts`` failed
    sign-ins per ``login_window`` seconds, per client address and name, before 429.
    """

    secure_cookies: bool = False
    max_draws: int = 2000
    session_hours: float = 8.0
    login_attempts: int = 5
    login_window: float = 300.0
    cache_entries: int = 256


class ServerState:
    """The open database, its write lock, its data version and the response cache."""

    def __init__(self, db: Path | str, settings: ServerSettings | None = None) -> None:
        self.db = Path(db)
        self.settings = settings or ServerSettings()
        self.root = Workspace(self.db, actor="server")
        self.write_lock = threading.Lock()
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._pending: dict[str, threading.Lock] = {}
        self._signed_in: dict[tuple[str, str], tuple[Any, float]] = {}
        self.version = data_version(self.root.con)

    def close(self) -> None:
        """Release the database (and its lock note)."""
        self.root.close()

    @contextmanager
    def reading(self, actor: str) -> Iterator[Workspace]:
        """A Workspace for one request that only reads, on its own cursor."""
        ws = Workspace.over(self.root.con.cursor(), self.db, actor=actor)
        try:
            yield ws
        finally:
            ws.close()

    @contextmanager
    def writing(self, actor: str, *, data: bool = True) -> Iterator[Workspace]:
        """A Workspace for one request that writes, one writer at a time.

        ``data=True`` (a write of the data, not of sign-ins) moves the data version on afterwards,
        even when the write failed part-way: a refused write changes nothing, and a stale cache
        entry would cost more than one recomputation.
        """
        with self.write_lock:
            ws = Workspace.over(self.root.con.cursor(), self.db, actor=actor)
            try:
                yield ws
            finally:
                if data:
                    self.version = bump_data_version(ws.con)
                with self._cache_lock:
                    self._signed_in.clear()
                ws.close()

    def signed_in(self, kind: str, secret: str, lookup: Callable[[Workspace], T]) -> T:
        """Who a token or session secret signs in as (``lookup`` asks the store), remembered for
        :data:`SIGN_IN_SECONDS`: a request then costs no database read to authenticate. Every
        write through this server (a user disabled, a password reset, a sign-out) forgets them
        all, and no other process writes while the server holds the database; so the only lag is
        a token or session that expires by the clock, honoured up to that many seconds longer."""
        key, now = (kind, hashlib.sha256(secret.encode("utf-8")).hexdigest()), time.monotonic()
        with self._cache_lock:
            found = self._signed_in.get(key)
            if found is not None and found[1] > now:
                return found[0]  # type: ignore[no-any-return]
        with self.reading("server") as ws:
            value = lookup(ws)
        with self._cache_lock:
            if len(self._signed_in) > 10_000:  # bounded: tokens guessed at random are remembered too
                self._signed_in.clear()
            self._signed_in[key] = (value, now + SIGN_IN_SECONDS)
        return value

    def etag(self, key: str) -> str:
        """The ETag of a response: the data version and a digest of what was asked."""
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        return f'W/"{self.version}-{digest}"'

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """The value of ``compute()`` for ``key`` at the current data version, computed once."""
        full = f"{self.version}\x00{key}"
        with self._cache_lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
            # one computation per key: requests arriving meanwhile wait for it instead of repeating it
            pending = self._pending.setdefault(full, threading.Lock())
        with pending:
            with self._cache_lock:
                if full in self._cache:
                    return self._cache[full]
            try:
                value = compute()
            except BaseException:
                with self._cache_lock:
                    self._pending.pop(full, None)
                raise
            with self._cache_lock:
                self._cache[full] = value
                self._pending.pop(full, None)
                while len(self._cache) > self.settings.cache_entries:
                    self._cache.popitem(last=False)
        return value
