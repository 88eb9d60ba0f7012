"""Chart options as JSON and static images with readable Chinese labels."""

from __future__ import annotations

import json
import warnings

import pytest

from pacesetter.chains import views
from pacesetter.chains.diagnostics import compute_segment_diagnostics, compute_stage_completeness
from pacesetter.chains.placements import store_aggregates

from .conftest import CODES, CROSSWALK

QD = "370200"


@pytest.fixture
def diag(store, toy, thresholds):
    agg = store_aggregates(store, toy, CODES, CROSSWALK, QD, home_region=QD)
    return compute_segment_diagnostics(agg, toy, [QD], thresholds)


def test_echarts_option(diag, toy, thresholds):
    option = views.render_echarts_option(toy.chain("toy"), diag, "青岛市", thresholds)
    json.dumps(option)  # JSON-ready
    series = option["series"][0]
    assert series["type"] == "graph"
    assert [c["name"] for c in series["categories"]] == ["未掌握", "缺失", "薄弱", "具备", "优势"]
    nodes = {n["id"]: n for n in series["data"]}
    # e: nobody placed and no complete registry in the store → not covered (grey), never missing
    assert {k: n["status"] for k, n in nodes.items()} == {
        "a": "present", "b": "weak", "c": "strong", "d": "weak", "e": "not_covered"}
    assert nodes["e"]["category"] == 0 and nodes["c"]["category"] == 4
    assert nodes["b"]["symbolSize"] > nodes["a"]["symbolSize"] > nodes["e"]["symbolSize"]  # weight 6 > 3 > 1
    assert nodes["b"]["critical"] and nodes["b"]["reason"] == "仅1家本地企业(单点)；卡脖子环节"
    assert nodes["b"]["leader"] and nodes["b"]["label"] == {"formatter": "{b} ★"} and not nodes["a"]["leader"]
    # hovering a node shows its status, enterprise count and reason
    hover = f"{nodes['b']['name']}<br>薄弱 · 1<br>仅1家本地企业(单点)；卡脖子环节"
    assert nodes["b"]["tooltip"] == {"formatter": hover}
    edges = sorted((lk["source"], lk["target"]) for lk in series["links"])
    assert edges == [("a", "c"), ("b", "c"), ("c", "d")]
    assert (nodes["a"]["x"], nodes["c"]["x"], nodes["d"]["x"]) == (0, 320, 640)  # up → mid → down
    assert "编制者" in option["title"]["subtext"]  # the structure is authored, said in zh


def test_reasons_in_english(diag, thresholds):
    rows = diag.set_index("segment_id")
    assert views.render_reason(rows.loc["e"], thresholds, "en") == (
        "the registries in use do not cover its industries and no source speaks to it")
    assert views.render_reason(rows.loc["c"], thresholds, "en") == "5 local enterprises"  # LQ unknown: unsaid


def test_cjk_font_is_installed():
    font = views.cjk_font()
    assert font is not None, (
        "no CJK font found: install Noto Sans CJK (Debian: apt-get install -y fonts-noto-cjk) "
        "so that chain maps render Chinese labels")


def test_svg_map_has_chinese_labels(diag, toy, tmp_path):
    if views.cjk_font() is None:
        pytest.fail("no CJK font: apt-get install -y fonts-noto-cjk")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = views.render_chain_map(tmp_path / "toy.svg", toy.chain("toy"), diag, "青岛市")
    missing = [w for w in caught if "missing from font" in str(w.message)]
    assert missing == [], missing[:1]
    svg = path.read_text(encoding="utf-8")
    for label in ("头显整机", "微显示屏", "上游", "缺失", "青岛市 · 玩具链", "编制者", "★链主"):
        assert label in svg  # matplotlib writes each text as a comment beside its glyph paths


def test_png_map_and_heatmap(diag, toy, thresholds, tmp_path):
    png = views.render_chain_map(tmp_path / "toy.png", toy.chain("toy"), diag, "Qingdao", "en")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    heat = views.render_overview_heatmap(tmp_path / "heat.svg", compute_stage_completeness(diag, thresholds),
                                         list(toy), "青岛市")
    text = heat.read_text(encoding="utf-8")
    assert "玩具链" in text and "67%" in text and "未确认" in text  # up 6/9; the slot says unconfirmed


def test_heatmap_option_leaves_empty_stages_empty(diag, toy, thresholds):
    stages = compute_stage_completeness(diag, thresholds)
    option = views.render_heatmap_option(stages, list(toy), "青岛市")
    rows = option["yAxis"]["data"]
    cells = {(rows[d["value"][1]], d["value"][0]): d for d in option["series"][0]["data"]}
    assert cells[("玩具链", 0)] == {"value": [0, rows.index("玩具链"), 0.6667], "label": {"formatter": "67%"}}
    empty = [d for (row, _), d in cells.items() if row != "玩具链"]
    # unknown, not 0%: the unconfirmed slot says so in every cell
    assert empty and all(d["value"][2] == "-" and d["label"] == {"formatter": "未确认"} for d in empty)


def test_tooltips_name_the_segment_enterprises_and_count_the_rest(diag, toy, thresholds):
    firms = {"a": ["甲", "乙"], "c": [f"企业{i}" for i in range(10)]}
    option = views.render_echarts_option(toy.chain("toy"), diag, "青岛市", thresholds, enterprises=firms)
    tips = {n["id"]: n["tooltip"]["formatter"] for n in option["series"][0]["data"]}
    assert tips["a"].endswith("<br>甲、乙")
    assert tips["c"].endswith("<br>" + "、".join(f"企业{i}" for i in range(8)) + " …(+2)")
    assert tips["e"].count("<br>") == 2  # no enterprise: name, status, reason only
