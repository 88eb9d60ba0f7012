"""Load the embedded dataset into a store, in one transaction."""

from __future__ import annotations

import logging

import duckdb
import pandas as pd

from pacesetter.data import data_path
from pacesetter.data.catalogue import indicators_frame
from pacesetter.data.figures import census_population, researched_figures
from pacesetter.data.industry_chains import chains_frame, enterprise_frames, segments_frame
from pacesetter.data.listed import listed_enterprises
from pacesetter.data.national import national_observations
from pacesetter.data.places import parks_frame, policies_frame, projects_frame, targets_frame
from pacesetter.data.regions import regions_frame
from pacesetter.store.connect import transaction
from pacesetter.store.imports import insert_frame

log = logging.getLogger(__name__)


def industries_frame() -> pd.DataFrame:
    """GB/T 4754-2017: code, name_zh, section, parent_code, level (0 门类 .. 3 小类), level_name, ..."""
    df = pd.read_csv(data_path("external", "gbt4754_2017", "gbt4754_2017.csv"), dtype=str)
    return df.rename(columns={"name": "name_zh"}).assign(level=df["level"].astype(int))


def observations_frame(regions: pd.DataFrame) -> pd.DataFrame:
    """Seed and macro figures, census population and the national series, as observation rows."""
    census, skipped = census_population(regions)
    if skipped:
        log.info("census: skipped %s (no GB/T 2260 code in regions.csv)", ", ".join(skipped))
    national = national_observations(data_path("external", "macro_national_monthly"), regions).assign(
        vintage=None, flags="", derived_from="", synthetic=False)
    out = pd.concat([researched_figures(regions), census, national], ignore_index=True)
    out["vintage"] = pd.to_datetime(out["vintage"]).dt.date
    out["decimals"] = out["decimals"].astype("Int64")  # published decimals: researched figures only
    return out


def with_aliases(projects: pd.DataFrame) -> pd.DataFrame:
    """Projects with the short ids a person types (``P-0001`` ...), in id order as migration 008 numbers."""
    order = projects["id"].rank(method="first").astype(int)
    return projects.assign(alias=order.map(lambda n: f"P-{n:04d}"))


def demo_tables() -> dict[str, pd.DataFrame]:
    """Every table of the embedded dataset, by store table name."""
    regions = regions_frame()
    enterprises, placements = enterprise_frames(regions)
    projects, aggregates = projects_frame()
    log.info("projects: %d aggregate (汇总) rows left out", aggregates)
    return {
        "regions": regions,
        "industries": industries_frame(),
        "indicators": indicators_frame(),
        "observations": observations_frame(regions),
        "chains": chains_frame(),
        "segments": segments_frame(),
        "enterprises": pd.concat([enterprises, listed_enterprises(regions)], ignore_index=True),
        "enterprise_placements": placements,
        "parks": parks_frame(),
        "projects": with_aliases(projects),
        "policies": policies_frame(),
        "targets": targets_frame(),
    }


def load_demo(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Load every table of the embedded dataset; return rows added per table.

    Everything lands in one transaction: on any error nothing is written.
    """
    tables = demo_tables()
    counts: dict[str, int] = {}
    with transaction(con):
        for name, frame in tables.items():
            counts[name] = insert_frame(con, name, frame, in_transaction=True)
    return counts
