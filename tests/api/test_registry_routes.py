"""The registry read over HTTP: what the Workspace answers, paged and filtered like the CLI, with
codes kept and labels in the asker's language (hand-checked values from the demo)."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api


def get(api: Api, url: str, *, role: str = "viewer", lang: str = "en", status: int = 200) -> Any:
    r = api.client.get(url, headers=api.headers(role, lang=lang))
    assert r.status_code == status, r.text
    return r.json()


def test_projects_are_paged_and_filtered_like_the_cli(shared_api: Api) -> None:
    # the demo holds 61 live projects, 7 of them on the ic chain (P-0046 on new_display;ic)
    last = get(shared_api, "/api/v1/projects?per_page=10&page=7")
    assert (last["total"], len(last["items"]), last["page"]) == (61, 1, 7)
    ic = get(shared_api, "/api/v1/projects?chain=ic&per_page=100")
    assert ic["total"] == 7 and {p["chain_id"] for p in ic["items"]} == {"ic", "new_display;ic"}
    started = get(shared_api, "/api/v1/projects?stage=开工&per_page=100", lang="zh")
    assert {(p["stage"], p["stage_label"]) for p in started["items"]} == {("started", "开工")}


def test_one_project_by_alias_with_its_timeline(shared_api: Api) -> None:
    p = get(shared_api, "/api/v1/projects/P-0014", lang="zh")
    assert (p["id"], p["chain_id"], p["district_code"], p["stage"], p["stage_label"]) == \
        ("project-3d3c16ab", "ic", "370211", "producing", "投产")
    assert [s["stage"] for s in p["timeline"]] == ["签约", "开工", "投产", "达产", "终止"]
    missing = get(shared_api, "/api/v1/projects/P-9999", lang="zh", status=404)["error"]
    assert (missing["code"], missing["message"]) == ("not_found", "没有记录 P-9999")


def test_lights_funnel_and_rollups(shared_api: Api) -> None:
    red = get(shared_api, "/api/v1/projects/lights?only=red&per_page=100", lang="zh")
    assert red["total"] == 9 and {(p["light"], p["light_label"]) for p in red["items"]} == {("red", "红灯")}
    assert "light_zh" not in red["items"][0]
    funnel = get(shared_api, "/api/v1/projects/funnel")["items"]
    # 61 projects reached 洽谈, 15 are in it now; 46 reached 签约 (46/61 = 0.754)
    assert (funnel[0]["stage"], funnel[0]["reached"], funnel[0]["current"]) == ("negotiating", 61, 15)
    assert abs(funnel[1]["conversion"] - 46 / 61) < 1e-9
    by_district = get(shared_api, "/api/v1/projects/rollup?by=district", lang="en")["items"]
    assert by_district[0]["district_code"] == "370211" and by_district[0]["projects"] == 20
    assert by_district[0]["district_name"] == "Huangdao District" and "district_zh" not in by_district[0]
    bad = get(shared_api, "/api/v1/projects/rollup?by=bad", lang="zh", status=422)["error"]
    assert bad["issues"][0]["column"] == "query.by"


def test_tasks_overdue_and_one_task(shared_api: Api) -> None:
    overdue = get(shared_api, "/api/v1/tasks?overdue=true&as_of=2026-06-30&per_page=100", lang="zh")
    assert overdue["total"] == 8
    first = overdue["items"][0]
    assert (first["id"], first["days_overdue"], first["level"]) == ("T-0001", 170, 3)
    assert first["level_label"] == "提级督办(报链长)" and "level_en" not in first
    task = get(shared_api, "/api/v1/tasks/T-0009", lang="en")
    assert (task["status"], task["status_label"]) == ("in_progress", "in progress")
    assert [p["id"] for p in task["projects"]] == ["project-4be170f6", "project-aaede2f5"]


def test_parks_policies_enterprises(shared_api: Api) -> None:
    assert get(shared_api, "/api/v1/parks?per_page=1")["total"] == 36
    park = get(shared_api, "/api/v1/parks/park-435adb66")
    assert park["name_zh"] == "青岛市集成电路产业园" and park["occupancy"] is None  # capacity unknown
    assert "project-3d3c16ab" in {p["id"] for p in park["projects"]}
    policy = get(shared_api, "/api/v1/policies/policy-033a78c9")
    assert policy["chain_ids"] == ["ai"]
    coverage = {c["chain_id"]: c for c in get(shared_api, "/api/v1/policies/coverage")["items"]}
    assert (coverage["ai"]["fund"], coverage["ai"]["policies"]) == (1, 8)
    firm = get(shared_api, "/api/v1/enterprises/ainnovation")
    assert (firm["name_zh"], firm["segments"]) == ("创新奇智", ["ai_cv"])


def test_trace_and_audit(shared_api: Api) -> None:
    traced = get(shared_api, "/api/v1/trace/project/P-0020")
    assert traced["project"]["id"] == "project-4be170f6" and [t["id"] for t in traced["tasks"]] == ["T-0009"]
    gap = get(shared_api, "/api/v1/trace/gap/ic")["tasks"]
    assert [(t["id"], len(t["projects"])) for t in gap] == [("T-0009", 2)]
    assert get(shared_api, "/api/v1/audit", role="viewer", status=403)["error"]["code"] == "forbidden"
    audit = get(shared_api, "/api/v1/audit?table=users&last=3", role="analyst")["items"]
    assert audit and {a["table_name"] for a in audit} == {"users"}


def test_lists_answer_304_while_the_data_stand_still(shared_api: Api) -> None:
    h = shared_api.headers("viewer")
    first = shared_api.client.get("/api/v1/projects", headers=h)
    again = shared_api.client.get("/api/v1/projects", headers={**h, "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
