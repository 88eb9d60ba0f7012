"""The project lifecycle 洽谈 → 签约 → 开工 → 投产 → 达产 (and 终止 from any stage).

Pure functions over a project given as a mapping of its store columns
(``stage``, ``stage_date``, ``planned_<stage>``, ``actual_<stage>``,
``investment_yi``, ``completed_yi`` ...). ``check_*`` functions return
:class:`Problem` lists and never raise on data; ``plan_transition`` raises
:class:`InputError` carrying every problem.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from pacesetter.errors import InputError, UnitError
from pacesetter.model.entities import PROJECT_STAGE_ZH, ProjectStage
from pacesetter.model.units import convert

STAGES: tuple[ProjectStage, ...] = ("negotiating", "signed", "started", "producing", "at_capacity")
DATED_STAGES: tuple[ProjectStage, ...] = STAGES[1:]
STAGE_EN: dict[str, str] = {
    "negotiating": "negotiating", "signed": "signed", "started": "started",
    "producing": "in production", "at_capacity": "at capacity", "terminated": "terminated",
}
AMOUNT_FIELDS = ("investment_yi", "completed_yi", "expected_output_yi", "expected_tax_yi")
_STAGE_NAMES: dict[str, ProjectStage] = {
    **{zh: cast(ProjectStage, code) for code, zh in PROJECT_STAGE_ZH.items()},
    **{en.replace(" ", "_"): cast(ProjectStage, code) for code, en in STAGE_EN.items()},
    **{code: cast(ProjectStage, code) for code in PROJECT_STAGE_ZH},
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule about one field of a project."""

    field: str
    rule: str
    value: object
    message: str


def stage_label(stage: str, lang: str = "zh") -> str:
    """``开工`` in zh, ``started`` in en."""
    return PROJECT_STAGE_ZH[stage] if lang == "zh" else STAGE_EN[stage]


def both(stage: str) -> str:
    """``开工 started``: the bilingual form used in messages."""
    return f"{PROJECT_STAGE_ZH[stage]} {STAGE_EN[stage]}"


def parse_stage(text: str) -> ProjectStage:
    """Read a stage written in Chinese (开工) or English (started, in production, at_capacity)."""
    key = re.sub(r"[\s-]+", "_", str(text).strip().lower())
    if key not in _STAGE_NAMES:
        names = ", ".join(f"{zh}/{code}" for code, zh in PROJECT_STAGE_ZH.items())
        raise InputError(f"unknown project stage {text!r}; use one of {names}")
    return _STAGE_NAMES[key]


def legal_targets(stage: str) -> tuple[ProjectStage, ...]:
    """Stages a project may move to: the next one, or 终止 terminated (nothing after 终止)."""
    if stage == "terminated":
        return ()
    i = STAGES.index(cast(ProjectStage, stage))
    nxt = (STAGES[i + 1],) if i + 1 < len(STAGES) else ()
    return (*nxt, "terminated")


def synthetic_fields(project: Mapping[str, object]) -> frozenset[str]:
    """The fields whose values are synthetic (a demo scenario's), from the row's ``synthetic_fields``."""
    marked = project.get("synthetic_fields")
    if marked is None or isinstance(marked, str) or not hasattr(marked, "__iter__"):
        return frozenset()
    return frozenset(str(f) for f in marked)


def as_date(value: object) -> dt.date | None:
    """A calendar date from a date, datetime or pandas Timestamp; ``None`` for blanks and NaT."""
    if not isinstance(value, dt.date) or value != value:  # NaT is a date that is not equal to itself
        return None
    return value.date() if isinstance(value, dt.datetime) else value


def reached_dates(project: Mapping[str, object]) -> dict[str, dt.date]:
    """Known dates on which the project reached each stage.

    ``actual_<stage>`` wins; the sourced ``stage_date`` stands for the current
    stage when its actual date is not recorded.
    """
    out: dict[str, dt.date] = {}
    for stage in (*DATED_STAGES, "terminated"):
        value = as_date(project.get(f"actual_{stage}"))
        if value is not None:
            out[stage] = value
    current, when = project.get("stage"), as_date(project.get("stage_date"))
    if isinstance(current, str) and current != "negotiating" and when is not None:
        out.setdefault(current, when)
    return out


def furthest_stage(project: Mapping[str, object]) -> ProjectStage:
    """The furthest lifecycle stage reached; for a terminated project, the last one before 终止."""
    stage = str(project.get("stage"))
    if stage != "terminated":
        return cast(ProjectStage, stage)
    dates = reached_dates(project)
    reached = [s for s in DATED_STAGES if s in dates]
    return reached[-1] if reached else "negotiating"


def check_transition(
    project: Mapping[str, object], to: ProjectStage, on: dt.date | None, today: dt.date
) -> list[Problem]:
    """Problems with moving ``project`` to stage ``to`` on date ``on``."""
    current = str(project.get("stage"))
    problems: list[Problem] = []
    if to == current:
        problems.append(Problem("stage", "transition.same", to, f"the project is already {both(to)}"))
    elif current == "terminated":
        problems.append(Problem(
            "stage", "transition.from_terminated", to,
            f"the project is {both('terminated')}; nothing follows termination "
            "(restore an earlier audit state if it was terminated by mistake)",
        ))
    elif to not in legal_targets(current):
        i, j = STAGES.index(cast(ProjectStage, current)), STAGES.index(to)
        if j < i:
            rule, hint = "transition.backward", "stages only move forward"
        else:
            rule, hint = "transition.skip", f"advance to {both(STAGES[i + 1])} first"
        problems.append(Problem("stage", rule, to, f"cannot move {both(current)} → {both(to)}: {hint}"))
    if on is None:
        problems.append(
            Problem("date", "date.required", None, f"give the date the project became {both(to)}")
        )
        return problems
    if on > today:
        problems.append(Problem(
            "date", "date.future", on, f"{on} is after today ({today}); actual dates cannot be in the future"
        ))
    earlier = {s: d for s, d in reached_dates(project).items() if d > on}
    if earlier:
        stage, day = max(earlier.items(), key=lambda kv: kv[1])
        problems.append(Problem(
            "date", "date.order", on,
            f"{on} is before the project became {both(stage)} on {day}; dates must follow the lifecycle",
        ))
    return problems


def plan_transition(
    project: Mapping[str, object], to: ProjectStage, on: dt.date | None, today: dt.date
) -> dict[str, object]:
    """The column changes that move ``project`` to ``to``; raise :class:`InputError` if illegal.

    ``stage_date`` then holds the new stage's date, so the date of the stage being
    left is copied to its ``actual_<stage>`` column when that is still empty.
    """
    problems = check_transition(project, to, on, today)
    if problems:
        raise InputError(f"project {project.get('id')}: " + "; ".join(p.message for p in problems))
    changes: dict[str, object] = {"stage": to, "stage_date": on, f"actual_{to}": on}
    current, since = str(project.get("stage")), as_date(project.get("stage_date"))
    if current in DATED_STAGES and since is not None and as_date(project.get(f"actual_{current}")) is None:
        changes[f"actual_{current}"] = since  # keep the sourced date of the stage being left
    return changes


def check_project(project: Mapping[str, object], today: dt.date) -> list[Problem]:
    """Problems with a project record: stage, date order, future dates, amounts."""
    problems: list[Problem] = []
    stage = project.get("stage")
    if stage not in PROJECT_STAGE_ZH:
        problems.append(Problem("stage", "stage.unknown", stage, "unknown stage"))
        return problems
    furthest = STAGES.index(furthest_stage(project))
    for kind in ("planned", "actual"):
        last: tuple[str, dt.date] | None = None
        for s in DATED_STAGES:
            day = as_date(project.get(f"{kind}_{s}"))
            if day is None:
                continue
            if last and day < last[1]:
                problems.append(Problem(
                    f"{kind}_{s}", "date.order", day,
                    f"{kind} date of {both(s)} ({day}) is before that of {both(last[0])} ({last[1]})",
                ))
            last = (s, day)
            if kind == "actual" and day > today:
                problems.append(
                    Problem(f"actual_{s}", "date.future", day, f"actual date {day} is after today")
                )
            if kind == "actual" and STAGES.index(s) > furthest:
                problems.append(Problem(
                    f"actual_{s}", "date.beyond_stage", day,
                    f"an actual date for {both(s)} but the project is only {both(str(stage))}",
                ))
    for name in AMOUNT_FIELDS:
        value = project.get(name)
        if isinstance(value, int | float) and value < 0:
            problems.append(Problem(name, "amount.negative", value, "amounts cannot be negative"))
    total, done = project.get("investment_yi"), project.get("completed_yi")
    if isinstance(total, int | float) and isinstance(done, int | float) and done > total:
        problems.append(Problem(
            "completed_yi", "amount.exceeds_total", done,
            f"completed investment {done} 亿元 exceeds the total investment {total} 亿元",
        ))
    return problems


_AMOUNT = re.compile(r"^\s*(?:约|近|超)?\s*([-+]?\d+(?:\.\d+)?)\s*([^\d\s]*)\s*$")


def parse_amount(value: object, unit: str = "亿元") -> float | None:
    """An amount in 亿元 from a number in ``unit`` or a text with its unit (``7400万元`` → 0.74).

    Blank is ``None`` (unknown stays unknown); raise :class:`InputError` when unreadable.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InputError(f"not an amount: {value!r}")
    if isinstance(value, int | float):
        return convert(float(value), unit, "亿元")
    m = _AMOUNT.match(str(value))
    if not m:
        raise InputError(f"cannot read amount {value!r}; write a number or e.g. 16亿元, 7400万元")
    try:
        return convert(float(m.group(1)), m.group(2) or unit, "亿元")
    except UnitError as exc:
        raise InputError(f"amount {value!r}: {exc}") from exc
