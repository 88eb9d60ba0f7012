"""The reasons of a candidate's score in words, from the catalogue (``target.reason.*``).

The scoring (:mod:`pacesetter.structure.targets`) gives codes, values and figures; this module
words them in one language for the faces, with the contribution of each to the score.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from pacesetter.data.industry_labels import industry_name
from pacesetter.i18n import t


def reason_text(row: Mapping[Any, Any], lang: str, *, segment_name: Callable[[str], str],
                region_name: Callable[[str], str]) -> str:
    """One reason (a row of ``Targeting.reasons``) in ``lang``, without its contribution; the
    industry and the GB/T 4754 code it was judged on are named as :func:`industry_name` shows them."""
    code, d = str(row["code"]), dict(row["detail"])
    key = f"target.reason.{code}"
    if code.startswith("fit_"):
        return t(key, lang, industry=industry_name(str(d["industry"]), lang),
                 code=industry_name(str(d["code"]), lang))
    if code == "criticality_known":
        n = int(str(d["downstream"]))
        downstream = t(f"target.reason.downstream_{'some' if n else 'none'}", lang, n=n)
        action = "strengthen" if d["status"] == "weak" else "fill"
        text = t(f"target.reason.criticality_{action}", lang, segment=segment_name(str(d["segment_id"])),
                 downstream=downstream)
        return text + (t("target.reason.chokepoint", lang) if d["critical"] else "")
    if code == "relatedness_known":
        pct = float(str(d["percentile"]))
        band = "top_decile" if pct >= 0.9 else "top_quartile" if pct >= 0.75 else "rest"
        return t(key, lang, region=region_name(str(d["region"])), density=f"{d['density']:.2f}",
                 band=t(f"target.reason.band.{band}", lang, pct=f"{100 * pct:.0f}"))
    if code == "relatedness_unknown":
        return t(key, lang, region=region_name(str(d["region"])))
    if code.startswith("distance_") and code != "distance_unknown":
        region = d.get("region_code")
        return t(key, lang, region=region_name(str(region)) if region else "")
    if code == "scale_known":
        revenue = float(str(d["revenue"]))
        return t(key, lang, revenue=f"{revenue:.0f}" if lang == "zh" else f"{revenue:,.0f}",
                 pct=f"{100 * float(str(row['value'])):.0f}")
    if code == "growth_known":
        return t(key, lang, growth=f"{float(str(d['growth'])):.1f}",
                 pct=f"{100 * float(str(row['value'])):.0f}")
    return t(key, lang)


def contribution_texts(values: Sequence[Any]) -> list[str]:
    """A candidate's contributions as printed: ``+0.23``, or ``—`` when the factor is unknown
    (never 0). The known ones are rounded to hundredths so that they add up to the score as
    printed (largest remainders round up), as a reader adding them up expects."""
    known = [i for i, v in enumerate(values) if not (v is None or pd.isna(v))]
    cents = [100 * float(values[i]) for i in known]
    floors = [math.floor(c) for c in cents]
    score = round(100 * float(f"{sum(float(values[i]) for i in known):.2f}"))  # the score as printed
    short = score - sum(floors)  # 0 ≤ short ≤ len(known): a floor never exceeds its value
    for j in sorted(range(len(known)), key=lambda j: floors[j] - cents[j])[:short]:
        floors[j] += 1
    out = ["—"] * len(values)
    for i, c in zip(known, floors, strict=True):
        out[i] = f"+{c / 100:.2f}"
    return out
