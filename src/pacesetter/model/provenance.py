"""How a figure's source is written wherever it is cited: address, original publisher and document,
whether the address is a reprint, release date, status, derivation, cautions.

Every face (overview, show, assess, bulletin, warnings) cites through these functions, so a
reader sees the same words for the same provenance everywhere.
"""

from __future__ import annotations

import datetime as dt
import math

# A figure's status as its source states it; "not_stated" (未注明) when the source does not say.
STATUS_LABELS: dict[str, dict[str, str]] = {
    "zh": {"preliminary": "初步数", "final": "正式数", "revised": "修订数", "target": "目标值",
           "expected": "预计数", "not_stated": "状态未注明"},
    "en": {"preliminary": "preliminary", "final": "final", "revised": "revised", "target": "target",
           "expected": "expected", "not_stated": "status not stated"},
}
# What the cited address is (the ``source_kind`` column; rules in data/macro/PUBLISHERS.md).
KIND_LABELS: dict[str, dict[str, str]] = {
    "zh": {"official": "发布机构官网", "news": "新闻报道", "reprint": "转载/镜像页面，非原始发布",
           "unknown": "网站性质不明"},
    "en": {"official": "the publisher's own page", "news": "news report",
           "reprint": "a mirror or reprint, not the original", "unknown": "site not identified"},
}


def status_label(status: str, lang: str = "zh") -> str:
    """The status in words ("初步数" / "preliminary"; "状态未注明" / "status not stated")."""
    return STATUS_LABELS["zh" if lang == "zh" else "en"].get(status, status)


def origin_note(publisher: object = "", document: object = "", source_kind: object = "",
                lang: str = "zh") -> str:
    """``原始发布：青岛市统计局《…公报》；转载/镜像页面，非原始发布`` — what the data know of the original.

    A reprint whose original publisher is not known says so; "" when nothing is recorded.
    """
    zh = lang == "zh"
    pub, doc, kind = (_text(publisher), _text(document), _text(source_kind))
    parts = []
    if pub or doc:
        parts.append(("原始发布：" if zh else "original: ") + (pub + doc if zh else ", ".join(
            p for p in (pub, doc) if p)))
    elif kind == "reprint":
        parts.append("原始发布机构未知" if zh else "original publisher unknown")
    if kind:
        parts.append(KIND_LABELS["zh" if zh else "en"].get(kind, kind))
    return ("；" if zh else "; ").join(parts)


def source_note(
    source: str,
    released: dt.date | str | None,
    status: str = "",
    *,
    flags: str = "",
    derived_from: str = "",
    publisher: object = "",
    document: object = "",
    source_kind: object = "",
    lang: str = "zh",
) -> str:
    """``URL [原始发布：…；转载/镜像] (发布 2023-03-01; 初步数) 推算值：… ⚠ flags``.

    A missing release date is written out ("发布日期未注明" / "release date not stated"),
    never left blank, so a reader can tell unknown from forgotten; so is a missing status.
    """
    zh = lang == "zh"
    if _blank(released):
        when = "发布日期未注明" if zh else "release date not stated"
    else:
        if isinstance(released, dt.datetime):
            released = released.date()
        day = released.isoformat() if isinstance(released, dt.date) else str(released)[:10]
        when = f"发布 {day}" if zh else f"released {day}"
    inside = f"{when}; {status_label(status, lang)}" if status else when
    origin = origin_note(publisher, document, source_kind, lang)
    derived = (f" 推算值：{derived_from}" if zh else f" derived: {derived_from}") if derived_from else ""
    caution = f" ⚠ {flags}" if flags else ""
    return f"{source}{f' [{origin}]' if origin else ''} ({inside}){derived}{caution}"


def _text(value: object) -> str:
    return "" if _blank(value) else str(value)


def _blank(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    # pandas' missing markers, without importing pandas
    return str(value) in ("", "NaT", "nan", "<NA>", "None")
