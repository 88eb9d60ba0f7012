"""Registry writes over HTTP: each lands once, audited under the signed-in user's name; a stale
version answers 409 and writes nothing; a write that would leave the user's remit is refused;
names that look like HTML come back as JSON data, never as a page."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api

XSS = "<script>alert(1)</script>"


def audit(api: Api, **filters: Any) -> list[dict[str, Any]]:
    r = api.client.get("/api/v1/audit", params={"last": 10000, **filters}, headers=api.headers("admin"))
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


def whoami(api: Api, role: str, **scope: Any) -> str:
    name: str = api.client.get("/api/v1/session", headers=api.headers(role, **scope)).json()["user"]["name"]
    return name


def test_advance_lands_once_audited_as_the_user_and_a_stale_version_is_409(api: Api) -> None:
    h = api.headers("analyst", lang="zh")
    name = whoami(api, "analyst")
    p = api.client.get("/api/v1/projects/P-0014", headers=h).json()
    step = {"to": "达产", "date": "2026-11-30", "version": p["version"], "note": "现场核实"}
    r = api.client.post("/api/v1/projects/P-0014/advance", json=step, headers=h)
    assert r.status_code == 200, r.text
    assert (r.json()["stage"], r.json()["stage_label"], r.json()["version"]) == \
        ("at_capacity", "达产", p["version"] + 1)
    last = audit(api, table="projects", record="project-3d3c16ab")[-1]
    assert (last["actor"], last["action"], last["note"]) == (name, "advance", "现场核实")
    before = len(audit(api))
    stale = api.client.patch("/api/v1/projects/P-0014", headers=h,
                             json={"set": {"investment_yi": 9}, "version": p["version"]})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert len(audit(api)) == before
    assert api.client.get("/api/v1/projects/P-0014", headers=h).json()["investment_yi"] is None


def test_illegal_moves_and_bad_fields_are_422_and_change_nothing(api: Api) -> None:
    h = api.headers("analyst")
    before = len(audit(api))
    p = api.client.get("/api/v1/projects/P-0014", headers=h).json()
    back = api.client.post("/api/v1/projects/P-0014/advance", headers=h,
                           json={"to": "negotiating", "date": "2026-11-30", "version": p["version"]})
    assert back.status_code == 422, back.text
    unknown = api.client.patch("/api/v1/projects/P-0014", headers=h,
                               json={"set": {"nonsense": 1}, "version": 1})
    assert unknown.status_code == 422
    no_version = api.client.patch("/api/v1/projects/P-0014", headers=h, json={"set": {"investment_yi": 1}})
    assert no_version.status_code == 422
    assert no_version.json()["error"]["issues"][0]["column"] == "body.version"
    assert len(audit(api)) == before


def test_a_district_officer_cannot_move_a_project_out_of_their_district(api: Api) -> None:
    h = api.headers("district_officer", districts=["370211"], lang="zh")
    p = api.client.get("/api/v1/projects/P-0014", headers=h).json()
    before = len(audit(api))
    moved = api.client.patch("/api/v1/projects/P-0014", headers=h,
                             json={"set": {"district": "即墨区"}, "version": p["version"]})
    assert moved.status_code == 403 and moved.json()["error"]["message"].startswith("此项修改会使记录超出")
    assert len(audit(api)) == before
    kept = api.client.patch("/api/v1/projects/P-0014", headers=h,
                            json={"set": {"district": "西海岸新区(中德生态园)"}, "version": p["version"]})
    assert kept.status_code == 200 and kept.json()["district_code"] == "370211"


def test_delete_and_restore(api: Api) -> None:
    h = api.headers("analyst")
    version = api.client.get("/api/v1/projects/P-0017", headers=h).json()["version"]
    assert api.client.delete(f"/api/v1/projects/P-0017?version={version}", headers=h).status_code == 200
    assert api.client.get("/api/v1/projects/P-0017", headers=h).status_code == 404
    assert api.client.get("/api/v1/projects?per_page=1", headers=h).json()["total"] == 60
    restored = api.client.post("/api/v1/projects/P-0017/restore", headers=h)
    assert restored.status_code == 200 and restored.json()["version"] == version + 2
    assert [a["action"] for a in audit(api, table="projects", record="project-44748995")][-2:] == \
        ["delete", "restore"]


def test_tasks_and_supervision(api: Api) -> None:
    h = api.headers("chain_chief", chains=["ic"], lang="en")
    name = whoami(api, "chain_chief", chains=["ic"])
    made = api.client.post("/api/v1/tasks", headers=h, json={
        "title": "补齐车规级芯片封测", "owner": "集成电路专班", "due": "2027-03-31", "kind": "fill_segment",
        "chain": "ic", "segment": "ic_auto", "projects": ["P-0014"]})
    assert made.status_code == 201, made.text
    task = made.json()
    assert (task["id"], task["status"], task["status_label"]) == ("T-0023", "open", "open")
    done = api.client.post(f"/api/v1/tasks/{task['id']}/status", headers=h,
                           json={"to": "in_progress", "version": task["version"], "note": "督办：已约谈"})
    assert done.status_code == 200 and done.json()["status_label"] == "in progress"
    linked = api.client.post(f"/api/v1/tasks/{task['id']}/links", headers=h, json={"project": "P-0011"})
    assert linked.status_code == 201
    assert [p["id"] for p in linked.json()["projects"]] == ["project-314e85c4", "project-3d3c16ab"]
    assert api.client.delete(f"/api/v1/tasks/{task['id']}/links/P-0011", headers=h).status_code == 200
    trail = audit(api, table="tasks", record="T-0023")
    assert {a["actor"] for a in trail} == {name} and trail[0]["action"] == "create"
    assert api.client.post("/api/v1/tasks/escalate", headers=h, json={}).status_code == 403
    raised = api.client.post("/api/v1/tasks/escalate", headers=api.headers("analyst"), json={})
    assert raised.status_code == 200 and isinstance(raised.json()["items"], list)


def test_parks_and_policies_edits(api: Api) -> None:
    h = api.headers("analyst")
    park = api.client.get("/api/v1/parks/park-435adb66", headers=h).json()
    edited = api.client.patch("/api/v1/parks/park-435adb66", headers=h,
                              json={"set": {"capacity_mu": 500, "occupied_mu": 400},
                                    "version": park["version"]})
    assert edited.status_code == 200
    assert (edited.json()["capacity_mu"], edited.json()["occupied_mu"]) == (500, 400)
    assert api.client.get("/api/v1/parks/park-435adb66", headers=h).json()["occupancy"] == 0.8
    over = api.client.patch("/api/v1/parks/park-435adb66", headers=h,
                            json={"set": {"occupied_mu": 600}, "version": edited.json()["version"]})
    assert over.status_code == 422  # more land occupied than the park has
    policy = api.client.get("/api/v1/policies/policy-033a78c9", headers=h).json()
    renewed = api.client.patch("/api/v1/policies/policy-033a78c9", headers=h,
                               json={"set": {"expires": "2026-12-31"}, "version": policy["version"]})
    assert renewed.status_code == 200 and renewed.json()["expires"].startswith("2026-12-31")
    viewer = api.client.patch("/api/v1/policies/policy-033a78c9", headers=api.headers("viewer"),
                              json={"set": {"expires": "2027-12-31"}, "version": renewed.json()["version"]})
    assert viewer.status_code == 403


def test_script_in_a_name_comes_back_as_json_data(api: Api) -> None:
    h = api.headers("analyst")
    made = api.client.post("/api/v1/projects", headers=h, json={"name": XSS, "investor": XSS, "chain": "ic"})
    assert made.status_code == 201, made.text
    assert made.headers["content-type"] == "application/json"
    for url in (f"/api/v1/projects/{made.json()['id']}", "/api/v1/projects?chain=ic&per_page=100"):
        r = api.client.get(url, headers=h)
        assert r.headers["content-type"] == "application/json"
        assert XSS in r.text  # the text as data, in a JSON string: nothing renders it
    found = api.client.get(f"/api/v1/projects/{made.json()['id']}", headers=h).json()
    assert (found["name_zh"], found["investor"]) == (XSS, XSS)
    unknown = api.client.get(f"/api/v1/projects/{XSS}", headers=h)
    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/json"
