"""Tester's findings on the demo: unknown never shown as 0, `chains diagnose` options that were
silently ignored, and one language per output (chains diagnose, policies coverage, project lights).

Hand-checked on the demo database: VR has 14 segments, 7 of them not covered by any registry
(chips/sensors, acoustics, OS and engines, and the four downstream ones); the covered ones hold
research 2, optics 1, micro-displays 2, headsets 2, AR glasses 2, 3D tools 1, content 3 firms.
Seven policies in force name adv_materials: one codes its instrument (fund), six code none, so
its fund count is at least 1 and every other instrument unknown (not 0). Haier (haier_group) is
placed in smart appliances and software, never in VR. P-0007 is the first project by days
overdue (399, a red light).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from pacesetter.cli.main import app
from pacesetter.errors import InputError
from pacesetter.registry.coverage import compute_coverage

NOT_COVERED = {"vr_chip", "vr_acoustics", "vr_os", "vr_platform", "vr_edu", "vr_culture", "vr_industry"}
FIRMS = {"vr_rnd": 2, "vr_optics": 1, "vr_microdisplay": 2, "vr_headset": 2, "vr_ar_glasses": 2,
         "vr_3d_tools": 1, "vr_content": 3}


@pytest.fixture(scope="module")
def db(module_demo_db: Path) -> Path:
    """One copy of the demo for the module (its commands only read)."""
    return module_demo_db


def run(db: Path, lang: str, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", str(db), "--lang", lang, *args], env={"COLUMNS": "2000"})


def ok(db: Path, lang: str, *args: str) -> str:
    result = run(db, lang, *args)
    assert result.exit_code == 0, result.output
    return result.output


def row(text: str, name: str) -> list[str]:
    """The cells of the table row that starts with ``name``."""
    line = next(line for line in text.splitlines() if line.startswith(f"│ {name} "))
    return [cell.strip() for cell in line.strip("│").split("│")]


@pytest.mark.parametrize(("lang", "chips", "unknown", "status"),
                         [("en", "Chips and sensors (MEMS)", "unknown", "not covered"),
                          ("zh", "芯片/传感器(MEMS)", "未知", "未掌握")])
def test_a_segment_no_registry_covers_has_unknown_firms_in_every_output(
        db: Path, tmp_path: Path, lang: str, chips: str, unknown: str, status: str) -> None:
    table = ok(db, lang, "chains", "diagnose", "vr")
    assert row(table, chips)[1:3] == [status, unknown]  # status, firms
    assert row(table, chips)[5] == "—"  # leader: unknown, not "no"
    segments = json.loads(ok(db, lang, "chains", "diagnose", "vr", "--format", "json"))["segments"]
    assert {s["segment_id"] for s in segments if s["n_enterprises"] is None} == NOT_COVERED
    assert {s["segment_id"]: s["n_enterprises"] for s in segments if s["status"] != "not_covered"} == FIRMS
    assert all(s["leader_present"] is None for s in segments if s["status"] == "not_covered")
    out = tmp_path / "vr.xlsx"
    ok(db, lang, "chains", "diagnose", "vr", "--format", "xlsx", "-o", str(out))
    sheet = load_workbook(out).worksheets[0]
    head = [c.value for c in sheet[1]]
    firms = {r[1]: r[head.index("Enterprises" if lang == "en" else "企业数")]
             for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert firms[chips] == unknown and list(firms.values()).count(unknown) == 7
    assert 0 not in firms.values() and sum(v for v in firms.values() if isinstance(v, int)) == 13
    # nor are its firms reporting revenue or its priority 0: neither is known
    for header in (("Reporting revenue", "Priority") if lang == "en" else ("报告营收企业", "优先度")):
        at = head.index(header)
        assert [r[at] for r in sheet.iter_rows(min_row=2, values_only=True)
                if r[1] == chips] == [unknown], header


def test_diagnose_refuses_a_segment_outside_the_chain_and_a_top_below_one(db: Path) -> None:
    for segment in ("nosuch", "ic_auto"):  # a typo, and a segment of another chain
        result = run(db, "en", "chains", "diagnose", "vr", "--remove-segment", segment)
        assert isinstance(result.exception, InputError)  # the CLI's entry point prints it
        assert f"chain vr has no segment {segment}; its segments: vr_rnd, vr_optics" in str(result.exception)
    zh = run(db, "zh", "chains", "diagnose", "vr", "--remove-segment", "ic_auto").exception
    assert isinstance(zh, InputError) and "产业链 vr 中没有环节 ic_auto；其环节：vr_rnd" in zh.text("zh")
    for top in ("0", "-3"):
        assert run(db, "en", "chains", "diagnose", "vr", "--top", top).exit_code == 2
    assert run(db, "en", "chains", "diagnose", "vr", "-o", "x.json").exit_code == 2  # a table: no file


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_json_output_goes_to_the_file(db: Path, tmp_path: Path, lang: str) -> None:
    out = tmp_path / "vr.json"
    said = ok(db, lang, "chains", "diagnose", "vr", "--format", "json", "-o", str(out), "--top", "1",
              "--remove", "haier_group")
    assert said.startswith("wrote" if lang == "en" else "已写入") and "segments" not in said
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["chain"] == "vr" and len(data["segments"]) == 14 and len(data["links_to_fill"]) == 1
    # Haier is placed in two other chains only: their what-ifs, and a word for VR's silence
    assert set(data["what_if"]) == {"smart_appliance", "software_it"}
    said = ": no placement" if lang == "en" else "：在本产业链"
    assert data["what_if_notes"][0].startswith(f"haier_group{said}")


@pytest.mark.parametrize(("lang", "note"), [
    ("en", "haier_group: no placement in this chain (Virtual reality), so removing it changes nothing here"),
    ("zh", "haier_group：在本产业链（虚拟现实）中没有落位，移除后本链不变")])
def test_removing_an_enterprise_placed_elsewhere_says_so(db: Path, tmp_path: Path, lang: str,
                                                         note: str) -> None:
    text = ok(db, lang, "chains", "diagnose", "vr", "--remove", "haier_group")
    what_if = "What-if" if lang == "en" else "情景推演"
    assert note in text and text.index(note) < text.index(f"{what_if} · ")  # before the others' what-ifs
    out = tmp_path / "vr.xlsx"
    ok(db, lang, "chains", "diagnose", "vr", "--remove", "haier_group", "--format", "xlsx", "-o", str(out))
    book = load_workbook(out)
    assert book.sheetnames[-3:] == [f"{what_if} smart_appliance", f"{what_if} software_it",
                                    "About" if lang == "en" else "说明"]
    about = [tuple(r) for r in book["About" if lang == "en" else "说明"].iter_rows(values_only=True)]
    assert about[0] == (("Item", "Value") if lang == "en" else ("项目", "内容"))
    assert (what_if, note) in about


def test_removing_a_segment_without_known_firms_says_it_changes_nothing(db: Path) -> None:
    text = ok(db, "en", "chains", "diagnose", "vr", "--remove-segment", "vr_chip")
    said = "Chips and sensors (MEMS): no known enterprise, so removing it changes nothing in this chain"
    assert said in text


def test_coverage_counts_are_floors_or_unknown_where_policies_are_not_coded() -> None:
    chains = pd.DataFrame({"id": ["vr", "ai"], "name_zh": ["虚拟现实", "人工智能"]})
    policies = pd.DataFrame([{"chain_ids": ["vr", "ai"], "instruments": ["fund"]},
                             {"chain_ids": ["vr"], "instruments": []}])
    m = compute_coverage(chains, policies).set_index("chain_id")
    assert m.loc["vr", "fund"] == 1 and m.loc["vr", ["subsidy", "land", "talent", "tax"]].isna().all()
    assert m.loc["ai", ["subsidy", "fund", "land", "talent", "tax"]].tolist() == [0, 1, 0, 0, 0]  # all coded
    assert (m.loc["vr", "uncoded"], bool(m.loc["vr", "uncovered"])) == (1, False)


@pytest.mark.parametrize(("lang", "name", "coded", "partial"), [
    ("en", "Advanced polymer and metal materials", "1 of 7 policies coded",
     "10 chains have only some policies coded"),
    ("zh", "先进高分子及金属材料", "7 项政策中 1 项已编码", "10 条产业链仅部分政策已编码")])
def test_policies_coverage_never_shows_a_bare_zero_and_names_chains_in_the_language(
        db: Path, lang: str, name: str, coded: str, partial: str) -> None:
    text = ok(db, lang, "policies", "coverage")
    assert row(text, "adv_materials") == ["adv_materials", name, "—", "≥1", "—", "—", "—", "7", "6", coded]
    assert partial in text
    if lang == "en":
        assert "先进" not in text and "人工智能" not in text


@pytest.mark.parametrize(("lang", "red"), [("en", "red"), ("zh", "红灯")])
def test_project_lights_files_carry_the_code_and_the_word_of_the_run(db: Path, lang: str, red: str) -> None:
    csv = ok(db, lang, "projects", "lights", "--format", "csv").splitlines()
    head = csv[0].split(",")
    light = head.index("light")
    assert "light_zh" not in head and head[light:light + 2] == ["light", "light_label"]
    assert csv[1].startswith("project-1e7e6ba7,P-0007,") and f",red,{red},399.0," in csv[1]
    first = json.loads(ok(db, lang, "projects", "lights", "--format", "json"))[0]
    assert (first["alias"], first["light"], first["light_label"]) == ("P-0007", "red", red)
    assert "light_zh" not in first


@pytest.mark.parametrize(("lang", "unconfirmed"), [("zh", "未确认"), ("en", "unconfirmed")])
def test_an_unconfirmed_chain_has_no_leader_count_in_the_overview(db: Path, tmp_path: Path, lang: str,
                                                                   unconfirmed: str) -> None:
    """A chain no source names has no segments: its leader segments are unconfirmed, not 0."""
    out = tmp_path / "overview.xlsx"
    ok(db, lang, "chains", "overview", "-o", str(out))
    sheet = load_workbook(out).worksheets[0]
    head = [c.value for c in sheet[1]]
    leaders = head.index("链主环节" if lang == "zh" else "Leader segments")
    confirmed = head.index("已确认" if lang == "zh" else "Identified")
    no = "否" if lang == "zh" else "no"
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[confirmed] == no]
    assert rows and all(r[leaders] == unconfirmed for r in rows)
