"""How a figure's source is written wherever it is cited: address, release date, status, cautions."""

from __future__ import annotations

import datetime as dt
import math


def source_note(
    source: str,
    released: dt.date | str | None,
    status: str = "",
    *,
    flags: str = "",
    derived_from: str = "",
    lang: str = "zh",
) -> str:
    """``URL (发布 2023-03-01; final) derived: … ⚠ flags``, saying so when the date is unstated.

    A missing release date is written out ("发布日期未注明" / "release date not stated"),
    never left blank, so a reader can tell unknown from forgotten.
    """
    zh = lang == "zh"
    if _blank(released):
        when = "发布日期未注明" if zh else "release date not stated"
    else:
        if isinstance(released, dt.datetime):
            released = released.date()
        day = released.isoformat() if isinstance(released, dt.date) else str(released)[:10]
        when = f"发布 {day}" if zh else f"released {day}"
    inside = f"{when}; {status}" if status else when
    derived = f" derived: {derived_from}" if derived_from else ""
    caution = f" ⚠ {flags}" if flags else ""
    return f"{source} ({inside}){derived}{caution}"


def _blank(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return str(value) in ("", "NaT", "nan", "<NA>")  # pandas' missing markers, without importing pandas
