"""The chains pages: the 24 chains as a heatmap, one chain's map with its what-if picker, and the
side panel of one segment (an htmx partial).

Every page calls the Workspace exactly as the API's chain routes do (``ws.chains.overview``,
``.map``, ``.diagnose``), once per data version through :func:`pacesetter.api.routes.analysis.once`;
what is done here is choosing words and names in the user's language and laying figures out.
Completeness is derived (its formula is the hover's source), enterprise counts rest on the
placements listed with their evidence in each segment's panel, and "not covered" is shown as
unknown, never as absent.
"""

from __future__ import annotations

import copy
import math
from typing import TYPE_CHECKING, Annotated, Any, cast

import pandas as pd
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from pacesetter.api.auth import allowed, server
from pacesetter.api.errors import request_lang
from pacesetter.api.routes.analysis import once
from pacesetter.chains import views
from pacesetter.chains.taxonomy import STAGES
from pacesetter.errors import NotFoundError
from pacesetter.i18n import t
from pacesetter.model.access import CITY, Action
from pacesetter.registry.lifecycle import stage_label
from pacesetter.render.numbers import format_share
from pacesetter.web.security import Session
from pacesetter.web.view import page, web_url
from pacesetter.workspace.core import DEFAULT_REGION

if TYPE_CHECKING:
    from pacesetter.api.state import ServerState
    from pacesetter.workspace.chains import ChainDiagnosis, ChainMap, ChainsOverview

router = APIRouter(include_in_schema=False)
Region = Annotated[str, Query(max_length=12, pattern=r"^\d{6}$")]
ChainId = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")]
PANEL = "segment-panel"


def _missing(v: object) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _listed(v: object) -> list[str]:
    """A list field of a record (an array, a list, or unknown) as a list of texts."""
    return [] if v is None or isinstance(v, (str, float)) or v is pd.NA else [str(x) for x in v]  # type: ignore[attr-defined]


def _pct(v: object) -> str | None:
    return None if _missing(v) else format_share(float(str(v)))


def _labels(lang: str) -> dict[str, str]:
    return {k: t(f"web.provenance.{k}", lang) for k in ("source", "publisher", "vintage", "status", "flags",
                                                         "synthetic")}


def _names(state: ServerState, lang: str) -> dict[str, str]:
    """Enterprise id → its name in ``lang`` (the English name where the data have one)."""
    firms = once(state, lambda ws: ws.enterprises.list()[["id", "name_zh", "name_en"]], "web-firm-names")
    shown = firms["name_zh"] if lang == "zh" else firms["name_en"].where(firms["name_en"].notna()
                                                                         & (firms["name_en"] != ""),
                                                                         firms["name_zh"])
    return dict(zip(firms["id"].astype(str), shown.astype(str), strict=True))


def _synthetic_ids(state: ServerState) -> frozenset[str]:
    firms = once(state, lambda ws: ws.enterprises.list()[["id", "synthetic"]], "web-enterprise-synthetic")
    return frozenset(firms.loc[firms["synthetic"].fillna(False).astype(bool), "id"].astype(str))


def _diagnosis(state: ServerState, chain: str, region: str, lang: str) -> ChainDiagnosis:
    try:
        return once(state, lambda ws: ws.chains.diagnose(chain, region, lang=lang), "web-chain",
                    chain, region, lang)
    except KeyError:  # the taxonomy names no such chain
        raise NotFoundError.said("api.errors.no_record", record=chain) from None


# --- the heatmap ----------------------------------------------------------------------------
def heatmap_spec(ov: ChainsOverview, lang: str, synthetic: bool) -> dict[str, Any]:
    """The Workspace's heatmap as a page chart: known cells coloured by completeness with the
    formula as their source; cells without a known completeness in a series of their own, grey,
    with their word (not covered, unconfirmed, —) and never a number."""
    option = copy.deepcopy(ov.heatmap_option(lang))
    chains, stages = option["yAxis"]["data"], option["xAxis"]["data"]
    derived, labels = t("web.chains.derived", lang), _labels(lang)
    known, unknown, rows = [], [], []
    for item in option["series"][0]["data"]:
        j, i, value = item["value"]
        word = item["label"]["formatter"]
        name = f"{chains[i]} · {stages[j]}"
        rows.append([chains[i], stages[j], word if value == "-" else round(100 * float(value), 1)])
        if value == "-":
            unknown.append({"value": [j, i, 0], "name": name, "label": item["label"],
                            "tooltip": {"formatter": f"{name}: {word}"}})
        else:
            known.append({**item, "name": name, "shown": word, "source": derived, "synthetic": synthetic,
                          "labels": labels})
    option["title"]["show"] = False  # the page says it in its heading
    option["grid"].update(top=40, left=190)
    option["tooltip"] = {"trigger": "item", "provenance": True, "confine": True}
    option["visualMap"].update(seriesIndex=0, calculable=False)
    option["visualMap"]["text"] = [f"100% {t('chains.map.completeness', lang)}", "0%"]
    option["series"] = [{**option["series"][0], "name": t("chains.map.completeness", lang), "data": known},
                        {"type": "heatmap", "name": views.status_word("not_covered", lang), "data": unknown,
                         "label": {"show": True, "color": "#333"},
                         "itemStyle": {"color": views.STATUS_COLORS["not_covered"]}}]
    return {"name": "chains-heatmap", "synthetic": synthetic, "option": option,
            "csv": {"header": [t(f"web.chains.csv.{k}", lang) for k in ("chain", "stage", "completeness")],
                    "rows": rows}}


def _chain_rows(ov: ChainsOverview, lang: str) -> list[dict[str, Any]]:
    """One row per chain for the table under the heatmap: counts unknown for an unconfirmed chain."""
    rows = []
    summary = ov.chains.set_index("chain_id")
    for spec in ov.basis.taxonomy:
        r = summary.loc[spec.id]
        known = bool(spec.identified)
        rows.append({
            "id": spec.id, "name": spec.name_zh if lang == "zh" else spec.name_en,
            "category": t(f"chains.category.{spec.category}", lang), "identified": known,
            "completeness": _pct(r["completeness"]) if known else None,
            "counts": [int(str(r[c])) if known else None for c in ("missing", "weak", "not_covered")],
            "leaders": int(str(r["leaders"])) if known and not _missing(r["leaders"]) else None})
    return rows


@router.get("/chains")
def chains_page(request: Request, session: Session, region: Region = DEFAULT_REGION) -> HTMLResponse:
    who, csrf = session
    allowed(who, Action.READ, CITY)
    state, lang = server(request), request_lang(request)
    ov = once(state, lambda ws: ws.chains.overview(region, lang=lang), "web-chains-overview", region, lang)
    placed = once(state, lambda ws: ws.chains.enterprises(region), "web-chain-placements", region)
    synthetic = ov.basis.synthetic or bool(set(placed["enterprise_id"].astype(str)) & _synthetic_ids(state))
    return page(request, "chains.html.j2", who=who, csrf=csrf, title_key="web.nav.chains",
                region_name=ov.basis.region_name, region=region, heatmap=heatmap_spec(ov, lang, synthetic),
                coverage=ov.basis.coverage(ov.diagnosis.segments, lang), rows=_chain_rows(ov, lang),
                authored=t("chains.authored_note", lang), statuses=_legend(lang))


def _legend(lang: str) -> list[dict[str, str]]:
    """The status colours with their words and what each means."""
    return [{"status": s, "colour": views.STATUS_COLORS[s], "word": views.status_word(s, lang),
             "means": t(f"web.chains.means.{s}", lang)} for s in ("missing", "weak", "present", "strong",
                                                                  "not_covered")]


# --- one chain ------------------------------------------------------------------------------
def map_spec(m: ChainMap, chain: str, region: str, lang: str, synthetic: bool) -> dict[str, Any]:
    """The Workspace's chain map as a page chart: a click on a segment opens its panel."""
    option = copy.deepcopy(m.option)
    option["title"]["show"] = False  # the heading and the authored note are on the page
    option["series"][0]["roam"] = False  # the page scrolls: a wheel over the map must not zoom it
    series = option["series"][0]
    xs, ys = [n["x"] for n in series["data"]], [n["y"] for n in series["data"]]
    aspect = (max(xs) - min(xs)) / max(max(ys) - min(ys), 1.0)
    # ECharts keeps the layout's aspect: fix the width (room for the labels at the nodes' right)
    # or the height (room for the legend), whichever binds in a map about 840 × 560 pixels
    series.update({"left": 40, "right": 210} if aspect > 1.35 else {"top": 40, "bottom": 80, "left": 60})
    series["label"] = {**series["label"], "width": 200, "overflow": "truncate"}  # hover: the whole name
    rows = [[views.stage_word(str(r["stage"]), lang), str(r["name_zh"] if lang == "zh" else r["name_en"]),
             views.status_label(r, lang), views.firm_count_word(r, lang)] for _, r in m.segments.iterrows()]
    return {"name": f"chain-{chain}", "synthetic": synthetic, "option": option, "notes": m.notes(),
            "click": {"url": f"/chains/{chain}/segments/{{id}}?region={region}", "target": PANEL},
            "csv": {"header": [t(f"web.chains.csv.{k}", lang) for k in ("stage", "segment", "status",
                                                                          "enterprises")], "rows": rows}}


def _scenarios(m: ChainMap, placed: pd.DataFrame, names: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Enterprise id → its what-if for the picker: name in the user's language, the segments it
    leaves (greyed out), the nodes after, what it takes with it in words."""
    mine = placed[placed["chain_id"] == m.spec.id]
    where = {str(k): sorted(set(g["segment_id"].astype(str))) for k, g in mine.groupby("enterprise_id")}
    found = {str(s["key"]): {"label": names.get(str(s["key"]), str(s["label"])), "nodes": s["nodes"],
                             "summary": s["summary"],
                             "segments": where.get(str(s["key"]), [])}
             for s in m.scenarios or []}
    return dict(sorted(found.items(), key=lambda item: str(item[1]["label"])))


def _map(state: ServerState, chain: str, region: str, lang: str, *, scenarios: bool) -> ChainMap:
    return once(state, lambda ws: ws.chains.map(chain, region, lang=lang, scenarios=scenarios),
                "web-chain-map", chain, region, lang, scenarios)


def _enterprises(chain: str, placed: pd.DataFrame, names: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Enterprise id → its name for the picker, before its what-if is fetched."""
    ids = sorted(set(placed.loc[placed["chain_id"] == chain, "enterprise_id"].astype(str)))
    return dict(sorted(((i, {"label": names.get(i, i)}) for i in ids), key=lambda item: item[1]["label"]))


@router.get("/chains/{chain}/what-if.json")
def what_ifs(request: Request, session: Session, chain: ChainId, region: Region = DEFAULT_REGION
             ) -> dict[str, Any]:
    """Every enterprise's what-if of a chain map, for the picker (fetched when first used)."""
    who, _ = session
    allowed(who, Action.READ, CITY)
    state, lang = server(request), request_lang(request)
    d = _diagnosis(state, chain, region, lang)
    placed = d.placements if d.placements is not None else pd.DataFrame(
        columns=["chain_id", "segment_id", "enterprise_id"])
    return {"scenarios": _scenarios(_map(state, chain, region, lang, scenarios=True), placed,
                                    _names(state, lang))}


@router.get("/chains/{chain}")
def chain_page(request: Request, session: Session, chain: ChainId, region: Region = DEFAULT_REGION,
               remove: Annotated[str | None, Query(max_length=200)] = None) -> HTMLResponse:
    who, csrf = session
    allowed(who, Action.READ, CITY)
    state, lang = server(request), request_lang(request)
    d = _diagnosis(state, chain, region, lang)
    # the what-if of every enterprise is most of a chain page's first view (a diagnosis each):
    # the page is drawn without them and the picker fetches them (what-if.json) when used; a
    # view sent with ?remove= (or a browser without script) gets them at once
    m = _map(state, chain, region, lang, scenarios=remove is not None)
    placed = d.placements if d.placements is not None else pd.DataFrame(
        columns=["chain_id", "segment_id", "enterprise_id"])
    names = _names(state, lang)
    synthetic = d.basis.synthetic or bool(
        set(placed.loc[placed["chain_id"] == chain, "enterprise_id"].astype(str)) & _synthetic_ids(state))
    scenarios = (_scenarios(m, placed, names) if m.scenarios is not None
                 else _enterprises(chain, placed, names))
    links = d.links_table(lang, 5)
    summary = d.summary
    spec = d.spec
    facts = None
    if spec.identified:
        facts = {"completeness": _pct(summary["completeness"]),
                 "counts": [(views.status_word(s, lang), int(summary[s]))
                            for s in ("strong", "present", "weak", "missing", "not_covered")],
                 "single_points": int(summary["single_points"]),
                 "leader_dependence": _pct(summary["leader_dependence"])}
    return page(request, "chain.html.j2", who=who, csrf=csrf, title_key="web.nav.chains",
                chain=chain, region=region, region_name=d.basis.region_name,
                name=spec.name_zh if lang == "zh" else spec.name_en, identified=spec.identified,
                category=t(f"chains.category.{spec.category}", lang), facts=facts,
                coverage=d.basis.coverage(d.segments, lang), authored=t("chains.authored_note", lang),
                chain_map=map_spec(m, chain, region, lang, synthetic) if spec.identified else None,
                panel=PANEL, statuses=_legend(lang),
                scenarios=scenarios, remove=remove if remove in scenarios else None,
                stages=[(views.stage_word(stage, lang),
                         [{"id": r["segment_id"], "name": r["name_zh"] if lang == "zh" else r["name_en"],
                           "status": r["status"], "word": views.status_label(r, lang),
                           "leader": r["leader_present"] is True, "n": views.firm_count(r)}  # None: unknown
                          for _, r in d.segments[d.segments["stage"] == stage].iterrows()])
                        for stage in STAGES],
                first_gap=next(iter(  # the page of candidates for the chain's gaps starts at the first
                    d.segments.loc[d.segments["status"].isin(["missing", "weak", "not_covered"]),
                                   "segment_id"].astype(str)), None),
                links=[{**dict(zip(("rank", "segment", "action", "priority", "reason"), row, strict=True)),
                        "id": str(sid)}  # the gap's page of candidates links by segment id
                       for row, sid in zip(links.itertuples(index=False), d.links(5)["segment_id"],
                                           strict=True)])


# --- one segment (the side panel) -----------------------------------------------------------
def _link(url: object) -> str | None:
    return None if _missing(url) else web_url(url)


@router.get("/chains/{chain}/segments/{segment}")
def segment_panel(request: Request, session: Session, chain: ChainId,
                  segment: Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")],
                  region: Region = DEFAULT_REGION) -> HTMLResponse:
    """A segment's enterprises (basis and evidence), tasks and projects on it, policy support and
    the reason for its status: the partial the chain map loads into its side panel."""
    who, csrf = session
    allowed(who, Action.READ, CITY)
    state, lang = server(request), request_lang(request)
    d = _diagnosis(state, chain, region, lang)
    found = d.segments[d.segments["segment_id"] == segment]
    if found.empty:
        raise NotFoundError.said("api.errors.no_record", record=segment)
    row = found.iloc[0]
    names, fake = _names(state, lang), _synthetic_ids(state)
    placed = d.placements if d.placements is not None else pd.DataFrame(
        columns=["chain_id", "segment_id", "enterprise_id", "leader", "basis", "via", "source"])
    here = placed[(placed["chain_id"] == chain) & (placed["segment_id"] == segment)]
    segment_names = {s.id: s.name_zh if lang == "zh" else s.name_en
                     for c in d.basis.taxonomy for s in c.segments}
    firms = [{"name": names.get(str(r["enterprise_id"]), str(r["name_zh"])), "leader": bool(r["leader"]),
              "basis": t(f"chains.basis.{r['basis']}", lang),
              "via": None if _missing(r["via"]) else segment_names.get(str(r["via"]), str(r["via"])),
              "source": _link(r["source"]), "source_text": "" if _missing(r["source"]) else str(r["source"]),
              "synthetic": str(r["enterprise_id"]) in fake}
             for _, r in here.sort_values(["leader", "enterprise_id"], ascending=[False, True]).iterrows()]
    with state.reading(who.name) as ws:
        tasks = cast("list[dict[str, Any]]", ws.tasks.trace("gap", chain, segment, who=who)["tasks"])
        policies = ws.policies.list()
        chain_projects = len(ws.projects.seen_by(who, ws.projects.list(chain=chain)))
    links = d.links()
    ranked = [str(s) for s in links["segment_id"]]
    support = [{"name": str(p["name_zh"]), "issuer": None if _missing(p["issuer"]) else str(p["issuer"]),
                "instruments": t("chains.list_sep", lang).join(
                    t(f"registry.instrument.{i}", lang) for i in _listed(p["instruments"])),
                "source": _link(p["source"])}
               for _, p in policies.iterrows() if chain in _listed(p["chain_ids"])]
    spec = d.spec.segment(segment)
    return page(request, "_segment.html.j2", who=who, csrf=csrf, title_key="web.nav.chains",
                chain=chain, segment=segment, name=spec.name_zh if lang == "zh" else spec.name_en,
                stage=views.stage_word(str(row["stage"]), lang), seg_status=str(row["status"]),
                status_word=views.status_label(row, lang), colour=views.STATUS_COLORS[str(row["status"])],
                reason=views.render_reason(row, d.basis.thresholds, lang), critical=bool(spec.critical),
                gap=None if segment not in ranked else {
                    "rank": ranked.index(segment) + 1,
                    "action": t(f"chains.action.{links['action'].iloc[ranked.index(segment)]}", lang)},
                firms=firms, tasks=[_task(task, lang) for task in tasks], chain_projects=chain_projects,
                policies=support, coverage=d.basis.coverage(d.segments, lang))


def _task(task: dict[str, Any], lang: str) -> dict[str, Any]:
    """A task on the segment with the indicator it serves and the projects it produced, in words."""
    return {"id": task["id"], "title": task["title"], "owner": task["owner"],
            "status": t(f"registry.status.{task['status']}", lang), "due": task["due"],
            "synthetic": bool(task["synthetic"]),
            "indicator": task.get(f"indicator_{lang}") or task.get("indicator_zh"),
            "projects": [{"id": p["id"], "alias": p["alias"], "name": p["name_zh"],
                          "stage": stage_label(str(p["stage"]), lang), "synthetic": bool(p["synthetic"])}
                         for p in task.get("projects", [])]}

