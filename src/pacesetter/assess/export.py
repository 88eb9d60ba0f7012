"""An assessment as named frames and as JSON-ready data (for the CLI, API and Excel)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from pacesetter.assess.config import indicator_status_label
from pacesetter.assess.report import Assessment
from pacesetter.errors import Said
from pacesetter.i18n import LANGS, t

# the frames of an assessment whose rows carry a reason code (outputs.reason.<code>)
_WITH_REASONS = ("attainment", "peer_standing", "composite_indicators")


def status_note(lang: str) -> str:
    """What every view says about the indicators' status (plan vs proposals), in ``lang``."""
    return t("outputs.status_note", lang)


def reason_text(code: object, lang: str, **values: object) -> str:
    """A row's reason code (``outputs.reason.<code>``) in ``lang``, filled from ``values`` (year,
    baseline_year, n, focus); "" for a row without one."""
    return t(f"outputs.reason.{code}", lang, **values) if code else ""


def row_reason(a: Assessment, row: Mapping[Any, object], lang: str, focus: str | None = None) -> str:
    """The reason of a row of an assessment's frames in ``lang``; ``focus`` names the city (its
    region code unless given)."""
    return reason_text(row.get("reason"), lang, year=a.year, baseline_year=row.get("baseline_year"),
                       n=a.framework.methods.min_regions, focus=focus or a.framework.region_code)


def said(message: Said | None, lang: str) -> str:
    """A message of the composite (its note, why it is unranked) in ``lang``; "" for none."""
    return message.text(lang) if message is not None else ""


def assessment_frames(a: Assessment, lang: str | None = None) -> dict[str, pd.DataFrame]:
    """Every table of an assessment, by sheet name (the specs carry each indicator's status).

    In ``lang`` (for a workbook a person reads) the names, status words, notes and reasons are
    that language's only; without it (JSON for scripts) both languages are given, and the rows
    carry reason codes (``outputs.reason.<code>``).
    """
    specs = a.specs.copy()
    fw, m = a.framework, a.framework.methods
    names = dict(zip(a.specs["indicator_id"], a.specs[f"name_{lang or 'zh'}"], strict=True))
    methods = f"{m.normalisation}, {m.weighting}, {m.aggregation}, missing={m.missing}, outliers={m.outliers}"
    if lang is None:
        specs["status_zh"] = specs["status"].map(lambda s: indicator_status_label(s, "zh"))
        specs["status_en"] = specs["status"].map(lambda s: indicator_status_label(s, "en"))
        about = pd.DataFrame({"key": [
            "coverage_zh", "coverage_en", "framework", "name_zh", "name_en", "region_code", "year", "note_zh",
            "note_en", "methods", "composite_note", "composite_ranked", "n_floored"], "value": [
            a.coverage.text("zh", names), a.coverage.text("en"), fw.id, fw.name_zh, fw.name_en,
            fw.region_code, str(a.year), status_note("zh"), status_note("en"), methods,
            said(a.composite.note, "en"), composite_ranking_note(a), str(a.composite.n_floored)]})
    else:
        other = "name_en" if lang == "zh" else "name_zh"
        specs = specs.drop(columns=other).rename(columns={f"name_{lang}": "name"})
        # the status is worded by the workbook; a group by its name in the framework
        groups = {g.id: getattr(g, f"name_{lang}") for g in fw.groups}
        specs["group"] = specs["group"].map(lambda g: groups.get(g, g))
        ranked = (t("outputs.workbook.ranked_yes", lang) if a.composite.ranked else
                  t("outputs.workbook.ranked_no", lang, reason=said(a.composite.unranked_reason, lang)))
        about = pd.DataFrame({"key": [
            "coverage", "framework", "name", "region_code", "year", "note", "methods", "composite_note",
            "composite_ranked", "n_floored"], "value": [
            a.coverage.text(lang, names), fw.id, getattr(fw, f"name_{lang}"), fw.region_code, str(a.year),
            status_note(lang), methods, said(a.composite.note, lang), ranked, str(a.composite.n_floored)]})
    frames = {
        "about": about,
        "coverage": a.coverage.frame(lang, names),
        "indicators": specs,
        "attainment": a.attainment,
        "peer_standing": a.standing,
        "peer_ranks": a.peer_ranks,
        "composite_indicators": a.composite.indicators,
        # below the threshold the scores are given without ranks (see Methods)
        "composite_scores": (a.composite.scores if a.composite.ranked
                             else a.composite.scores.drop(columns="rank")),
        "contributions": a.composite.contributions,
        "imputed": a.composite.imputed,
        "excluded": a.composite.excluded,
        "outliers": a.composite.outliers,
    }
    if a.uncertainty is not None:
        frames["rank_uncertainty"] = a.uncertainty.ranks
        frames["sensitivity"] = a.uncertainty.sensitivity
    if lang is not None:
        excluded = frames["excluded"]  # the indicators a city lacks, by name
        frames["excluded"] = excluded.assign(missing=[
            t("outputs.coverage.sep", lang).join(names.get(i.strip(), i.strip()) for i in str(m).split(","))
            for m in excluded["missing"]])
        for name in _WITH_REASONS:
            frame = frames[name]
            frames[name] = frame.assign(reason=[row_reason(a, r, lang) for r in frame.to_dict("records")])
    return frames


def composite_ranking_note(a: Assessment) -> str:
    """"yes", or why the composite is not presented as a ranking (in English: JSON for scripts)."""
    return "yes" if a.composite.ranked else f"no: {said(a.composite.unranked_reason, 'en')}"


def assessment_json(a: Assessment) -> dict[str, Any]:
    """The assessment as JSON-ready data: NaN becomes null, frames become lists of records.

    ``coverage`` comes first: what the assessment rests on.
    """
    fw = a.framework
    return {
        "coverage": a.coverage.record(),
        "framework": {"id": fw.id, "name_zh": fw.name_zh, "name_en": fw.name_en,
                      "region_code": fw.region_code, "baseline_year": fw.baseline_year,
                      "target_year": fw.target_year, "leading_rank": fw.peers.leading_rank,
                      "methods": fw.methods.model_dump(mode="json")},
        "year": a.year,
        "status_note": {lang: status_note(lang) for lang in LANGS},
        "composite_note": said(a.composite.note, "en"),
        "composite_ranked": a.composite.ranked,
        "composite_unranked_reason": said(a.composite.unranked_reason, "en"),
        "n_floored": a.composite.n_floored,
        "uncertainty_info": a.uncertainty.info if a.uncertainty else None,
        "tables": {name: records(df) for name, df in assessment_frames(a).items()},
    }


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts with plain Python values; NaN and NA become None."""
    return [{str(k): _plain(v) for k, v in row.items()} for row in df.to_dict("records")]


def _plain(v: object) -> object:
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        return _plain(v.item())
    return v
