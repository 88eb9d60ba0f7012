"""`pacesetter assess` on a small store built in tmp_path, and on the embedded demo data."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import openpyxl
import pytest
from typer.testing import CliRunner

from pacesetter.cli.main import app
from pacesetter.errors import ConfigError
from tests.assess.conftest import MINIMAL

runner = CliRunner()


def _run(db: Path, *args: str, lang: str = "en") -> str:
    result = runner.invoke(app, ["--db", str(db), "--lang", lang, "assess", *args],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def test_table_shows_progress_peer_gap_and_composite(small_store: Path) -> None:
    out = _run(small_store, "--framework", "qingdao-2022-2026", "--year", "2024", "--uncertainty", "200")
    assert "Progress to target" in out and "proposed, not the plan's own" in out
    # current and baseline, in English units
    assert "16,719.5 100 million yuan (2024)" in out and "14,136.46 100 million yuan (2021)" in out
    # Ningbo 18147.7 − Qingdao 16719.5 = 1428.2 亿元; 18147.7 / 16719.5 − 1 = 8.54 %
    # the year rule: GDP is compared in 2023, the year four cities publish (2024: two)
    # 17146.6 − 15760.3 = 1386.3; 17146.6 / 15760.3 − 1 = 8.8%
    assert "to overtake Ningbo, Qingdao needs more than +1,386.3 100 million yuan (gap in 2023)" in out
    assert "about 8.8% more growth than Ningbo next year" in out
    # coverage first: GDP and high-tech enterprises of the 12 indicators, 4 of 26 cities
    assert out.splitlines()[1].startswith("Rests on: 2/12 indicators × 4/26 cities")
    # one indicator is not a composite: no ranking, and why
    assert "not presented as a ranking" in out and "Composite rank" not in out
    assert "no data" in out  # the plan slots without figures say so


def test_chinese_labels(small_store: Path) -> None:
    out = _run(small_store, "--year", "2024", "--uncertainty", "0", lang="zh")
    assert "目标进度" in out and "青岛市赶超宁波市需+1386.3 亿元以上" in out
    assert "建议指标（非规划原文）" in out


def test_json_has_every_table(small_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    _run(small_store, "--year", "2024", "--uncertainty", "120", "--format", "json", "-o", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    tables = data["tables"]
    gdp = next(r for r in tables["peer_standing"] if r["indicator_id"] == "gdp")
    assert gdp["gap_to_next"] == pytest.approx(1386.3) and gdp["rank"] == 2 and gdp["next_region"] == "330200"
    ranks = {(r["indicator_id"], r["region_code"]): r["rank"] for r in tables["peer_ranks"]}
    assert (ranks[("gdp", "330200")], ranks[("gdp", "370200")], ranks[("gdp", "320200")]) == (1, 2, 3)
    hte = next(r for r in tables["attainment"] if r["indicator_id"] == "high_tech_enterprises")
    # 7920 (2023) → 10000 by 2026: (10000 − 7920) / 3 = 693.33 a year; no 2021 baseline in this store.
    assert hte["needed_annual_change"] == pytest.approx(693.333, abs=1e-3)
    assert hte["status"] == "no_baseline" and hte["progress"] is None
    statuses = {r["indicator_id"]: r["status"] for r in tables["indicators"]}
    assert list(statuses.values()).count("plan") == 5 and list(statuses.values()).count("proposed") == 7
    # Composite: GDP 2023 is the only indicator with three cities or more: scores, but no ranks
    used = [r["indicator_id"] for r in tables["composite_indicators"] if r["used"]]
    assert used == ["gdp"]
    assert next(iter(data)) == "coverage" and data["coverage"]["rests_on"] == ["gdp", "high_tech_enterprises"]
    # cells: GDP 2021, 2023, 2024 (Qingdao), 2021, 2023, 2024 (Ningbo), 2023 (Wuxi, Xi'an); 7920 (2023)
    assert (data["coverage"]["cells"], data["coverage"]["cells_of"]) == (9, 12 * 26 * 4)  # 26 peers
    assert data["composite_ranked"] is False
    assert "1 of the framework's 12" in data["composite_unranked_reason"]
    assert all("rank" not in r for r in tables["composite_scores"]) and data["uncertainty_info"] is None


def test_xlsx_export(small_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "a.xlsx"
    _run(small_store, "-f", "peer-benchmark", "--year", "2024", "--format", "xlsx", "-o", str(target),
         "--uncertainty", "60")
    book = openpyxl.load_workbook(target)  # in the run's language (en) only
    assert {"Indicators", "Attainment", "Peer standing", "Composite scores"} <= set(book.sheetnames)
    assert book.sheetnames[0] == "Coverage" and book.sheetnames[-1] == "About"
    assert "Rank uncertainty" not in book.sheetnames  # one indicator of five: not a ranking
    about = {row[0]: row[1] for row in book["About"].iter_rows(min_row=2, values_only=True)}
    assert book["Attainment"]["A1"].font.bold and book["Attainment"].freeze_panes == "A2"
    assert "not the plan's" in about["Note"] and about["Coverage"].startswith("Rests on:")


def test_frameworks_listing(small_store: Path) -> None:
    out = _run(small_store, "frameworks")
    assert "qingdao-2022-2026" in out and "peer-benchmark" in out


def test_bad_framework_is_refused_and_changes_nothing(small_store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("id: high_tech_enterprises", "id: no_such_indicator"), encoding="utf-8")
    before = _counts(small_store)
    result = runner.invoke(app, ["--db", str(small_store), "assess", "-f", str(bad)])
    assert isinstance(result.exception, ConfigError)
    assert "no_such_indicator" in str(result.exception) and "[unknown_indicator]" in str(result.exception)
    assert _counts(small_store) == before


def _counts(db: Path) -> tuple[int, ...]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
                     for t in ("observations", "indicators", "targets", "regions"))
    finally:
        con.close()


def test_on_the_demo_data(demo_db: Path, tmp_path: Path) -> None:
    db = demo_db
    out = _run(db, "--framework", "qingdao-2022-2026", "--year", "2024", "--uncertainty", "200")
    assert "Progress to target" in out and "Peer standing" in out
    assert "to overtake Ningbo" in out  # GDP 2023: Ningbo (17146.6) is the city above Qingdao (15760.3)
    # with peer_figures.csv the composite rests on more than GDP, yet on too few to be a ranking
    assert "Indicators (year, weight): Regional GDP (2023" in out
    assert "Rank among national top-100 advanced manufacturing cities (2021" in out
    assert "not presented as a ranking" in out
    out = _run(db, "-f", "peer-benchmark", "--uncertainty", "200")
    assert "Composite rank" in out and "Sensitivity" in out
    target = tmp_path / "demo.json"
    _run(db, "--year", "2024", "--uncertainty", "0", "--format", "json", "-o", str(target))
    tables = json.loads(target.read_text(encoding="utf-8"))["tables"]
    mfg = next(r for r in tables["attainment"] if r["indicator_id"] == "mfg_va_share_gdp")
    # The store also holds plan targets as observations (status "target"): never a current value.
    assert mfg["current_year"] != 2026 and mfg["status"] != "achieved" and mfg["target"] == 30


def test_every_figure_shown_is_footnoted_to_its_source(small_store: Path) -> None:
    out = _run(small_store, "--framework", "qingdao-2022-2026", "--year", "2024", "--uncertainty", "0")
    notes = dict(line.split("] ", 1) for line in out.splitlines() if line.startswith("["))
    baseline = out.split("14,136.46 100 million yuan (2021) [", 1)[1].split("]", 1)[0]
    current = out.split("16,719.5 100 million yuan (2024) [", 1)[1].split("]", 1)[0]
    ningbo = out.split("Ningbo: +1,386.3 100 million yuan [", 1)[1].split("]", 1)[0]
    unstated = " (release date not stated; final)"
    assert notes["[" + baseline] == "https://guanhai.com.cn/p/160392.html" + unstated
    assert notes["[" + current] == "https://qzwfgc.com/products4/1127.html" + unstated
    assert notes["[" + ningbo] == "https://web.ncmc.nbtv.cn/cms/nbdst/xwdsg/nb/40256395.shtml" + unstated
    out = _run(small_store, "--framework", "qingdao-2022-2026", "--year", "2023", "--uncertainty", "0")
    high_tech = out.split("7,920 enterprises (2023) [", 1)[1].split("]", 1)[0]
    notes = dict(line.split("] ", 1) for line in out.splitlines() if line.startswith("["))
    qing5 = "http://www.qing5.com/2024/1122/511122.shtml"
    assert notes["[" + high_tech] == f"{qing5} (released 2024-11-22; final)"


def test_a_rank_gap_is_the_places_to_climb(demo_db: Path) -> None:
    from tests.cli.test_one_language import invoke

    # 2021 top-100 ranking: Qingdao 7th, Ningbo 6th (the city just above): one place to climb
    en = invoke(demo_db, "en", "assess", "--uncertainty", "0")
    zh = invoke(demo_db, "zh", "assess", "--uncertainty", "0")
    assert "to overtake Ningbo, Qingdao must climb at least 1 place(s) (ranks of 2021)" in en
    assert "青岛市赶超宁波市需至少上升 1 位（2021年位次）" in zh
    assert "-1 rank" not in en.split("Rank among")[-1].split("\n")[0] and "需-1 位" not in zh
