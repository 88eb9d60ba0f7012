"""Framework files: the shipped ones load; bad ones fail naming file, key path, line and rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from pacesetter.assess.loader import check_against_catalogue, list_frameworks, load_framework
from pacesetter.errors import ConfigError, NotFoundError
from tests.assess.conftest import MINIMAL

Write = Callable[..., Path]


def test_shipped_frameworks_are_listed_and_load() -> None:
    ids = set(list_frameworks()["id"])
    assert {"qingdao-2022-2026", "peer-benchmark"} <= ids
    for fid in ids:
        assert load_framework(fid).id == fid


def test_qingdao_framework_keeps_the_plan_structure() -> None:
    fw = load_framework("qingdao-2022-2026")
    assert [len(g.indicators) for g in fw.groups] == [5, 3, 2, 2]
    assert [i.status for i in fw.groups[0].indicators] == ["plan"] * 5
    assert {i.status for g in fw.groups[1:] for i in g.indicators} == {"proposed"}
    assert fw.peer_regions()[:2] == ["370200", "330200"]  # Ningbo first
    targets = {i.id: i.target.value for _, i in fw.indicators() if i.target}
    # Only the targets a source states: manufacturing share ≥ 30 % and > 10,000 high-tech firms.
    assert targets == {"mfg_va_share_gdp": 30, "high_tech_enterprises": 10000}
    assert all(i.baseline is None for _, i in fw.indicators())


def test_unknown_framework_names_the_known_ones() -> None:
    with pytest.raises(NotFoundError, match="qingdao-2022-2026"):
        load_framework("nope")


def _error(write: Write, text: str) -> str:
    path = write(text)
    with pytest.raises(ConfigError) as info:
        load_framework(path)
    msg = str(info.value)
    assert str(path) in msg
    return msg


def test_weights_not_summing_to_one(write_framework: Write) -> None:
    text = MINIMAL.replace("status: plan,", "status: plan, weight: 0.7,")
    text = text.replace("status: proposed}", "status: proposed, weight: 0.2}")
    msg = _error(write_framework, text)
    assert "key groups[0].indicators" in msg and "[weights_sum]" in msg and "0.9" in msg
    assert "(line 13)" in msg  # the indicators list starts on line 13


def test_target_with_the_wrong_unit(write_framework: Write) -> None:
    msg = _error(write_framework, MINIMAL.replace("value: 20000, unit: 亿元", "value: 20000, unit: 家"))
    assert "key groups[0].indicators[0].target.unit" in msg and "[unit_mismatch]" in msg


def test_target_in_another_unit_is_converted(write_framework: Write) -> None:
    from pacesetter.assess.inputs import framework_specs

    path = write_framework(MINIMAL.replace("value: 20000, unit: 亿元", "value: 2, unit: 万亿元"))
    specs = framework_specs(load_framework(path))
    assert specs.loc[0, "target"] == pytest.approx(20000)  # 2 万亿元 = 20000 亿元


def test_schema_errors_name_the_key_path_and_line(write_framework: Write) -> None:
    msg = _error(write_framework, MINIMAL.replace("higher, status: plan", "up, status: plan"))
    assert "key groups.0.indicators.0.polarity (line 13)" in msg and "[literal_error]" in msg


def test_unknown_unit_and_duplicate_indicator(write_framework: Write) -> None:
    assert "unknown unit" in _error(write_framework, MINIMAL.replace("unit: 家,", "unit: 只,"))
    dup = MINIMAL.replace("id: high_tech_enterprises", "id: gdp")
    assert "[duplicate]" in _error(write_framework, dup)


def test_extends_cycle_is_refused(write_framework: Write, tmp_path: Path) -> None:
    write_framework("id: a\nextends: b\n", "a")
    write_framework("id: b\nextends: a\n", "b")
    with pytest.raises(ConfigError, match=r"\[cycle\].*a → b → a"):
        load_framework("a", [tmp_path])


def test_extends_overrides_top_level_keys(write_framework: Write, tmp_path: Path) -> None:
    write_framework(MINIMAL, "mini")
    write_framework("id: mini-ningbo\nextends: mini\nregion_code: '330200'\n", "child")
    fw = load_framework("mini-ningbo", [tmp_path])
    assert fw.region_code == "330200" and fw.peer_regions()[0] == "330200"
    assert [i.id for _, i in fw.indicators()] == ["gdp", "high_tech_enterprises"]


def test_ahp_matrix_must_be_reciprocal(write_framework: Write) -> None:
    ahp = "  ahp: {items: [gdp, high_tech_enterprises], matrix: [[1, 3], [3, 1]]}\n"
    text = MINIMAL.replace("groups:\n", "methods:\n  weighting: ahp\n" + ahp + "groups:\n", 1)
    msg = _error(write_framework, text)
    assert "key methods.ahp.matrix[0][1]" in msg and "[reciprocal]" in msg


def test_unknown_indicator_against_the_store(write_framework: Write) -> None:
    fw = load_framework(write_framework(MINIMAL))
    catalogue = pd.DataFrame({"id": ["gdp"], "unit": ["亿元"]})
    with pytest.raises(ConfigError, match=r"groups\[0\]\.indicators\[1\]\.id.*\[unknown_indicator\]"):
        check_against_catalogue(fw, catalogue, "mini.yaml")
    catalogue = pd.DataFrame({"id": ["gdp", "high_tech_enterprises"], "unit": ["%", "家"]})
    with pytest.raises(ConfigError, match=r"\[unit_mismatch\].*'gdp' is in '亿元' here but in '%'"):
        check_against_catalogue(fw, catalogue, "mini.yaml")
