"""A city against one peer on the headline indicators: the latest common year, gaps in each unit."""

from __future__ import annotations

import pandas as pd

from pacesetter.assess.coverage import compute_coverage
from pacesetter.assess.peers import gap_unit

HEADLINE = [
    "gdp", "gdp_growth", "above_size_industry_va_growth", "secondary_va", "tertiary_va",
    "services_share_gdp", "mfg_va_share_gdp", "fai_growth", "retail_sales", "retail_sales_growth",
    "high_tech_enterprises", "srdi_little_giants", "advanced_mfg_top100_rank", "census_population",
]
# What each side of a comparison row carries, prefixed "region_" or "peer_": the figure and its provenance.
FIGURE_FIELDS = ["value", "unit", "period", "source", "vintage", "status", "flags", "derived_from",
                 "publisher", "document", "source_kind"]


def compare_headline(observations: pd.DataFrame, indicators: pd.DataFrame, region: str, peer: str,
                     headline: list[str] | None = None, flagged: pd.DataFrame | None = None
                     ) -> pd.DataFrame:
    """One row per headline indicator either city has an annual outcome for.

    ``observations`` are the latest-vintage rows of both cities (targets and expectations
    are left out here); ``indicators`` has id, name_zh, name_en, unit. The year compared is
    the latest both cities have (``common`` True); where they share none, each side shows
    its own latest year, ``year`` is None and there is no gap.

    Returns columns indicator_id, name_zh, name_en, unit, year, common, gap, gap_unit and
    ``region_*`` / ``peer_*`` for each of :data:`FIGURE_FIELDS` (missing, NaN or None, where a
    side has no figure; never 0). ``attrs["coverage"]`` is the
    :class:`~pacesetter.assess.coverage.Coverage` of the figures shown (headline indicators ×
    the two cities × the years shown), ``flagged`` (indicator_id, region_code, year: every
    flagged row, all sources) counting the flagged rows it leaves out.
    """
    obs = observations[observations["period"].str.fullmatch(r"\d{4}")
                       & ~observations["status"].isin(["target", "expected"])]
    meta = indicators.set_index("id")
    rows: list[dict[str, object]] = []
    for ind_id in headline or HEADLINE:
        sub = obs[obs["indicator_id"] == ind_id]
        sides = {"region": sub[sub["region_code"] == region], "peer": sub[sub["region_code"] == peer]}
        if all(part.empty for part in sides.values()):
            continue
        common = set(sides["region"]["period"]) & set(sides["peer"]["period"])
        unit = str(meta.at[ind_id, "unit"])
        row: dict[str, object] = {"indicator_id": ind_id, "name_zh": meta.at[ind_id, "name_zh"],
                                  "name_en": meta.at[ind_id, "name_en"], "unit": unit,
                                  "year": max(common) if common else None, "common": bool(common)}
        for side, part in sides.items():
            when = max(common) if common else part["period"].max()
            pick = part[part["period"] == when]
            figure = pick.iloc[0] if not pick.empty else None
            for f in FIGURE_FIELDS:
                row[f"{side}_{f}"] = None if figure is None else figure[f]
        known = common and row["region_value"] is not None and row["peer_value"] is not None
        row["gap"] = float(row["region_value"]) - float(row["peer_value"]) if known else None  # type: ignore[arg-type]
        row["gap_unit"] = gap_unit(unit)
        rows.append(row)
    columns = ["indicator_id", "name_zh", "name_en", "unit", "year", "common", "gap", "gap_unit",
               *[f"{s}_{f}" for s in ("region", "peer") for f in FIGURE_FIELDS]]
    out = pd.DataFrame(rows, columns=columns)
    shown = pd.DataFrame([
        {"indicator_id": r["indicator_id"], "region_code": code, "year": int(str(r[f"{side}_period"])),
         "flags": r[f"{side}_flags"]}
        for r in rows for side, code in (("region", region), ("peer", peer)) if r[f"{side}_value"] is not None
    ], columns=["indicator_id", "region_code", "year", "flags"])
    cells = shown[["indicator_id", "region_code", "year"]]
    left = None if flagged is None else flagged.merge(cells, on=list(cells.columns))
    years = sorted(set(shown["year"])) or [0]
    out.attrs["coverage"] = compute_coverage(shown, headline or HEADLINE, [region, peer], years, left,
                                           one_year_each=True)
    return out
