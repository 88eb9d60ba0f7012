"""The embedded DuckDB store: schema, migrations, atomic imports and queries."""

from pacesetter.store.connect import connect, migrate, transaction

__all__ = ["connect", "migrate", "transaction"]
