"""Chart specifications of the assessment and monitoring pages (see :mod:`pacesetter.web.charts`).

``rank_intervals`` draws each city's composite rank as a range (5th–95th percentile of the Monte
Carlo runs) with its nominal and median rank; ``growth`` draws one indicator's single-month
(当月, bars) and year-to-date (累计, line) growth over the months of one year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pacesetter.i18n import t
from pacesetter.model.periods import Period
from pacesetter.render.numbers import format_value
from pacesetter.web.charts import point

if TYPE_CHECKING:
    import pandas as pd

PAD = 0.4  # half the height of a rank slot: a range of one rank still shows as a box


def rank_intervals(rows: list[dict[str, Any]], lang: str, name: str) -> dict[str, Any]:
    """Composite ranks as ranges: ``rows`` of city, nominal, median, p05, p95 (best first)."""
    def word(key: str, **values: object) -> str:
        return t(f"web.assessment.chart.{key}", lang, **values)

    cities = [r["city"] for r in rows]
    base = [{"value": r["p05"] - PAD, "shown": ""} for r in rows]
    band = [{"value": r["p95"] - r["p05"] + 2 * PAD,
             "shown": word("band_shown", low=f"{r['p05']:g}", high=f"{r['p95']:g}",
                           median=f"{r['median']:g}")}
            for r in rows]
    nominal = [{"value": [r["nominal"], r["city"]], "shown": f"{r['nominal']:g}"} for r in rows]
    median = [{"value": [r["median"], r["city"]], "shown": f"{r['median']:g}"} for r in rows]
    return {
        "name": name,
        "synthetic": any(r["synthetic"] for r in rows),
        "option": {
            "tooltip": {"trigger": "item", "provenance": True},
            "legend": {"top": 0, "data": [word("band"), word("nominal"), word("median")]},
            "grid": {"left": 110, "right": 30, "top": 40, "bottom": 40},
            "xAxis": {"type": "value", "name": word("rank"), "nameLocation": "middle", "nameGap": 26,
                      "min": 0, "max": len(rows) + 1, "interval": 1,
                      "axisLabel": {"showMinLabel": False, "showMaxLabel": False}},
            "yAxis": {"type": "category", "data": cities, "inverse": True},
            "series": [
                {"name": "base", "type": "bar", "stack": "rank", "silent": True, "data": base,
                 "itemStyle": {"color": "transparent"}, "tooltip": {"show": False}, "barWidth": 16},
                {"name": word("band"), "type": "bar", "stack": "rank", "data": band, "barWidth": 16,
                 "itemStyle": {"color": "#9db7d9"}},
                {"name": word("nominal"), "type": "scatter", "data": nominal, "symbol": "circle",
                 "symbolSize": 12, "itemStyle": {"color": "#1d4f91"}, "z": 3},
                {"name": word("median"), "type": "scatter", "data": median, "symbol": "diamond",
                 "symbolSize": 12, "itemStyle": {"color": "#b9770e"}, "z": 4},
            ],
        },
        "csv": {"header": [word(k) for k in ("city", "nominal", "median", "p05", "p95")],
                "rows": [[r["city"], r["nominal"], r["median"], r["p05"], r["p95"]] for r in rows]},
    }


def growth(month_rows: pd.DataFrame, ytd_rows: pd.DataFrame, period: Period, lang: str,
           name: str) -> dict[str, Any]:
    """Single-month (bars) and year-to-date (line) growth of one indicator, January–February
    (released combined) to ``period``'s month; rows as :meth:`pacesetter.Workspace.show` gives them.
    A month without a figure has no bar or point (never 0)."""
    year, last = period.end_year, period.end_month
    months = {str(r["period_code"]): r for r in month_rows.to_dict("records")}
    ytds = {str(r["period_code"]): r for r in ytd_rows.to_dict("records")}
    labels: list[str] = []
    bars: list[dict[str, Any] | None] = []
    line: list[dict[str, Any] | None] = []
    csv: list[list[Any]] = []
    month_word, ytd_word = t("web.monitoring.month", lang), t("web.monitoring.ytd", lang)
    for m in range(2, last + 1):
        slot = Period.ytd(year, 2) if m == 2 else Period.month(year, m)
        labels.append(slot.label(lang))
        for series, code, table, out in ((month_word, str(Period.month(year, m)), months, bars),
                                         (ytd_word, str(Period.ytd(year, m)), ytds, line)):
            row = table.get(code)
            if row is None:
                out.append(None)
                continue
            shown = format_value(row["value"], str(row["unit"]), lang)
            out.append(point(row, lang, shown))
            csv.append([row["period"], series, row["value"], row["unit"], row.get("source")])
    rows = [r for table in (months, ytds) for r in table.values()]
    return {
        "name": name,
        "synthetic": any(bool(r.get("synthetic")) for r in rows),
        "option": {
            "tooltip": {"trigger": "item", "provenance": True},
            "legend": {"top": 0},
            "grid": {"left": 50, "right": 20, "top": 40, "bottom": 30},
            "xAxis": {"type": "category", "data": labels},
            "yAxis": {"type": "value", "name": "%"},
            "series": [
                {"name": month_word, "type": "bar", "data": bars, "itemStyle": {"color": "#9db7d9"},
                 "barMaxWidth": 28},
                {"name": ytd_word, "type": "line", "data": line, "connectNulls": False,
                 "itemStyle": {"color": "#1d4f91"}, "symbolSize": 7},
            ],
        },
        "csv": {"header": [t("web.csv.period", lang), t("web.monitoring.series", lang),
                           *(t(f"web.csv.{k}", lang) for k in ("value", "unit", "source"))], "rows": csv},
    }
