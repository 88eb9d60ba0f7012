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
    assert "16,719.5 亿元 (2024)" in out and "14,136.46 亿元 (2021)" in out  # current and baseline
    # Ningbo 18147.7 − Qingdao 16719.5 = 1428.2 亿元; 18147.7 / 16719.5 − 1 = 8.54 %
    assert "to overtake Ningbo, Qingdao needs more than +1,428.20 亿元 (gap in 2024)" in out
    assert "about 8.5% more growth than Ningbo next year" in out
    assert "Composite rank" in out and "5–95% interval" in out
    assert "no data" in out  # the plan slots without figures say so


def test_chinese_labels(small_store: Path) -> None:
    out = _run(small_store, "--year", "2024", "--uncertainty", "0", lang="zh")
    assert "目标进度" in out and "青岛市赶超宁波市需+1,428.20 亿元以上" in out
    assert "建议指标（非规划原文）" in out


def test_json_has_every_table(small_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    _run(small_store, "--year", "2024", "--uncertainty", "120", "--format", "json", "-o", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    tables = data["tables"]
    gdp = next(r for r in tables["peer_standing"] if r["indicator_id"] == "gdp")
    assert gdp["gap_to_next"] == pytest.approx(1428.2) and gdp["rank"] == 2 and gdp["next_region"] == "330200"
    ranks = {(r["indicator_id"], r["region_code"]): r["rank"] for r in tables["peer_ranks"]}
    assert (ranks[("gdp", "330200")], ranks[("gdp", "370200")], ranks[("gdp", "320200")]) == (1, 2, None)
    hte = next(r for r in tables["attainment"] if r["indicator_id"] == "high_tech_enterprises")
    # 7920 (2023) → 10000 by 2026: (10000 − 7920) / 3 = 693.33 a year; no 2021 baseline in this store.
    assert hte["needed_annual_change"] == pytest.approx(693.333, abs=1e-3)
    assert hte["status"] == "no_baseline" and hte["progress"] is None
    statuses = {r["indicator_id"]: r["status"] for r in tables["indicators"]}
    assert list(statuses.values()).count("plan") == 5 and list(statuses.values()).count("proposed") == 7
    # Composite: GDP 2023 is the only indicator with three cities (Qingdao, Wuxi, Xi'an).
    used = [r["indicator_id"] for r in tables["composite_indicators"] if r["used"]]
    assert used == ["gdp"]
    assert [r["region_code"] for r in tables["composite_scores"]] == ["370200", "320200", "610100"]
    assert data["uncertainty_info"]["runs"] == 120


def test_xlsx_export(small_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "a.xlsx"
    _run(small_store, "-f", "peer-benchmark", "--year", "2024", "--format", "xlsx", "-o", str(target),
         "--uncertainty", "60")
    book = openpyxl.load_workbook(target)
    assert {"indicators", "attainment", "peer_standing", "composite_scores", "rank_uncertainty",
            "sensitivity"} <= set(book.sheetnames) and book.sheetnames[-1] == "说明 About"
    about = {row[0]: row[1] for row in book["说明 About"].iter_rows(min_row=2, values_only=True)}
    assert book["attainment"]["A1"].font.bold and book["attainment"].freeze_panes == "A2"
    assert "not the plan's" in about["note_en"] and "非规划原文" in about["note_zh"]


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
    assert "Progress to target" in out and "Peer standing" in out and "Composite rank" in out
    assert "to overtake Ningbo" in out  # Ningbo publishes 2024 GDP
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
    baseline = out.split("14,136.46 亿元 (2021) [", 1)[1].split("]", 1)[0]
    current = out.split("16,719.5 亿元 (2024) [", 1)[1].split("]", 1)[0]
    ningbo = out.split("Ningbo: +1,428.20 亿元 [", 1)[1].split("]", 1)[0]
    unstated = " (release date not stated; final)"
    assert notes["[" + baseline] == "https://guanhai.com.cn/p/160392.html" + unstated
    assert notes["[" + current] == "https://qzwfgc.com/products4/1127.html" + unstated
    assert notes["[" + ningbo] == "https://web.ncmc.nbtv.cn/cms/nbdst/xwdsg/nb/40256395.shtml" + unstated
    out = _run(small_store, "--framework", "qingdao-2022-2026", "--year", "2023", "--uncertainty", "0")
    high_tech = out.split("7,920 家 (2023) [", 1)[1].split("]", 1)[0]
    notes = dict(line.split("] ", 1) for line in out.splitlines() if line.startswith("["))
    qing5 = "http://www.qing5.com/2024/1122/511122.shtml"
    assert notes["[" + high_tech] == f"{qing5} (released 2024-11-22; final)"
