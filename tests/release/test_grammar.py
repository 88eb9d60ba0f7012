"""The release grammar: the shipped vocabulary, its accessors and validation on load."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pacesetter.errors import ConfigError
from pacesetter.release.grammar import GRAMMAR_FILE, grammar, load_grammar


def test_words_as_releases_write_them() -> None:
    g = grammar()
    assert g.verb("growth", "down") == "下降"
    assert g.verb("price", "up") == "上涨"
    assert g.verb("pull", "up") == "拉动"
    assert set(g.verb_words("pull", "up")) == {"拉动", "上拉", "拉升", "拉高"}
    assert g.verb_words("pull", "down") == ("下拉", "拖累")
    assert g.change_word("up") == "加快"
    assert g.change_word("down") == "回落"
    assert "由降转增" in g.change_words("turned_positive")
    assert g.change_word("decline_narrowed") == "降幅收窄"
    assert g.change_word("rise_narrowed") == "涨幅回落"
    assert g.comparison("preliminary").zh[0] == "比初步核算数"
    assert g.comparisons.other_indicator.up == ["快于", "高于"]


def test_units_with_their_factor() -> None:
    g = grammar()
    times = g.unit_word("倍")
    assert times is not None and (times.unit, times.factor) == ("%", 100)
    trillion = g.unit_word("万亿元")
    assert trillion is not None and (trillion.unit, trillion.factor) == ("亿元", 10000)
    assert g.unit_word("光年") is None
    texts = g.unit_texts()
    assert texts.index("万亿元") < texts.index("亿元")  # the longer form is tried first


def _broken(tmp_path: Path, edit: str) -> Path:
    data = yaml.safe_load(GRAMMAR_FILE.read_text(encoding="utf-8"))
    if edit == "missing_direction":
        del data["directions"]["decline_widened"]
    elif edit == "bad_factor":
        data["units"][0]["factor"] = 0
    elif edit == "repeated_unit":
        data["units"].append({"text": "亿元", "unit": "亿元", "factor": 1})
    elif edit == "price_word":
        data["price_directions"]["up"]["zh"] = "飞涨"
    elif edit == "missing_price_direction":
        del data["price_directions"]["flat"]
    path = tmp_path / "grammar.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("edit", "said"), [
    ("missing_direction", "directions: missing decline_widened"),
    ("bad_factor", "key units.0.factor: [greater_than] 0 must be greater than 0"),
    ("repeated_unit", "units: 亿元 listed more than once"),
    ("price_word", "price_directions.up: '飞涨' is not a word of directions.rise_widened"),
    ("missing_price_direction", "price_directions: missing flat"),
])
def test_a_broken_grammar_names_file_key_and_rule(tmp_path: Path, edit: str, said: str) -> None:
    path = _broken(tmp_path, edit)
    with pytest.raises(ConfigError) as caught:
        load_grammar(path)
    assert str(path) in str(caught.value)
    assert said in str(caught.value)
