"""Regions, indicators and observations: the reference tables and every figure with its source."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from pacesetter.api.auth import needs, server
from pacesetter.api.frames import Page, cached_json, one, page_params, paged
from pacesetter.model.access import CITY, Action

router = APIRouter(prefix="/api/v1", tags=["reference"], dependencies=[needs(Action.READ, CITY)])
Paging = Annotated[Page, Depends(page_params)]


@router.get("/regions", summary="Regions (GB/T 2260 codes), filterable by level and parent")
def regions(request: Request, paging: Paging, level: str | None = None,
            parent: str | None = None) -> Response:
    state = server(request)

    def compute() -> dict[str, Any]:
        with state.reading("server") as ws:
            df = ws.table("regions")
        if level is not None:
            df = df[df["level"] == level]
        if parent is not None:
            df = df[df["parent"] == parent]
        return paged(df, paging)

    return cached_json(request, state, compute)


@router.get("/regions/{code}", summary="One region by its GB/T 2260 code")
def region(code: str, request: Request) -> dict[str, Any]:
    with server(request).reading("server") as ws:
        return one(ws.region(code))


@router.get("/indicators", summary="The indicator catalogue: unit, frequency, kind, polarity, definition")
def indicators(request: Request, paging: Paging, kind: str | None = None) -> Response:
    state = server(request)

    def compute() -> dict[str, Any]:
        with state.reading("server") as ws:
            df = ws.table("indicators")
        if kind is not None:
            df = df[df["kind"] == kind]
        return paged(df, paging)

    return cached_json(request, state, compute)


@router.get("/indicators/{indicator_id}", summary="One indicator of the catalogue")
def indicator(indicator_id: str, request: Request) -> dict[str, Any]:
    with server(request).reading("server") as ws:
        return one(ws.indicator(indicator_id))


@router.get("/observations", summary="Observations with source, publisher, quote, flags, vintage and status")
def observations(request: Request, paging: Paging,
                 indicator: Annotated[list[str] | None, Query(description="indicator ids")] = None,
                 region: Annotated[list[str] | None, Query(description="GB/T 2260 region codes")] = None,
                 period: Annotated[list[str] | None, Query(description="periods, e.g. 2022-08, 2022")] = None,
                 vintage: Annotated[dt.date | None, Query(description="what was known on this date")] = None,
                 all_vintages: Annotated[bool, Query(description="every vintage and source, not the latest")]
                 = False) -> Response:
    state = server(request)

    def compute() -> dict[str, Any]:
        with state.reading("server") as ws:
            df = ws.observations(indicator, region, period, vintage=vintage, latest=not all_vintages)
        return paged(df, paging)

    return cached_json(request, state, compute)

