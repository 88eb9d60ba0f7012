"""How a figure's source is written wherever it is cited: address, original publisher and document,
whether the address is a reprint, release date, status, derivation, cautions.

Every face (overview, show, assess, bulletin, warnings) cites through these functions, so a
reader sees the same words for the same provenance everywhere.
"""

from __future__ import annotations

import datetime as dt
import math

from pacesetter.i18n import catalogue, t

# Reliability flags as stored (``observations.flags``, "; "-joined): shown through flag_label.
FLAG_SEPARATOR = "; "


def status_label(status: str, lang: str = "zh") -> str:
    """The status in words ("初步数" / "preliminary"; "状态未注明" / "status not stated").

    A status the catalogue does not know (stored by a newer version) is shown as stored.
    """
    key = f"outputs.status.{status}"
    return t(key, lang) if key in catalogue(lang) else status


def flag_label(flags: str, lang: str = "zh") -> str:
    """Stored reliability flags ("LOW RELIABILITY; YEAR INFERRED") in ``lang``; an unknown one as stored."""
    words = []
    for flag in filter(None, (f.strip() for f in flags.split(FLAG_SEPARATOR.strip()))):
        key = "outputs.flag." + flag.lower().replace(" ", "_")
        words.append(t(key, lang) if key in catalogue(lang) else flag)
    return t("outputs.source.sep", lang).join(words)


def origin_note(publisher: object = "", document: object = "", source_kind: object = "",
                lang: str = "zh") -> str:
    """``原始发布：青岛市统计局《…公报》；转载/镜像页面，非原始发布`` — what the data know of the original.

    A reprint whose original publisher is not known says so; "" when nothing is recorded.
    """
    pub, doc, kind = (_text(publisher), _text(document), _text(source_kind))
    parts = []
    if pub or doc:
        original = t("outputs.source.origin_join", lang).join(p for p in (pub, doc) if p)
        parts.append(t("outputs.source.origin", lang, original=original))
    elif kind == "reprint":
        parts.append(t("outputs.source.origin_unknown", lang))
    if kind:
        key = f"outputs.source_kind.{kind}"
        parts.append(t(key, lang) if key in catalogue(lang) else kind)
    return t("outputs.source.sep", lang).join(parts)


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
    """``URL [原始发布：…；转载/镜像] (发布 2023-03-01; 初步数) 推算值：… ⚠ 可靠性低``.

    A missing release date is written out ("发布日期未注明" / "release date not stated"),
    never left blank, so a reader can tell unknown from forgotten; so is a missing status.
    """
    if _blank(released):
        when = t("outputs.source.no_release_date", lang)
    else:
        if isinstance(released, dt.datetime):
            released = released.date()
        day = released.isoformat() if isinstance(released, dt.date) else str(released)[:10]
        when = t("outputs.source.released", lang, day=day)
    inside = f"{when}; {status_label(status, lang)}" if status else when
    origin = origin_note(publisher, document, source_kind, lang)
    derived = t("outputs.source.derived", lang, formula=derived_from) if derived_from else ""
    caution = f" ⚠ {flag_label(flags, lang)}" if flags else ""
    return f"{source}{f' [{origin}]' if origin else ''} ({inside}){derived}{caution}"


def _text(value: object) -> str:
    return "" if _blank(value) else str(value)


def _blank(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    # pandas' missing markers, without importing pandas
    return str(value) in ("", "NaT", "nan", "<NA>", "None")
