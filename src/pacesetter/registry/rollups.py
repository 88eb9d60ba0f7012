"""Roll-ups of projects by chain, district, park and stage, and the pipeline funnel."""

from __future__ import annotations

import math
from typing import Literal

import pandas as pd

from pacesetter.io.frames import records_of
from pacesetter.model.entities import PROJECT_STAGE_ZH
from pacesetter.registry.lifecycle import STAGE_EN, STAGES, furthest_stage, reached_dates, synthetic_fields

RollupKey = Literal["chain_id", "district_code", "park_id", "stage"]
# The row of projects whose published place does not lie in one district (data/districts.yaml).
UNKNOWN_DISTRICT = {"zh": "区县未知", "en": "district unknown"}


def compute_rollup(projects: pd.DataFrame, by: RollupKey) -> pd.DataFrame:
    """Projects counted and summed per value of ``by``.

    A project listed under several chains (``nev;smart_mfg_equip``) counts once
    under each. Unknown amounts are skipped, not read as zero: ``amount_known``
    says how many projects carry a total investment.

    Columns: ``by``, projects, investment_yi (亿元), amount_known, completed_yi (亿元),
    completed_synthetic (how many of the completed amounts summed are synthetic, the demo's scenario).
    """
    df = projects.copy()
    if by == "chain_id":
        df["chain_id"] = df["chain_id"].fillna("").str.split(";")
        df = df.explode("chain_id")
    df[by] = df[by].fillna("").replace("", "—")
    if "completed_yi" not in df:
        df["completed_yi"] = float("nan")
    marks = df["synthetic_fields"] if "synthetic_fields" in df else [None] * len(df)
    df["completed_synthetic"] = [
        "completed_yi" in synthetic_fields({"synthetic_fields": m}) for m in marks]
    out = df.groupby(by, sort=True).agg(
        projects=("id", "count"),
        investment_yi=("investment_yi", lambda s: s.sum(min_count=1)),
        amount_known=("investment_yi", "count"),
        completed_yi=("completed_yi", lambda s: s.sum(min_count=1)),
        completed_synthetic=("completed_synthetic", "sum"),
    )
    out = out.reset_index().sort_values(["projects", by], ascending=[False, True])
    return out.reset_index(drop=True)


def compute_district_rollup(projects: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    """Projects counted and summed per district by GB/T 2260 code, "district unknown" its own row, last.

    ``districts`` is the regions table (code, name_zh, name_en). A project whose code is
    unknown (高新区, 西海岸新区/即墨区, no place stated) is never dropped nor merged into a real
    district: it counts in the unknown row, whose ``texts`` lists the published places it holds.

    Columns: district_code (None: unknown), district_zh, district_en, projects, investment_yi (亿元),
    amount_known, completed_yi (亿元), texts (the published district texts of the row, ``;``-joined).
    """
    df = projects.assign(district_code=projects["district_code"].fillna("").astype(str),
                         district=projects["district"].fillna("—"))
    texts = df.groupby("district_code")["district"].agg(lambda s: "; ".join(sorted(set(s))))
    out = compute_rollup(df, "district_code")
    out["texts"] = out["district_code"].map(lambda c: texts["" if c == "—" else c])
    unknown = out["district_code"] == "—"
    out = pd.concat([out[~unknown], out[unknown]], ignore_index=True)
    out["district_code"] = out["district_code"].astype(object).where(out["district_code"] != "—", None)
    names = districts.set_index("code")
    for i, lang in enumerate(("zh", "en"), start=1):
        out.insert(i, f"district_{lang}", [
            UNKNOWN_DISTRICT[lang] if code is None else names[f"name_{lang}"].get(code, code)
            for code in out["district_code"]])
    return out


def compute_funnel(projects: pd.DataFrame) -> pd.DataFrame:
    """The pipeline 洽谈 → 签约 → 开工 → 投产 → 达产, with 终止 last.

    - ``current``: projects now in the stage;
    - ``reached``: projects that got at least this far (a terminated project
      counts up to the last stage it reached before termination);
    - ``conversion``: reached(stage) / reached(previous stage), a fraction;
    - ``median_days``: median days spent in the stage by projects whose dates of
      entering this stage and the next are both known; ``timed`` counts them.

    Columns: stage, stage_zh, stage_en, current, reached, conversion, median_days, timed.
    """
    records = records_of(projects)
    furthest = [STAGES.index(furthest_stage(p)) for p in records]
    dates = [reached_dates(p) for p in records]
    rows = []
    prev_reached = None
    for i, stage in enumerate(STAGES):
        reached = sum(1 for f in furthest if f >= i)
        durations = (
            [(d[STAGES[i + 1]] - d[stage]).days for d in dates if stage in d and STAGES[i + 1] in d]
            if i + 1 < len(STAGES) else []
        )
        rows.append({
            "stage": stage, "stage_zh": PROJECT_STAGE_ZH[stage], "stage_en": STAGE_EN[stage],
            "current": int((projects["stage"] == stage).sum()),
            "reached": reached,
            "conversion": reached / prev_reached if prev_reached else math.nan,
            "median_days": float(pd.Series(durations).median()) if durations else math.nan,
            "timed": len(durations),
        })
        prev_reached = reached
    terminated = int((projects["stage"] == "terminated").sum())
    rows.append({"stage": "terminated", "stage_zh": PROJECT_STAGE_ZH["terminated"],
                 "stage_en": STAGE_EN["terminated"], "current": terminated, "reached": terminated,
                 "conversion": math.nan, "median_days": math.nan, "timed": 0})
    return pd.DataFrame(rows)


def compute_investment_vs_gaps(
    projects: pd.DataFrame, chains: pd.DataFrame, segments: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Investment per chain beside the chain's gaps, for every chain of the diagnostics.

    ``chains`` is the chain diagnostics (chain_id, segments, missing, weak,
    completeness 0..1); ``segments`` optionally the segment diagnostics
    (chain_id, segment_id, status). A project "serves a gap" when one of its
    recorded segments is missing or weak; ``segments_known`` counts the
    projects whose segments are recorded at all; where it is 0, ``gap_projects`` is unknown (NA).

    Columns: chain_id, n_segments, missing, weak, completeness, projects,
    investment_yi (亿元), amount_known, segments_known, gap_projects.
    """
    roll = compute_rollup(projects, "chain_id") if len(projects) else pd.DataFrame(
        columns=["chain_id", "projects", "investment_yi", "amount_known"])
    diag = chains[["chain_id", "segments", "missing", "weak", "completeness"]]
    out = diag.rename(columns={"segments": "n_segments"}).merge(
        roll.drop(columns=["completed_yi", "completed_synthetic"], errors="ignore"), on="chain_id",
        how="left")
    out[["projects", "amount_known"]] = out[["projects", "amount_known"]].fillna(0).astype(int)
    gaps = set()
    if segments is not None:
        hit = segments[segments["status"].isin(["missing", "weak"])]
        gaps = set(zip(hit["chain_id"], hit["segment_id"], strict=True))
    known = {c: 0 for c in out["chain_id"]}
    on_gap = dict(known)
    for p in projects.to_dict("records"):
        segs = p.get("segments")
        if segs is None or isinstance(segs, float) or not len(segs):
            continue
        for chain in str(p.get("chain_id") or "").split(";"):
            if chain in known:
                known[chain] += 1
                on_gap[chain] += any((chain, s) in gaps for s in segs)
    out["segments_known"] = out["chain_id"].map(known)
    # where no project's segments are known, how many fill a gap is unknown (NA), not 0
    out["gap_projects"] = pd.array([on_gap[c] if known[c] else pd.NA for c in out["chain_id"]], dtype="Int64")
    return out
