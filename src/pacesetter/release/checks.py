"""Checks of proposals before anything lands, and a confidence per proposal with its reasons.

Internal consistency: a stated change in 个百分点 agrees with both rates where both are known
(±0.1 pp: published changes are computed from unrounded rates, CONVENTIONS §9), the same for a
gap to another region or indicator; a share or contribution share lies in 0–100; the period is
one the release can cover (not after the release's own period or date), and neither it nor
the release date lies in the future. Agreement with the
store: the same figure is a confirmation, a different one a revision proposal (landed as a new
vintage, never over the stored row). Confidence: low when the indicator is new or one the store
does not hold yet (the import refuses its rows until it is added), the period or region is open,
or a check fails; medium when the figure is approximate (左右, 约), of another named place, or
revises the store; high otherwise. Every reason is a message key (extract.reason.<key>), in zh and en.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date

from pacesetter.errors import PacesetterError
from pacesetter.model.periods import Period
from pacesetter.model.units import convert
from pacesetter.release import catalogue
from pacesetter.release.extract import NATION, Extraction, Issue, Proposal, earlier_period
from pacesetter.release.parse import Relation
from pacesetter.release.periods import parse_release_period

TOLERANCE_PP = 0.1
CONFIDENCES = ("high", "medium", "low")


@dataclass(frozen=True)
class Stored:
    """The latest stored figure under a key: value, unit and release date."""

    value: float
    unit: str
    vintage: date | None


Key = tuple[str, str, str]  # indicator, region, period


def check(extraction: Extraction, stored: Mapping[Key, Stored],
          indicators: Collection[str] | None = None, today: date | None = None) -> Extraction:
    """The extraction with every proposal checked, compared with the store and given a confidence;
    ``indicators``: the ids the store holds (None: not checked); ``today``: the date a release or
    period must not be after (default: the system's)."""
    known: dict[Key, float] = {}
    for p in extraction.proposals:
        if p.indicator_id and p.region_code and p.period:
            known.setdefault((p.indicator_id, p.region_code, p.period), p.value)
    for key, row in stored.items():
        known.setdefault(key, row.value)
    limit = _release_end(extraction)
    now = today or date.today()
    future = [Issue("published_future", {"published": extraction.published})] if (
        extraction.published and extraction.published > now) else []
    out = []
    for p in extraction.proposals:
        found = [*p.issues, *future, *_internal(p, known, extraction.year, extraction.region, limit)]
        end = Period.parse(p.period) if p.period else None
        if end is not None and (end.end_year, end.end_month) > (now.year, now.month):
            found.append(Issue("period_future", {"period": end}))
        if indicators is not None and p.indicator_id and p.indicator_id not in indicators:
            found.append(Issue("indicator_not_in_store", {"indicator": p.indicator_id}))
        store, before = "new", None
        same = stored.get((p.indicator_id, p.region_code, p.period)) if (
            p.indicator_id and p.region_code and p.period) else None
        if (s := same) is not None:
            before = _in_unit(s, p.unit)
            if before is not None and abs(before - p.value) <= 0.5 * 10 ** -p.decimals + 1e-9:
                store = "confirms"
                found.append(Issue("store_confirms", {"vintage": s.vintage or "—"}))
            else:
                store = "revises"
                found.append(Issue("store_revises", {"stored": _shown(s.value), "unit": s.unit,
                                                     "vintage": s.vintage or "—"}))
        level = confidence(p, found)  # adds its own reasons to ``found``
        out.append(replace(p, checks=tuple(found), confidence=level, store=store, stored_value=before))
    return replace(extraction, proposals=tuple(out))


_RATES = ("growth", "growth_month", "share")
_LOW = ("release_conflict", "subject_missing", "period_missing", "period_open", "region_unknown",
        "new_indicator", "indicator_not_in_store", "pp_disagrees", "gap_disagrees", "share_range",
        "period_beyond", "earlier_disagrees", "other_place_unknown", "sign_doubled", "published_future",
        "period_future")
_MEDIUM = ("approximate", "store_revises", "published_disagrees", "other_place")


def confidence(p: Proposal, found: list[Issue]) -> str:
    """high, medium or low: low on any blocking reason, medium on a soft one, else high."""
    keys = {i.key for i in found}
    if p.indicator_id is None:
        keys.add("new_indicator")
        found.append(Issue("new_indicator", {"name": p.name}))
    if p.approximate:
        keys.add("approximate")
        found.append(Issue("approximate"))
    if keys & set(_LOW):
        return "low"
    if keys & set(_MEDIUM):
        return "medium"
    found.append(Issue("matched"))
    return "high"


def _shown(value: float) -> str:
    return f"{value:g}"


def _in_unit(s: Stored, unit: str) -> float | None:
    try:
        return convert(s.value, s.unit, unit)
    except PacesetterError:
        return None


def _release_end(extraction: Extraction) -> tuple[int, int] | None:
    """The last month the release can speak of: its own period's end, else its release date's month."""
    if extraction.period:
        try:
            p = parse_release_period(extraction.period, extraction.year).period
            return p.end_year, p.end_month
        except PacesetterError:
            pass
    if extraction.published:
        return extraction.published.year, extraction.published.month
    return None


def _internal(p: Proposal, known: Mapping[Key, float], year: int | None, own: str,
              limit: tuple[int, int] | None) -> list[Issue]:
    """Shares in 0–100, a period the release covers, stated changes agreeing with both rates."""
    found = []
    if p.kind in ("share", "contribution_share") and not 0 <= p.value <= 100:
        found.append(Issue("share_range", {"value": _shown(p.value)}))
    if p.period and limit:
        end = Period.parse(p.period)
        if (end.end_year, end.end_month) > limit:
            found.append(Issue("period_beyond", {"period": end}))
    if not (p.indicator_id and p.region_code and p.period) or p.kind not in _RATES:
        return found
    for r in p.relations:
        found.extend(_relation(p, r, known, year, own))
    return found


def _relation(p: Proposal, r: Relation, known: Mapping[Key, float], year: int | None,
              own: str) -> list[Issue]:
    """Check one stated relation where the figure compared with is known (from the release or the store)."""
    assert p.indicator_id and p.region_code and p.period
    other: Key | None = None
    if r.kind == "earlier_period":
        earlier = earlier_period(r.against, Period.parse(p.period), year)
        other = (p.indicator_id, p.region_code, str(earlier)) if earlier else None
    elif r.kind == "other_region":
        code = NATION if r.against == "全国" else own[:2] + "0000" if r.against == "全省" else None
        other = (p.indicator_id, code, p.period) if code else None
    elif r.kind == "other_indicator":
        m = catalogue.match(r.against, "growth_month" if p.kind == "growth_month" else "growth")
        other = (m.indicator_id, p.region_code, p.period) if m.indicator_id else None
    if other is None or other not in known:
        return []
    value = known[other]
    if r.earlier_value is not None:
        if abs(r.earlier_value - value) > TOLERANCE_PP:
            return [Issue("earlier_disagrees", {"stated": _shown(r.earlier_value), "known": _shown(value)})]
        return [Issue("earlier_agrees", {"known": _shown(value)})]
    if r.change is None:
        return []
    key = "pp" if r.kind == "earlier_period" else "gap"
    implied = round(p.value - value, 6)
    if abs(implied - r.change) > TOLERANCE_PP + 1e-9:
        return [Issue(f"{key}_disagrees", {"stated": _shown(r.change), "implied": _shown(implied),
                                           "known": _shown(value)})]
    return [Issue(f"{key}_agrees", {"stated": _shown(r.change), "known": _shown(value)})]
