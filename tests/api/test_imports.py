"""Imports and exports over HTTP: an upload goes through the same validation and atomicity as
`pacesetter import` (all rows or none; 422 with every issue, the file named as uploaded), under the
signed-in user's name; exports download what `pacesetter export` writes."""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.api.conftest import Api

PARK = "park-00d14f01"  # 西海岸汽车及零部件产业集聚区, area unknown in the demo


def parks_csv(api: Api) -> list[list[str]]:
    r = api.client.get("/api/v1/export/parks?format=csv", headers=api.headers("analyst"))
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == 'attachment; filename="parks.csv"'
    return list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))


def upload(api: Api, rows: list[list[str]], role: str = "analyst", *, lang: str = "en", dry_run: bool = False,
           **scope: Any) -> Any:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return api.client.post("/api/v1/imports", params={"dry_run": dry_run},
                           files={"file": ("园区.csv", out.getvalue().encode("utf-8"), "text/csv")},
                           headers=api.headers(role, lang=lang, **scope))


def area(api: Api) -> Any:
    return api.client.get(f"/api/v1/parks/{PARK}", headers=api.headers("analyst")).json()["area_mu"]


def audit_size(api: Api) -> int:
    return len(api.client.get("/api/v1/audit?last=10000", headers=api.headers("admin")).json()["items"])


def with_area(rows: list[list[str]], value: str) -> list[list[str]]:
    column = next(i for i, h in enumerate(rows[0]) if h.endswith("(area_mu)"))
    return [rows[0], *[[*r[:column], value, *r[column + 1:]] if r[0] == PARK else r for r in rows[1:]]]


def test_an_edited_export_lands_audited_as_the_user(api: Api) -> None:
    rows = with_area(parks_csv(api), "1200")
    assert len(rows) == 37  # the header and the demo's 36 parks
    dry = upload(api, rows, dry_run=True, lang="zh")
    assert dry.status_code == 200, dry.text
    assert (dry.json()["changed"], dry.json()["unchanged"], dry.json()["dry_run"]) == (1, 35, True)
    assert dry.json()["message"].startswith("园区.csv：已检查园区") and area(api) is None
    done = upload(api, rows)
    assert done.status_code == 200 and (done.json()["entity"], done.json()["changed"]) == ("parks", 1)
    assert area(api) == 1200
    name = api.client.get("/api/v1/session", headers=api.headers("analyst")).json()["user"]["name"]
    last = api.client.get(f"/api/v1/audit?table=parks&record={PARK}",
                          headers=api.headers("admin")).json()["items"]
    assert last[-1]["actor"] == name


def test_a_refused_file_names_every_issue_and_changes_nothing(api: Api) -> None:
    rows = with_area(parks_csv(api), "很大")
    rows[3][next(i for i, h in enumerate(rows[0]) if h.endswith("(id)"))] = ""  # the park id, zh or en
    before = audit_size(api)
    r = upload(api, rows, lang="zh")
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "import.rejected" and len(error["issues"]) == 2
    bad_area = next(i for i in error["issues"] if i["value"] == "很大")
    # the park is the first data row: row 2 of the file, under its header row
    assert (bad_area["file"], bad_area["row"]) == ("园区.csv", 2)
    assert bad_area["column"] and bad_area["rule"] and "园区.csv" in bad_area["message"]
    assert {i["row"] for i in error["issues"]} == {2, 4}
    assert area(api) is None and audit_size(api) == before


def test_only_importers_import_and_only_data_readers_export(api: Api) -> None:
    rows = parks_csv(api)
    for role, scope in [("viewer", {}), ("chain_chief", {"chains": ["ic"]}),
                        ("district_officer", {"districts": ["370211"]})]:
        refused = upload(api, rows, role, **scope)
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
        assert api.client.get("/api/v1/export/parks?format=csv",
                              headers=api.headers(role, **scope)).status_code == 403
    assert upload(api, rows, "admin", dry_run=True).json()["unchanged"] == 36


def test_exports_follow_the_cli(api: Api) -> None:
    h = api.headers("analyst")
    book = api.client.get("/api/v1/export/projects?format=xlsx", headers=h)
    assert book.status_code == 200 and book.content[:2] == b"PK"  # a zip: the .xlsx workbook
    assert book.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert api.client.get("/api/v1/export/projects?format=csv", headers=h).status_code == 422
    assert api.client.get("/api/v1/export/nonesuch?format=csv", headers=h).status_code == 404
