"""Reading typed values, park and policy checks, and the sheet round trip as a property."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacesetter.errors import InputError
from pacesetter.registry.excel import COLUMNS, read_projects_sheet, write_projects
from pacesetter.registry.fields import check_place, parse_assignments, read_date, read_list
from pacesetter.registry.lifecycle import DATED_STAGES, STAGES


def test_read_values() -> None:
    assert read_date("2024/5/1") == read_date("2024年5月1日") == dt.date(2024, 5, 1)
    assert read_list("vr.optics；vr.device、 vr.content") == ["vr.optics", "vr.device", "vr.content"]
    assert read_list("  ") is None
    with pytest.raises(InputError, match="2024-05-01"):
        read_date("May Day")


def test_parse_assignments_reports_every_bad_one() -> None:
    kinds = {"completed_yi": "amount", "expires": "date", "area_mu": "float"}
    assert parse_assignments(kinds, ["completed_yi=7400万元", "area_mu=64", "expires="]) == {
        "completed_yi": pytest.approx(0.74), "area_mu": 64.0, "expires": None}
    with pytest.raises(InputError) as err:
        parse_assignments(kinds, ["completed_yi=lots", "area_mu=big", "colour=red", "expires"])
    message = str(err.value)
    assert all(s in message for s in ("completed_yi:", "area_mu: not a number", "'colour=red'", "'expires'"))


def test_check_place() -> None:
    assert [p.rule for p in check_place("parks", {"capacity_mu": 100.0, "occupied_mu": 120.0})] == [
        "occupancy.exceeds_capacity"]
    assert [p.rule for p in check_place("parks", {"area_mu": -1.0})] == ["amount.negative"]
    policy = {"issued": dt.date(2024, 1, 1), "expires": dt.date(2023, 12, 31)}
    assert [p.rule for p in check_place("policies", policy)] == ["date.order"]
    assert check_place("policies", {"issued": dt.date(2024, 1, 1), "expires": dt.date(2024, 1, 1)}) == []


_TEXT = st.text(alphabet="歌尔虚拟现实项目青岛崂山区abcXYZ0123 ", min_size=1, max_size=12).map(
    str.strip).filter(bool)
_AMOUNT = st.none() | st.floats(min_value=0, max_value=1e4, allow_nan=False).map(lambda v: round(v, 4))


@st.composite
def projects(draw: st.DrawFn) -> dict[str, object]:
    stage = draw(st.sampled_from([*STAGES, "terminated"]))
    start = draw(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)))
    gaps = draw(st.lists(st.integers(0, 900), min_size=4, max_size=4))
    reached = len(STAGES) if stage == "terminated" else STAGES.index(stage)
    p: dict[str, object] = {
        "id": draw(_TEXT), "name_zh": draw(_TEXT), "stage": stage, "investment_yi": draw(_AMOUNT),
        "segments": draw(st.none() | st.lists(st.sampled_from(["vr.optics", "vr.device"]), min_size=1)),
        "source": draw(st.none() | _TEXT), "version": draw(st.integers(1, 50)),
    }
    day = start
    for i, s in enumerate(DATED_STAGES):
        day += dt.timedelta(days=gaps[i])
        p[f"planned_{s}"] = day if draw(st.booleans()) else None
        p[f"actual_{s}"] = day if i < reached and draw(st.booleans()) else None
    return p


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(projects(), min_size=1, max_size=4))
def test_sheet_round_trip(rows: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "projects.xlsx"
        write_projects(pd.DataFrame(rows), path)
        _, parsed, issues = read_projects_sheet(path)
    assert issues == []
    assert len(parsed) == len(rows)
    for original, (_, back) in zip(rows, parsed, strict=True):
        for c in COLUMNS:
            assert back[c.field] == original.get(c.field), c.field
