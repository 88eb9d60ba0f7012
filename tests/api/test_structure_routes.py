"""The structure routes answer what ``ws.structure`` answers, notes first, words in the asker's language."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api
from tests.api.test_analysis_routes import get, workspace


def test_candidates_are_the_workspace_candidates(shared_api: Api) -> None:
    en = get(shared_api, "/api/v1/structure/candidates/ic?top=3")
    zh = get(shared_api, "/api/v1/structure/candidates/ic?top=3", "zh")
    with workspace(shared_api) as ws:
        direct = ws.structure.candidates("ic", "370200", top=3).to_json("en")
    assert en["gaps"] == direct["gaps"] and en["notes"] == direct["notes"]
    assert en["region"]["name"] == "Qingdao" and zh["region"]["name"] == "青岛市"
    first = zh["gaps"][0]
    assert (first["segment_id"], first["segment"], first["status"]) == ("ic_eda", "EDA/IP", "not_covered")
    assert first["note"].startswith("所用名录不覆盖此环节")
    reasons = first["candidates"][0]["reasons"]
    assert sum(r["contribution"] or 0.0 for r in reasons) == pytest.approx(first["candidates"][0]["score"])
    assert [r["contribution"] for r in reasons if r["factor"] in ("scale", "growth")] == [None, None]


def test_opportunities_as_table_and_chart(shared_api: Api) -> None:
    en = get(shared_api, "/api/v1/structure/opportunities")
    assert en["place"] == "370000" and en["rows"]
    assert {r["quadrant"] for r in en["rows"]} == {"near_complex", "far_complex", "near_simple", "far_simple"}
    points = sum(len(s["data"]) for s in en["chart"]["series"])
    assert points == len(en["rows"]) and en["chart"]["series"][0]["type"] == "scatter"


def test_an_unknown_chain_is_not_found(shared_api: Api) -> None:
    r = shared_api.client.get("/api/v1/structure/candidates/nope", headers=shared_api.headers())
    assert r.status_code == 404, r.text


def test_assign_creates_a_traced_promotion_task(api: Api) -> None:
    body = {"chain": "ic", "segment": "ic_mems", "enterprise": "listed:002241.SZ", "owner": "招商专班",
            "due": "2027-06-30", "projects": ["P-0014"]}
    r = api.client.post("/api/v1/structure/assign", json=body, headers=api.headers("analyst", lang="zh"))
    assert r.status_code == 201, r.text
    task = r.json()
    assert (task["kind"], task["status_label"], task["target"]["enterprise_id"]) == (
        "fill_segment", "待办", "listed:002241.SZ")
    assert task["title"] == "招商：歌尔股份 → 集成电路·MEMS/智能传感器"
    with workspace(api) as ws:
        trace = ws.structure.trace_target("listed:002241.SZ")
    assert [t_["id"] for t_ in trace["tasks"]] == [task["id"]]  # type: ignore[union-attr]
    assert [p["alias"] for p in trace["tasks"][0]["projects"]] == ["P-0014"]  # type: ignore[index]
    body["segment"] = "ic_foundry"  # present in Qingdao: no gap to fill
    r = api.client.post("/api/v1/structure/assign", json=body, headers=api.headers("analyst"))
    assert r.status_code == 422 and "ic_foundry" in r.json()["error"]["message"]
