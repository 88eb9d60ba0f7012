"""The scope matrix: every route of the API × every role × an object inside and one outside the
scoped users' remit, each answer checked against the oracle (:mod:`pacesetter.model.access`:
MATRIX and in_scope), with zero leaks.

The scoped users are a chain chief of ``ic`` (集成电路) and a district officer of 370211 (黄岛区,
西海岸新区). Objects picked from the demo by hand:

- projects: P-0014 (ic, 370211) inside both remits; P-0017 (nev, 370215) inside neither;
- tasks: T-0009 (chain ic; linked projects in 370211 and 370212) inside; T-0019 (no chain; linked
  projects of nev and modern_logistics, all in 370215) outside;
- parks: park-435adb66 (青岛市集成电路产业园, 370211) inside; park-7e17cfd5 (即墨区, 370215) outside.

Every route of the app's table under /api/v1 must be in :data:`READS`, :data:`WRITES` or
:data:`EXEMPT`: a route added later without an entry fails :func:`test_every_route_is_in_the_matrix`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from pacesetter.model.access import CITY, Action, Principal, RecordScope, Role, in_scope
from tests.api.conftest import Api

CHAIN, DISTRICT = "ic", "370211"
SCOPES_OF_ROLES: dict[Role, dict[str, list[str]]] = {
    Role.ADMIN: {}, Role.ANALYST: {}, Role.CHAIN_CHIEF: {"chains": [CHAIN]},
    Role.DISTRICT_OFFICER: {"districts": [DISTRICT]}, Role.VIEWER: {}}
OBJECTS = {"projects": {"in": "P-0014", "out": "P-0017"}, "tasks": {"in": "T-0009", "out": "T-0019"},
           "parks": {"in": "park-435adb66", "out": "park-7e17cfd5"}}
# what each object touches, by hand from the demo (see the module docstring)
SCOPES = {
    "P-0014": RecordScope(frozenset({"ic"}), frozenset({"370211"})),
    "P-0017": RecordScope(frozenset({"nev"}), frozenset({"370215"})),
    "T-0009": RecordScope(frozenset({"ic"}), frozenset({"370211", "370212"})),
    "T-0019": RecordScope(frozenset({"nev", "modern_logistics"}), frozenset({"370215"})),
    "park-435adb66": RecordScope(frozenset(), frozenset({"370211"})),
    "park-7e17cfd5": RecordScope(frozenset(), frozenset({"370215"})),
}
# a new record's scope: a project of ic in 西海岸新区 (370211), or of nev in 即墨区 (370215)
NEW = {"in": RecordScope(frozenset({"ic"}), frozenset({"370211"})),
       "out": RecordScope(frozenset({"nev"}), frozenset({"370215"}))}
# tasks linked to a project of 370211, by hand from the demo's task_projects
DISTRICT_TASKS = {"T-0001", "T-0004", "T-0006", "T-0007", "T-0009", "T-0011", "T-0012", "T-0014", "T-0015",
                  "T-0017"}
EXEMPT = {("POST", "/api/v1/session"): "signing in is how a user gets a role at all (tests/api: auth)",
          ("GET", "/api/v1/session"): "every signed-in user reads their own session",
          ("DELETE", "/api/v1/session"): "every signed-in user may sign out"}


def who(role: Role) -> Principal:
    scope = SCOPES_OF_ROLES[role]
    return Principal(f"oracle-{role.value}", role, frozenset(scope.get("chains", ())),
                     frozenset(scope.get("districts", ())))


def headers(api: Api, role: Role) -> dict[str, str]:
    return api.headers(role.value, **SCOPES_OF_ROLES[role])  # type: ignore[arg-type]


@dataclass(frozen=True)
class Read:
    """A read route: what it needs, the URL to ask (``{id}``: the object), and whether it is heavy
    (asked with one role once the MATRIX makes every role equal there)."""

    url: str
    resource: str = CITY
    objects: str | None = None
    heavy: bool = False
    action: Action = Action.READ


READS: dict[tuple[str, str], Read] = {
    ("GET", "/api/v1/regions"): Read("/api/v1/regions"),
    ("GET", "/api/v1/regions/{code}"): Read("/api/v1/regions/370200"),
    ("GET", "/api/v1/indicators"): Read("/api/v1/indicators"),
    ("GET", "/api/v1/indicators/{indicator_id}"): Read("/api/v1/indicators/gdp"),
    ("GET", "/api/v1/observations"): Read("/api/v1/observations?indicator=gdp"),
    ("GET", "/api/v1/overview"): Read("/api/v1/overview", heavy=True),
    ("GET", "/api/v1/peers"): Read("/api/v1/peers", heavy=True),
    ("GET", "/api/v1/assessment"): Read("/api/v1/assessment?draws=0", heavy=True),
    ("GET", "/api/v1/series/{indicator}"): Read("/api/v1/series/gdp"),
    ("GET", "/api/v1/bulletin"): Read("/api/v1/bulletin", heavy=True),
    ("GET", "/api/v1/bulletin/download"): Read("/api/v1/bulletin/download?format=md", heavy=True),
    ("GET", "/api/v1/warnings"): Read("/api/v1/warnings", heavy=True),
    ("GET", "/api/v1/needed"): Read("/api/v1/needed?indicator=above_size_industry_va_growth&target=6",
                                    heavy=True),
    ("GET", "/api/v1/frameworks"): Read("/api/v1/frameworks"),
    ("GET", "/api/v1/chains"): Read("/api/v1/chains"),
    ("GET", "/api/v1/chains/overview"): Read("/api/v1/chains/overview", heavy=True),
    ("GET", "/api/v1/chains/{chain}"): Read("/api/v1/chains/ic", heavy=True),
    ("GET", "/api/v1/chains/{chain}/map"): Read("/api/v1/chains/ic/map", heavy=True),
    ("GET", "/api/v1/chains/{chain}/what-if"): Read("/api/v1/chains/ic/what-if?remove_segment=ic_auto",
                                                     heavy=True),
    ("GET", "/api/v1/projects"): Read("/api/v1/projects", "projects"),
    ("GET", "/api/v1/projects/lights"): Read("/api/v1/projects/lights", "projects"),
    ("GET", "/api/v1/projects/funnel"): Read("/api/v1/projects/funnel", "projects"),
    ("GET", "/api/v1/projects/rollup"): Read("/api/v1/projects/rollup?by=district", "projects"),
    ("GET", "/api/v1/projects/{project_id}"): Read("/api/v1/projects/{id}", "projects", "projects"),
    ("GET", "/api/v1/enterprises"): Read("/api/v1/enterprises?per_page=5", "enterprises"),
    ("GET", "/api/v1/enterprises/{enterprise_id}"): Read("/api/v1/enterprises/ainnovation", "enterprises"),
    ("GET", "/api/v1/parks"): Read("/api/v1/parks", "parks"),
    ("GET", "/api/v1/parks/{park_id}"): Read("/api/v1/parks/{id}", "parks", "parks"),
    ("GET", "/api/v1/policies"): Read("/api/v1/policies", "policies"),
    ("GET", "/api/v1/policies/coverage"): Read("/api/v1/policies/coverage", "policies"),
    ("GET", "/api/v1/policies/{policy_id}"): Read("/api/v1/policies/policy-033a78c9", "policies"),
    ("GET", "/api/v1/tasks"): Read("/api/v1/tasks", "tasks"),
    ("GET", "/api/v1/tasks/{task_id}"): Read("/api/v1/tasks/{id}", "tasks", "tasks"),
    ("GET", "/api/v1/trace/{kind}/{key}"): Read("/api/v1/trace/project/{id}", "projects", "projects"),
    ("GET", "/api/v1/audit"): Read("/api/v1/audit?last=5", "audit"),
    ("GET", "/api/v1/export/{entity}"): Read("/api/v1/export/indicators?format=csv", "data"),
    ("GET", "/api/v1/structure/candidates/{chain}"): Read("/api/v1/structure/candidates/ic?top=2",
                                                          heavy=True),
    ("GET", "/api/v1/structure/opportunities"): Read("/api/v1/structure/opportunities", heavy=True),
}

Body = Callable[[Api, str], dict[str, Any]]  # (api, object id) -> request keyword arguments


def version(api: Api, kind: str, record_id: str) -> int:
    r = api.client.get(f"/api/v1/{kind}/{record_id}", headers=headers(api, Role.ADMIN))
    assert r.status_code == 200, r.text
    return int(r.json()["version"])


def _upload(api: Api, _: str) -> dict[str, Any]:
    csv = api.client.get("/api/v1/export/indicators?format=csv", headers=headers(api, Role.ADMIN)).content
    return {"files": {"file": ("indicators.csv", csv, "text/csv")}}


@dataclass(frozen=True)
class Write:
    """A write route: the request (``{id}``: the object; ``{project}``: the project of the same
    side), what it needs, and its rules beyond the matrix: ``creates`` (the new record's scope is
    checked, 403 outside it), ``reads_project`` (the project named must be readable first: 404),
    ``city_wide`` (touches records of every remit: unscoped roles only)."""

    method: str
    url: str
    action: Action
    resource: str
    body: Body | None = None
    objects: str | None = None
    ok: int = 200
    creates: bool = False
    reads_project: bool = False
    city_wide: bool = False


def _project_edit(api: Api, pid: str) -> dict[str, Any]:
    return {"json": {"set": {"investment_yi": 12.5}, "version": version(api, "projects", pid)}}


def _advance(api: Api, pid: str) -> dict[str, Any]:
    return {"json": {"to": "at_capacity", "date": dt.date.today().isoformat(),
                     "version": version(api, "projects", pid)}}


def _delete(api: Api, pid: str) -> dict[str, Any]:
    return {"params": {"version": version(api, "projects", pid)}}


def _status(api: Api, tid: str) -> dict[str, Any]:
    return {"json": {"to": "done", "note": "督办: 已落实", "version": version(api, "tasks", tid)}}


def _link(api: Api, tid: str) -> dict[str, Any]:
    side = "in" if tid == OBJECTS["tasks"]["in"] else "out"
    return {"json": {"project": OBJECTS["projects"][side]}}


def _park(api: Api, park: str) -> dict[str, Any]:
    return {"json": {"set": {"area_mu": 1234}, "version": version(api, "parks", park)}}


def _policy(api: Api, _: str) -> dict[str, Any]:
    return {"json": {"set": {"summary": "edited"}, "version": version(api, "policies", "policy-033a78c9")}}


def _new_project(api: Api, side: str) -> dict[str, Any]:
    chain, district = ("ic", "西海岸新区") if side == "in" else ("nev", "即墨区")
    return {"json": {"name": f"新项目 {side}", "chain": chain, "district": district}}


def _new_task(api: Api, side: str) -> dict[str, Any]:
    return {"json": {"title": f"新任务 {side}", "owner": "专班", "due": "2027-01-31",
                     "chain": "ic" if side == "in" else "nev", "projects": [OBJECTS["projects"][side]]}}


def _assign(api: Api, side: str) -> dict[str, Any]:
    """A gap of the side's chain and a listed candidate for it (hand-picked from the demo's lists)."""
    gap = ("ic", "ic_mems", "listed:002241.SZ") if side == "in" else ("nev", "nev_motor", "listed:002498.SZ")
    return {"json": {"chain": gap[0], "segment": gap[1], "enterprise": gap[2], "owner": "招商专班",
                     "due": "2027-06-30", "projects": [OBJECTS["projects"][side]]}}


# in the order they run on one database (the link before the unlink, the delete before the restore)
WRITES: dict[tuple[str, str], Write] = {
    ("PATCH", "/api/v1/projects/{project_id}"):
        Write("PATCH", "/api/v1/projects/{id}", Action.WRITE, "projects", _project_edit, "projects"),
    ("POST", "/api/v1/projects/{project_id}/advance"):
        Write("POST", "/api/v1/projects/{id}/advance", Action.WRITE, "projects", _advance, "projects"),
    ("DELETE", "/api/v1/projects/{project_id}"):
        Write("DELETE", "/api/v1/projects/{id}", Action.WRITE, "projects", _delete, "projects"),
    ("POST", "/api/v1/projects/{project_id}/restore"):
        Write("POST", "/api/v1/projects/{id}/restore", Action.WRITE, "projects", None, "projects"),
    ("POST", "/api/v1/tasks/{task_id}/status"):
        Write("POST", "/api/v1/tasks/{id}/status", Action.WRITE, "tasks", _status, "tasks"),
    ("POST", "/api/v1/tasks/{task_id}/links"):
        Write("POST", "/api/v1/tasks/{id}/links", Action.WRITE, "tasks", _link, "tasks", ok=201,
              reads_project=True),
    ("DELETE", "/api/v1/tasks/{task_id}/links/{project_id}"):
        Write("DELETE", "/api/v1/tasks/{id}/links/{project}", Action.WRITE, "tasks", None, "tasks",
              reads_project=True),
    ("PATCH", "/api/v1/parks/{park_id}"):
        Write("PATCH", "/api/v1/parks/{id}", Action.WRITE, "parks", _park, "parks"),
    ("POST", "/api/v1/projects"):
        Write("POST", "/api/v1/projects", Action.WRITE, "projects", _new_project, "new", ok=201,
              creates=True),
    ("POST", "/api/v1/tasks"):
        Write("POST", "/api/v1/tasks", Action.WRITE, "tasks", _new_task, "new", ok=201, creates=True,
              reads_project=True),
    ("POST", "/api/v1/structure/assign"):
        Write("POST", "/api/v1/structure/assign", Action.WRITE, "tasks", _assign, "new", ok=201, creates=True,
              reads_project=True),
    ("POST", "/api/v1/tasks/escalate"):
        Write("POST", "/api/v1/tasks/escalate", Action.WRITE, "tasks", lambda api, _: {"json": {}},
              city_wide=True),
    ("PATCH", "/api/v1/policies/{policy_id}"):
        Write("PATCH", "/api/v1/policies/policy-033a78c9", Action.WRITE, "policies", _policy),
    ("POST", "/api/v1/imports"):
        Write("POST", "/api/v1/imports?dry_run=true", Action.IMPORT, "data", _upload),
    ("POST", "/api/v1/backup"): Write("POST", "/api/v1/backup", Action.ADMIN, "users"),
}


def expected(user: Principal, action: Action, resource: str, scope: RecordScope | None, *, ok: int = 200,
             creates: bool = False, project: RecordScope | None = None, city_wide: bool = False) -> int:
    """The status the oracle gives: 403 when the role lacks the grant; for a record, 404 when the
    user cannot read it and 403 when they can but may not do ``action``; for a new record, 403 when
    it would lie outside their remit."""
    if not user.may(action, resource) or (city_wide and user.scoped):
        return 403
    if scope is None:
        return ok
    if creates:
        if project is not None and not in_scope(user, Action.READ, "projects", project):
            return 404
        return ok if in_scope(user, action, resource, scope) else 403
    if not in_scope(user, Action.READ, resource, scope):
        return 404
    if not in_scope(user, action, resource, scope):
        return 403
    if project is not None and not in_scope(user, Action.READ, "projects", project):
        return 404
    return ok


def api_routes(api: Api) -> set[tuple[str, str]]:
    """(method, path) of every route of the app under /api/v1, from its route table."""
    found = set()
    for ctx in iter_route_contexts(api.client.app.routes):  # type: ignore[attr-defined]
        if isinstance(ctx.original_route, APIRoute) and str(ctx.path).startswith("/api/v1/"):
            found |= {(m, str(ctx.path)) for m in ctx.methods or ()}
    return found


def test_every_route_is_in_the_matrix(shared_api: Api) -> None:
    routes = api_routes(shared_api)
    covered = set(READS) | set(WRITES) | set(EXEMPT)
    assert routes - covered == set(), "routes without a scope-matrix entry (add them to READS or WRITES)"
    assert covered - routes == set(), "matrix entries for routes the app no longer has"


def test_every_route_needs_a_signed_in_user(shared_api: Api) -> None:
    for method, path in sorted(api_routes(shared_api) - {("POST", "/api/v1/session")}):
        url = path.replace("{", "").replace("}", "")  # any value: the user is refused first
        r = shared_api.client.request(method, url)
        assert r.status_code == 401, (method, path, r.text)
        assert r.json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize("key", sorted(READS), ids=lambda k: f"{k[0]} {k[1]}")
def test_reads_follow_the_oracle(shared_api: Api, key: tuple[str, str]) -> None:
    case = READS[key]
    sides = ("in", "out") if case.objects else (None,)
    for side in sides:
        record = OBJECTS[case.objects][side] if case.objects and side else None
        scope = SCOPES[record] if record else None
        outcomes = {role: expected(who(role), case.action, case.resource, scope) for role in Role}
        asked_ok = False
        for role, status in outcomes.items():
            if status == 200 and case.heavy and asked_ok and len(set(outcomes.values())) == 1:
                continue  # the MATRIX makes every role equal here: one accepted request is enough
            url = case.url.replace("{id}", record or "")
            r = shared_api.client.get(url, headers=headers(shared_api, role))
            assert r.status_code == status, (role, url, r.text[:300])
            asked_ok |= status == 200
            if status == 404:  # the same answer as for a record that does not exist
                none = "P-9999" if case.objects == "projects" else "none-such"
                missing = shared_api.client.get(case.url.replace("{id}", none),
                                                headers=headers(shared_api, role)).json()["error"]
                assert missing["status"] == 404
                assert r.json()["error"] == {**missing, "message": missing["message"].replace(none, record)}


def audit_count(api: Api) -> int:
    with api.client.app.state.server.reading("test") as ws:  # type: ignore[attr-defined]
        return len(ws.audit())


@pytest.fixture(params=list(Role), ids=lambda r: r.value)
def role(request: pytest.FixtureRequest) -> Iterator[Role]:
    yield request.param


def test_writes_follow_the_oracle_and_refusals_change_nothing(api: Api, role: Role) -> None:
    user = who(role)
    name = api.client.get("/api/v1/session", headers=headers(api, role)).json()["user"]["name"]
    for case in WRITES.values():
        for side in (("in", "out") if case.objects else (None,)):
            record = OBJECTS[case.objects][side] if case.objects in OBJECTS and side else None
            scope = NEW[side] if case.creates and side else (SCOPES[record] if record else None)
            project = SCOPES[OBJECTS["projects"][side]] if case.reads_project and side else None
            status = expected(user, case.action, case.resource, scope, ok=case.ok, creates=case.creates,
                              project=project, city_wide=case.city_wide)
            url = case.url.replace("{id}", record or "").replace(
                "{project}", OBJECTS["projects"][side] if side else "")
            kwargs = case.body(api, record or side or "") if case.body else {}
            before = audit_count(api)
            r = api.client.request(case.method, url, headers=headers(api, role), **kwargs)
            assert r.status_code == status, (role, case.method, url, r.text[:300])
            if status >= 400:
                assert audit_count(api) == before, (role, case.method, url, "a refused write left a trace")
            elif case.action is Action.WRITE and case.objects:
                with api.client.app.state.server.reading("test") as ws:  # type: ignore[attr-defined]
                    last = ws.audit(last=1).iloc[0]
                assert last["actor"] == name, "the audit names the signed-in user"


def listed(api: Api, url: str, role: Role) -> set[str]:
    r = api.client.get(f"{url}{'&' if '?' in url else '?'}per_page=1000", headers=headers(api, role))
    assert r.status_code == 200, r.text
    return {str(i["id"]) for i in r.json()["items"]}


def test_lists_hold_exactly_what_the_user_may_read(shared_api: Api) -> None:
    with shared_api.client.app.state.server.reading("test") as ws:  # type: ignore[attr-defined]
        projects, parks = ws.projects.list(), ws.parks.list()
        tasks = set(ws.tasks.list()["id"])
    scopes = {
        "projects": {str(p.id): RecordScope.of(str(p.chain_id or "").split(";"), [p.district_code])
                     for p in projects.itertuples()},
        "parks": {str(p.id): RecordScope.of((), [p.district_code]) for p in parks.itertuples()},
        # a task touches the chain chief's chain or not, but a chain chief reads every task
        "tasks": {t: RecordScope(districts=frozenset({DISTRICT} if t in DISTRICT_TASKS else ()))
                  for t in tasks},
    }
    for role in Role:
        user = who(role)
        for url, resource, exact in [("/api/v1/projects", "projects", True), ("/api/v1/parks", "parks", True),
                                     ("/api/v1/tasks", "tasks", True),
                                     ("/api/v1/projects/lights", "projects", False),
                                     ("/api/v1/tasks?overdue=true", "tasks", False)]:
            sight = {i for i, s in scopes[resource].items() if in_scope(user, Action.READ, resource, s)}
            got = listed(shared_api, url, role)
            assert got <= sight, (role, url, "out-of-scope records listed", got - sight)
            if exact:
                assert got == sight, (role, url)
    # hand-counted: 20 projects, 10 parks and 10 tasks of 370211 in the demo
    assert [len(listed(shared_api, u, Role.DISTRICT_OFFICER)) for u in
            ("/api/v1/projects", "/api/v1/parks", "/api/v1/tasks")] == [20, 10, len(DISTRICT_TASKS)]


def test_aggregates_and_traces_hold_only_the_users_records(shared_api: Api) -> None:
    h = headers(shared_api, Role.DISTRICT_OFFICER)
    funnel = shared_api.client.get("/api/v1/projects/funnel", headers=h).json()["items"]
    assert funnel[0]["stage"] == "negotiating" and funnel[0]["reached"] == 20
    rollup = shared_api.client.get("/api/v1/projects/rollup?by=district", headers=h).json()["items"]
    assert [(r["district_code"], r["projects"]) for r in rollup if r["projects"]] == [("370211", 20)]
    # T-0009 (chain ic) produced project-4be170f6 (370211) and project-aaede2f5 (370212)
    traced = shared_api.client.get("/api/v1/trace/gap/ic", headers=h).json()["tasks"]
    assert [(t["id"], [p["id"] for p in t["projects"]]) for t in traced] == [("T-0009", ["project-4be170f6"])]
    task = shared_api.client.get("/api/v1/tasks/T-0009", headers=h).json()
    assert [p["id"] for p in task["projects"]] == ["project-4be170f6"]
    park = shared_api.client.get("/api/v1/parks/park-435adb66", headers=h).json()
    assert park["projects"] and {p["district_code"] for p in park["projects"]} == {"370211"}
    everyone = shared_api.client.get("/api/v1/trace/gap/ic", headers=headers(shared_api, Role.VIEWER)).json()
    assert [len(t["projects"]) for t in everyone["tasks"]] == [2]


def test_a_targets_trace_follows_the_oracle(api: Api) -> None:
    """Kind ``target`` of the trace route: the trace readers' roles, and of a target's tasks and
    their projects only what the user may read; a target known only through tasks the user may not
    read is answered as none at all (the same answer as an enterprise never targeted)."""
    with api.client.app.state.server.writing("test") as ws:  # type: ignore[attr-defined]
        made = {side: str(ws.structure.assign(**{**_assign(api, side)["json"], "due": dt.date(2027, 6, 30)
                                                 })["id"]) for side in ("in", "out")}
    for role in Role:
        user = who(role)
        for side, task in made.items():
            enterprise = _assign(api, side)["json"]["enterprise"]
            r = api.client.get(f"/api/v1/trace/target/{enterprise}", headers=headers(api, role))
            status = expected(user, Action.READ, "tasks", None)
            assert r.status_code == status, (role, side, r.text[:300])
            if status != 200:
                continue
            project = OBJECTS["projects"][side]
            sees_task = in_scope(user, Action.READ, "tasks", NEW[side])
            sees_project = in_scope(user, Action.READ, "projects", SCOPES[project])
            got = r.json()
            assert [(t["id"], [p["alias"] for p in t["projects"]]) for t in got["tasks"]] == (
                [(task, [project] if sees_project else [])] if sees_task else []), (role, side)
            target = (got["target"] or {}).get("enterprise_id")
            assert target == (enterprise if sees_task else None), (role, side)


def test_the_workspace_scopes_are_the_hand_checked_ones(shared_api: Api) -> None:
    with shared_api.client.app.state.server.reading("test") as ws:  # type: ignore[attr-defined]
        groups = {"projects": ws.projects, "tasks": ws.tasks, "parks": ws.parks}
        for kind, sides in OBJECTS.items():
            for record in sides.values():
                assert groups[kind].scope(record) == SCOPES[record], record
        assert ws.projects.draft_scope("ic", "西海岸新区(中德生态园)") == NEW["in"]
