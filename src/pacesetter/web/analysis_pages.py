"""The assessment and monitoring pages: where the city stands against its plan and its peers,
and how the latest month reads.

Both call the Workspace exactly as the API's analysis routes do, through the same per-data-version
cache (:func:`pacesetter.api.routes.analysis.once`), and cache what they put on the page by what
was asked and the language, so a second view is instant. Every figure keeps its source on hover.
"""

from __future__ import annotations

import html
import math
from collections.abc import Hashable, Mapping
from html.parser import HTMLParser
from typing import Annotated, Any, ClassVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from pacesetter.api.auth import allowed, server
from pacesetter.api.errors import request_lang
from pacesetter.api.frames import cache_key
from pacesetter.api.routes.analysis import (
    DEFAULT_FRAMEWORK,
    DEFAULT_MONTH,
    city_names,
    once,
    rendered_bulletin,
)
from pacesetter.api.state import ServerState
from pacesetter.errors import InputError, NotFoundError
from pacesetter.i18n import t
from pacesetter.model.access import CITY, Action
from pacesetter.model.periods import Period
from pacesetter.model.provenance import source_note
from pacesetter.render.numbers import format_value
from pacesetter.web.analysis_charts import growth, rank_intervals
from pacesetter.web.security import Session
from pacesetter.web.view import page, web_url
from pacesetter.workspace.core import DEFAULT_REGION

router = APIRouter(include_in_schema=False)
DRAWS = 1000  # the API's default: the page and GET /api/v1/assessment share one computation
STATUS_CLASS = {"achieved": "green", "on_track": "green", "behind": "yellow", "at_risk": "red"}


def _missing(v: object) -> bool:
    return v is None or v != v or (isinstance(v, float) and math.isnan(v))  # NaN, pd.NA


def _pct(v: object) -> str | None:
    return None if _missing(v) else f"{float(str(v)) * 100:.0f}%"


class Notes:
    """The numbered source notes of a page: each figure's hover text and footnote number."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.items: list[dict[str, Any]] = []

    def cite(self, row: Mapping[Hashable, Any]) -> tuple[str, int]:
        """The provenance of an observation row (read_values' columns) and its footnote number."""
        note = source_note(str(row["source"]), row["vintage"], str(row["status"]),
                           flags=str(row["flags"] or ""), derived_from=str(row["derived_from"] or ""),
                           publisher=row["publisher"],
                           document=row["document"], source_kind=row["source_kind"], lang=self.lang)
        for n, item in enumerate(self.items, start=1):
            if item["text"] == note:
                return note, n
        url = str(row["source"])
        self.items.append({"text": note, "url": web_url(url)})
        return note, len(self.items)


# --- assessment ------------------------------------------------------------------------------
@router.get("/assessment")
def assessment(request: Request, session: Session,
               framework: Annotated[str, Query(pattern=r"^[\w-]+$", max_length=80)] = DEFAULT_FRAMEWORK,
               year: Annotated[int | None, Query(ge=1900, le=2100)] = None) -> HTMLResponse:
    """Indicators by the framework's groups: progress to target against the time-elapsed pace,
    peer rank and the gap to the city above; the composite rank with its interval."""
    who, csrf = allowed(session[0], Action.READ, CITY), session[1]
    state, lang = server(request), request_lang(request)
    draws = min(DRAWS, state.settings.max_draws)
    view = state.cached(cache_key(request, "page"),
                        lambda: _assessment_view(state, framework, year, draws, lang))
    return page(request, "assessment.html.j2", who=who, csrf=csrf, title_key="web.nav.assessment", **view)


def _assessment_view(state: ServerState, framework: str, year: int | None, draws: int,
                     lang: str) -> dict[str, Any]:
    """Everything the assessment page shows, in ``lang``."""
    from pacesetter.assess.attainment import status_label
    from pacesetter.assess.config import indicator_status_label
    from pacesetter.assess.peers import gap_unit

    result = once(state, lambda ws: ws.assess(framework, year, draws=draws, seed=None),
                  "assess", framework, year, draws, None)
    listed = once(state, lambda ws: ws.frameworks(), "frameworks")
    cities, synthetic = city_names(state, lang)
    fw = result.framework
    names = dict(zip(result.specs["indicator_id"], result.specs[f"name_{lang}"], strict=True))
    specs = result.specs.set_index("indicator_id")
    attained = {r["indicator_id"]: r for r in result.attainment.to_dict("records")}
    standing = {r["indicator_id"]: r for r in result.standing.to_dict("records")}
    figures = {(r["indicator_id"], str(r["region_code"]), int(r["year"])): r
               for r in result.values.iloc[::-1].to_dict("records")}  # the first row of a key wins
    notes = Notes(lang)

    def figure(indicator: str, region: object, when: object, value: object, unit: str) -> dict[str, Any]:
        if _missing(value) or _missing(when):
            return {"shown": None, "src": "", "n": 0}
        row = figures.get((indicator, str(region), int(float(str(when)))))
        src, n = notes.cite(row) if row is not None else ("", 0)
        year_label = Period.year(int(float(str(when)))).label(lang)
        shown = f"{format_value(float(str(value)), unit, lang)} ({year_label})"
        return {"shown": shown, "src": src, "n": n}

    groups = []
    for g in fw.groups:
        rows = []
        for spec in g.indicators:
            i, a, s = spec.id, attained[spec.id], standing[spec.id]
            unit = str(a["unit"])
            target = None
            if not _missing(a["target"]):
                comparison = str(specs.at[i, "comparison"] or "").replace(">=", "≥").replace("<=", "≤")
                target = f"{comparison} {format_value(float(a['target']), unit, lang)} ".lstrip() + \
                    f"({Period.year(int(a['target_year'])).label(lang)})"
            status = str(a["status"])
            progress = None if _missing(a["progress"]) else float(a["progress"])
            pace = None if _missing(a["pace"]) else float(a["pace"])
            rank = None
            if not _missing(s["rank"]):
                rank = {"text": t("web.assessment.rank_of", lang, rank=int(s["rank"]), n=int(s["n_ranked"]))
                        + ("=" if s["tied"] else ""),
                        "year": Period.year(int(s["year"])).label(lang),
                        "leading": s["leading"] is True, "next": None}
                if not _missing(s["next_region"]):
                    rank["next"] = {"city": cities.get(str(s["next_region"]), str(s["next_region"])),
                                    "gap": format_value(float(s["gap_to_next"]), str(s["gap_unit"]), lang,
                                                        signed=True),
                                    **figure(i, s["next_region"], s["year"], s["next_value"], unit)}
            needed = None
            if not _missing(a["needed_annual_change"]):
                needed = t("web.assessment.needed", lang,
                           change=format_value(float(a["needed_annual_change"]),
                                               gap_unit(unit), lang))
            rows.append({
                "id": i, "name": names[i], "kind": indicator_status_label(str(specs.at[i, "status"]), lang),
                "proposed": specs.at[i, "status"] == "proposed",
                "current": figure(i, fw.region_code, a["current_year"], a["current"], unit),
                "target": target, "status": status_label(status, lang),
                "status_class": STATUS_CLASS.get(status, "unknown"),
                "reason": (t(f"web.assessment.reason.{status}", lang, year=result.year,
                             baseline=a["baseline_year"])
                           if status in ("no_data", "no_target", "no_baseline", "at_risk") else None),
                "progress": _pct(progress), "pace": _pct(pace),
                "bar": None if progress is None else round(min(max(progress, 0.0), 1.0) * 100, 1),
                "marker": None if pace is None else round(pace * 100, 1),
                "needed": needed, "rank": rank,
                "unranked": (None if rank else
                             t("web.assessment.reason.no_common_year", lang, year=result.year)),
            })
        groups.append({"name": g.name_zh if lang == "zh" else g.name_en, "rows": rows})
    mine = result.values.loc[result.values["region_code"] == fw.region_code, "year"]
    years = sorted({int(y) for y in mine} | {result.year}, reverse=True)
    return {"framework": fw.id, "framework_name": fw.name_zh if lang == "zh" else fw.name_en,
            "frameworks": [(f, n) for f, n in zip(listed["id"], listed[f"name_{lang}"], strict=True)],
            "year": result.year, "years": years, "city": cities.get(fw.region_code, fw.region_code),
            "coverage": result.coverage.text(lang, names), "groups": groups,
            "composite": _composite(result, cities, synthetic, names, lang), "notes": notes.items,
            "leading_rank": fw.peers.leading_rank}


def _composite(result: Any, cities: dict[str, str], synthetic: set[str], names: dict[str, str],
               lang: str) -> dict[str, Any]:
    """The composite: methods, whether it is ranked (and why not), each city's rank interval, sensitivity."""
    from pacesetter.assess.uncertainty import ALL_REGIONS

    c, u, m = result.composite, result.uncertainty, result.framework.methods
    chosen = {k: t(f"analysis.assess.method.{getattr(m, k)}", lang)
              for k in ("normalisation", "weighting", "aggregation", "missing", "outliers")}
    used = c.indicators[c.indicators["used"]]
    listed = t("outputs.coverage.sep", lang).join(
        f"{names[r['indicator_id']]} ({r['year']}, {r['weight']:.2f})" for r in used.to_dict("records"))
    rests = t("web.assessment.composite_rests", lang, n=len(used), of=len(c.indicators),
              cities=len(c.treated), indicators=listed)
    out: dict[str, Any] = {"methods": t("analysis.assess.methods", lang, **chosen), "why_not": None,
                           "rests": rests, "rows": [], "chart": None, "sensitivity": None}
    if c.scores.empty or not c.ranked:
        out["why_not"] = t("web.assessment.not_ranked", lang, used=len(used), of=len(c.indicators),
                           cities=len(c.treated), need=m.min_composite_indicators,
                           share=f"{m.min_composite_share:.0%}")
        return out
    ranks = u.ranks.set_index("region_code") if u is not None else None
    for r in c.scores.to_dict("records"):
        code = str(r["region_code"])
        row = {"city": cities.get(code, code), "score": f"{r['score']:.3f}", "rank": int(r["rank"]),
               "focus": code == result.framework.region_code, "synthetic": code in synthetic}
        if ranks is not None:
            q = ranks.loc[code]
            row.update(nominal=float(q["nominal_rank"]), median=float(q["median_rank"]),
                       p05=float(q["p05_rank"]), p95=float(q["p95_rank"]),
                       interval=f"{float(q['p05_rank']):g}–{float(q['p95_rank']):g}")
        out["rows"].append(row)
    if u is None:
        return out
    out["chart"] = rank_intervals(out["rows"], lang, "composite-rank")
    focus = result.framework.region_code
    sens = u.sensitivity[u.sensitivity["region_code"].isin([focus, ALL_REGIONS])]
    out["sensitivity"] = {
        "title": t("web.assessment.sensitivity", lang, runs=u.info["runs"], seed=u.info["seed"]),
        "flat": bool(sens[["first_order", "total_effect"]].isna().all().all()),
        "rows": [{"of": t("web.assessment.mean_shift", lang) if r["region_code"] == ALL_REGIONS
                  else cities.get(str(r["region_code"]), str(r["region_code"])),
                  "factor": t(f"analysis.assess.factor.{r['factor']}", lang),
                  "first": None if _missing(r["first_order"]) else f"{r['first_order']:.2f}",
                  "total": None if _missing(r["total_effect"]) else f"{r['total_effect']:.2f}"}
                 for r in sens.to_dict("records")]}
    return out


# --- monitoring ------------------------------------------------------------------------------
@router.get("/monitoring")
def monitoring(request: Request, session: Session,
               region: Annotated[str, Query(pattern=r"^\d{6}$")] = DEFAULT_REGION,
               period: Annotated[str | None, Query(max_length=20)] = None,
               indicator: Annotated[str | None, Query(pattern=r"^[\w-]*$", max_length=80)] = None
               ) -> HTMLResponse:
    """One month of a region: 当月 and 累计 growth per indicator, growth needed, warnings, bulletin."""
    who, csrf = allowed(session[0], Action.READ, CITY), session[1]
    state, lang = server(request), request_lang(request)
    view = state.cached(cache_key(request, "page"),
                        lambda: _monitoring_view(state, region, period, indicator or None, lang))
    return page(request, "monitoring.html.j2", who=who, csrf=csrf, title_key="web.nav.monitoring", **view)


def _months(state: ServerState) -> dict[str, list[str]]:
    """Per region, the months (2022-08; 2022-02 for 1-2月) with a monthly or year-to-date figure
    of the bulletin's indicators, latest first; never January, which the page refuses (released
    with February as 1-2月)."""
    from pacesetter.monitor.config import load_sections

    def read(ws: Any) -> dict[str, list[str]]:
        obs = ws.observations(load_sections().indicator_ids())
        out: dict[str, set[str]] = {}
        for code, text in zip(obs["region_code"], obs["period"].astype(str), strict=True):
            p = Period.parse(text)
            if p.kind in ("month", "ytd") and p.end_month != 1:  # January is released with February
                out.setdefault(str(code), set()).add(f"{p.end_year}-{p.end_month:02d}")
        return {code: sorted(months, reverse=True) for code, months in out.items()}

    return once(state, read, "monitoring-months")


def _monitoring_view(state: ServerState, region: str, period: str | None, indicator: str | None,
                     lang: str) -> dict[str, Any]:
    """Everything the monitoring page shows, in ``lang``."""
    from pacesetter.monitor.config import load_sections

    months = _months(state)
    cities, synthetic = city_names(state, lang)
    if region not in cities:
        raise NotFoundError.said("analysis.errors.unknown_region", code=region)
    mine = months.get(region, [])
    if period is None:
        period = DEFAULT_MONTH if DEFAULT_MONTH in mine else (mine[0] if mine else DEFAULT_MONTH)
    month = Period.parse_month(period)
    code = str(month)
    items = [item for s in load_sections().sections for item in s.items if item.kind == "growth"]

    def read(ws: Any) -> list[tuple[Any, Any, Any]]:
        return [(item, ws.show(item.month, [region], lang=lang) if item.month else None,
                 ws.show(item.ytd, [region], lang=lang) if item.ytd else None) for item in items]

    shown = once(state, read, "monitoring-series", region, lang)
    charts = []
    for item, month_rows, ytd_rows in shown:
        key = item.ytd or item.month
        empty = month_rows.iloc[0:0] if month_rows is not None else ytd_rows.iloc[0:0]
        spec = growth(month_rows if month_rows is not None else empty,
                      ytd_rows if ytd_rows is not None else empty, month, lang, key)
        if not spec["csv"]["rows"]:
            continue  # no figure of this indicator in the year up to the month
        label = item.label.get(lang)
        charts.append({"id": key, "label": label[:1].upper() + label[1:], "spec": spec,
                       "needed": _needed(state, item.ytd, code, region, lang) if item.ytd else None})
    picked = [c for c in charts if c["id"] == indicator] or charts
    return {"region": region, "city": cities[region], "synthetic": region in synthetic,
            "regions": sorted(((c, cities.get(c, c)) for c in {*months, region}), key=lambda x: x[0]),
            "period": code, "period_label": _month_label(code, lang),
            "periods": [(p, _month_label(p, lang)) for p in sorted({*mine, code}, reverse=True)],
            "indicator": indicator or "", "indicators": [(c["id"], c["label"]) for c in charts],
            "charts": picked, **_warnings(state, region, code, lang), **_bulletin(state, region, code, lang)}


def _month_label(code: str, lang: str) -> str:
    """A reporting month as published: 2022年8月; February as 1-2月 (released combined)."""
    month = Period.parse_month(code)
    return (Period.ytd(month.end_year, 2) if month.end_month == 2 else month).label(lang)


def _needed(state: ServerState, indicator: str, period: str, region: str, lang: str) -> dict[str, Any]:
    """The growth the rest of the year needs for the annual target, or why it cannot be said."""
    def read(ws: Any) -> dict[str, Any]:
        try:
            report = ws.needed(indicator, period, region=region, lang=lang)
        except (InputError, NotFoundError) as exc:
            if exc.key == "analysis.needed.no_target":
                return {"text": None, "why": t("web.monitoring.no_target", lang, year=period[:4])}
            return {"text": None, "why": exc.text(lang)}
        return {"text": report.text, "why": None}

    return once(state, read, "needed", indicator, period, region, lang)


def _warnings(state: ServerState, region: str, period: str, lang: str) -> dict[str, Any]:
    """The month's alerts with what triggered them and their sources; the checks not made, counted by why."""
    report = once(state, lambda ws: ws.warnings(region, period, lang), "warnings", region, period, lang)
    alerts = [{"severity": a.severity, "severity_label": t(f"analysis.warnings.level.{a.severity}", lang),
               "period": Period.parse(a.period).label(lang), "message": a.message, "sources": list(a.sources),
               "synthetic": a.synthetic} for a in report.alerts]
    skipped: dict[str, int] = {}
    for _, why in report.skipped:
        skipped[why] = skipped.get(why, 0) + 1
    return {"alerts": alerts, "skipped": sorted(skipped.items(), key=lambda x: -x[1])}


def _bulletin(state: ServerState, region: str, period: str, lang: str) -> dict[str, Any]:
    """The bulletin's body for the preview (cleaned of everything but text, headings, lists and
    links), or why there is none."""
    try:
        rendered, _ = rendered_bulletin(state, region, period, lang)
    except NotFoundError as exc:
        return {"bulletin": None, "bulletin_why": exc.text(lang)}
    cleaner = _Preview()
    cleaner.feed(rendered.html())
    cleaner.close()
    return {"bulletin": Markup("".join(cleaner.out)), "bulletin_why": None}  # rebuilt, escaped


class _Preview(HTMLParser):
    """Rebuilds the bulletin's HTML from an allow-list: its headings one level down, paragraphs,
    lists, footnote marks and links (http(s) or in-page only); no style, script or head; every
    text and attribute escaped again, ids prefixed so they cannot clash with the page's own."""

    TAGS: ClassVar[dict[str, str]] = {"h1": "h3", "h2": "h4", "p": "p", "ol": "ol", "li": "li", "sup": "sup",
                                      "a": "a", "section": "section"}
    DROP: ClassVar[set[str]] = {"head", "style", "script", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.DROP:
            self.hidden += 1
            return
        if tag not in self.TAGS or self.hidden:
            return
        kept = []
        for name, value in attrs:
            value = value or ""
            if name == "id":
                kept.append(f'id="bulletin-{html.escape(value)}"')
            elif name == "title":
                kept.append(f'title="{html.escape(value)}"')
            elif name == "class" and value == "note":
                kept.append('class="bulletin-note"')
            elif name == "href" and value.startswith("#"):
                kept.append(f'href="#bulletin-{html.escape(value[1:])}"')
            elif name == "href" and value.startswith(("http://", "https://")):
                kept.append(f'href="{html.escape(value)}" rel="noreferrer noopener" target="_blank"')
        self.out.append(f"<{self.TAGS[tag]}{''.join(' ' + k for k in kept)}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.DROP:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.TAGS and not self.hidden:
            self.out.append(f"</{self.TAGS[tag]}>")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.append(html.escape(data, quote=False))
