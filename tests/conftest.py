"""Fixtures every test package shares: the demo database, built once per test run and copied."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pacesetter.testing import demo_template


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database of this test run (never write to it: copy it, as ``demo_db`` does)."""
    base = tmp_path_factory.getbasetemp()
    # under xdist every worker has its own basetemp inside the run's folder: share that folder
    run = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    return demo_template(run / "shared-demo")


@pytest.fixture
def demo_db(demo_db_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database (pacesetter.demo) in the test's tmp_path."""
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db_template, path)
    return path


@pytest.fixture(scope="module")
def module_demo_db(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the demo database for a module whose commands only read (or whose tests do
    not see each other's writes)."""
    path = tmp_path_factory.mktemp("module") / "demo.duckdb"
    shutil.copyfile(demo_db_template, path)
    return path
