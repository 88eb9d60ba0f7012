"""Target attainment: how far a city has come from its baseline towards its target.

For an indicator with baseline b (year y0), target T (year y1) and current value
c (year y):

- pace (序时进度)      p = (y − y0) / (y1 − y0), clipped to [0, 1]
- progress           g = (c − b) / (T − b)  (works for either polarity)
- expected, linear   b + p (T − b)
- expected, compound b (T / b)^p           (b and T positive)
- still needed       (T − c) / (y1 − y) per year, and (T / c)^(1/(y1 − y)) − 1 in % per year

Status (thresholds from :class:`~pacesetter.assess.config.Attainment`):
achieved when the target is met; otherwise at_risk when progress is negative
(moving away) or below ``behind`` × pace; behind when below ``on_track`` × pace;
else on_track. Without a current value, target or baseline the status says so
(no_data, no_target, no_baseline) and nothing is guessed.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from pacesetter.assess.config import Attainment
from pacesetter.i18n import t
from pacesetter.io.frames import records_of

STATUSES = ("achieved", "on_track", "behind", "at_risk", "no_data", "no_target", "no_baseline")


def status_label(status: str, lang: str) -> str:
    """An attainment status (one of :data:`STATUSES`) in ``lang``: 符合序时进度 / on track."""
    return t(f"outputs.attainment_status.{status}", lang)


COLUMNS = [
    "indicator_id", "unit", "polarity", "baseline_year", "baseline", "baseline_origin",
    "target_year", "target", "current_year", "current", "pace", "progress", "expected_linear",
    "expected_compound", "needed_annual_change", "needed_annual_growth_pct", "status", "reason",
]


def compute_attainment(
    slots: pd.DataFrame, values: pd.DataFrame, year: int, thresholds: Attainment | None = None
) -> pd.DataFrame:
    """Progress of one region on each indicator slot up to ``year``.

    Parameters
    ----------
    slots
        One row per indicator: indicator_id, unit, polarity (higher|lower),
        baseline_year, baseline (NaN: read from ``values``), target_year, target (NaN: none).
    values
        The region's annual figures in each slot's unit: indicator_id, year, value.
    year
        The assessment year; the current value is the latest at or before it.

    Returns
    -------
    One row per slot with :data:`COLUMNS`: values in the slot's unit, pace and
    progress as shares (0–1, progress may leave that range), needed change in
    unit per year (percentage points for % indicators), needed growth in % per
    year, status (see :data:`STATUSES`) and a reason code when something is missing
    (``outputs.reason.<code>``, rendered by :func:`pacesetter.assess.export.reason_text`).
    """
    th = thresholds or Attainment()
    rows = []
    for slot in records_of(slots):
        series = values[values["indicator_id"] == slot["indicator_id"]].set_index("year")["value"]
        rows.append(_one(slot, series, year, th))
    return pd.DataFrame(rows, columns=COLUMNS).astype({"current_year": "Int64"})


def _one(s: dict[str, Any], series: pd.Series, year: int, th: Attainment) -> dict[str, object]:
    b_year, t_year, target = int(s["baseline_year"]), int(s["target_year"]), float(s["target"])
    baseline, origin = float(s["baseline"]), "framework"
    if math.isnan(baseline):
        baseline = float(series.get(b_year, math.nan))
        origin = "observed" if not math.isnan(baseline) else ""
    past = series[series.index <= year]
    row: dict[str, object] = {
        "indicator_id": s["indicator_id"], "unit": s["unit"], "polarity": s["polarity"],
        "baseline_year": b_year, "baseline": baseline, "baseline_origin": origin,
        "target_year": t_year, "target": target, "current_year": None, "current": math.nan,
        "pace": math.nan, "progress": math.nan, "expected_linear": math.nan,
        "expected_compound": math.nan, "needed_annual_change": math.nan,
        "needed_annual_growth_pct": math.nan, "status": "no_data", "reason": "",
    }
    if past.empty:
        row["reason"] = "no_figure"
        return row
    c_year = int(past.index.max())
    current = float(past[c_year])
    row.update(current_year=c_year, current=current)
    if math.isnan(target):
        row.update(status="no_target", reason="no_target")
        return row
    years_left = t_year - c_year
    if years_left > 0:
        row["needed_annual_change"] = (target - current) / years_left
        if current > 0 and target > 0:
            row["needed_annual_growth_pct"] = ((target / current) ** (1 / years_left) - 1) * 100
    met = current >= target if s["polarity"] == "higher" else current <= target
    pace = min(max((c_year - b_year) / (t_year - b_year), 0.0), 1.0)
    row["pace"] = pace
    if not math.isnan(baseline):
        row["expected_linear"] = baseline + pace * (target - baseline)
        if baseline > 0 and target > 0:
            row["expected_compound"] = baseline * (target / baseline) ** pace
        if target != baseline:
            row["progress"] = (current - baseline) / (target - baseline)
    if met:
        row["status"] = "achieved"
        return row
    progress = float(row["progress"])  # type: ignore[arg-type]
    if math.isnan(progress):
        row.update(status="no_baseline", reason="no_baseline")
    elif progress < 0 or progress < th.behind * pace or years_left <= 0:
        row["status"] = "at_risk"
        if years_left <= 0:
            row["reason"] = "target_year_passed"
    elif progress < th.on_track * pace:
        row["status"] = "behind"
    else:
        row["status"] = "on_track"
    return row
