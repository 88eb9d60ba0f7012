"""The industrial chains: list, one chain's diagnosis, its map, the overview heatmap and what-ifs.

Each route is one call of ``ws.chains`` on the store (Qingdao by default), every diagnosis with
what it rests on (``coverage``: the registries in use and the segments none of them covers,
which are unknown, never absent) and the note that the segment structure is authored. Status,
stage, category and action words are in the request's language beside their codes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import pandas as pd
from fastapi import APIRouter, Depends, Path, Query, Request, Response

from pacesetter.api.auth import needs, server
from pacesetter.api.errors import request_lang
from pacesetter.api.frames import Page, cached_json, page_params, paged, records
from pacesetter.api.routes.analysis import Region, labelled, place, plain
from pacesetter.chains import report, views
from pacesetter.errors import InputError
from pacesetter.i18n import t
from pacesetter.model.access import CITY, Action
from pacesetter.workspace.core import DEFAULT_REGION

if TYPE_CHECKING:
    from pacesetter.chains.taxonomy import ChainSpec

router = APIRouter(prefix="/api/v1/chains", tags=["chains"], dependencies=[needs(Action.READ, CITY)])
Paging = Annotated[Page, Depends(page_params)]
Chain = Annotated[str, Path(description="chain id (see /api/v1/chains), e.g. smart_appliance")]
COUNTS = ["segments", "chokepoints", "not_covered", "missing", "weak", "present", "strong", "completeness",
          "single_points", "leaders", "leader_dependence"]


def chain_words(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Segment or chain rows with their words in ``lang``: name, status, stage, action, category;
    the counts of an unconfirmed chain (no source names it) are unknown, never 0."""
    out = labelled(df.drop(columns=["status"], errors="ignore"), lang)
    if "status" in df:
        out["status"] = df["status"]
        out["status_label"] = [views.status_label(r, lang) for _, r in df.iterrows()]
    for col, word in (("stage", views.stage_word), ("action", lambda a, lg: t(f"chains.action.{a}", lg)),
                      ("category", lambda c, lg: t(f"chains.category.{c}", lg))):
        if col in out:
            out[f"{col}_label"] = [word(str(v), lang) for v in out[col]]
    if "identified" in out:
        counts = [c for c in COUNTS if c in out]
        out[counts] = out[counts].astype(object).where(out["identified"], None)
    return out


def chain_head(spec: ChainSpec, lang: str) -> dict[str, Any]:
    """A chain as answers name it: id, name, category, whether a source names it, authored note."""
    return {"id": spec.id, "name": spec.name_zh if lang == "zh" else spec.name_en, "category": spec.category,
            "category_label": t(f"chains.category.{spec.category}", lang), "identified": spec.identified,
            "identified_label": None if spec.identified else t("chains.unconfirmed", lang),
            "authored": spec.authored, "authored_note": t("chains.authored_note", lang)}


@router.get("", summary="The chains of the taxonomy with their segment and chokepoint counts")
def chains(request: Request, paging: Paging) -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        with state.reading("server") as ws:
            found = ws.chains.list()
        return paged(chain_words(found, lang), paging, authored_note=t("chains.authored_note", lang))

    return cached_json(request, state, compute)


@router.get("/overview", summary="Every chain of a region at a glance: completeness, gaps, single points, "
                                 "leaders; the heatmap's data; coverage first")
def overview(request: Request, region: Region = DEFAULT_REGION) -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        with state.reading("server") as ws:
            where = ws.region(region)
            ov = ws.chains.overview(region, lang=lang)
        names = {c.id: c.name_zh if lang == "zh" else c.name_en for c in ov.basis.taxonomy}
        rows = chain_words(ov.chains, lang).assign(name=lambda d: d["chain_id"].map(names))
        multi = ov.multi_chain_table(lang)
        return {"region": place(where, lang), "coverage": ov.basis.coverage(ov.diagnosis.segments, lang),
                "authored_note": t("chains.authored_note", lang), "chains": records(rows),
                "stages": records(chain_words(ov.stages(), lang).assign(
                    name=lambda d: d["chain_id"].map(names))),
                "heatmap": plain(ov.heatmap_option(lang)),
                "multi_chain": None if multi is None else records(multi)}

    return cached_json(request, state, compute)


@router.get("/{chain}", summary="One chain's diagnosis: segments present, weak, missing or not covered, "
                                "with reasons, links to fill and the enterprises placed, coverage first")
def diagnosis(chain: Chain, request: Request, region: Region = DEFAULT_REGION,
              top: Annotated[int, Query(ge=1, le=100, description="how many links to fill to list")] = 5,
              reference: Annotated[str | None, Query(description="location-quotient reference region "
                                                                 "(default: every region in the store)")]
              = None
              ) -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        with state.reading("server") as ws:
            where = ws.region(region)
            d = ws.chains.diagnose(chain, region, reference=reference, lang=lang)
        out = d.to_json(lang, top)
        placed = d.placements
        mine = placed[placed["chain_id"] == chain] if placed is not None else None
        return {**out, "region": place(where, lang), "chain": chain_head(d.spec, lang),
                "segments": records(chain_words(d.segments, lang).assign(reason_text=[
                    views.render_reason(r, d.basis.thresholds, lang) for _, r in d.segments.iterrows()])),
                "links_to_fill": records(chain_words(d.links(top), lang)),
                "enterprises": None if mine is None else records(mine)}

    return cached_json(request, state, compute)


@router.get("/{chain}/map", summary="The chain map coloured by status (ECharts option), with its coverage")
def chain_map(chain: Chain, request: Request, region: Region = DEFAULT_REGION) -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        with state.reading("server") as ws:
            where = ws.region(region)
            m = ws.chains.map(chain, region, lang=lang)
        return {"region": place(where, lang), "chain": chain_head(m.spec, lang),
                "coverage": m.basis.coverage(m.segments, lang), "notes": m.notes(), "option": plain(m.option)}

    return cached_json(request, state, compute)


@router.get("/{chain}/what-if", summary="What removing enterprises or segments takes with it, by chain")
def what_if(chain: Chain, request: Request, region: Region = DEFAULT_REGION,
            remove: Annotated[list[str] | None, Query(description="enterprise ids or exact names to remove")]
            = None,
            remove_segment: Annotated[list[str] | None, Query(description="segment ids to remove")] = None
            ) -> Response:
    state, lang = server(request), request_lang(request)
    if not remove and not remove_segment:
        raise InputError.said("api.chains.nothing_removed")

    def compute() -> dict[str, Any]:
        with state.reading("server") as ws:
            where = ws.region(region)
            d = ws.chains.diagnose(chain, region, remove=remove or [], remove_segment=remove_segment or [],
                                   lang=lang)
        taxonomy = d.basis.taxonomy
        return {"region": place(where, lang), "chain": chain_head(d.spec, lang),
                "coverage": d.basis.coverage(d.segments, lang),
                "removed": {"enterprises": remove or [], "segments": remove_segment or []},
                "what_if": [{**plain(w), "chain": chain_head(taxonomy.chain(w.chain_id), lang),
                             "lines": report.what_if_lines(w, taxonomy.chain(w.chain_id), lang)}
                            for w in d.what_if.values()]}

    return cached_json(request, state, compute)
