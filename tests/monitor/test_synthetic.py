"""The seeded synthetic sample regions: labelled, reproducible, conventional, never real."""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from pacesetter.model.periods import Period
from pacesetter.monitor.synthetic import SOURCE, generate_sample, seed_demo


def test_same_seed_same_rows_and_another_seed_differs() -> None:
    assert generate_sample().observations == generate_sample().observations
    assert generate_sample(1).observations != generate_sample().observations


def test_every_row_is_labelled_synthetic_and_no_real_name() -> None:
    data = generate_sample()
    for region in data.regions:
        assert region["synthetic"] is True
        assert str(region["code"]).startswith("99")  # no GB/T 2260 province uses 99
        assert "合成" in str(region["name_zh"]) and "synthetic" in str(region["name_en"])
        assert "青岛" not in str(region["name_zh"]) and "Qingdao" not in str(region["name_en"])
    assert all(o["synthetic"] is True and o["source"] == SOURCE for o in data.observations)
    assert {o["region_code"] for o in data.observations} == {"990100", "990200"}
    assert all(t["source"] == SOURCE for t in data.targets)


def test_growth_follows_the_release_conventions() -> None:
    data = generate_sample()
    periods = [Period.parse(str(o["period"])) for o in data.observations
               if o["indicator_id"] == "above_size_industry_va_growth_month"]
    assert periods and all(p.kind == "month" and p.end_month >= 3 for p in periods)  # 1-2月 combined
    ytd = [Period.parse(str(o["period"])) for o in data.observations
           if o["indicator_id"] == "above_size_industry_va_growth"]
    assert all(p.kind == "ytd" for p in ytd) and Period.ytd(2023, 2) in ytd
    assert all(round(float(o["value"]), 1) == o["value"] for o in data.observations if o["unit"] == "%")


def test_seed_is_idempotent(make_store: Callable[..., duckdb.DuckDBPyConnection]) -> None:
    con = make_store([])
    first = seed_demo(con)
    second = seed_demo(con)
    assert first["observations (synthetic)"] == second["observations (synthetic)"] == len(
        generate_sample().observations)
    n = con.execute("SELECT count(*) FROM observations WHERE region_code LIKE '99%'").fetchone()
    assert n == (len(generate_sample().observations),)
    assert con.execute("SELECT bool_and(synthetic) FROM regions WHERE code LIKE '99%'").fetchone() == (True,)
