"""The project lifecycle 洽谈 → 签约 → 开工 → 投产 → 达产 (and 终止 from any stage).

Pure functions over a project given as a mapping of its store columns
(``stage``, ``stage_date``, ``planned_<stage>``, ``actual_<stage>``,
``investment_yi``, ``completed_yi`` ...). ``check_*`` functions return
:class:`Problem` lists and never raise on data; ``plan_transition`` raises
:class:`InputError` carrying every problem.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from pacesetter.errors import InputError, Said, UnitError
from pacesetter.model.entities import PROJECT_STAGE_ZH, ProjectStage
from pacesetter.model.units import convert

STAGES: tuple[ProjectStage, ...] = ("negotiating", "signed", "started", "producing", "at_capacity")
DATED_STAGES: tuple[ProjectStage, ...] = STAGES[1:]
STAGE_EN: dict[str, str] = {
    "negotiating": "negotiating", "signed": "signed", "started": "started",
    "producing": "in production", "at_capacity": "at capacity", "terminated": "terminated",
}
AMOUNT_FIELDS = ("investment_yi", "completed_yi", "expected_output_yi", "expected_tax_yi")
EARLIEST = dt.date(1900, 1, 1)  # a registry date before it is a typing slip (1800-01-01), not a fact
_STAGE_NAMES: dict[str, ProjectStage] = {
    **{zh: cast(ProjectStage, code) for code, zh in PROJECT_STAGE_ZH.items()},
    **{en.replace(" ", "_"): cast(ProjectStage, code) for code, en in STAGE_EN.items()},
    **{code: cast(ProjectStage, code) for code in PROJECT_STAGE_ZH},
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule about one field of a project; its message is ``said`` (``registry.problems.*``)."""

    field: str
    rule: str
    value: object
    said: Said

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (zh or en)."""
        return self.said.text(lang)

    @property
    def message(self) -> str:
        """The message in English (for errors raised without a language)."""
        return self.text("en")


def _problem(field: str, rule: str, value: object, key: str, **values: object) -> Problem:
    return Problem(field, rule, value, Said(f"registry.problems.{key}", **values))


def stage_label(stage: str, lang: str = "zh") -> str:
    """``开工`` in zh, ``started`` in en."""
    return PROJECT_STAGE_ZH[stage] if lang == "zh" else STAGE_EN[stage]


class Stage(str):
    """A stage code that a message shows in its language: ``{stage:zh}`` 开工, ``{stage:en}`` started."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return stage_label(self, spec) if spec in ("zh", "en") else format(str(self), spec)


def refused(record: str, problems: list[Problem]) -> InputError:
    """The error listing every problem of ``record`` (``project P-0001: …``), in the reader's language."""
    return InputError.said("registry.problems.refused", record=record, problems=[p.said for p in problems])


def parse_stage(text: str) -> ProjectStage:
    """Read a stage written in Chinese (开工) or English (started, in production, at_capacity)."""
    key = re.sub(r"[\s-]+", "_", str(text).strip().lower())
    if key not in _STAGE_NAMES:
        names = tuple(Said("registry_errors.stage_name", stage=Stage(code)) for code in PROJECT_STAGE_ZH)
        raise InputError.said("registry_errors.stage_unknown", text=text, stages=names)
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
        problems.append(_problem("stage", "transition.same", to, "same", stage=Stage(to)))
    elif current == "terminated":
        problems.append(_problem("stage", "transition.from_terminated", to, "from_terminated",
                                 stage=Stage("terminated")))
    elif to not in legal_targets(current):
        i, j = STAGES.index(cast(ProjectStage, current)), STAGES.index(to)
        moves = {"current": Stage(current), "to": Stage(to)}
        if j < i:
            problems.append(_problem("stage", "transition.backward", to, "backward", **moves))
        else:
            problems.append(_problem("stage", "transition.skip", to, "skip", next=Stage(STAGES[i + 1]),
                                     **moves))
    if on is None:
        problems.append(_problem("date", "date.required", None, "date_required", stage=Stage(to)))
        return problems
    return problems + check_stage_date(project, to, on, today)


def check_stage_date(
    project: Mapping[str, object], stage: str, on: dt.date, today: dt.date, field: str = "date"
) -> list[Problem]:
    """Problems with ``on`` as the date ``project`` reached ``stage`` (a move or an edited date):
    after today, before :data:`EARLIEST`, or before the date of a stage that comes earlier."""
    problems: list[Problem] = []
    if on > today:
        problems.append(_problem(field, "date.future", on, "date_future", on=on, today=today))
    if on < EARLIEST:
        problems.append(_problem(field, "date.too_early", on, "date_too_early", on=on, earliest=EARLIEST))
    order = (*STAGES, "terminated")
    before = order[:order.index(stage)] if stage in order else order
    earlier = {s: d for s, d in reached_dates(project).items() if s in before and d > on}
    if earlier:
        last, day = max(earlier.items(), key=lambda kv: kv[1])
        problems.append(_problem(field, "date.order", on, "date_order", on=on, stage=Stage(last), day=day))
    return problems


def check_date_edits(
    project: Mapping[str, object], changes: Mapping[str, object], today: dt.date
) -> list[Problem]:
    """Problems with the stage dates an edit writes (``stage_date`` of the current stage,
    ``actual_<stage>``), judged by the rules of a move to that stage (:func:`check_stage_date`)."""
    merged = {**project, **changes}
    problems: list[Problem] = []
    for field, value in changes.items():
        stage = merged.get("stage") if field == "stage_date" else field.removeprefix("actual_")
        on = as_date(value)
        if on is not None and field.startswith(("stage_date", "actual_")) and stage != "negotiating":
            problems += check_stage_date(merged, str(stage), on, today, field)
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
        raise refused(str(project.get("alias") or project.get("id")), problems)  # the name lists show
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
        problems.append(_problem("stage", "stage.unknown", stage, "stage_unknown"))
        return problems
    furthest = STAGES.index(furthest_stage(project))
    for kind in ("planned", "actual"):
        last: tuple[str, dt.date] | None = None
        for s in DATED_STAGES:
            day = as_date(project.get(f"{kind}_{s}"))
            if day is None:
                continue
            if last and day < last[1]:
                problems.append(_problem(f"{kind}_{s}", "date.order", day, f"{kind}_order", stage=Stage(s),
                                         day=day, last=Stage(last[0]), last_day=last[1]))
            last = (s, day)
            if kind == "actual" and day > today:
                problems.append(_problem(f"actual_{s}", "date.future", day, "actual_future", day=day))
            if kind == "actual" and STAGES.index(s) > furthest:
                problems.append(_problem(f"actual_{s}", "date.beyond_stage", day, "beyond_stage",
                                         stage=Stage(s), current=Stage(str(stage))))
    for name in AMOUNT_FIELDS:
        value = project.get(name)
        if isinstance(value, int | float) and value < 0:
            problems.append(_problem(name, "amount.negative", value, "amount_negative"))
    total, done = project.get("investment_yi"), project.get("completed_yi")
    if isinstance(total, int | float) and isinstance(done, int | float) and done > total:
        problems.append(_problem("completed_yi", "amount.exceeds_total", done, "exceeds_total",
                                 done=done, total=total))
    return problems


def check_finite(record: Mapping[str, object], names: tuple[str, ...]) -> list[Problem]:
    """Numbers among ``names`` that are infinite or NaN (``inf``, ``1e400``): no amount or area is."""
    return [_problem(name, "number.not_finite", value, "not_finite", name=name) for name in names
            if isinstance(value := record.get(name), float) and not math.isfinite(value)]


_AMOUNT = re.compile(r"^\s*(?:约|近|超)?\s*([-+]?\d+(?:\.\d+)?)\s*([^\d\s]*)\s*$")


def parse_amount(value: object, unit: str = "亿元") -> float | None:
    """An amount in 亿元 from a number in ``unit`` or a text with its unit (``7400万元`` → 0.74).

    Blank is ``None`` (unknown stays unknown); raise :class:`InputError` when unreadable.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InputError.said("registry_errors.not_amount", value=value)
    if isinstance(value, int | float):
        number, given = float(value), unit
    else:
        m = _AMOUNT.match(str(value))
        if not m:
            raise InputError.said("registry_errors.amount", value=value)
        number, given = float(m.group(1)), m.group(2) or unit
    if not math.isfinite(number):
        raise InputError.said("registry_errors.not_finite", value=value)
    try:
        return convert(number, given, "亿元")
    except UnitError as exc:
        raise InputError.said("registry_errors.amount_unit", value=value, unit=given) from exc
