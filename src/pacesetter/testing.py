"""Builders for tests (ours and plugin authors'): small stores with known content."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from pacesetter.store import connect
from pacesetter.store.imports import insert_records

REGIONS = [
    {"code": "370200", "name_zh": "青岛市", "name_en": "Qingdao", "level": "city", "parent": "370000"},
    {"code": "330200", "name_zh": "宁波市", "name_en": "Ningbo", "level": "city", "parent": "330000"},
    {"code": "370212", "name_zh": "崂山区", "name_en": "Laoshan District", "level": "county",
     "parent": "370200"},
]
INDICATORS = [
    {"id": "gdp", "name_zh": "地区生产总值", "name_en": "Regional GDP", "unit": "亿元",
     "frequency": "year", "kind": "level", "polarity": "higher"},
    {"id": "above_size_industry_va_growth", "name_zh": "规模以上工业增加值增速",
     "name_en": "Growth of value added of industry above designated size", "unit": "%",
     "frequency": "month", "kind": "growth", "polarity": "higher"},
    {"id": "industrial_va_share_gdp", "name_zh": "工业增加值占地区生产总值比重",
     "name_en": "Industrial value added share of GDP", "unit": "%", "frequency": "year",
     "kind": "share", "polarity": "higher"},
    {"id": "high_tech_enterprises", "name_zh": "国家高新技术企业数",
     "name_en": "National high-tech enterprises", "unit": "家", "frequency": "year",
     "kind": "count", "polarity": "higher"},
    {"id": "advanced_mfg_top100_rank", "name_zh": "全国先进制造业百强市排名",
     "name_en": "Rank among national top-100 advanced manufacturing cities", "unit": "位",
     "frequency": "year", "kind": "rank", "polarity": "lower"},
]


def make_store(path: Path | str) -> duckdb.DuckDBPyConnection:
    """A migrated store holding Qingdao, Ningbo, Laoshan and five indicators, no observations."""
    con = connect(path)
    insert_records(con, "regions", [{**r, "synthetic": False} for r in REGIONS])
    insert_records(con, "indicators", [{**i, "definition": "", "agency": ""} for i in INDICATORS])
    return con


def store_fingerprint(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts and a content hash of every table, to prove an import changed nothing."""
    out: dict[str, int] = {}
    for (name,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_type = 'BASE TABLE'"
    ).fetchall():
        row = con.execute(f'SELECT count(*), coalesce(sum(hash(t)), 0) FROM "{name}" t').fetchone()
        out[name] = hash(row)
    return out


def demo_template(folder: Path) -> Path:
    """The demo database (:func:`pacesetter.demo`) built once in ``folder``, whoever asks first.

    Parallel test workers share ``folder``: a lock file makes the first build it and the
    others wait, so a test run pays for one build. Copy the file before writing to it.
    """
    import fcntl

    from pacesetter.workspace import demo

    folder.mkdir(parents=True, exist_ok=True)
    path, ready = folder / "demo.duckdb", folder / "demo.ready"
    with (folder / "demo.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ready.exists():
            demo(path, force=True).close()
            ready.touch()
    return path


def complexity_panel_rows(regions: int, industries: int, years: int, *, seed: int,
                          labels: bool = False) -> pd.DataFrame:
    """Seeded SYNTHETIC long rows (year, region, industry, value) for complexity measures: capable
    regions make complex industries, with noise and 15 % empty cells, so the second and third
    eigenvalues stand apart. Regions and industries are 0, 1, … or, with ``labels``, r000 / p000."""
    rng = np.random.default_rng(seed)
    capability, difficulty = rng.random(regions), rng.random(industries)
    region_ids = [f"r{i:03d}" for i in range(regions)] if labels else np.arange(regions)
    industry_ids = [f"p{j:03d}" for j in range(industries)] if labels else np.arange(industries)
    frames = []
    for year in range(2020, 2020 + years):
        gap = np.maximum(0, difficulty[None, :] - capability[:, None])
        values = np.exp(3 * capability[:, None] - 6 * gap + rng.normal(0, 1, (regions, industries)))
        values *= rng.random((regions, industries)) < 0.85
        frames.append(pd.DataFrame({
            "year": year, "region": np.repeat(region_ids, industries),
            "industry": np.tile(industry_ids, regions), "value": values.ravel()}))
    return pd.concat(frames, ignore_index=True)
