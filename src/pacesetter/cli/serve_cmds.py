"""`pacesetter serve`: the API and pages on uvicorn, the one process that holds the database while it runs.

The port is bound before the database is touched, so a busy port is said in words and nothing
is opened; the socket is handed to uvicorn as it is (no second bind, no race). While serving,
the lock note beside the database names the server's URL, so that other commands send their
work to it (:mod:`pacesetter.cli.remote`); Ctrl-C or SIGTERM stops it cleanly and the note goes.
"""

from __future__ import annotations

import os
import signal
import socket
from collections.abc import Callable
from pathlib import Path

import typer
import uvicorn

from pacesetter.cli.options import UsageError, console, state
from pacesetter.i18n import t


def _say(key: str, lang: str, **values: object) -> None:
    console.print(t(f"cli.serve.{key}", lang, **values), markup=False, highlight=False, soft_wrap=True)


def bind(host: str, port: int, lang: str) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free one), or a usage error saying the port is busy."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, so that asyncio sets TCP_NODELAY on the connections (else ~40 ms per answer)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a port in TIME_WAIT is free
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        reason = exc.strerror or str(exc)
        raise UsageError(t("cli.serve.port_busy", lang, host=host, port=port, reason=reason)) from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    """The address commands on this machine reach the server at (a wildcard host as loopback)."""
    host, port = sock.getsockname()[:2]
    local = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"http://[{local}]:{port}" if ":" in local else f"http://{local}:{port}"


class Server(uvicorn.Server):
    """uvicorn's server, calling ``started`` once it serves (to leave the note and say the URL)."""

    def __init__(self, config: uvicorn.Config, started: Callable[[], None]) -> None:
        super().__init__(config)
        self._started = started

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if not self.should_exit:  # a failed startup asks to exit
            self._started()


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port", min=0, max=65535),
    db: Path | None = typer.Option(None, "--db"),
    secure_cookies: bool = typer.Option(False, "--secure-cookies"),
    forwarded_allow_ips: str = typer.Option("127.0.0.1", "--forwarded-allow-ips"),
) -> None:
    """Serve the API over the database (help: cli.serve)."""
    from pacesetter.api import ServerSettings
    from pacesetter.cli.remote import refuse_if_served
    from pacesetter.store.lock import remove_note, write_note
    from pacesetter.web import create_app  # the API and the pages

    st = state(ctx)
    lang = st.lang
    path = Path(db) if db is not None else Path(st.settings.db)
    sock = bind(host, port, lang)
    try:
        if not path.exists():
            raise UsageError(t("cli.errors.no_database", lang, path=path))
        refuse_if_served(path, lang)
        app = create_app(path, ServerSettings(secure_cookies=secure_cookies))
        url = url_of(sock)
        users = app.state.server.root.users.count()

        def started() -> None:  # uvicorn accepts connections and handles SIGINT/SIGTERM from now on
            write_note(path, url)
            _say("started", lang, url=url, path=path)
            _say("sign_in" if users else "no_users", lang, url=url, db=path)
            console.file.flush()  # seen at once also when the output goes to a file

        config = uvicorn.Config(app, log_level="warning", access_log=False, proxy_headers=True,
                                forwarded_allow_ips=forwarded_allow_ips, timeout_graceful_shutdown=10)
        # uvicorn stops gracefully on SIGINT/SIGTERM, then raises the signal again for the handler it
        # found: a no-op here, so that a stop is a normal end (no "Aborted!", the note removed below)
        before = {sig: signal.signal(sig, lambda *_: None) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            Server(config, started).run(sockets=[sock])
        finally:
            for sig, handler in before.items():
                signal.signal(sig, handler)
        _say("stopped", lang, path=path)
    finally:
        sock.close()
        remove_note(path, os.getpid())


def attach(app: typer.Typer) -> None:
    """Attach `pacesetter serve` to the root app."""
    app.command("serve")(serve)
