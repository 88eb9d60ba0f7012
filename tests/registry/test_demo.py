"""The registry on the embedded Qingdao dataset: listed, checked, advanced, exported and re-imported."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pacesetter.errors import InputError
from pacesetter.registry import audit
from pacesetter.registry.coverage import compute_coverage
from pacesetter.registry.excel import import_projects, write_projects
from pacesetter.registry.lifecycle import check_project
from pacesetter.registry.projects import advance_project, filter_projects
from pacesetter.registry.repository import Repository
from pacesetter.registry.rollups import compute_funnel, compute_investment_vs_gaps
from pacesetter.store import connect
from pacesetter.testing import store_fingerprint

if importlib.util.find_spec("pacesetter.data.demo") is None:
    pytest.skip("pacesetter.data.demo (the embedded dataset) is not built yet", allow_module_level=True)

PUBLISHED = Path(str(resources.files("pacesetter.data") / "chains" / "projects.csv"))  # shipped copy
TODAY = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def demo(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """The demo database (the registry's seed has run on it), a private copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    shutil.copyfile(demo_db_template, path)
    return connect(path)


def _by_name(repo: Repository, name: str) -> dict[str, object]:
    df = repo.frame("projects")
    hit = df[df["name_zh"] == name]
    assert len(hit) == 1, f"{name} is not in the demo data"
    return {str(k): v for k, v in hit.iloc[0].to_dict().items()}


def test_named_projects_keep_sources_and_pass_the_lifecycle_rules(demo: duckdb.DuckDBPyConnection) -> None:
    repo = Repository(demo, "tester")
    projects = repo.frame("projects")
    if PUBLISHED.exists():
        named = pd.read_csv(PUBLISHED)["name_zh"]
        named = set(named[~named.str.contains("汇总")])
        assert named <= set(projects["name_zh"])
    assert projects["source"].fillna("").str.len().gt(0).all()
    problems = {p["id"]: check_project(p, TODAY) for p in projects.to_dict("records")}
    assert {k: v for k, v in problems.items() if v} == {}
    assert int(compute_funnel(projects).iloc[0]["reached"]) == len(projects)
    assert len(filter_projects(projects, chain="vr", stage="开工")) >= 1


def test_seed_links_parks_and_funds_with_an_audit_trail(demo: duckdb.DuckDBPyConnection) -> None:
    repo = Repository(demo, "tester")
    goertek = _by_name(repo, "歌尔虚拟现实整机二期项目")
    park = repo.get("parks", str(goertek["park_id"]))
    assert park["name_zh"] == "青岛市虚拟现实产业园"
    log = audit.history(demo, table="projects", record_id=str(goertek["id"]))
    assert log.iloc[0]["actor"] == "demo-seed" and "authored" in log.iloc[0]["note"]
    policies = repo.frame("policies")
    fund = policies[policies["name_zh"] == "虚拟现实种子基金"].iloc[0]
    assert fund["amount_yi"] == 25.0 and "fund" in list(fund["instruments"])
    chains = demo.execute("SELECT id, name_zh FROM chains").df()
    matrix = compute_coverage(chains, policies).set_index("chain_id")
    assert matrix.loc["vr", "fund"] >= 1


def test_advance_export_and_reimport(demo: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    repo = Repository(demo, "tester")
    goertek = _by_name(repo, "歌尔虚拟现实整机二期项目")  # 开工 2026-01-08 as published
    pid = str(goertek["id"])
    with pytest.raises(InputError, match="before the project became started"):
        advance_project(repo, pid, "投产", dt.date(2024, 5, 1), today=TODAY)
    after = advance_project(repo, pid, "投产", dt.date(2026, 5, 1), today=TODAY)
    assert after["actual_started"] == dt.date(2026, 1, 8)  # the published date is kept
    path = tmp_path / "台账.xlsx"
    write_projects(repo.frame("projects"), path)
    before = store_fingerprint(demo)
    summary = import_projects(repo, path, today=TODAY)
    assert summary.created == [] and summary.updated == []
    assert store_fingerprint(demo) == before


def test_investment_against_the_chain_diagnostics(demo: duckdb.DuckDBPyConnection) -> None:
    from pacesetter.chains.diagnostics import load_thresholds
    from pacesetter.chains.service import diagnose_store
    from pacesetter.chains.taxonomy import load_taxonomy

    diag = diagnose_store(demo, load_taxonomy(), "370200", load_thresholds())
    projects = Repository(demo, "tester").frame("projects")
    out = compute_investment_vs_gaps(projects, diag.chains, diag.segments).set_index("chain_id")
    assert out.loc["vr", "projects"] == len(filter_projects(projects, chain="vr"))
    assert out.loc["vr", "missing"] + out.loc["vr", "weak"] > 0  # the authored taxonomy has VR gaps
