"""Where a registry comes from: a Parquet path or URI, a table of the store, or a frame."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from pacesetter.engine.base import RegistrySource
from pacesetter.engine.registry_file import check_registry, codes_may_carry_letters
from pacesetter.errors import InputError

REGISTRY_COLUMNS = ["enterprise_id", "region_code", "industry_code", "revenue", "employment"]
_URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclass(frozen=True)
class Source:
    """A registry source resolved: exactly one of ``path`` (file or URI), ``table``, ``frame``.

    ``lettered``: whether its industry codes may carry a section letter (known only for a local file).
    """

    path: str | None = None
    table: str | None = None
    frame: pd.DataFrame | None = None
    lettered: bool = True


def is_uri(source: str | Path) -> bool:
    """Whether a registry is given as a URI other than file:// (hdfs://, s3://, …)."""
    return bool(_URI.match(str(source))) and not str(source).startswith("file://")


def resolve(source: RegistrySource) -> Source:
    """The source, checked where it can be: a local file must be an enterprise registry.

    URIs (hdfs://, s3://, …) are passed on unchanged (only the engine reading them can check);
    ``file://`` URIs are local files. "store:<table>" names a table of the store.
    """
    if isinstance(source, pd.DataFrame):
        missing = [c for c in REGISTRY_COLUMNS[1:] if c not in source.columns]
        if missing:
            raise InputError.said("engine.errors.frame_columns", missing=", ".join(missing))
        return Source(frame=source)
    text = str(source)
    if text.startswith("store:"):
        table = text.removeprefix("store:")
        if not table.isidentifier():
            raise InputError.said("engine.errors.store_table", table=table)
        return Source(table=table)
    if text.startswith("file://"):
        text = text.removeprefix("file://")
    elif _URI.match(text):
        return Source(path=text)
    path = Path(text)
    if not path.is_file():
        check_registry(path)  # the error that names the file
    stat = path.stat()
    return _local_file(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _local_file(path: str, mtime_ns: int, size: int) -> Source:
    """A local registry file checked once per version (several calls read the same file)."""
    check_registry(path)
    return Source(path=path, lettered=codes_may_carry_letters(path))


def store_relation(table: str) -> str:
    """The SQL relation of a store table as registry rows.

    ``enterprises`` keeps no revenue or employment per enterprise: both are unknown (NULL),
    never 0. Any other table or view must hold the registry columns itself.
    """
    if table == "enterprises":
        return ("(SELECT id AS enterprise_id, region_code, industry_code, "
                "CAST(NULL AS DOUBLE) AS revenue, CAST(NULL AS DOUBLE) AS employment FROM enterprises)")
    return table


def load_frame(src: Source, con: duckdb.DuckDBPyConnection | None) -> pd.DataFrame:
    """The registry columns of a source as one pandas frame (for the pandas reference, and for
    Spark reading a store table, which is small); enterprise_id only where the source has it."""
    if src.frame is not None:
        return src.frame[[c for c in REGISTRY_COLUMNS if c in src.frame.columns]]
    if src.table is not None:
        if con is None:
            raise InputError.said("engine.errors.store_needs_connection", table=src.table)
        rows: pd.DataFrame = con.cursor().execute(
            f"SELECT {', '.join(REGISTRY_COLUMNS)} FROM {store_relation(src.table)}").df()
        return rows
    assert src.path is not None
    names = set(pq.read_schema(src.path).names)
    columns = [c for c in REGISTRY_COLUMNS if c in names]
    table: pd.DataFrame = pq.read_table(src.path, columns=columns).to_pandas()
    return table
