"""Units (explicit conversions, there and back) and GB/T 2260 region codes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacesetter.errors import UnitError
from pacesetter.model.regions import Region, level_of
from pacesetter.model.units import UNITS, convert, normalise_unit


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        (1.0, "亿元", "万元", 1e4),
        (14920.75, "亿元", "元", 1.492075e12),
        (3.2, "万亿元", "亿元", 32000.0),  # "3.2万亿元" as news writes it
        (9404283, "人", "万人", 940.4283),
        (1, "千美元", "美元", 1000.0),
    ],
)
def test_conversions_by_hand(value: float, src: str, dst: str, expected: float) -> None:
    assert convert(value, src, dst) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("alias", "symbol"), [("亿", "亿元"), ("pp", "个百分点"), ("百分点", "个百分点"),
                                               ("％", "%"), ("rank", "位"), ("户", "家")])
def test_aliases_normalise(alias: str, symbol: str) -> None:
    assert normalise_unit(alias).symbol == symbol


def test_percent_and_points_are_different_units() -> None:
    with pytest.raises(UnitError, match="cannot convert"):
        convert(1.1, "个百分点", "%")
    with pytest.raises(UnitError, match="cannot convert"):
        convert(5, "%", "亿元")
    with pytest.raises(UnitError, match="unknown unit"):
        normalise_unit("bushels")


money = [u.symbol for u in UNITS.values() if u.dimension == "money_cny"]


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.sampled_from(money),
       st.sampled_from(money))
def test_conversion_there_and_back(value: float, a: str, b: str) -> None:
    assert convert(convert(value, a, b), b, a) == pytest.approx(value, rel=1e-12, abs=1e-9)


@pytest.mark.parametrize(("code", "level"), [("000000", "country"), ("370000", "province"),
                                             ("370200", "city"), ("370212", "county")])
def test_level_follows_the_code(code: str, level: str) -> None:
    assert level_of(code) == level


@pytest.mark.parametrize("bad", ["3702", "37020A", "3702000", ""])
def test_region_code_must_be_six_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="6 digits"):
        Region(code=bad, name_zh="x", name_en="x", level="city")
