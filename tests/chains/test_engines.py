"""Chain diagnoses from a registry through the engines agree; the synthetic registry is seeded and labelled.

(The engines' own conformance suite is tests/engine/; these tests hold the chain layer's use of it.)"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pacesetter.chains.diagnostics import compute_chain_diagnostics, compute_segment_diagnostics
from pacesetter.chains.service import diagnose_registry, registry_aggregates
from pacesetter.chains.taxonomy import load_industry_codes, load_taxonomy
from pacesetter.engine import Engine
from pacesetter.engine.duckdb import DuckDBEngine
from pacesetter.engine.pandas_ref import PandasEngine, check_same
from pacesetter.engine.synthetic import SYNTHETIC_LABEL, default_cities, generate_registry
from pacesetter.errors import InputError

from .conftest import CODES

BENCH = Path(__file__).parents[2] / "benchmarks" / "chains_bench.py"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    codes4 = [c for c in load_industry_codes() if len(c) == 4 and c.isdigit()]
    return generate_registry(tmp_path_factory.mktemp("reg") / "r.parquet", default_cities(), codes4,
                             n_enterprises=20_000, seed=7)


def test_default_cities_are_the_337_prefecture_level_units():
    cities = default_cities()
    assert len(cities) == 337 and "370200" in cities and "330200" in cities and len(set(cities)) == 337


def test_generator_is_seeded_and_labelled_synthetic(synthetic, tmp_path):
    table = pq.read_table(synthetic)
    assert table.num_rows == 20_000
    assert table.schema.metadata[b"pacesetter"].decode() == SYNTHETIC_LABEL
    assert table.column("synthetic").to_pandas().all()
    frame = table.to_pandas()
    assert 0.10 < frame["revenue"].isna().mean() < 0.20  # 15 % unknown revenue, left null
    assert frame["revenue"].min() > 0
    again = generate_registry(tmp_path / "again.parquet", default_cities(),
                              [c for c in load_industry_codes() if len(c) == 4 and c.isdigit()],
                              n_enterprises=20_000, seed=7)
    digest = [hashlib.sha256(pq.read_table(p).to_pandas().to_csv().encode()).hexdigest()
              for p in (synthetic, again)]
    assert digest[0] == digest[1]


def _diagnose(engine: Engine, path, taxonomy, codes, regions, thresholds):
    agg = registry_aggregates(engine, path, taxonomy)
    seg = compute_segment_diagnostics(agg, taxonomy, regions, thresholds)
    return seg, compute_chain_diagnostics(seg, taxonomy, thresholds)


def test_engines_agree_on_the_hand_built_registry(registry, toy, thresholds):
    regions = ["370200", "330200"]
    a = _diagnose(DuckDBEngine(), registry, toy, CODES, regions, thresholds)
    b = _diagnose(PandasEngine(), registry, toy, CODES, regions, thresholds)
    for x, y in zip(a, b, strict=True):
        pd.testing.assert_frame_equal(x, y, check_dtype=False, rtol=1e-12)  # small: the strict check


def test_enterprises_without_a_city_are_left_out_by_both_engines(registry, toy, thresholds, tmp_path):
    """The hand-built registry plus a firm coded 3973 with no city: every figure stays as before."""
    frame = pq.read_table(registry).to_pandas()
    extra = pd.DataFrame({"enterprise_id": [99], "region_code": [None], "industry_code": ["3973"],
                          "revenue": [1000.0], "employment": [50]})
    path = tmp_path / "with_nulls.parquet"
    pd.concat([frame, extra], ignore_index=True).to_parquet(path)
    regions = ["370200", "330200"]
    before = _diagnose(DuckDBEngine(), registry, toy, CODES, regions, thresholds)
    for engine in (DuckDBEngine(), PandasEngine()):
        after = _diagnose(engine, path, toy, CODES, regions, thresholds)
        for x, y in zip(before, after, strict=True):
            pd.testing.assert_frame_equal(x, y, check_dtype=False, check_categorical=False, rtol=1e-12)


def test_engines_agree_on_every_city_of_a_synthetic_registry(synthetic, thresholds):
    taxonomy, codes, cities = load_taxonomy(), list(load_industry_codes()), default_cities()
    seg, chains = _diagnose(DuckDBEngine(), synthetic, taxonomy, codes, cities, thresholds)
    ref_seg, ref_chains = _diagnose(PandasEngine(), synthetic, taxonomy, codes, cities, thresholds)
    assert check_same(seg, ref_seg) == [] and check_same(chains, ref_chains) == []
    assert len(seg) == 337 * 275 and set(seg["status"]) == {"missing", "weak", "present", "strong"}


def test_check_same_sees_differences(registry, toy, thresholds):
    seg, _ = _diagnose(DuckDBEngine(), registry, toy, CODES, ["370200"], thresholds)
    other = seg.copy()
    other.loc[0, "revenue"] = other.loc[0, "revenue"] * (1 + 1e-6)
    other.loc[1, "status"] = "strong"
    assert check_same(seg, seg) == [] and check_same(seg, other) == ["revenue", "status"]


def test_benchmark_script_runs_at_tiny_scale():
    done = subprocess.run([sys.executable, str(BENCH), "--n", "20000", "--repeat", "1"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "results identical" in done.stdout and "ratio end to end" in done.stdout
    assert "pandas plain" in done.stdout and "pandas categorical" in done.stdout  # both baselines, named
    assert "SYNTHETIC" in done.stdout


@pytest.mark.parametrize("engine", [DuckDBEngine, PandasEngine])
def test_a_file_that_is_not_a_registry_is_a_clear_error(engine, toy, tmp_path):
    missing = tmp_path / "none.parquet"
    with pytest.raises(InputError, match=r"none\.parquet: no such registry file"):
        registry_aggregates(engine(), missing, toy)
    garbage = tmp_path / "garbage.parquet"
    garbage.write_text("region_code,industry_code\n370200,3973\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"garbage\.parquet: not a Parquet file"):
        registry_aggregates(engine(), garbage, toy)
    wrong = tmp_path / "wrong.parquet"
    pd.DataFrame({"region_code": ["370200"], "industry_code": [3973], "revenue": ["many"]}).to_parquet(wrong)
    with pytest.raises(InputError) as info:
        registry_aggregates(engine(), wrong, toy)
    assert str(info.value) == (
        f"{wrong}: not an enterprise registry: "
        "column industry_code: [wrong_type] must be text (GB/T 4754-2017 code), found int64; "
        "column revenue: [wrong_type] must be a number (万元) or empty, found large_string; "
        "column employment: [missing_column] required, must be a number (persons) or empty")


def test_a_region_the_registry_does_not_cover_is_a_clear_error(registry, toy, thresholds):
    with pytest.raises(InputError, match=r"no enterprise with an industry code in region 440300 "
                                         r"\(the registry covers 2 regions, e\.g\. 330200, 370200\)"):
        diagnose_registry(DuckDBEngine(), registry, toy, "440300", thresholds)


def test_engines_benchmark_runs_at_tiny_scale():
    bench = BENCH.with_name("engines_bench.py")
    args = ["--sizes", "20000", "--repeat", "1", "--engines", "duckdb,pandas"]
    done = subprocess.run([sys.executable, str(bench), *args], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "results identical to DuckDB's" in done.stdout and "SYNTHETIC" in done.stdout
    assert "20,000 pandas" in done.stdout
