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


def test_candidates_with_weights(shared_api: Api) -> None:
    """The weights as a query parameter: normalised (relatedness=3,fit=1 → 0.75 and 0.25, the rest 0)
    and stated in the notes; the scores are those of the same weights; a broken rule is a 422 naming it."""
    from pacesetter.structure.targets import Weights

    url = "/api/v1/structure/candidates/ic"
    en = shared_api.client.get(url, params={"top": 2, "weights": "relatedness=3,fit=1"},
                               headers=shared_api.headers("viewer")).json()
    assert en["notes"][3] == ("Weights: segment fit 0.25, criticality of the gap 0, relatedness 0.75, "
                              "distance 0, scale 0, growth 0.")
    w = Weights(fit=0.25, criticality=0.0, relatedness=0.75, distance=0.0, scale=0.0, growth=0.0)
    with workspace(shared_api) as ws:
        assert en["gaps"] == ws.structure.candidates("ic", "370200", top=2, weights=w).to_json("en")["gaps"]
    zh = shared_api.headers(lang="zh")
    r = shared_api.client.get(url, params={"weights": "fit=1,growth=-1"}, headers=zh)
    assert r.status_code == 422
    assert r.json()["error"]["message"] == "growth 的权重为 -1：权重须为不小于 0 的有限数"


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
        trace = ws.trace("target", "listed:002241.SZ")
    assert [t_["id"] for t_ in trace["tasks"]] == [task["id"]]  # type: ignore[attr-defined]
    assert [p["alias"] for p in trace["tasks"][0]["projects"]] == ["P-0014"]  # type: ignore[index]
    # the trace route runs target → task → project, the reasons worded in the asker's language
    en = get(api, "/api/v1/trace/target/listed:002241.SZ")
    zh = get(api, "/api/v1/trace/target/listed:002241.SZ", "zh")
    traced = [(t_["id"], [p["alias"] for p in t_["projects"]]) for t_ in en["tasks"]]
    assert traced == [(task["id"], ["P-0014"])]
    assert en["target"] == en["tasks"][0]["target"] and en["project"] is None
    assert (en["target"]["name"], en["target"]["segment"], en["target"]["city_name"]) == (
        "Goertek Inc.", "MEMS and smart sensors", "Qingdao")
    assert (zh["target"]["name"], zh["target"]["segment"]) == ("歌尔股份", "MEMS/智能传感器")
    # by hand: known weights 0.3 + 0.2 + 0.25 + 0.1 = 0.85; fit 0.75 (label 398 for 3983), criticality
    # 0 (no downstream segment), distance 0.5 (Weifang: same province) → 0.75·0.3/0.85 = 0.2647...
    why = {r["factor"]: r for r in en["target"]["reasons"]}
    assert why["fit"]["contribution"] == pytest.approx(0.75 * 0.3 / 0.85)
    assert why["distance"]["contribution"] == pytest.approx(0.5 * 0.1 / 0.85)
    assert why["distance"]["text"] == "in the province (Weifang)"
    assert [why[f]["shown"] for f in ("criticality", "scale", "growth")] == ["+0.00", "—", "—"]
    assert sum(r["contribution"] or 0.0 for r in why.values()) == pytest.approx(en["target"]["score"])
    assert [r["text"] for r in zh["target"]["reasons"]][3] == "在本省（潍坊市）"
    assert get(api, "/api/v1/trace/target/listed:000001.SZ") == {"project": None, "tasks": [], "target": None}
    body["segment"] = "ic_foundry"  # present in Qingdao: no gap to fill
    r = api.client.post("/api/v1/structure/assign", json=body, headers=api.headers("analyst"))
    assert r.status_code == 422 and "ic_foundry" in r.json()["error"]["message"]
