"""Settings, read from the environment (``PACESETTER_`` prefix) by the entry points only."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_db_path() -> Path:
    """The documented default database: ``~/.local/share/pacesetter/pacesetter.duckdb``."""
    return Path.home() / ".local" / "share" / "pacesetter" / "pacesetter.duckdb"


class Settings(BaseSettings):
    """Runtime settings; build in an entry point and pass down."""

    model_config = SettingsConfigDict(env_prefix="PACESETTER_")

    db: Path = Field(default_factory=default_db_path, description="DuckDB database file.")
    lang: str = Field(default="zh", description="Display language: zh or en.")
