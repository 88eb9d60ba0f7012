"""Targeting on the demo: Qingdao's IC gaps get real listed companies with reasons; a candidate becomes
a 招商 task traced target → task → project; the Excel export (issue 18).

Hand-checked on the demo: the IC chain in Qingdao has one weak segment (MEMS/智能传感器, one
local firm) and three not covered by the registries in use (EDA/IP, 车规级芯片应用,
家电/消费电子应用); none is known to be missing. The listed registry places firms by province
except Shenzhen-listed ones, so relatedness is read in Shandong (370000).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import openpyxl
import pytest

from pacesetter.errors import InputError, NotFoundError
from pacesetter.workspace import Workspace

GAPS = {"ic_eda": "not_covered", "ic_mems": "weak", "ic_auto": "not_covered", "ic_appliance": "not_covered"}


@pytest.fixture(scope="module")
def ws(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    import shutil

    path = tmp_path_factory.mktemp("targets") / "demo.duckdb"
    shutil.copyfile(demo_db_template, path)
    return Workspace(path)


def test_every_ic_gap_gets_real_listed_candidates_with_reasons(ws: Workspace) -> None:
    found = ws.structure.candidates("ic", "370200", top=5)
    gaps = {str(g["segment_id"]): g for g in found.gaps()}
    assert {k: g["status"] for k, g in gaps.items()} == GAPS
    assert next(iter(gaps)) == "ic_eda"  # the most critical first: 11 of the other 14 depend on it
    assert gaps["ic_eda"]["downstream_count"] == 11
    assert found.relatedness.region == "370000" and found.relatedness.level == "province"
    cands = found.targeting.candidates
    for sid in GAPS:
        mine = cands[cands["segment_id"] == sid]
        assert len(mine) == 5 and mine["enterprise_id"].str.startswith("listed:").all()
        assert list(mine["rank"]) == [1, 2, 3, 4, 5] and mine["score"].is_monotonic_decreasing
    why = found.targeting.reasons
    sums = why.groupby(["segment_id", "enterprise_id"])["contribution"].sum()
    for c in cands.to_dict("records"):
        assert sums[(c["segment_id"], c["enterprise_id"])] == pytest.approx(c["score"], abs=1e-12)
    # the listed registry has neither revenue nor growth: unknown in every reason, never 0
    assert set(why.loc[why["factor"] == "scale", "code"]) == {"scale_unknown"}
    assert why.loc[why["factor"].isin(["scale", "growth"]), "contribution"].isna().all()
    # Goertek (歌尔股份, Weifang, label 元器件 → 398 contains MEMS's 3983) leads the MEMS list
    mems = cands[cands["segment_id"] == "ic_mems"].set_index("enterprise_id")
    assert "listed:002241.SZ" in mems.index
    assert mems.loc["listed:002241.SZ", "fit_level"] == "coarser"
    assert mems.loc["listed:002241.SZ", "distance"] == "same_province"
    worded = found.worded_reasons("ic_eda", str(cands.iloc[0]["enterprise_id"]), "zh")
    assert "填补EDA/IP，下游 11 个环节依赖它；卡脖子环节" in [r["text"] for r in worded]
    assert [r["shown"] for r in worded][-2:] == ["—", "—"]  # scale and growth: unknown
    # as printed, too: the contributions a reader adds up give the score the table prints
    for reasons, score in found.table("en")[["reasons (contribution)", "score"]].itertuples(index=False):
        printed = [float(v) for v in re.findall(r"\(\+(\d\.\d\d)\)", reasons)]
        assert f"{sum(printed):.2f}" == f"{score:.2f}", (reasons, score)
    assert found.gap_note(gaps["ic_eda"], "en").startswith("The registries in use do not cover this segment")


def test_assign_makes_a_promotion_task_traced_to_its_project(ws: Workspace) -> None:
    task = ws.structure.assign("ic", "ic_mems", "歌尔股份", owner="集成电路招商专班",
                               due=dt.date(2027, 6, 30))
    assert (task["kind"], task["owner_kind"], task["chain_id"], task["segment_id"]) == (
        "fill_segment", "task_force", "ic", "ic_mems")
    target = task["target"]
    assert isinstance(target, dict) and target["enterprise_id"] == "listed:002241.SZ"
    ws.tasks.link(str(task["id"]), "P-0014")
    trace = ws.structure.trace_target("listed:002241.SZ")
    assert [t_["id"] for t_ in trace["tasks"]] == [task["id"]]  # type: ignore[union-attr]
    assert [p["id"] for p in trace["tasks"][0]["projects"]] == [ws.projects.get("P-0014")["id"]]  # type: ignore[index]
    stored = trace["target"]
    assert isinstance(stored, dict) and stored["score"] == pytest.approx(float(str(target["score"])))
    assert {r["factor"] for r in stored["reasons"]} == {"fit", "criticality", "relatedness", "distance",
                                                         "scale", "growth"}
    with pytest.raises(InputError):
        ws.structure.assign("ic", "ic_foundry", "歌尔股份", owner="x", due=dt.date(2027, 6, 30))


def test_assigning_an_enterprise_the_registry_lacks_names_those_like_it(ws: Workspace) -> None:
    # not "no candidate because its industry is far": there is no such enterprise at all
    with pytest.raises(NotFoundError) as raised:
        ws.structure.assign("ic", "ic_mems", "歌尔", owner="x", due=dt.date(2027, 6, 30))
    assert raised.value.text("en").startswith("no enterprise with id or name '歌尔'; did you mean: 歌尔股份")
    with pytest.raises(InputError) as refused:  # it exists, but its industry is not the segment's
        ws.structure.assign("ic", "ic_eda", "歌尔股份", owner="x", due=dt.date(2027, 6, 30))
    assert "歌尔股份 is no candidate for segment ic_eda" in refused.value.text("en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_excel_export_per_chain(ws: Workspace, tmp_path: Path, lang: str) -> None:
    out = ws.structure.candidates("ic", "370200", top=3).write_xlsx(tmp_path / "ic.xlsx", lang)
    wb = openpyxl.load_workbook(out)
    sheet = wb.worksheets[0]
    head = [c.value for c in next(sheet.iter_rows())]
    zh = ["产业链", "环节", "环节状态"]
    assert head[:3] == (zh if lang == "zh" else ["chain", "segment", "segment status"])
    assert sheet.max_row == 1 + 4 * 3  # four gaps, three candidates each
    lead = "待核实线索" if lang == "zh" else "lead to verify"
    assert {row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)} == {lead}


def test_opportunities_quadrants(ws: Workspace) -> None:
    o = ws.structure.opportunities("370200")
    rows = o.rows
    assert o.place == "370000" and not rows.empty
    assert (rows["rca"] < 1).all()  # only industries Shandong is not specialised in
    x, y = rows["density"].median(), rows["pci"].median()
    near, cplx = rows["density"] >= x, rows["pci"] >= y
    assert (rows.loc[near & cplx, "quadrant"] == "near_complex").all()
    assert (rows.loc[~near & ~cplx, "quadrant"] == "far_simple").all()
    chart = o.chart("en")
    assert sum(len(s["data"]) for s in chart["series"]) == len(rows)
    assert chart["series"][0]["markLine"]["data"] == [{"xAxis": round(x, 4)}, {"yAxis": round(y, 4)}]


def test_a_synthetic_registry_file_gives_scale_and_says_synthetic(ws: Workspace, tmp_path: Path) -> None:
    path = ws.chains.synthesize(tmp_path / "synthetic.parquet", n=20_000)
    found = ws.structure.candidates("ic", "370200", registry=path, top=None)
    assert found.basis.synthetic and "SYNTHETIC" in found.notes("en")[0]
    assert (found.relatedness.region, found.relatedness.level) == ("370200", "city")
    why = found.targeting.reasons
    scale = why[why["factor"] == "scale"]
    known = scale[scale["code"] == "scale_known"]
    assert len(known) and known["value"].notna().all()
    assert (scale.loc[scale["code"] == "scale_unknown", "contribution"].isna()).all()
    # the largest revenue among a gap's candidates is at the top of the scale (percentile 1)
    seg = str(known["segment_id"].iloc[0])
    mine = known[known["segment_id"] == seg]
    revenue = mine["detail"].map(lambda d: d["revenue"])
    assert mine.loc[revenue.idxmax(), "value"] == 1.0
    assert found.targeting.candidates["enterprise_id"].str.isdigit().all()  # the file's own ids


@pytest.mark.parametrize(("lang", "header", "refused"), [
    ("zh", "权重：环节匹配 0.25，环节关键度 0，产业关联 0.75，距离 0，规模 0，成长 0。",
     "没有可加权的因素 size；因素为 `fit, criticality, relatedness, distance, scale, growth`"),
    ("en", "Weights: segment fit 0.25, criticality of the gap 0, relatedness 0.75, distance 0, scale 0, "
           "growth 0.", "no factor size to weigh; the factors are `fit, criticality, relatedness, distance, "
                        "scale, growth`"),
])
def test_candidates_with_weights_state_them(ws: Workspace, lang: str, header: str, refused: str) -> None:
    """`--weights relatedness=3,fit=1` is normalised to 0.75 and 0.25 (the rest 0), the header states
    exactly that, and the scores are those of the same weights asked of the Workspace; an unknown
    factor is refused, named, in the user's language."""
    from click.testing import CliRunner

    from pacesetter.structure.targets import Weights
    from tests.reliability.helpers import entry_point

    head = ["--db", str(ws.path), "--lang", lang, "target", "candidates", "--chain", "ic", "--top", "2"]
    env = {"COLUMNS": "2000", "PACESETTER_LANG": lang}
    result = CliRunner().invoke(entry_point, [*head, "--weights", "relatedness=3,fit=1", "--format", "json"],
                                env=env)
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["notes"][3] == header
    w = Weights(fit=0.25, criticality=0.0, relatedness=0.75, distance=0.0, scale=0.0, growth=0.0)
    assert found["gaps"] == ws.structure.candidates("ic", "370200", top=2, weights=w).to_json(lang)["gaps"]
    result = CliRunner().invoke(entry_point, [*head, "--weights", "fit=1,size=1"], env=env)
    assert result.exit_code != 0 and refused in " ".join(result.output.split())
