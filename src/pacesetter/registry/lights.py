"""Traffic lights (红黄绿灯) for projects from declarative rules (``rules/lights.yaml``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, model_validator

from pacesetter.errors import InputError
from pacesetter.i18n import t
from pacesetter.io.frames import records_of
from pacesetter.registry.config import load_rules, shipped_rules
from pacesetter.registry.lifecycle import (
    DATED_STAGES,
    STAGES,
    as_date,
    furthest_stage,
    stage_label,
    synthetic_fields,
)

Light = Literal["green", "yellow", "red"]
LIGHT_ZH = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", None: "—"}
_RANK = {"green": 0, "yellow": 1, "red": 2}
Metric = Literal["days_overdue", "pace_lag_pp"]


class LightRule(BaseModel):
    """One rule: a metric and the inclusive thresholds at which it turns yellow and red."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    metric: Metric
    name_zh: str
    name_en: str
    yellow: float
    red: float

    @model_validator(mode="after")
    def _order(self) -> LightRule:
        if self.red < self.yellow:
            raise InputError.said("input.error.lights_order", rule=self.id, red=self.red, yellow=self.yellow)
        return self

    def light(self, value: float) -> Light:
        """The light of a measured value (thresholds inclusive)."""
        if value >= self.red:
            return "red"
        return "yellow" if value >= self.yellow else "green"


class LightRules(BaseModel):
    """The rule set of ``lights.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: list[LightRule]

    @model_validator(mode="after")
    def _unique(self) -> LightRules:
        ids = [r.id for r in self.rules]
        if repeated := tuple(sorted({i for i in ids if ids.count(i) > 1})):
            raise InputError.said("input.error.lights_unique", ids=repeated)
        return self


def load_light_rules(path: Path | None = None) -> LightRules:
    """The shipped rules, or a user's copy at ``path``."""
    return load_rules(path or shipped_rules("lights.yaml"), LightRules)


def days_overdue(project: Mapping[str, object], as_of: dt.date) -> tuple[float, str] | None:
    """Days past the planned date of the most overdue stage not yet reached, and that stage.

    ``None`` when the project has no planned date for a stage it has not reached.
    """
    reached = STAGES.index(furthest_stage(project))
    pending = [
        (s, day) for s in DATED_STAGES
        if STAGES.index(s) > reached and (day := as_date(project.get(f"planned_{s}"))) is not None
    ]
    if not pending:
        return None
    stage, day = min(pending, key=lambda sd: sd[1])
    return float(max((as_of - day).days, 0)), stage


def pace_lag_pp(project: Mapping[str, object], as_of: dt.date) -> float | None:
    """Time-elapsed pace minus completed share of investment, in percentage points.

    Pace (序时进度) = elapsed share of planned start → planned production, clipped
    to 0–100 %; progress = completed_yi / investment_yi. ``None`` when any input is unknown.
    """
    start, end = as_date(project.get("planned_started")), as_date(project.get("planned_producing"))
    total, done = project.get("investment_yi"), project.get("completed_yi")
    if start is None or end is None or end <= start:
        return None
    if not isinstance(total, int | float) or not isinstance(done, int | float):
        return None
    if total != total or done != done or total <= 0:
        return None
    pace = min(max((as_of - start).days / (end - start).days, 0.0), 1.0) * 100
    return pace - done / total * 100


def evaluate(project: Mapping[str, object], rules: LightRules, as_of: dt.date,
             lang: str = "zh") -> dict[str, object]:
    """The light of one project: worst rule light, each measured value and the reasons (in ``lang``)."""
    out: dict[str, object] = {"light": None, "days_overdue": None, "pace_lag_pp": None}
    reasons: list[str] = []
    worst: Light | None = None
    overdue = days_overdue(project, as_of)
    measured: dict[str, float | None] = {
        "days_overdue": overdue[0] if overdue else None,
        "pace_lag_pp": pace_lag_pp(project, as_of),
    }
    for rule in rules.rules:
        value = measured[rule.metric]
        if value is None:
            continue
        out[rule.metric] = round(value, 1)
        light = rule.light(value)
        if worst is None or _RANK[light] > _RANK[worst]:
            worst = light
        if light != "green":
            name, threshold = rule.name_zh if lang == "zh" else rule.name_en, _threshold(rule, light)
            reasons.append(
                t("registry.reason.overdue", lang, rule=name, stage=stage_label(overdue[1], lang),
                  value=value, threshold=threshold) if overdue and rule.metric == "days_overdue" else
                t("registry.reason.pace", lang, rule=name, value=value, threshold=threshold))
    out["light"] = worst
    out["reasons"] = "; ".join(reasons)
    return out


def _threshold(rule: LightRule, light: Light) -> str:
    return f"{rule.red:g}" if light == "red" else f"{rule.yellow:g}"


# The fields a light is judged by: a light resting on a synthetic one of them is synthetic.
JUDGED_FIELDS = frozenset({*(f"planned_{s}" for s in DATED_STAGES), "investment_yi", "completed_yi"})


def rests_on_synthetic(project: Mapping[str, object]) -> bool:
    """Whether a field the light is judged by holds a synthetic value."""
    return bool(JUDGED_FIELDS & synthetic_fields(project))


def compute_lights(
    projects: pd.DataFrame, rules: LightRules, as_of: dt.date, lang: str = "zh"
) -> pd.DataFrame:
    """One light per live project (terminated projects are left out), reddest and most overdue first.

    Columns: id, alias, name_zh, chain_id, district, stage, light (green/yellow/red, or
    None when no rule could judge the project), light_zh, days_overdue (days),
    pace_lag_pp (percentage points), reasons (in ``lang``), synthetic (the light rests on synthetic values).
    """
    live = projects[projects["stage"] != "terminated"]
    rows = []
    for p in records_of(live):
        judged = evaluate(p, rules, as_of, lang)
        rows.append({
            "id": p["id"], "alias": p.get("alias"), "name_zh": p["name_zh"], "chain_id": p.get("chain_id"),
            "district": p.get("district"), "stage": p["stage"], "light": judged["light"],
            "light_zh": LIGHT_ZH[judged["light"]],  # type: ignore[index]
            "days_overdue": judged["days_overdue"], "pace_lag_pp": judged["pace_lag_pp"],
            "reasons": judged["reasons"], "synthetic": rests_on_synthetic(p),
        })
    cols = ["id", "alias", "name_zh", "chain_id", "district", "stage", "light", "light_zh",
            "days_overdue", "pace_lag_pp", "reasons", "synthetic"]
    df = pd.DataFrame(rows, columns=cols)
    df["_rank"] = df["light"].map(lambda v: _RANK.get(v, -1) if isinstance(v, str) else -1)
    df = df.sort_values(["_rank", "days_overdue", "id"], ascending=[False, False, True], na_position="last")
    return df.drop(columns="_rank").reset_index(drop=True)
