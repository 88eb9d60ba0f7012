"""Enterprise-scale aggregation below the analysis: DuckDB (default), Spark, a pandas reference.

``get_engine(name)`` gives an :class:`Engine`; see ``engine/README.md`` for the protocol,
the sources it reads and when to move to Spark.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pacesetter.engine.base import Engine, Level, Measure, RegionLevel, RegistrySource
from pacesetter.errors import InputError

if TYPE_CHECKING:
    import duckdb

ENGINES = ("duckdb", "spark", "pandas")

__all__ = ["ENGINES", "Engine", "EngineChoice", "Level", "Measure", "RegionLevel", "RegistrySource",
           "get_engine"]


def get_engine(
    name: str = "duckdb",
    *,
    spark_master: str | None = None,
    spark_remote: str | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> Engine:
    """The engine ``name``: "duckdb" (on ``con``, default a fresh in-memory database), "spark"
    (on ``spark_master``, e.g. "local[2]" or "spark://host:7077", or through Spark Connect at
    ``spark_remote``, e.g. "sc://host:15002"; default "local[*]") or "pandas" (the reference).

    Raises InputError for an unknown name, or for spark when PySpark or Java is missing (saying
    what to install).
    """
    if name == "duckdb":
        from pacesetter.engine.duckdb import DuckDBEngine

        return DuckDBEngine(con)
    if name == "pandas":
        from pacesetter.engine.pandas_ref import PandasEngine

        return PandasEngine(con)
    if name == "spark":
        from pacesetter.engine.spark import SparkEngine

        return SparkEngine(master=spark_master, remote=spark_remote, con=con)
    raise InputError.said("engine.errors.unknown_engine", name=name, known=", ".join(ENGINES))


@dataclass(frozen=True)
class EngineChoice:
    """Which engine to run and where (from the command line, settings or environment)."""

    name: str = "duckdb"
    spark_master: str | None = None
    spark_remote: str | None = None

    def engine(self, con: duckdb.DuckDBPyConnection | None = None) -> Engine:
        """The engine chosen (see :func:`get_engine`)."""
        return get_engine(self.name, spark_master=self.spark_master, spark_remote=self.spark_remote, con=con)
