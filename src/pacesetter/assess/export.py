"""An assessment as named frames and as JSON-ready data (for the CLI, API and Excel)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from pacesetter.assess.config import STATUS_LABELS as INDICATOR_STATUS
from pacesetter.assess.report import Assessment
from pacesetter.i18n import t

# What every view says about the indicators' status (plan vs proposals).
STATUS_NOTE = {
    "zh": "“规划指标”取自规划原文；“建议指标”为本项目拟议，非规划原文。缺失数据显示为“—”，不作估算。",
    "en": "'plan' indicators are the plan's own; 'proposed' ones are this project's suggestions, "
          "not the plan's. Missing figures show as '—' and are never estimated.",
}


def assessment_frames(a: Assessment, lang: str | None = None) -> dict[str, pd.DataFrame]:
    """Every table of an assessment, by sheet name (the specs carry each indicator's status).

    In ``lang`` (for a workbook a person reads) the names, status words and notes are that
    language's only; without it (JSON for scripts) both languages are given.
    """
    specs = a.specs.copy()
    fw, m = a.framework, a.framework.methods
    names = dict(zip(a.specs["indicator_id"], a.specs[f"name_{lang or 'zh'}"], strict=True))
    methods = f"{m.normalisation}, {m.weighting}, {m.aggregation}, missing={m.missing}, outliers={m.outliers}"
    if lang is None:
        specs["status_zh"] = specs["status"].map(lambda s: INDICATOR_STATUS[s][0])
        specs["status_en"] = specs["status"].map(lambda s: INDICATOR_STATUS[s][1])
        about = pd.DataFrame({"key": [
            "coverage_zh", "coverage_en", "framework", "name_zh", "name_en", "region_code", "year", "note_zh",
            "note_en", "methods", "composite_note", "composite_ranked", "n_floored"], "value": [
            a.coverage.text("zh", names), a.coverage.text("en"), fw.id, fw.name_zh, fw.name_en,
            fw.region_code, str(a.year), STATUS_NOTE["zh"], STATUS_NOTE["en"], methods,
            a.composite.note, composite_ranking_note(a), str(a.composite.n_floored)]})
    else:
        other = "name_en" if lang == "zh" else "name_zh"
        specs = specs.drop(columns=other).rename(columns={f"name_{lang}": "name"})
        specs["status_label"] = specs["status"].map(lambda s: INDICATOR_STATUS[s][0 if lang == "zh" else 1])
        ranked = (t("outputs.workbook.ranked_yes", lang) if a.composite.ranked else
                  t("outputs.workbook.ranked_no", lang, reason=a.composite.unranked_reason))
        about = pd.DataFrame({"key": [
            "coverage", "framework", "name", "region_code", "year", "note", "methods", "composite_note",
            "composite_ranked", "n_floored"], "value": [
            a.coverage.text(lang, names), fw.id, getattr(fw, f"name_{lang}"), fw.region_code, str(a.year),
            STATUS_NOTE[lang], methods, a.composite.note, ranked, str(a.composite.n_floored)]})
    frames = {
        "about": about,
        "coverage": pd.DataFrame([a.coverage.record()]).astype({"rests_on": str}),
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
    return frames


def composite_ranking_note(a: Assessment) -> str:
    """"yes", or why the composite is not presented as a ranking."""
    return "yes" if a.composite.ranked else f"no: {a.composite.unranked_reason}"


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
        "status_note": STATUS_NOTE,
        "composite_note": a.composite.note,
        "composite_ranked": a.composite.ranked,
        "composite_unranked_reason": a.composite.unranked_reason,
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
