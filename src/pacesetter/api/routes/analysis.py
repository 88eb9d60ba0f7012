"""City-level analyses: overview, peers, assessment, series, bulletins, warnings, growth needed, frameworks.

Each route is one Workspace call with the command line's defaults (Qingdao against Ningbo, the
2022–2026 framework, August 2022). Every figure keeps its provenance (unit, period, source,
publisher, vintage, status, flags, synthetic marking) and every composite its coverage; labels are
in the request's language beside the stable codes. Heavy answers are cached per data version.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar, cast

import pandas as pd
from fastapi import APIRouter, Depends, Path, Query, Request, Response

from pacesetter.api.auth import needs, server
from pacesetter.api.errors import request_lang
from pacesetter.api.frames import Page, cached_json, cached_response, page_params, paged, records
from pacesetter.api.state import ServerState
from pacesetter.i18n import t
from pacesetter.model.access import CITY, Action
from pacesetter.model.periods import Period
from pacesetter.model.provenance import status_label
from pacesetter.model.units import unit_label
from pacesetter.workspace.core import DEFAULT_PEER, DEFAULT_REGION

if TYPE_CHECKING:
    from pacesetter.assess.coverage import Coverage
    from pacesetter.monitor.render import Rendered
    from pacesetter.workspace import Workspace

router = APIRouter(prefix="/api/v1", tags=["analysis"], dependencies=[needs(Action.READ, CITY)])
Paging = Annotated[Page, Depends(page_params)]
Region = Annotated[str, Query(description="GB/T 2260 code of the city (default 370200, Qingdao)")]
Month = Annotated[str, Query(description="the month, e.g. 2022-08 (2022-02 for January–February)")]
DEFAULT_FRAMEWORK = "qingdao-2022-2026"
DEFAULT_MONTH = "2022-08"
T = TypeVar("T")
DOWNLOADS = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


# --- the words of a figure -----------------------------------------------------------------
def place(region: dict[str, object], lang: str) -> dict[str, Any]:
    """A region as answers name it: code, name in ``lang``, synthetic marking (with its badge)."""
    synthetic = bool(region["synthetic"])
    return {"code": region["code"], "name": region[f"name_{lang}"], "synthetic": synthetic,
            "synthetic_label": t("common.synthetic", lang) if synthetic else None}


def labelled(df: pd.DataFrame, lang: str, synthetic: set[str] | None = None) -> pd.DataFrame:
    """``df`` with the words of its codes in ``lang`` beside them: ``name`` (of ``name_<lang>``),
    ``unit_label``, ``status_label``, ``period_label`` and, given the synthetic region codes,
    ``synthetic`` per ``region_code``."""
    out = df.copy()
    if f"name_{lang}" in out:
        out["name"] = out[f"name_{lang}"]
    for col, word in (("unit", lambda u: unit_label(str(u), lang)),
                      ("gap_unit", lambda u: unit_label(str(u), lang)),
                      ("status", lambda s: status_label(str(s), lang)),
                      ("period", lambda p: Period.parse(str(p)).label(lang))):
        if col in out:
            out[f"{col}_label"] = [None if _missing(v) or v == "" else word(v) for v in out[col]]
    if synthetic is not None and "region_code" in out:
        out["synthetic"] = out["region_code"].isin(synthetic)
    return out


def coverage(cov: Coverage, lang: str, names: dict[str, str]) -> dict[str, Any]:
    """What an answer rests on: the counts, and the sentence in ``lang`` naming the indicators."""
    return {**cov.record(), "text": cov.text(lang, names)}


def city_names(state: ServerState, lang: str) -> tuple[dict[str, str], set[str]]:
    """Every region's name in ``lang``, and the codes of the synthetic ones (their figures are synthetic)."""
    def read(ws: Workspace) -> tuple[dict[str, str], set[str]]:
        regions = ws.table("regions")
        return ws.region_names(lang), set(regions.loc[regions["synthetic"], "code"])

    return once(state, read, "cities", lang)


def plain(value: object) -> Any:
    """A dataclass, Period or NaN-bearing value as JSON-ready data (periods as their codes)."""
    if isinstance(value, Period):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def figure(obs: object, lang: str) -> dict[str, Any]:
    """A monitoring observation (:class:`pacesetter.monitor.series.Obs`) with its words."""
    out: dict[str, Any] = plain(obs)
    out["unit_label"] = unit_label(out["unit"], lang)
    out["status_label"] = status_label(out["status"], lang)
    out["period_label"] = Period.parse(out["period"]).label(lang)
    return out


def once(state: ServerState, compute: Callable[[Workspace], T], *key: object) -> T:
    """What ``compute`` answers on a reading Workspace, computed once per data version for ``key``
    whatever page, language or format a request asks of it (the assessment in zh and in en is one)."""
    def run() -> T:
        with state.reading("server") as ws:
            return compute(ws)

    return cast(T, state.cached("\x00".join(map(str, ("workspace", *key))), run))


def rendered_bulletin(state: ServerState, region: str, period: str, lang: str
                      ) -> tuple[Rendered, dict[str, object]]:
    """The bulletin and its region, shared by the JSON answer and every download format."""
    return once(state, lambda ws: (ws.bulletin(region, period, lang), ws.region(region)),
                "bulletin", region, period, lang)


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


# --- routes ----------------------------------------------------------------------------------
@router.get("/overview", summary="The city against a peer on the headline indicators, every figure sourced")
def overview(request: Request, region: Region = DEFAULT_REGION,
             peer: Annotated[str, Query(description="GB/T 2260 code of the peer (default 330200, Ningbo)")]
             = DEFAULT_PEER) -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        from pacesetter.assess.overview import FIGURE_FIELDS

        rows, *places = once(state, lambda ws: (ws.overview(region, peer), ws.region(region),
                                                ws.region(peer)), "overview", region, peer)
        sides = dict(zip(("region", "peer"), places, strict=True))
        names = dict(zip(rows["indicator_id"], rows[f"name_{lang}"], strict=True))
        items = []
        for r in records(labelled(rows, lang)):
            item = {k: v for k, v in r.items() if not k.startswith(("region_", "peer_"))}
            for side, where in sides.items():
                fig = {f: r[f"{side}_{f}"] for f in FIGURE_FIELDS}
                item[side] = None if fig["value"] is None else records(labelled(
                    pd.DataFrame([{**fig, "synthetic": bool(where["synthetic"])}]), lang))[0]
            items.append(item)
        return {"region": place(sides["region"], lang), "peer": place(sides["peer"], lang),
                "coverage": coverage(rows.attrs["coverage"], lang, names), "items": items}

    return cached_json(request, state, compute)


@router.get("/peers", summary="The city against all its peers, one common year per indicator; coverage first")
def peers(request: Request, paging: Paging, region: Region = DEFAULT_REGION,
          year: Annotated[int | None, Query(ge=1900, le=2100,
                                            description="the year (default: the city's latest)")] = None
          ) -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        from pacesetter.assess.export import reason_text

        result = once(state, lambda ws: ws.peers(region, year), "peers", region, year)
        cities, synthetic = city_names(state, lang)
        table = labelled(result.table, lang, synthetic)
        table["city"] = table["region_code"].map(cities)
        table["focus"] = table["region_code"] == result.region_code
        names = dict(zip(table["indicator_id"], table["name"], strict=False))
        missing = labelled(result.missing, lang)
        missing["reason_label"] = [reason_text(code, lang, year=result.year, focus=cities.get(
            result.region_code, result.region_code)) for code in missing["reason"]]
        return paged(table, paging, region_code=result.region_code, frameworks=result.frameworks,
                     year=result.year, coverage=coverage(result.coverage, lang, names),
                     no_common_year=records(missing))

    return cached_json(request, state, compute)


@router.get("/assessment", summary="Assess the city against its framework: attainment, peer standing, "
                                   "composite with coverage and rank intervals")
def assessment(request: Request,
               framework: Annotated[str, Query(pattern=r"^[\w-]+$", description="framework id (see "
                                                                             "/api/v1/frameworks)")]
               = DEFAULT_FRAMEWORK,
               year: Annotated[int | None, Query(ge=1900, le=2100,
                                                 description="the year (default: the city's latest)")] = None,
               draws: Annotated[int, Query(ge=0, description="Monte Carlo runs for the rank intervals "
                                                             "(0: none; capped by the server)")] = 1000,
               seed: Annotated[int | None, Query(ge=0, description="random seed of the runs")] = None
               ) -> Response:
    from pacesetter.assess.attainment import status_label as attainment_label
    from pacesetter.assess.export import assessment_json, status_note

    state, lang = server(request), request_lang(request)
    used = min(draws, state.settings.max_draws)

    def compute() -> dict[str, Any]:
        result = once(state, lambda ws: ws.assess(framework, year, draws=used, seed=seed),
                      "assess", framework, year, used, seed)
        cities, synthetic = city_names(state, lang)
        names = dict(zip(result.specs["indicator_id"], result.specs[f"name_{lang}"], strict=True))
        out = assessment_json(result)
        out["coverage"] = coverage(result.coverage, lang, names)
        out["status_note"] = status_note(lang)
        out["draws"] = {"asked": draws, "used": used, "cap": state.settings.max_draws}
        figures = labelled(result.values, lang, synthetic)
        figures["name"] = figures["indicator_id"].map(names)
        figures["city"] = figures["region_code"].map(cities)
        out["figures"] = records(figures)
        for row in out["tables"]["attainment"]:
            row["name"] = names[row["indicator_id"]]
            row["status_label"] = attainment_label(row["status"], lang)
        for row in out["tables"]["peer_standing"]:
            row["name"] = names[row["indicator_id"]]
        return out

    return cached_json(request, state, compute)


@router.get("/series/{indicator}", summary="One indicator for some regions over time, each row sourced")
def series(indicator: Annotated[str, Path(description="indicator id (see /api/v1/indicators), e.g. gdp")],
           request: Request, paging: Paging,
           region: Annotated[list[str] | None, Query(description="GB/T 2260 codes (default 370200)")] = None,
           all_sources: Annotated[bool, Query(description="every source and vintage, not the preferred row")]
           = False) -> Response:
    state, lang = server(request), request_lang(request)
    regions = region or [DEFAULT_REGION]

    def compute() -> dict[str, Any]:
        with state.reading("server") as ws:
            for code in regions:
                ws.region(code)  # an unknown region is an error, not an empty series
            rows = ws.show(indicator, regions, lang=lang, all_sources=all_sources)
            meta = ws.indicator(indicator)
        rows = rows.rename(columns={"region": "city", "period": "period_label", "period_code": "period"})
        return paged(labelled(rows, lang), paging,
                     indicator={"id": indicator, "name": meta[f"name_{lang}"], "unit": meta["unit"],
                                "unit_label": unit_label(str(meta["unit"]), lang)})

    return cached_json(request, state, compute)


@router.get("/bulletin", summary="The monthly bulletin of a region, every number footnoted to its source")
def bulletin(request: Request, region: Region = DEFAULT_REGION, period: Month = DEFAULT_MONTH) -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        rendered, where = rendered_bulletin(state, region, period, lang)
        return {"region": place(where, lang), "period": str(Period.parse_month(period)),
                "title": rendered.title, "markdown": rendered.markdown,
                "figures": [{"key": key, "value": fig.value, "unit_label": fig.unit, "formula": fig.formula,
                             "inputs": [figure(obs, lang) for obs in fig.inputs]}
                            for key, fig in rendered.figures.items()],
                "downloads": {fmt: f"{request.url.path}/download?format={fmt}" for fmt in DOWNLOADS}}

    return cached_json(request, state, compute)


@router.get("/bulletin/download", summary="The monthly bulletin as a file: Markdown, HTML or Word",
            response_class=Response,
            responses={200: {"content": {m.split(";")[0]: {} for m in DOWNLOADS.values()},
                             "description": "the bulletin file (Content-Disposition: attachment)"}})
def bulletin_download(request: Request, region: Region = DEFAULT_REGION, period: Month = DEFAULT_MONTH,
                      format: Annotated[Literal["md", "html", "docx"],
                                        Query(description="md, html or docx")] = "docx") -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> bytes:
        rendered, _ = rendered_bulletin(state, region, period, lang)
        if format == "docx":
            return rendered.docx()
        return (rendered.markdown if format == "md" else rendered.html()).encode("utf-8")

    name = f"bulletin-{region}-{Period.parse_month(period)}-{lang}.{format}"

    def respond(content: bytes, headers: dict[str, str]) -> Response:
        return Response(content, media_type=DOWNLOADS[format],
                        headers={**headers, "Content-Disposition": f'attachment; filename="{name}"'})

    return cached_response(request, state, compute, respond)


@router.get("/warnings", summary="Early-warning alerts of a region for a month, and the checks not made")
def warnings(request: Request, region: Region = DEFAULT_REGION, period: Month = DEFAULT_MONTH) -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        with state.reading("server") as ws:
            report = ws.warnings(region, period, lang)
            where = ws.region(region)
        alerts = [{**plain(a), "severity_label": t(f"analysis.warnings.level.{a.severity}", lang)}
                  for a in report.alerts]
        return {"region": place(where, lang), "period": str(Period.parse_month(period)), "alerts": alerts,
                "not_checked": [{"check": what, "reason": why} for what, why in report.skipped]}

    return cached_json(request, state, compute)


@router.get("/needed", summary="The growth the remaining months need for the annual target, and a verdict")
def needed(request: Request,
           indicator: Annotated[str, Query(description="a year-to-date growth indicator id, e.g. "
                                                       "above_size_industry_va_growth")],
           period: Month = DEFAULT_MONTH, region: Region = DEFAULT_REGION,
           target: Annotated[float | None, Query(description="annual growth target, % "
                                                             "(default: the targets table)")] = None,
           weights_from: Annotated[str | None, Query(description="level indicator whose last-year months "
                                                                 "weight the months")] = None) -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        with state.reading("server") as ws:
            report = ws.needed(indicator, period, target=target, region=region, weights_from=weights_from,
                               lang=lang)
            where = ws.region(region)
        return {"region": place(where, lang), "indicator_id": report.indicator_id, "label": report.label,
                "text": report.text,
                "result": {**plain(report.result), "months_left": report.result.months_left},
                "cited": [{"what": key, "what_label": t(f"analysis.needed.{key}", lang), **figure(obs, lang)}
                          for key, obs in report.cited]}

    return cached_json(request, state, compute)


@router.get("/frameworks", summary="The assessment frameworks shipped with the server")
def frameworks(request: Request, paging: Paging) -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        with state.reading("server") as ws:
            found = ws.frameworks()
        return paged(labelled(found.drop(columns="path"), lang), paging)

    return cached_json(request, state, compute)
