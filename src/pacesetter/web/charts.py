"""Chart specifications for the pages: an ECharts option, its data as CSV, its provenance.

A spec is plain JSON (``{"option", "csv", "name", "synthetic", "notes"}``) that the page embeds
as a data block and ``static/app.js`` draws; each data point carries its source, publisher,
vintage, status and flags, shown on hover.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

from pacesetter.i18n import t
from pacesetter.model.periods import Period
from pacesetter.model.provenance import flag_label, status_label
from pacesetter.model.units import unit_label

if TYPE_CHECKING:
    import pandas as pd


def point(row: Mapping[Hashable, Any], lang: str, shown: str) -> dict[str, Any]:
    """One data point with its provenance for the tooltip (labels in ``lang``)."""
    vintage = row.get("vintage")
    unknown = t("common.unknown", lang)
    return {
        "value": row["value"], "shown": shown,
        "source": row.get("source") or None, "publisher": row.get("publisher") or unknown,
        "vintage": str(vintage)[:10] if vintage is not None and vintage == vintage else unknown,
        "status": status_label(str(row.get("status") or ""), lang) or None,
        "flags": flag_label(str(row["flags"]), lang) if row.get("flags") else None,
        "synthetic": bool(row.get("synthetic")),
        "labels": {k: t(f"web.provenance.{k}", lang)
                   for k in ("source", "publisher", "vintage", "status", "flags", "synthetic")},
    }


def trend(df: pd.DataFrame, names: dict[str, str], lang: str, name: str) -> dict[str, Any]:
    """Annual figures of one indicator for some regions as lines, one per region."""
    from pacesetter.render.numbers import format_value

    yearly = df[df["period"].astype(str).str.fullmatch(r"\d{4}")].sort_values("period")
    years = sorted(yearly["period"].astype(str).unique())
    series, rows = [], []
    for code, label in names.items():
        mine = {str(r["period"]): r for r in yearly[yearly["region_code"] == code].to_dict("records")}
        data = [point(mine[y], lang, format_value(mine[y]["value"], str(mine[y]["unit"]), lang))
                if y in mine else None for y in years]
        series.append({"name": label, "type": "line", "connectNulls": False, "data": data})
        rows += [[label, Period.parse(y).label(lang), mine[y]["value"], mine[y]["unit"],
                  mine[y].get("source")] for y in years if y in mine]
    unit = unit_label(str(yearly["unit"].iloc[0]), lang) if len(yearly) else ""
    return {
        "name": name,
        "synthetic": bool(yearly["synthetic"].any()) if "synthetic" in yearly else False,
        "option": {
            "tooltip": {"trigger": "item", "provenance": True},
            "legend": {"top": 0},
            "grid": {"left": 60, "right": 20, "top": 40, "bottom": 30},
            "xAxis": {"type": "category", "data": [Period.parse(y).label(lang) for y in years]},
            "yAxis": {"type": "value", "name": unit},
            "series": series,
        },
        "csv": {"header": [t(f"web.csv.{k}", lang) for k in ("region", "period", "value", "unit", "source")],
                "rows": rows},
    }
