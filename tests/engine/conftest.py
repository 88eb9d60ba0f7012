"""A hand-built registry with known answers, and every engine to run on it.

Spark runs in ONE local[2] session per test run (session fixture), on one xdist worker
(``xdist_group("spark")``, with ``--dist loadgroup``). Without PySpark or Java the Spark tests
skip with the reason, or fail when PACESETTER_REQUIRE_SPARK=1 (as ``make test`` sets it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pacesetter.engine import Engine, get_engine
from pacesetter.errors import InputError

SPARK = [pytest.mark.spark, pytest.mark.xdist_group("spark")]
ENGINES = [pytest.param("duckdb"), pytest.param("pandas"), pytest.param("spark", marks=SPARK)]

# Qingdao 370200, Jinan 370100 (province Shandong 370000), Ningbo 330200 (Zhejiang 330000).
ROWS = [  # enterprise_id, region_code, industry_code, revenue (万元), employment
    (1, "370200", "3973", 100.0, 10),
    (2, "370200", "3973", 300.0, 30),
    (3, "370200", "3961", None, None),
    (4, "370200", "3961", 50.0, None),
    (5, "370100", "6513", None, 5),
    (6, "370100", "C3974", 20.0, 2),  # with its section letter
    (7, "330200", "3973", 10.0, 1),
    (8, "330200", "1513", 20.0, 2),
    (9, None, "3973", 1000.0, 50),  # no city: left out
    (10, "330200", None, 500.0, 5),  # no code: left out
    (11, "330200", "tushare:软件服务", 7.0, 1),  # a registry label, not GB/T
    (12, "370200", "39", 40.0, 4),  # a division only
]
GROUPS = pd.DataFrame({
    "code_prefix": ["3973", "397", "3961", "39", "6513", "7320", ""],
    "group": ["chips", "chips", "headsets", "electronics", "software", "research", "all"],
})


def registry_frame() -> pd.DataFrame:
    """The hand-built registry as a frame (employment as nullable integers, as files hold it)."""
    frame = pd.DataFrame(ROWS, columns=["enterprise_id", "region_code", "industry_code", "revenue",
                                        "employment"])
    return frame.astype({"employment": "Int64"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put the ``xdist_group`` on the node ids under ``--dist loadgroup``, as pytest-xdist means to.

    xdist 3.8 writes the group into ``item._nodeid``, which pytest 9 no longer reads (a node id is
    ``item._id`` now), so without this every Spark test could land on either worker and start a
    second JVM.
    """
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import NodeId

    for item in items:
        mark = item.get_closest_marker("xdist_group")
        if mark is not None and "@" not in item.nodeid:
            item._id = NodeId.parse(f"{item.nodeid}@{mark.args[0]}")  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def registry_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("engine") / "registry.parquet"
    pq.write_table(pa.Table.from_pandas(registry_frame(), preserve_index=False), path)
    return path


@pytest.fixture(scope="session")
def spark_engine() -> Iterator[Engine]:
    """The run's one Spark session (local[2]), stopped at the end of the run."""
    from pacesetter.engine.spark import SparkEngine, stop_sessions

    try:
        engine = SparkEngine(master="local[2]")
    except InputError as exc:
        why = f"Spark unavailable: {exc.text('en')}"
        if os.environ.get("PACESETTER_REQUIRE_SPARK"):
            pytest.fail(why)
        pytest.skip(why)
    yield engine
    stop_sessions()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Engine:
    if request.param == "spark":
        return request.getfixturevalue("spark_engine")
    return get_engine(request.param)


@pytest.fixture(scope="session")
def synthetic_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20,000 SYNTHETIC enterprises over the 337 cities (seeded)."""
    from pacesetter.engine.synthetic import default_cities, generate_registry

    return generate_registry(tmp_path_factory.mktemp("synthetic") / "r.parquet", default_cities(),
                             class_codes(), n_enterprises=20_000, seed=11)


def class_codes() -> list[str]:
    """The GB/T 4754-2017 classes (4 digits) shipped with the data."""
    import csv
    from importlib import resources

    path = resources.files("pacesetter.data").joinpath("external", "gbt4754_2017", "gbt4754_2017.csv")
    with path.open(encoding="utf-8") as fh:
        return [row["code"] for row in csv.DictReader(fh) if len(row["code"]) == 4]
