"""Read what the monitor needs from the store, as plain frames and dicts."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from pacesetter.model.periods import Period
from pacesetter.monitor.config import BulletinConfig
from pacesetter.monitor.growth import compute_month_levels_from_ytd
from pacesetter.monitor.series import series_from_frame
from pacesetter.monitor.warnings import BelowTargetRule, RuleSet, WarningInputs
from pacesetter.store import lookups, queries, targets


def fetch_bulletin_observations(con: duckdb.DuckDBPyConnection, region: str, config: BulletinConfig,
                                as_of: dt.date | None = None) -> pd.DataFrame:
    """Observations of every indicator the bulletin reads, for one region: the latest
    vintage, or what was released on or before ``as_of``."""
    return queries.observations(con, indicator_ids=config.indicator_ids(), region_codes=[region],
                                vintage=as_of)


def fetch_names(con: duckdb.DuckDBPyConnection, table: str, key: str, lang: str) -> dict[str, str]:
    """``{key: name}`` of ``regions`` or ``indicators`` in the output language."""
    column = "name_zh" if lang == "zh" else "name_en"
    return lookups.names(con, table, key, column)


def fetch_warning_inputs(con: duckdb.DuckDBPyConnection, region: str, rules: RuleSet,
                         lang: str, year: int) -> WarningInputs:
    """Observations of the region and its rules' peers, every vintage of the region, targets.

    Targets of ``year`` are weighed with last year's monthly levels of the growth
    indicator's level series (its id without ``_growth``) where the store has them.
    """
    ids = sorted({i for r in rules.rules for i in r.indicators}
                 | {i.removesuffix("_month") for r in rules.rules for i in r.indicators})
    peers = sorted({getattr(r, "peer", region) for r in rules.rules} | {region})
    return WarningInputs(
        observations=queries.observations(con, indicator_ids=ids, region_codes=peers),
        vintages=queries.observations(con, indicator_ids=ids, region_codes=[region], latest=False),
        targets=targets.region_targets(con, region),
        names=fetch_names(con, "indicators", "id", lang),
        region_names=fetch_names(con, "regions", "code", lang),
        synthetic_regions=lookups.synthetic_region_codes(con),
        month_levels={i: fetch_month_levels(con, i.removesuffix("_growth"), region, year - 1)
                      for r in rules.rules if isinstance(r, BelowTargetRule) for i in r.indicators},
    )


def fetch_target(con: duckdb.DuckDBPyConnection, indicator_id: str, region: str, year: int) -> float | None:
    """The annual target of an indicator for a region and year, if the targets table has one."""
    return targets.target_value(con, indicator_id, region, year)


def fetch_month_levels(con: duckdb.DuckDBPyConnection, indicator_id: str, region: str,
                       year: int) -> dict[Period, float]:
    """Single-month levels of one year: as stored, or split from year-to-date levels (1-2月 combined)."""
    frame = queries.observations(con, indicator_ids=[indicator_id], region_codes=[region])
    months = {p: o.value for p, o in series_from_frame(frame, indicator_id, region, "month").items()
              if p.end_year == year}
    if months:
        return months
    ytd = {p: o.value for p, o in series_from_frame(frame, indicator_id, region, "ytd").items()
           if p.end_year == year and p.kind == "ytd"}
    return compute_month_levels_from_ytd(ytd)
