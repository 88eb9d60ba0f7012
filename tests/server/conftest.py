"""A real `pacesetter serve` (uvicorn on 127.0.0.1, a free port) in a subprocess, over a private
demo copy with an admin and an analyst, and a way to run other commands beside it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import pacesetter

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Served:
    """A running server: its process, database, URL and the tokens of its users by name."""

    proc: subprocess.Popen[str]
    db: Path
    url: str
    tokens: dict[str, str]

    def run(self, *args: str, token: str | None = "admin", lang: str = "en",
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """`pacesetter --db DB --lang LANG ARGS` beside the server, with that user's token."""
        env = {**environment(self.db), **({"PACESETTER_TOKEN": self.tokens[token]} if token else {})}
        command = [sys.executable, "-m", "pacesetter", "--db", str(self.db), "--lang", lang, *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout, check=False)

    def headers(self, user: str = "admin") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[user]}", "Accept-Language": "en"}


def environment(db: Path) -> dict[str, str]:
    """A clean environment for a command: wide output, crash logs beside the database."""
    return {"COLUMNS": "200", "PATH": os.environ.get("PATH", "/usr/bin"),
            "PACESETTER_LOG_DIR": str(db.parent / "logs")}


def note(db: Path) -> dict[str, object] | None:
    """The lock note beside ``db``, if there is one."""
    path = db.with_name(db.name + ".lock.json")
    try:
        found: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found


def serve(db: Path, *args: str) -> subprocess.Popen[str]:
    """Start `pacesetter serve` over ``db`` (port 0 unless ``args`` say otherwise)."""
    return subprocess.Popen([sys.executable, "-m", "pacesetter", "--db", str(db), "--lang", "en", "serve",
                             *(args or ("--port", "0"))],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment(db))


def wait_for_url(proc: subprocess.Popen[str], db: Path, timeout: float = 60) -> str:
    """The URL the server's lock note names, once it serves."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = note(db)
        if found and found.get("url") and found.get("pid") == proc.pid:
            return str(found["url"])
        if proc.poll() is not None:
            raise AssertionError(f"the server ended: {proc.communicate()}")
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("the server did not start in time")


def stop(proc: subprocess.Popen[str]) -> tuple[str, str]:
    """SIGTERM the server and wait for it; its output."""
    proc.send_signal(signal.SIGTERM)
    return proc.communicate(timeout=30)


@pytest.fixture(scope="module")
def served(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server per test module on its own demo copy, with users `admin` and `analyst`."""
    db = tmp_path_factory.mktemp("served") / "demo.duckdb"
    shutil.copyfile(demo_db_template, db)
    tokens = {}
    with pacesetter.open(db, actor="test") as ws:
        for name in ("admin", "analyst"):
            ws.users.add(name, name, PASSWORD)
            tokens[name] = ws.users.token(name)
    proc = serve(db)
    try:
        url = wait_for_url(proc, db)
        yield Served(proc, db, url, tokens)
    finally:
        if proc.poll() is None:
            stop(proc)
