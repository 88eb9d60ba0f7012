"""The targeting pages: one page per gap of a chain (candidates with the reasons of their scores)
and a city's industry opportunities (quadrant chart and table).

Both call the Workspace as the API's structure routes do (``ws.structure.candidates``,
``.opportunities``), once per data version through :func:`pacesetter.api.routes.analysis.once`;
what is done here is choosing words in the user's language and laying them out. Candidates are
leads to verify, and an unknown factor of a score is shown as unknown, never as 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from pacesetter.api.auth import allowed, server
from pacesetter.api.errors import request_lang
from pacesetter.api.routes.analysis import once
from pacesetter.data.industry_labels import industry_name
from pacesetter.errors import NotFoundError
from pacesetter.i18n import t
from pacesetter.model.access import CITY, Action
from pacesetter.web.security import Session
from pacesetter.web.view import page
from pacesetter.workspace.core import DEFAULT_REGION

if TYPE_CHECKING:
    from pacesetter.workspace.structure import Candidates, Opportunities

router = APIRouter(include_in_schema=False)
Region = Annotated[str, Query(max_length=12, pattern=r"^\d{6}$")]
Id = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")]
TOP = 20


def _candidates(request: Request, chain: str, region: str) -> Candidates:
    try:
        return once(server(request), lambda ws: ws.structure.candidates(chain, region, top=TOP),
                    "web-targets", chain, region)
    except KeyError:  # the taxonomy names no such chain
        raise NotFoundError.said("api.errors.no_record", record=chain) from None


@router.get("/targets/{chain}/{segment}")
def gap_page(chain: Id, segment: Id, request: Request, session: Session,
             region: Region = DEFAULT_REGION) -> HTMLResponse:
    """One gap of a chain: its candidate enterprises, each score with its reasons, and the targets
    already assigned on it (those of tasks the user may read), each linked to its trace."""
    who, csrf = session
    allowed(who, Action.READ, CITY)
    lang = request_lang(request)
    found = _candidates(request, chain, region)
    gaps = {str(g["segment_id"]): g for g in found.gaps()}
    if segment not in gaps:
        raise NotFoundError.said("api.errors.no_record", record=segment)
    gap = gaps[segment]
    with server(request).reading(who.name) as ws:  # not cached: a task may be assigned any time
        assigned: dict[str, dict[str, Any]] = {}
        for g in ws.structure.assigned(chain, segment, region, who):
            entry = assigned.setdefault(str(g["enterprise_id"]), {
                "id": g["enterprise_id"], "name": found.enterprise_name(g, lang), "tasks": []})
            entry["tasks"].append(g["task_id"])
    cands = found.targeting.candidates
    rows = [{"rank": int(c["rank"]), "name": found.enterprise_name(c, lang), "id": str(c["enterprise_id"]),
             "region": found.region_name(str(c["region_code"]), lang) if isinstance(c["region_code"], str)
             else None, "industry": industry_name(str(c["industry_code"]), lang),
             "score": (f"{float(c['score']):.2f}" if c["score"] == c["score"]
                       else t("common.unknown", lang)),
             "reasons": found.worded_reasons(segment, str(c["enterprise_id"]), lang),
             "assigned": str(c["enterprise_id"]) in assigned}
            for c in cands[cands["segment_id"] == segment].to_dict("records")]
    return page(request, "structure_gap.html.j2", who=who, csrf=csrf, title_key="web.nav.chains",
                chain=chain, region=region, region_name=found.region_name(region, lang),
                chain_name=found.spec.name_zh if lang == "zh" else found.spec.name_en,
                segment=segment, segment_name=found.segment_name(segment, lang),
                gap_status=t(f"target.status.{gap['status']}", lang), gap_note=found.gap_note(gap, lang),
                notes=found.notes(lang), synthetic=found.basis.synthetic, rows=rows,
                assigned=list(assigned.values()),
                gaps=[{"id": sid, "name": found.segment_name(sid, lang), "current": sid == segment}
                      for sid in gaps])


def opportunities_spec(o: Opportunities, lang: str) -> dict[str, Any]:
    """The opportunities chart for the page (title on the page) with its data as CSV."""
    option = o.chart(lang)
    option["title"] = {"show": False}
    table = o.table(lang)
    return {"name": f"opportunities-{o.region}", "synthetic": o.basis.synthetic, "option": option,
            "csv": {"header": [str(c) for c in table.columns],
                    "rows": [[None if v != v else v for v in row] for row in table.itertuples(index=False)]}}


@router.get("/opportunities")
def opportunities_page(request: Request, session: Session, region: Region = DEFAULT_REGION) -> HTMLResponse:
    """A city's industry opportunities: relatedness density × product complexity by quadrant."""
    who, csrf = session
    allowed(who, Action.READ, CITY)
    lang = request_lang(request)
    o = once(server(request), lambda ws: ws.structure.opportunities(region), "web-opportunities", region)
    table = o.table(lang)
    rows = [["—" if v != v else f"{v:.2f}" if isinstance(v, float) else str(v) for v in r]
            for r in table.itertuples(index=False)]
    return page(request, "structure_opportunities.html.j2", who=who, csrf=csrf, title_key="web.nav.chains",
                region=region, heading=o.title(lang), notes=o.notes(lang),
                quadrants=opportunities_spec(o, lang),
                header=[str(c) for c in table.columns], rows=rows)
