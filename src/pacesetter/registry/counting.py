"""Counting rules for signings: new signing, capital increase, re-signing (``rules/counting.yaml``)."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from pacesetter.i18n import t
from pacesetter.io.frames import records_of
from pacesetter.registry.config import load_rules, shipped_rules
from pacesetter.registry.lifecycle import STAGES, furthest_stage, reached_dates

SigningKind = Literal["new_signing", "capital_increase", "re_signing", "below_threshold"]
KIND_ZH = {"new_signing": "新签约", "capital_increase": "增资", "re_signing": "重复签约",
           "below_threshold": "未达起点"}
_UNKNOWN_INVESTORS = {"", "多家", "(未注明)", "未注明"}


class CountingRules(BaseModel):
    """What counts as a new signing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    window_days: int = Field(730, ge=0)
    min_investment_yi: float = Field(0.0, ge=0)
    capital_increase_counts_as_new: bool = False


def load_counting_rules(path: Path | None = None) -> CountingRules:
    """The shipped counting rules, or a user's copy at ``path``."""
    return load_rules(path or shipped_rules("counting.yaml"), CountingRules)


def project_key(name: object) -> str:
    """A project name without parenthetical remarks and spaces: 项目(首期协议) → 项目."""
    return re.sub(r"[（(][^）)]*[）)]|\s", "", str(name or ""))


def _investor(p: dict[str, object]) -> str | None:
    for field in ("investor_id", "investor"):
        value = p.get(field)
        if isinstance(value, str) and value.strip() not in _UNKNOWN_INVESTORS:
            return value.strip()
    return None


def _amount(value: object) -> float:
    return float(value) if isinstance(value, int | float) else math.nan


def compute_signings(projects: pd.DataFrame, rules: CountingRules, lang: str = "zh") -> pd.DataFrame:
    """Classify every project that reached 签约 signed (terminated ones included).

    Signings are taken in order of their signing date (undated ones last, by id).
    Undated signings cannot be placed in a window, so a repeat of the same
    investor's project without dates counts as a re-signing (never double counted).

    Columns: id, signed_on, investor, kind, kind_zh, counts_as_new (bool),
    counted_yi (亿元 counted towards signed investment; NaN when unknown), reason (in ``lang``).
    """
    records = [p for p in records_of(projects)
               if STAGES.index(furthest_stage(p)) >= STAGES.index("signed")]
    for p in records:
        p["_signed"] = reached_dates(p).get("signed")
    records.sort(key=lambda p: (p["_signed"] is None, p["_signed"] or dt.date.min, str(p["id"])))
    ids = {str(p["id"]) for p in projects.to_dict("records")}
    seen: dict[tuple[str, str], dict[str, object]] = {}
    rows = []
    for p in records:
        investor, amount, when = _investor(p), _amount(p.get("investment_yi")), p["_signed"]
        key = (investor, project_key(p.get("name_zh"))) if investor else None
        earlier = seen.get(key) if key else None
        parent = p.get("parent_id")
        if isinstance(parent, str) and parent in ids:
            kind, counted = "capital_increase", amount
            reason = t("registry.signing.adds_to", lang, parent=parent)
        elif earlier is not None and _within(earlier["_signed"], when, rules.window_days):
            before = _amount(earlier.get("investment_yi"))
            if amount > before:
                kind, counted = "capital_increase", amount - before
                reason = t("registry.signing.increase", lang, earlier=earlier["id"], before=before,
                           added=counted)
            else:
                kind, counted = "re_signing", 0.0
                reason = t("registry.signing.same", lang, earlier=earlier["id"])
        elif amount < rules.min_investment_yi:
            kind, counted = "below_threshold", 0.0
            reason = t("registry.signing.below", lang, amount=amount, minimum=rules.min_investment_yi)
        else:
            kind, counted, reason = "new_signing", amount, ""
        if key and (earlier is None or kind == "new_signing"):
            seen[key] = p
        rows.append({
            "id": p["id"], "signed_on": when, "investor": investor, "kind": kind,
            "kind_zh": KIND_ZH[kind],
            "counts_as_new": kind == "new_signing"
            or (kind == "capital_increase" and rules.capital_increase_counts_as_new),
            "counted_yi": counted, "reason": reason,
        })
    cols = ["id", "signed_on", "investor", "kind", "kind_zh", "counts_as_new", "counted_yi", "reason"]
    return pd.DataFrame(rows, columns=cols)


def _within(first: object, later: object, days: int) -> bool:
    """True when the two signing dates are at most ``days`` apart, or when either is unknown."""
    if not isinstance(first, dt.date) or not isinstance(later, dt.date):
        return True
    return abs((later - first).days) <= days
