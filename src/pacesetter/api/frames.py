"""Plain data to JSON: tables as lists of records, one page at a time, cached by data version.

Every list answers ``{"items": [...], "total": n, "page": p, "per_page": k, "columns": [...]}``
plus, where the Workspace states it, what the answer rests on (``coverage``). Missing values are ``null`` —
never 0 — and dates are ISO 8601.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Query, Request, Response
from fastapi.responses import JSONResponse

from pacesetter.api.errors import request_lang
from pacesetter.api.state import ServerState

if TYPE_CHECKING:
    import pandas as pd

MAX_PER_PAGE = 1000


@dataclass(frozen=True)
class Page:
    """Which slice of a list: ``page`` from 1, ``per_page`` rows (at most 1000)."""

    page: int = 1
    per_page: int = 100


def page_params(page: Annotated[int, Query(ge=1, description="page number, from 1")] = 1,
                per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="rows per page")] = 100
                ) -> Page:
    """The pagination query parameters of every list."""
    return Page(page, per_page)


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame as JSON records: NaN and NaT as null, numpy scalars as numbers, and times ISO —
    a column of midnights (a vintage, a due date) as plain dates, ``2022-09-15``."""
    import pandas as pd

    df = df.copy(deep=False)
    for col in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[col]):
            times = df[col]
            dates_only = bool((times.dropna() == times.dropna().dt.normalize()).all())
            df[col] = times.dt.strftime("%Y-%m-%d" if dates_only else "%Y-%m-%dT%H:%M:%S").astype(object)
            df.loc[times.isna(), col] = None
        elif df[col].dtype == object:
            df[col] = df[col].map(_iso)
    out: list[dict[str, Any]] = json.loads(df.to_json(orient="records", date_format="iso", force_ascii=False))
    return out


def one(record: dict[str, object]) -> dict[str, Any]:
    """One record as JSON, through the same conversion as lists."""
    import pandas as pd

    return records(pd.DataFrame([record]))[0]


def _iso(value: object) -> object:
    """A date or time inside an object column as ISO text (others as they are)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat() if isinstance(value, dt.date) else value


def paged(df: pd.DataFrame, page: Page, **extra: Any) -> dict[str, Any]:
    """One page of ``df`` in the list format; ``extra`` (e.g. coverage) is added as is. ``columns``
    names the fields of an item, also when the page is empty (a client's empty table keeps its header)."""
    start = (page.page - 1) * page.per_page
    return {"items": records(df.iloc[start:start + page.per_page]), "total": len(df),
            "page": page.page, "per_page": page.per_page, "columns": [str(c) for c in df.columns], **extra}


def cache_key(request: Request, *parts: object) -> str:
    """What a response depends on: its path, its query (sorted), its language and ``parts``
    (e.g. the user's scope, for lists narrowed to it)."""
    query = "&".join(f"{k}={v}" for k, v in sorted(request.query_params.multi_items()))
    return "\x00".join([request.url.path, query, request_lang(request), *map(str, parts)])


def cached_response(request: Request, state: ServerState, compute: Callable[[], Any],
                    respond: Callable[[Any, dict[str, str]], Response], *parts: object) -> Response:
    """An answer computed once per data version, with its ETag (``If-None-Match`` → 304);
    ``respond(content, headers)`` makes the response (JSON, a file download)."""
    key = cache_key(request, *parts)
    etag = state.etag(key)
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    return respond(state.cached(key, compute), {"ETag": etag, "Cache-Control": "private, no-cache"})


def cached_json(request: Request, state: ServerState, compute: Callable[[], Any], *parts: object) -> Response:
    """A JSON answer computed once per data version, with its ETag; ``If-None-Match`` → 304.
    The rendered bytes are what is cached, so a repeated request is not serialised again."""
    def rendered() -> bytes:
        return bytes(JSONResponse(compute()).body)

    return cached_response(request, state, rendered, lambda body, headers: Response(
        body, media_type="application/json", headers=headers), *parts)
