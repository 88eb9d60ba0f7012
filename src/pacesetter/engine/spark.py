"""The Spark engine: DuckDB's query as PySpark DataFrame operations.

The enterprises are joined onto the small code mapping of ``engine.codes`` (broadcast to every
executor) and summed per region × group where the data lives: the executors of ``local[*]``, a
standalone cluster ``spark://…``, YARN, or a cluster reached through Spark Connect ``sc://…``.
Only the sums come back, through Arrow. Registry URIs (hdfs://, s3a://, …) are handed to Spark
unchanged.

One Spark session per process and master: a classic PySpark process holds one SparkContext, so
asking for another master stops the previous session first.
"""

from __future__ import annotations

import os
import shutil
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from pacesetter.engine import codes as gbt
from pacesetter.engine.base import (
    Level,
    Measure,
    RegionLevel,
    RegistrySource,
    finish_counts,
    finish_groups,
    finish_matrix,
)
from pacesetter.engine.sources import Source, load_frame, resolve
from pacesetter.errors import InputError

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

_SESSIONS: dict[tuple[str | None, str | None], SparkSession] = {}
# a local session: few shuffle partitions (the aggregates are small), no web UI, quiet console
_LOCAL_CONF = {"spark.sql.shuffle.partitions": "8", "spark.ui.enabled": "false",
               "spark.ui.showConsoleProgress": "false", "spark.sql.execution.arrow.pyspark.enabled": "true",
               "spark.sql.session.timeZone": "UTC"}


def java_home() -> str | None:
    """Where Java is (JAVA_HOME, else the ``java`` on PATH), or None."""
    home = os.environ.get("JAVA_HOME")
    if home and Path(home, "bin", "java").is_file():
        return home
    found = shutil.which("java")
    return str(Path(found).resolve().parents[1]) if found else None


def spark_session(master: str | None = None, remote: str | None = None) -> SparkSession:
    """The process's Spark session on ``master`` (default "local[*]") or at Spark Connect ``remote``.

    Raises InputError saying what to install when PySpark or (for a classic session) Java is missing.
    """
    if master and remote:
        raise InputError.said("engine.errors.spark_master_and_remote")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise InputError.said("engine.errors.spark_missing") from None
    key = (None if remote else master or "local[*]", remote)
    if key in _SESSIONS:
        return _SESSIONS[key]
    if remote:
        builder = SparkSession.builder.remote(remote)
    else:
        if java_home() is None:
            raise InputError.said("engine.errors.java_missing")
        stop_sessions()  # one SparkContext per process
        builder = SparkSession.builder.master(key[0] or "local[*]")
        for name, value in _LOCAL_CONF.items():
            builder = builder.config(name, value)
        # the driver logs errors only (set before its JVM starts), unless PYSPARK_SUBMIT_ARGS gives
        # the driver's options itself
        if not os.environ.get("PYSPARK_SUBMIT_ARGS"):
            log4j = Path(__file__).with_name("log4j2.properties")
            builder = builder.config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={log4j}")
    if (key[0] or "").startswith("local"):  # all in this process: no need to look up the host name
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress",
                                                                          "127.0.0.1")
    with _quiet():
        session = builder.appName("pacesetter").getOrCreate()
    if not remote:
        session.sparkContext.setLogLevel("ERROR")
    _SESSIONS[key] = session
    return session


def stop_sessions() -> None:
    """Stop every Spark session this process started (the JVM and its executors go with it)."""
    while _SESSIONS:
        _, session = _SESSIONS.popitem()
        session.stop()


class SparkEngine:
    """Registry aggregates with Spark; ``con`` is the store, for "store:" sources (read through
    pandas: a store table is small)."""

    name = "spark"

    def __init__(self, master: str | None = None, remote: str | None = None,
                 con: duckdb.DuckDBPyConnection | None = None) -> None:
        self.spark = spark_session(master, remote)
        self.con = con

    def group_aggregates(
        self, source: RegistrySource, groups: pd.DataFrame, *,
        regions: Sequence[str] | None = None, region_level: RegionLevel = "city",
        default_region: str | None = None,
    ) -> pd.DataFrame:
        """Per region × group sums (see ``Engine.group_aggregates``)."""
        from pyspark.sql import functions as F

        members = gbt.is_membership(groups)
        reg, region = self._registry(resolve(source), regions, region_level, default_region,
                                     coded=not members)
        if members:
            mapping = self._small(gbt.member_mapping(groups), "enterprise_id string, group_idx int")
            on = reg["enterprise_id"].cast("string") == mapping["enterprise_id"]
        else:
            mapping = self._small(gbt.group_mapping(groups), "code string, group_idx int")
            on = reg["industry_code"] == mapping["code"]
        revenue, employment = F.col("revenue").cast("double"), F.col("employment").cast("double")
        got = (reg.join(F.broadcast(mapping), on)
               .groupBy(region.alias("region_code"), "group_idx").agg(
                   F.count(F.lit(1)).alias("n_enterprises"), F.sum(revenue).alias("revenue"),
                   F.sum(employment).alias("employment"), F.count(revenue).alias("n_revenue_known"),
                   F.count(employment).alias("n_employment_known"),
                   F.sum(revenue * revenue).alias("revenue_sq"), F.max(revenue).alias("revenue_max")))
        return finish_groups(_to_pandas(got), gbt.group_names(groups))

    def region_industry_matrix(
        self, source: RegistrySource, *, level: Level = "division", measure: Measure = "count",
        regions: Sequence[str] | None = None, region_level: RegionLevel = "city",
    ) -> pd.DataFrame:
        """Regions × industries at ``level`` (see ``Engine.region_industry_matrix``)."""
        from pyspark.sql import functions as F

        reg, region = self._registry(resolve(source), regions, region_level, None)
        if level == "as_is":
            reg = reg.withColumn("industry", F.col("industry_code"))
        else:
            mapping = self._small(gbt.level_mapping(level), "code string, industry string")
            reg = reg.join(F.broadcast(mapping), reg["industry_code"] == mapping["code"])
        value = F.lit(1.0) if measure == "count" else F.col(measure).cast("double")
        got = reg.groupBy(region.alias("region_code"), "industry").agg(
            F.count(F.lit(1)).alias("n"), F.sum(value).alias("total"), F.count(value).alias("known"))
        return finish_matrix(_to_pandas(got), measure, regions)

    def region_counts(self, source: RegistrySource, *, regions: Sequence[str] | None = None,
                      region_level: RegionLevel = "city") -> pd.Series:
        """Enterprises with an industry code per region (see ``Engine.region_counts``)."""
        reg, region = self._registry(resolve(source), regions, region_level, None)
        got = _to_pandas(reg.groupBy(region.alias("region_code")).count())
        return finish_counts(got["region_code"], got["count"])

    def _registry(self, src: Source, regions: Sequence[str] | None, region_level: RegionLevel,
                  default_region: str | None, *, coded: bool = True) -> tuple[DataFrame, Column]:
        """The enterprises with a region (``default_region`` where none) and, if ``coded``, a code
        (limited to ``regions``), and the region expression at ``region_level``."""
        from pyspark.sql import functions as F

        region: Column = F.col("region_code").cast("string")
        if default_region is not None:
            region = F.coalesce(region, F.lit(default_region))
        reg = self._read(src).where(region.isNotNull())
        if coded:
            reg = reg.where(F.col("industry_code").isNotNull())
        if region_level == "province":
            region = F.concat(F.substring(region, 1, 2), F.lit("0000"))
        if regions is not None:
            reg = reg.where(region.isin(list(regions)))
        return reg, region

    def _read(self, src: Source) -> DataFrame:
        """The registry as a Spark DataFrame: Parquet read by Spark, a frame or store table sent."""
        if src.path is not None:
            read: DataFrame = _spark_call(self.spark.read.parquet, src.path)
            return read
        frame = load_frame(src, self.con)
        def text(col: str) -> pd.Series:  # str or None, as Spark's string takes it
            return frame[col].astype("string").astype(object).where(frame[col].notna(), None)

        rows = pd.DataFrame({
            "enterprise_id": text("enterprise_id") if "enterprise_id" in frame.columns else None,
            "region_code": text("region_code"), "industry_code": text("industry_code"),
            "revenue": pd.to_numeric(frame["revenue"]).astype("float64"),
            "employment": pd.to_numeric(frame["employment"]).astype("float64")})
        return self._small(rows, "enterprise_id string, region_code string, industry_code string, "
                                 "revenue double, employment double")

    def _small(self, frame: pd.DataFrame, schema: str) -> DataFrame:
        """A pandas frame sent to Spark with an explicit schema (no inference from empty columns)."""
        with _quiet():
            sent: DataFrame = self.spark.createDataFrame(frame, schema=schema)
        return sent


def _to_pandas(frame: DataFrame) -> pd.DataFrame:
    """A (small) Spark result as pandas, through Arrow."""
    with _quiet():
        got: pd.DataFrame = _spark_call(frame.toPandas)
    return got


def _spark_call(fn: Any, *args: Any) -> Any:
    """``fn(*args)``, a Spark failure (a missing path, a lost cluster) as an InputError naming it."""
    from pyspark.errors import PySparkException

    try:
        return fn(*args)
    except PySparkException as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError.said("engine.errors.spark_failed", detail=detail) from exc


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence the two warnings PySpark 4.3 gives with pandas 3.1, and only those: its notice that
    pandas 3 is not yet fully supported, and pandas' deprecation of ``astype(copy=False)`` inside
    PySpark's Arrow conversion (the results are checked against DuckDB's by the conformance suite).
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
        warnings.filterwarnings("ignore", "The copy keyword is deprecated", DeprecationWarning,
                                module=r"pyspark\.")
        yield
