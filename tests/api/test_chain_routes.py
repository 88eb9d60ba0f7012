"""The chain routes answer what ``ws.chains`` answers, coverage first, words in the asker's language."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api
from tests.api.test_analysis_routes import get, workspace

CHAIN = "smart_appliance"


def test_list_names_every_chain_and_never_counts_an_unconfirmed_one(shared_api: Api) -> None:
    en, zh = get(shared_api, "/api/v1/chains"), get(shared_api, "/api/v1/chains", "zh")
    with workspace(shared_api) as ws:
        direct = ws.chains.list()
    assert en["total"] == len(direct) == 24
    first = {c["id"]: c for c in en["items"]}[CHAIN]
    assert (first["name"], first["segments"]) == ("Smart home appliances", 19)
    assert {c["id"]: c for c in zh["items"]}[CHAIN]["name"] == "智能家电"
    unconfirmed = [c for c in en["items"] if not c["identified"]]
    assert unconfirmed and all(c["segments"] is None and c["chokepoints"] is None for c in unconfirmed)


def test_diagnosis_is_the_workspace_diagnosis(shared_api: Api) -> None:
    en = get(shared_api, f"/api/v1/chains/{CHAIN}")
    zh = get(shared_api, f"/api/v1/chains/{CHAIN}", "zh")
    with workspace(shared_api) as ws:
        d = ws.chains.diagnose(CHAIN, "370200", lang="en")
    assert en["coverage"] == d.basis.coverage(d.segments, "en") and zh["coverage"].startswith("依据")
    assert en["summary"]["completeness"] == pytest.approx(float(d.summary["completeness"]))
    statuses = {s["segment_id"]: s["status"] for s in en["segments"]}
    assert statuses == dict(zip(d.segments["segment_id"], d.segments["status"], strict=True))
    words = {("not_covered", "not covered", "未掌握"), ("missing", "absent", "缺失")}
    for a, b in zip(en["segments"], zh["segments"], strict=True):
        for code, in_en, in_zh in words:
            if a["status"] == code:
                assert (a["status_label"], b["status_label"]) == (in_en, in_zh)
    assert [s["segment_id"] for s in en["links_to_fill"]] == list(d.links(5)["segment_id"])
    assert en["enterprises"] and all(e["chain_id"] == CHAIN and e["source"] for e in en["enterprises"])
    assert en["chain"]["authored_note"] and en["region"]["synthetic"] is False


def test_map_and_overview(shared_api: Api) -> None:
    chain_map = get(shared_api, f"/api/v1/chains/{CHAIN}/map", "zh")
    assert chain_map["option"]["series"] and chain_map["coverage"].startswith("依据")
    ov = get(shared_api, "/api/v1/chains/overview")
    with workspace(shared_api) as ws:
        direct = ws.chains.overview("370200", lang="en")
    assert len(ov["chains"]) == len(direct.chains) and ov["coverage"].startswith("Rests on")
    assert {s["stage_label"] for s in ov["stages"]} == {"upstream", "midstream", "downstream"}
    assert ov["heatmap"]["series"] and ov["multi_chain"]


def test_what_if_removes_an_enterprise(shared_api: Api) -> None:
    body = get(shared_api, f"/api/v1/chains/{CHAIN}/what-if?remove=haier_group")
    with workspace(shared_api) as ws:
        direct = ws.chains.diagnose(CHAIN, remove=["haier_group"]).what_if
    found = {w["chain_id"]: w for w in body["what_if"]}
    assert set(found) == set(direct)
    mine = found[CHAIN]
    assert mine["newly_missing"] == direct[CHAIN].newly_missing
    assert mine["completeness_after"] == pytest.approx(direct[CHAIN].completeness_after)
    assert mine["lines"] and body["removed"] == {"enterprises": ["haier_group"], "segments": []}


@pytest.mark.parametrize(("url", "en", "zh"), [
    ("/api/v1/chains/nope", "unknown chain 'nope'", "未知产业链 “nope”"),
    (f"/api/v1/chains/{CHAIN}?region=999999", "unknown region code '999999'", "未知的行政区划代码 '999999'"),
])
def test_unknown_is_404_in_both_languages(shared_api: Api, url: str, en: str, zh: str) -> None:
    for lang, said in (("en", en), ("zh", zh)):
        r = shared_api.client.get(url, headers=shared_api.headers("chain_chief", lang=lang, chains=[CHAIN]))
        assert r.status_code == 404 and said in r.json()["error"]["message"]


def test_what_if_needs_a_removal_and_every_role_reads(shared_api: Api) -> None:
    url = f"/api/v1/chains/{CHAIN}/what-if"
    r = shared_api.client.get(url, headers=shared_api.headers("viewer", lang="zh"))
    assert r.status_code == 422 and "remove=" in r.json()["error"]["message"]
    for role in ("admin", "analyst", "district_officer"):
        scope = {"districts": ["370211"]} if role == "district_officer" else {}
        headers = shared_api.headers(role, **scope)
        assert shared_api.client.get("/api/v1/chains", headers=headers).status_code == 200
    assert shared_api.client.get("/api/v1/chains").status_code == 401


def test_diagnosis_etag(shared_api: Api) -> None:
    headers = shared_api.headers("viewer")
    tag = shared_api.client.get(f"/api/v1/chains/{CHAIN}", headers=headers).headers["etag"]
    again = shared_api.client.get(f"/api/v1/chains/{CHAIN}", headers={**headers, "If-None-Match": tag})
    assert again.status_code == 304
