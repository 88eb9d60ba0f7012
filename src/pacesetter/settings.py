"""Settings, read from the environment (``PACESETTER_`` prefix) by the entry points only."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_db_path() -> Path:
    """The documented default database: ``~/.local/share/pacesetter/pacesetter.duckdb``."""
    return Path.home() / ".local" / "share" / "pacesetter" / "pacesetter.duckdb"


def default_log_dir() -> Path:
    """Where crash logs go: ``$XDG_STATE_HOME/pacesetter``, else ``~/.local/state/pacesetter``."""
    state = os.environ.get("XDG_STATE_HOME")
    return (Path(state) if state else Path.home() / ".local" / "state") / "pacesetter"


class Settings(BaseSettings):
    """Runtime settings; build in an entry point and pass down."""

    model_config = SettingsConfigDict(env_prefix="PACESETTER_")

    db: Path = Field(default_factory=default_db_path, description="DuckDB database file.")
    lang: str = Field(default="zh", description="Display language: zh or en.")
    lock_wait: float = Field(default=30.0, ge=0,
                             description="Seconds a command waits for a database another process holds.")
    log_dir: Path = Field(default_factory=default_log_dir,
                          description="Folder of crash logs (the traceback of an unexpected error).")
    engine: str = Field(default="duckdb", description="Engine reading registry files: duckdb or spark.")
    spark_master: str | None = Field(default=None, description="Spark master, e.g. local[*] or spark://host:7077.")
    spark_remote: str | None = Field(default=None, description="Spark Connect address, e.g. sc://host:15002.")
