"""Errors of the registry routes that say what is wrong: the parameter, the value given and the values
allowed, in the request's language, and never a server path or the command line's syntax; a filter
that names nothing is refused (as an unknown stage is), not answered with an empty or unfiltered list.
"""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import Api

HAN = re.compile(r"[\u4e00-\u9fff]")


def _error(r: object) -> str:
    assert r.status_code == 422, r.text  # type: ignore[attr-defined]
    return str(r.json()["error"]["message"])  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_unknown_trace_kind_names_the_kinds(shared_api: Api, lang: str) -> None:
    h = shared_api.headers("analyst", lang=lang)
    message = _error(shared_api.client.get("/api/v1/trace/x/y", headers=h))
    assert "kind" in message and "'x'" in message
    assert all(k in message for k in ("project", "gap", "indicator", "target")), message
    assert ("无效" in message) if lang == "zh" else (not HAN.search(message) and "not valid" in message)
    assert shared_api.client.get("/api/v1/trace/indicator/gdp", headers=h).status_code == 200


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_projects_export_as_csv_says_xlsx_only_and_no_server_path(shared_api: Api, lang: str) -> None:
    h = shared_api.headers("analyst", lang=lang)
    message = _error(shared_api.client.get("/api/v1/export/projects?format=csv", headers=h))
    assert "/tmp" not in message and "pacesetter-api" not in message and "projects.csv" not in message
    assert "format=xlsx" in message and "'csv'" in message
    assert ("只导出为 xlsx" in message) if lang == "zh" else ("exported as xlsx only" in message)
    assert shared_api.client.get("/api/v1/export/projects", headers=h).status_code == 200


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_patch_of_an_unknown_field_names_it_and_the_fields(api: Api, lang: str) -> None:
    h = api.headers("analyst", lang=lang)
    before = api.client.get("/api/v1/projects/P-0003", headers=h).json()
    r = api.client.patch("/api/v1/projects/P-0003", headers=h,
                         json={"set": {"chain": "biomed"}, "version": before["version"]})
    message = _error(r)
    assert "'chain'" in message and "chain_id" in message and "investment_yi" in message
    assert "=" not in message, message  # no `field=value` of the command line
    assert ("未知字段" in message) if lang == "zh" else message.startswith("unknown field 'chain'")
    staged = _error(api.client.patch("/api/v1/projects/P-0003", headers=h,
                                     json={"set": {"stage": "signed"}, "version": before["version"]}))
    assert "/api/v1/projects/P-0003/advance" in staged
    park = api.client.get("/api/v1/parks", headers=h).json()["items"][0]
    bad_park = _error(api.client.patch(f"/api/v1/parks/{park['id']}", headers=h,
                                       json={"set": {"capacity": 1}, "version": park["version"]}))
    assert "'capacity'" in bad_park and "capacity_mu" in bad_park
    after = api.client.get("/api/v1/projects/P-0003", headers=h).json()
    assert (after["version"], after["chain_id"]) == (before["version"], before["chain_id"])


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("query", "said"), [("chain=nope", "chain"), ("district=999999", "370212"),
                                             ("park=nope", "/parks")])
def test_a_projects_filter_naming_nothing_is_refused(shared_api: Api, lang: str, query: str,
                                                     said: str) -> None:
    h = shared_api.headers("analyst", lang=lang)
    message = _error(shared_api.client.get(f"/api/v1/projects?{query}", headers=h))
    value = query.split("=")[1]
    assert f"'{value}'" in message and said in message, message
    if query.startswith("chain"):
        assert "vr" in message and "biomed" in message
    assert (HAN.search(message) is not None) == (lang == "zh"), message


def test_projects_filters_that_name_something_still_filter(shared_api: Api) -> None:
    h = shared_api.headers("analyst")
    for query, n in (("district=370212", 7), ("district=崂山", 7), ("chain=vr", None)):
        r = shared_api.client.get(f"/api/v1/projects?{query}", headers=h)
        assert r.status_code == 200, r.text
        if n is not None:
            assert r.json()["total"] == n, (query, r.json()["total"])
