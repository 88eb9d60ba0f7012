"""Spark through the command line: local[2], a standalone cluster, Spark Connect, and its absence.

Done when (issue 17): ``chains diagnose ic --registry reg.parquet --engine spark`` prints what
``--engine duckdb`` prints. In-process tests share the run's one local[2] session (the session
fixture); the cluster and Connect tests need a Spark driver of their own, so they run the
command in a subprocess, and leave no process behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pacesetter.cli.main import app
from pacesetter.engine import Engine
from pacesetter.engine.synthetic import default_cities, generate_registry

from .conftest import SPARK, class_codes

pytestmark = SPARK
ARGS = ("chains", "diagnose", "ic", "--region", "370200")


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """5,000 SYNTHETIC enterprises, Qingdao among the cities."""
    return generate_registry(tmp_path_factory.mktemp("spark") / "reg.parquet", default_cities(),
                             class_codes(), n_enterprises=5_000, seed=3)


def _invoke(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), "--lang", "en", *args], env={"COLUMNS": "2000"})
    assert result.exit_code == 0, result.output
    return result.output


def _run(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``pacesetter --db db --lang en args`` in a fresh Python process."""
    return subprocess.run([sys.executable, "-c", "from pacesetter.cli.main import main; main()",
                           "--db", str(db), "--lang", "en", *args],
                          capture_output=True, text=True, timeout=600, check=False,
                          env={**os.environ, "COLUMNS": "2000", "PYSPARK_PYTHON": sys.executable,
                               "SPARK_LOCAL_IP": "127.0.0.1", **(env or {})})


def test_spark_local_prints_the_diagnosis_duckdb_prints(spark_engine: Engine, demo_db: Path, registry: Path):
    duck = _invoke(demo_db, *ARGS, "--registry", str(registry), "--engine", "duckdb")
    spark = _invoke(demo_db, *ARGS, "--registry", str(registry), "--engine", "spark",
                    "--spark-master", "local[2]")
    assert spark == duck
    assert "Integrated circuits" in duck and "SYNTHETIC" in duck


def test_the_engine_comes_from_the_environment(spark_engine: Engine, demo_db: Path, registry: Path):
    """PACESETTER_ENGINE / PACESETTER_SPARK_MASTER choose Spark when the options do not."""
    duck = _invoke(demo_db, *ARGS, "--registry", str(registry))
    env = {"COLUMNS": "2000", "PACESETTER_ENGINE": "spark", "PACESETTER_SPARK_MASTER": "local[2]"}
    args = ["--db", str(demo_db), "--lang", "en", *ARGS, "--registry", str(registry)]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0 and result.output == duck
    from pacesetter.engine.spark import _SESSIONS

    assert ("local[2]", None) in _SESSIONS  # it was Spark that answered


def test_a_standalone_cluster_gives_duckdbs_diagnosis_and_leaves_nothing(demo_db: Path, registry: Path,
                                                                        tmp_path: Path):
    from .daemons import Daemons

    daemons = Daemons(tmp_path)
    try:
        url = daemons.cluster(workers=2)
        spark = _run(demo_db, *ARGS, "--registry", str(registry), "--engine", "spark", "--spark-master", url)
    finally:
        left = daemons.stop()
    assert spark.returncode == 0, spark.stderr[-3000:]
    duck = _invoke(demo_db, *ARGS, "--registry", str(registry), "--engine", "duckdb")
    assert spark.stdout == duck and "Integrated circuits" in duck
    # the driver logs errors only (engine/log4j2.properties): no Spark notice under the output; the
    # one line left is the JVM's own, about the module Spark adds to it
    assert [line for line in spark.stderr.splitlines() if "jdk.incubator" not in line] == []
    executors = list((tmp_path / "work").glob("app-*/*"))
    assert executors, "no executor ran on the workers"
    assert left == []


def test_spark_connect_gives_duckdbs_diagnosis(demo_db: Path, registry: Path, tmp_path: Path):
    from .daemons import Daemons

    daemons = Daemons(tmp_path)
    try:
        remote = daemons.connect_server()
        spark = _run(demo_db, *ARGS, "--registry", str(registry), "--engine", "spark",
                     "--spark-remote", remote)
    finally:
        left = daemons.stop()
    assert spark.returncode == 0, spark.stderr[-3000:]
    assert spark.stdout == _invoke(demo_db, *ARGS, "--registry", str(registry))
    assert left == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_pyspark_the_spark_engine_says_what_to_install(demo_db: Path, registry: Path, lang: str):
    """PySpark made unimportable in a fresh process (as if not installed): no traceback, the words."""
    code = ("import sys; sys.modules['pyspark'] = None\n"
            "from pacesetter.cli.main import main; main()")
    done = subprocess.run([sys.executable, "-c", code, "--db", str(demo_db), "--lang", lang, *ARGS,
                           "--registry", str(registry), "--engine", "spark"],
                          capture_output=True, text=True, timeout=120, check=False)
    said = done.stdout + done.stderr
    assert done.returncode == 2 and "Traceback" not in said
    assert "pip install 'pacesetter[spark]'" in said and "openjdk-17-jre-headless" in said
    assert ("尚未安装" in said) == (lang == "zh")
