"""Qingdao's chains on the embedded dataset, through the CLI as a new user would run it.

Expected statuses follow from the placements in chains/enterprises.csv and the authored
VR taxonomy: Goertek (歌尔, the VR chain leader) is the only placed firm in optics and one
of two in headsets (with PICO); nobody is placed in chips/sensors, and no registry in the
store is declared complete, so that segment is not covered (未掌握), never absent (缺失).
VR weights (covered segments): rnd 1, optics 6, micro-displays 12, headsets 4, AR glasses 2,
3D tools 6, content 5 = 36 (industry applications are not covered: software and AI firms are
not carried into VR by a shared service code); credits 1 + 6×0.5 + 12 + 4 + 2 + 6×0.5 + 5 = 30,
completeness 30/36 = 83.3%. Without Goertek: optics has no known firm left (0), headsets and
AR glasses keep PICO only (weak, 4×0.5 and 2×0.5): 24/36 = 66.7%.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

demo = pytest.importorskip("pacesetter.data.demo", reason="embedded dataset (pacesetter.data.demo) absent")

from pacesetter.chains.diagnostics import load_thresholds  # noqa: E402
from pacesetter.chains.service import diagnose_store  # noqa: E402
from pacesetter.chains.taxonomy import load_taxonomy  # noqa: E402
from pacesetter.cli.main import app  # noqa: E402
from pacesetter.store import connect  # noqa: E402

QD = "370200"


@pytest.fixture(scope="module")
def db(demo_db_template, tmp_path_factory) -> Path:
    """A private copy of the demo database: the taxonomy's 275 segments, each with its GB/T codes."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    shutil.copyfile(demo_db_template, path)
    con = connect(path)
    codes = con.execute("SELECT count(*) FROM segments WHERE len(industry_codes) > 0").fetchone()
    assert codes == (275,)
    con.close()
    return path


def _run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_vr_statuses_and_what_if(db):
    con = connect(db)
    diag = diagnose_store(con, load_taxonomy(), QD, load_thresholds(), remove_enterprises=["goertek"])
    vr = diag.segments[diag.segments["chain_id"] == "vr"].set_index("segment_id")
    assert vr.loc["vr_headset", "status"] == "strong" and bool(vr.loc["vr_headset", "leader_present"])
    assert (vr.loc["vr_optics", "status"], vr.loc["vr_optics", "n_enterprises"]) == ("weak", 1)
    assert vr.loc["vr_chip", "status"] == "not_covered" and not (vr["status"] == "missing").any()
    assert vr["revenue"].isna().all()  # no revenue is published for these firms: unknown, not 0
    w = diag.what_if["vr"]
    assert w.newly_missing == ["vr_optics"]
    assert w.lost_supply == {"vr_headset": ["vr_optics"], "vr_ar_glasses": ["vr_optics"]}
    assert ("vr_headset", "strong", "weak") in w.weakened
    assert (w.completeness_before, w.completeness_after) == pytest.approx((30 / 36, 24 / 36))
    slots = diag.chains.set_index("chain_id").loc[["svc_unconfirmed_a", "svc_unconfirmed_b"]]
    assert not slots["identified"].any() and slots["completeness"].isna().all()


def test_cli_list(db):
    out = _run(db, "chains", "list")
    assert "虚拟现实" in out and "未确认" in out and "编制者撰写" in out


def test_cli_diagnose_vr_and_ic(db):
    out = _run(db, "chains", "diagnose", "vr")
    for word in ("未掌握", "薄弱", "优势", "微显示屏", "强链", "优先补强环节", "编制者", "依据"):
        assert word in out
    assert "缺失 0" in out  # no complete registry: nothing is said to be absent
    data = json.loads(_run(db, "--lang", "en", "chains", "diagnose", "ic", "--format", "json"))
    # EDA (critical, 11 segments downstream) is not covered: no EDA firm is known, none is said absent
    assert data["authored"] and data["links_to_fill"][0] == "ic_mems"
    assert data["coverage"].startswith("Rests on: ")
    statuses = {s["segment_id"]: s["status"] for s in data["segments"]}
    assert statuses["ic_eda"] == "not_covered" and "missing" not in statuses.values()
    assert statuses["ic_auto"] == "not_covered"


def test_cli_enterprises_with_evidence(db):
    out = _run(db, "--lang", "en", "chains", "diagnose", "vr", "--enterprises")
    assert "歌尔股份" in out and "sourced" in out and "product" in out


def test_cli_what_if(db):
    out = _run(db, "--lang", "en", "chains", "diagnose", "vr", "--remove", "goertek")
    assert "What-if" in out and "no known firm left: Optics and optical modules" in out
    # revenue of the removed firm is not known: unknown, never 0; completeness 25/37 (module doc)
    assert "known revenue removed: —\n" in out and "completeness after: 67%" in out
    assert _run(db, "--lang", "en", "chains", "diagnose", "vr", "--remove", "歌尔股份") == out  # by name


def test_cli_what_if_unknown_enterprise(db):
    result = CliRunner().invoke(app, ["--db", str(db), "chains", "diagnose", "vr", "--remove", "歌尔"])
    assert result.exit_code != 0
    assert "no enterprise with id or name '歌尔'" in str(result.exception)
    assert "歌尔股份" in str(result.exception)  # suggestions


def test_cli_map_and_overview(db, tmp_path):
    _run(db, "chains", "map", "vr", "-o", str(tmp_path / "vr.svg"))
    assert "头显整机" in (tmp_path / "vr.svg").read_text(encoding="utf-8")
    _run(db, "chains", "map", "vr", "-o", str(tmp_path / "vr.json"))
    option = json.loads((tmp_path / "vr.json").read_text(encoding="utf-8"))
    assert len(option["series"][0]["data"]) == 14
    _run(db, "chains", "map", "vr", "-o", str(tmp_path / "vr.html"))  # drawn in Chromium: test_chart_page.py
    page = (tmp_path / "vr.html").read_text(encoding="utf-8")
    assert "echarts.init" in page and "头显整机" in page and "悬停环节" in page
    assert "仅1家本地企业(单点)<br>歌尔股份" in page  # the segment's enterprise on hover
    # a what-if per enterprise for the picker: the same answer as `diagnose --remove 歌尔股份`
    assert '"key": "goertek", "label": "歌尔股份", "summary": "已无已知企业: 光学器件/模组；' in page
    out = _run(db, "chains", "overview", "-o", str(tmp_path / "overview.png"))
    assert "智能家电" in out and "服务多条产业链的企业" in out
    # chains by name, not id (现代物流 by product: its logistics-platform segment's codes)
    assert "京东方(青岛京东方光电科技) (3): 新型显示、智能家电、虚拟现实" in out
    assert (tmp_path / "overview.png").stat().st_size > 0


def test_cli_on_a_synthetic_registry_is_labelled(db, tmp_path):
    registry = tmp_path / "synthetic.parquet"
    out = _run(db, "chains", "synth", str(registry), "--n", "5000", "--seed", "1")
    assert "5000 家合成企业（非真实数据）" in out  # zh, the default language
    out = _run(db, "--lang", "en", "chains", "diagnose", "ic", "--registry", str(registry))
    assert "Qingdao [SYNTHETIC data]" in out
    # a workbook and a page from it say so too
    import openpyxl

    _run(db, "chains", "diagnose", "ic", "--registry", str(registry), "--format", "xlsx", "-o",
         str(tmp_path / "ic.xlsx"))
    about = dict(openpyxl.load_workbook(tmp_path / "ic.xlsx")["说明"].iter_rows(values_only=True))
    assert about["合成数据"].startswith("SYNTHETIC")
    assert "[合成数据]" in about["地区"]
    _run(db, "chains", "map", "ic", "--registry", str(registry), "-o", str(tmp_path / "ic.html"))
    page = (tmp_path / "ic.html").read_text(encoding="utf-8")
    assert "<title>青岛市 [合成数据] · 集成电路</title>" in page


def test_cli_unknown_chain_is_a_clear_error(db):
    result = CliRunner().invoke(app, ["--db", str(db), "chains", "diagnose", "nope"])
    assert result.exit_code != 0 and "unknown chain 'nope'" in str(result.exception)


def test_diagnose_as_an_excel_workbook(db, tmp_path):
    import openpyxl

    as_json = json.loads(_run(db, "chains", "diagnose", "vr", "--format", "json", "--top", "100"))
    path = tmp_path / "vr.xlsx"
    _run(db, "chains", "diagnose", "vr", "--remove", "歌尔股份", "--format", "xlsx", "-o", str(path))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["环节诊断", "优先补强", "环节企业", "情景推演", "说明"]
    segments = list(book["环节诊断"].iter_rows(values_only=True))
    head, rows = segments[0], segments[1:]
    assert head[:4] == ("阶段", "环节", "状态", "原因")
    assert [r[1] for r in rows] == [s["name_zh"] for s in as_json["segments"]]  # every segment, in order
    lq = head.index("区位商")
    optics = next(r for r in rows if r[1] == "光学器件/模组")
    assert optics[2] == "薄弱" and optics[lq] is None  # LQ unknown (placed by evidence): empty, not 0
    links = [r[1] for r in list(book["优先补强"].iter_rows(values_only=True))[1:]]
    names = {s["segment_id"]: s["name_zh"] for s in as_json["segments"]}
    assert links == [names[i] for i in as_json["links_to_fill"]]  # same ranking as the table and JSON
    effects = list(book["情景推演"].iter_rows(values_only=True))[1:]
    what_if = {effect: (value, unit) for effect, value, unit in effects}
    assert what_if["已无已知企业"][0] == "光学器件/模组"
    assert what_if["状态下降"][0] == "头显整机 优势→薄弱；AR/AI眼镜 优势→薄弱"
    assert what_if["移出的已知营收"] == (None, "万元") and what_if["完整度(后)"] == (66.7, "%")
    about = dict(list(book["说明"].iter_rows(values_only=True))[1:])
    assert "编制者" in about["环节结构"] and about["地区"] == "370200 青岛市"


def test_xlsx_needs_an_output_file(db):
    result = CliRunner().invoke(app, ["--db", str(db), "chains", "diagnose", "vr", "--format", "xlsx"])
    assert result.exit_code != 0 and "--format xlsx 需要 -o 文件" in result.output  # zh, the default


def test_overview_as_an_excel_workbook(db, tmp_path):
    import openpyxl

    path = tmp_path / "chains.xlsx"
    out = _run(db, "chains", "overview", "-o", str(path))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["总览", "多链企业", "说明"]
    rows = list(book["总览"].iter_rows(values_only=True))
    head, body = rows[0], {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert len(body) == 24 and head[3] == "完整度"
    vr = body["虚拟现实"]  # the same figures as the table printed beside it
    assert vr["类别"] == "新兴产业链" and "│ 83%" in out  # 30/36, see the module doc
    assert f"{vr['完整度']:.0%}" == "83%"
    assert (vr["缺失"], vr["未掌握"], vr["薄弱"], vr["链主环节"]) == (
        0, 7, 2, 3)  # not covered: chips, acoustics, OS, platform, education, culture, industry
    assert vr["优先补强(前3)"] == "光学器件/模组、3D扫描/建模工具"
    slot = body["(未确认: 第6条现代服务业产业链)"]
    assert slot["已确认"] == "否" and slot["完整度"] is None  # unknown, not 0
    assert slot["缺失"] == slot["未掌握"] == "未确认"  # never "0 segments"
    multi = list(book["多链企业"].iter_rows(values_only=True))
    assert ("卡奥斯物联科技股份有限公司", 2, "智能家电、软件和信息服务") in [r[1:] for r in multi]


def test_an_unknown_region_is_an_error_not_an_empty_map(db):
    result = CliRunner().invoke(app, ["--db", str(db), "chains", "diagnose", "ic", "--region", "999999"])
    assert result.exit_code == 1
    assert "unknown region code '999999' (GB/T 2260)" in str(result.exception)


@pytest.mark.parametrize("args", [
    ("overview", "-o", "chains.txt"),
    ("map", "vr", "-o", "vr.pdf"),
    ("diagnose", "vr", "--format", "xlsx", "-o", "vr.csv"),
])
def test_an_output_file_of_the_wrong_kind_is_refused_before_any_work(db, tmp_path, args):
    *head, flag, name = args
    target = tmp_path / name
    result = CliRunner().invoke(app, ["--db", str(db), "chains", *head, flag, str(target)])
    flat = "".join(ch for ch in result.output if ch.isalnum() or ch == ".")  # the box may wrap the message
    assert result.exit_code == 2 and "文件须以" in flat and not target.exists()  # zh, the default


def test_nev_puts_the_tyre_makers_on_the_tyre_segment_by_product(db):
    """Issue 11: Sailun, Double Star and Sentury are sourced tyre makers (the advanced-materials
    chain's tyre segments, GB/T 2911), so the NEV chain's tyre segment holds them by product."""
    out = _run(db, "chains", "diagnose", "nev", "--enterprises")
    assert out.startswith("依据: ") and out.index("依据: ") < out.index("青岛市 · 新能源汽车")  # first
    con = connect(db)
    placed = diagnose_store(con, load_taxonomy(), QD, load_thresholds()).segments.set_index("segment_id")
    assert placed.at["nev_tyre", "status"] in ("present", "strong")
    data = json.loads(_run(db, "chains", "diagnose", "nev", "--format", "json", "--enterprises"))
    assert next(iter(data)) == "coverage" and data["coverage"].startswith("依据: ")
    import pacesetter

    ws = pacesetter.open(db)
    firms = ws.chains.enterprises()
    ws.close()
    tyre = firms[(firms["chain_id"] == "nev") & (firms["segment_id"] == "nev_tyre")]
    assert {"赛轮集团", "双星集团", "森麒麟"} <= set(tyre["name_zh"])
    assert set(tyre["basis"]) == {"product"}
