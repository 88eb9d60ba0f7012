"""Rows of DataFrames as typed values, where pandas-stubs can only give a union of every scalar type."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol, cast

import pandas as pd


class TextRow(Protocol):
    """A row of a text-only frame (see :func:`text_rows`): every field is a ``str``."""

    def __getattr__(self, name: str, /) -> str: ...


def text_rows(df: pd.DataFrame) -> Iterator[TextRow]:
    """``df.itertuples(index=False)`` of a frame whose cells are all text (``read_csv(dtype=str)``)."""
    return cast("Iterator[TextRow]", df.itertuples(index=False))


def records_of(df: pd.DataFrame) -> list[dict[str, Any]]:
    """``df.to_dict("records")`` of a frame whose column names are all ``str``."""
    return cast("list[dict[str, Any]]", df.to_dict("records"))
