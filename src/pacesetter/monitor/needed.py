"""The growth the rest of the year needs, from an indicator's stored series: the verdict and its sources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from pacesetter.errors import InputError
from pacesetter.i18n import t
from pacesetter.model.periods import Period
from pacesetter.model.provenance import source_note
from pacesetter.monitor.series import Obs, series_from_frame
from pacesetter.monitor.target_path import NeededGrowth, compute_needed_growth, render_needed


@dataclass(frozen=True)
class NeededReport:
    """What the remaining months need, the sentence that says so, and the figures it rests on.

    ``cited`` pairs "ytd" (the year-to-date growth) and, where one was judged on, "best" (the
    fastest single-month or year-to-date growth of the series up to the month) with the
    observation behind it; ``result.pace_periods`` are the points that pace was chosen from.
    """

    indicator_id: str
    region_code: str
    label: str
    result: NeededGrowth
    text: str
    cited: list[tuple[str, Obs]]

    def sources(self, lang: str) -> list[tuple[str, str]]:
        """Each cited figure's role ("ytd", "best") and where it comes from, in words."""
        return [(key, cited_source(obs, lang)) for key, obs in self.cited]


def cited_source(obs: Obs, lang: str) -> str:
    """Where a figure comes from, readably: the document's title where the store has it (a
    synthetic figure's label), its address, and its release date and status (said to be not
    stated where not known)."""
    # a synthetic figure's stored title is bilingual: its label in the reader's language instead
    shown = t("outputs.source.synthetic", lang) if obs.synthetic else obs.source_title
    title = t("outputs.source.title", lang, title=shown) if shown else ""
    return title + source_note(obs.source, obs.vintage or None, obs.status, flags=obs.flags,
                               derived_from=obs.derived_from, publisher=obs.publisher,
                               document=obs.document, source_kind=obs.source_kind, lang=lang)


def compute_needed_report(
    frame: pd.DataFrame, indicator_id: str, region: str, month: Period, target: float, *,
    label: str, last_year_levels: Mapping[Period, float] | None = None, lang: str = "zh",
) -> NeededReport:
    """Growth needed after ``month`` to reach ``target`` (%) for a year-to-date growth indicator.

    ``frame`` holds the latest observations of ``indicator_id`` and ``<indicator_id>_month``
    for ``region``; the best pace is read from the single-month series where there is one,
    else from the year-to-date series, up to ``month``, and only from at least
    :data:`~pacesetter.monitor.target_path.MIN_PACE_POINTS` points (else no verdict).
    """
    ytd_p = Period.ytd(month.end_year, month.end_month)
    ytd = series_from_frame(frame, indicator_id, region, "ytd")
    if ytd_p not in ytd:
        raise InputError.said("analysis.errors.no_ytd", indicator=indicator_id, region=region, period=ytd_p)
    pace_series = series_from_frame(frame, f"{indicator_id}_month", region, "month") or ytd
    history = {p: o.value for p, o in pace_series.items()
               if (p.end_year, p.end_month) <= (month.end_year, month.end_month)}
    result = compute_needed_growth(target, ytd_p, ytd[ytd_p].value, last_year_levels=last_year_levels,
                                   history=history)
    cited = [("ytd", ytd[ytd_p])]
    best = result.best_pace_period
    if best is not None and best in pace_series:
        cited.append(("best", pace_series[best]))
    return NeededReport(indicator_id, region, label, result, render_needed(result, label, lang), cited)
