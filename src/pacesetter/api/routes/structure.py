"""Investment-promotion targeting: candidates for a chain's gaps and a city's industry opportunities.

Each route is one call of ``ws.structure`` on the store's listed-company registry (Qingdao by
default), with what the answer rests on first (``notes``: the registry and what it lacks, the
relatedness basis, how the score is built, that candidates are leads to verify). Reasons carry
their codes, values and contributions beside their words in the request's language; an unknown
factor is null, never 0.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field

from pacesetter.api.auth import needs, server
from pacesetter.api.errors import request_lang
from pacesetter.api.frames import cached_json
from pacesetter.api.routes.analysis import Region, place, plain
from pacesetter.api.routes.writes import TaskWriter, keeps_remit, readable_projects, task_out
from pacesetter.model.access import CITY, Action
from pacesetter.workspace.core import DEFAULT_REGION

router = APIRouter(prefix="/api/v1/structure", tags=["structure"], dependencies=[needs(Action.READ, CITY)])
# the write of a target: a task, under the task writers' roles and scopes (not the city readers')
writes = APIRouter(prefix="/api/v1/structure", tags=["structure"])
Chain = Annotated[str, Path(description="chain id (see /api/v1/chains), e.g. ic")]


class Assignment(BaseModel):
    """A candidate to turn into a 招商 task, as `pacesetter target assign` takes it."""

    chain: str = Field(min_length=1, max_length=64, description="chain id of the gap, e.g. ic")
    segment: str = Field(min_length=1, max_length=64, description="segment id of the gap, e.g. ic_mems")
    enterprise: str = Field(min_length=1, max_length=200, description="the candidate's id or exact name")
    owner: str = Field(min_length=1, max_length=200, description="who is responsible (a task force)")
    due: dt.date = Field(description="due date")
    region: str = Field(DEFAULT_REGION, pattern=r"^\d{6}$", description="the city (GB/T 2260)")
    projects: list[str] = Field(default_factory=list, max_length=100, description="projects it produced")


@router.get("/candidates/{chain}", summary="Candidate enterprises for each gap of a chain in a city, "
                                           "each score with its reasons (leads to verify)")
def candidates(chain: Chain, request: Request, region: Region = DEFAULT_REGION,
               top: Annotated[int, Query(ge=1, le=100, description="candidates per gap")] = 20,
               weights: Annotated[str | None, Query(
                   max_length=300, description="the weight of each factor, e.g. fit=0.4,relatedness=0.3 "
                   "(factors fit, criticality, relatedness, distance, scale, growth; one left out weighs 0), "
                   "normalised to add up to 1; the notes state the weights in use")] = None) -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        with state.reading("server") as ws:
            where = ws.region(region)
            found = ws.structure.candidates(chain, region, top=top, weights=weights)
        return {**found.to_json(lang), "region": place(where, lang)}

    return cached_json(request, state, compute)


@router.get("/opportunities", summary="A city's industry opportunities: relatedness density × product "
                                      "complexity by quadrant, as a table and as chart data")
def opportunities(request: Request, region: Region = DEFAULT_REGION) -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        with state.reading("server") as ws:
            where = ws.region(region)
            found = ws.structure.opportunities(region)
        return {**plain(found.to_json(lang)), "region": place(where, lang)}

    return cached_json(request, state, compute)


@writes.post("/assign", status_code=201,
             summary="Turn a candidate into a promotion task on its gap, its score and reasons recorded")
def assign(body: Assignment, request: Request, who: TaskWriter) -> dict[str, Any]:
    lang = request_lang(request)
    with server(request).writing(who.name) as ws:
        readable_projects(ws, who, body.projects)
        keeps_remit(who, "tasks", ws.tasks.draft_scope(body.chain, tuple(body.projects)))
        task = ws.structure.assign(body.chain, body.segment, body.enterprise, region=body.region,
                                   owner=body.owner, due=body.due, lang=lang, projects=body.projects)
    target = task.pop("target")
    return {**task_out(task, lang), "target": plain(target)}
