"""`pacesetter target …` and `pacesetter trace target`: one language at a time, the files they write,
and the done-when of issue 18 (Qingdao's IC gaps listed with real listed companies and reasons)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pacesetter.errors import InputError
from tests.cli.test_one_language import data_values, invoke, other_language
from tests.cli.test_one_language_analysis_errors import texts
from tests.cli.test_one_language_chains import workbook_text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_target_commands_speak_one_language(demo_db: Path, tmp_path: Path, lang: str) -> None:
    out = {
        "candidates": invoke(demo_db, lang, "target", "candidates", "--chain", "ic", "--top", "3"),
        "opportunities": invoke(demo_db, lang, "target", "opportunities", "--top", "5"),
        "assign": invoke(demo_db, lang, "target", "assign", "--chain", "ic", "--segment", "ic_mems",
                         "--enterprise", "listed:002241.SZ", "--owner", "专班", "--due", "2027-06-30"),
        "trace": invoke(demo_db, lang, "trace", "target", "listed:002241.SZ"),
        "none": invoke(demo_db, lang, "trace", "target", "listed:000001.SZ"),
    }
    invoke(demo_db, lang, "target", "candidates", "--chain", "ic", "--format", "xlsx", "-o",
           str(tmp_path / "ic.xlsx"))
    out["xlsx"] = workbook_text(tmp_path / "ic.xlsx")
    values = data_values(str(demo_db))  # after the assign: the task it wrote is data
    assert {k: pieces for k, text in out.items() if (pieces := other_language(text, lang, values))} == {}
    if lang == "zh":
        assert "1. EDA/IP（未掌握）" in out["candidates"]
        assert "2. MEMS/智能传感器（薄弱）" in out["candidates"]
        assert "规模：未知" in out["candidates"] and "待核实的线索" in out["candidates"]
        assert "歌尔股份" in out["trace"] and "追溯：目标" in out["trace"]
    else:
        assert "1. EDA tools and IP (not covered)" in out["candidates"]
        assert "scale: unknown" in out["candidates"] and "leads to verify" in out["candidates"]
        assert "Goertek" in out["assign"] and "Trace: target" in out["trace"]
        assert "→ gap: Integrated circuits / MEMS and smart sensors" in out["trace"]  # names in English
    # the same lead again, while its task is open, would split its follow-up over two tasks
    said = texts(demo_db, InputError, "target", "assign", "--chain", "ic", "--segment", "ic_mems",
                 "--enterprise", "listed:002241.SZ", "--owner", "专班", "--due", "2027-06-30")
    assert said["en"].startswith("Goertek Inc. is already the target of open task T-")
    assert said["zh"].startswith("歌尔股份 已是未结任务 T-")


def test_candidates_as_json(demo_db: Path) -> None:
    found = json.loads(invoke(demo_db, "en", "target", "candidates", "--chain", "ic", "--top", "2",
                              "--format", "json"))
    assert [g["segment_id"] for g in found["gaps"]] == ["ic_eda", "ic_mems", "ic_auto", "ic_appliance"]
    for g in found["gaps"]:
        assert len(g["candidates"]) == 2
        for c in g["candidates"]:
            assert c["enterprise_id"].startswith("listed:")
            assert sum(r["contribution"] or 0.0 for r in c["reasons"]) == pytest.approx(c["score"], abs=1e-9)
            assert {r["code"]: r["contribution"] for r in c["reasons"]}["scale_unknown"] is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_structure_rca_and_complexity_speak_one_language(demo_db: Path, lang: str) -> None:
    out = {"rca": invoke(demo_db, lang, "structure", "rca", "--region", "370200", "--top", "5"),
           "complexity": invoke(demo_db, lang, "structure", "complexity", "--top", "3")}
    values = data_values(str(demo_db))
    assert {k: p for k, text in out.items() if (p := other_language(text, lang, values))} == {}
    # the listed registry places most firms by province: Qingdao is read as Shandong
    assert ("山东省各行业区位商" if lang == "zh" else "RCA of the industries of Shandong") in out["rca"]
    assert ("经济复杂度指数" if lang == "zh" else "economic complexity index (ECI)") in out["complexity"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_io_commands(demo_db: Path, lang: str) -> None:
    pytest.importorskip("pacesetter_io_nbs", reason="the tables' data package (make test installs it)")
    from pacesetter.structure.io import load_table, multipliers

    out = {"multipliers": invoke(demo_db, lang, "structure", "io-multipliers", "--table", "china_2020_42"),
           "impact": invoke(demo_db, lang, "structure", "io-impact", "--sector", "19", "--output", "10",
                            "--unit", "亿元")}
    values = data_values(str(demo_db))
    assert {k: p for k, text in out.items() if (p := other_language(text, lang, values))} == {}
    # 10 亿元 of new final demand for sector 19 brings 10 × its output multiplier
    total = 10 * float(multipliers(load_table("china_2020_42")).loc["19", "output"])
    assert f"{total:.2f}" in out["impact"]
    assert ("关键部门" if lang == "zh" else "Key sectors") in out["multipliers"]
    # the impact names its table and the sector by name; the employment multipliers say what they rest on
    name = load_table("china_2020_42").sectors.loc["19", lang]
    assert "china_2020_42" in out["impact"] and f"19 {name}" in " ".join(out["impact"].split())
    basis = "2018 年全国分行业就业人员" if lang == "zh" else "employed persons by sector of 2018"
    assert basis in " ".join(out["multipliers"].split())


@pytest.mark.parametrize("args", [("structure", "rca"), ("target", "opportunities")])
@pytest.mark.parametrize("code", ["999999", "370299", "12"])
def test_a_region_code_the_store_does_not_know_is_refused(demo_db: Path, args: tuple[str, str],
                                                          code: str) -> None:
    # the registry reads a code by its province: a typo must not answer for a place nobody asked about
    from pacesetter.errors import NotFoundError

    said = texts(demo_db, NotFoundError, *args, "--region", code)
    assert said == {"zh": f"未知的行政区划代码 '{code}'（GB/T 2260）；见 `pacesetter list regions`",
                    "en": f"unknown region code '{code}' (GB/T 2260); see `pacesetter list regions`"}
