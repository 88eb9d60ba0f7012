"""A refused request parameter says which, what was given and what is allowed, in the request's
language, on the API and on the pages (FastAPI's own "field query.year missing or not valid"
said none of it)."""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import Api

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bad_parameter_is_named_with_its_value_and_what_is_allowed(shared_api: Api, lang: str) -> None:
    h = shared_api.headers("analyst", lang=lang)
    r = shared_api.client.get("/api/v1/assessment?year=abc", headers=h)
    assert r.status_code == 422, r.text
    message = r.json()["error"]["message"]
    assert "year" in message and "'abc'" in message
    said = "不是整数" if lang == "zh" else "not a whole number"
    assert said in message and (lang == "zh" or not HAN.search(message))
    issue = r.json()["error"]["issues"][0]
    assert issue["column"] == "query.year" and issue["value"] == "abc" and issue["message"] in message
    # a fixed list: its values named
    r = shared_api.client.get("/api/v1/projects/rollup?by=nope", headers=h)
    message = r.json()["error"]["message"]
    assert r.status_code == 422 and "'nope'" in message and all(
        v in message for v in ("chain", "district", "park", "stage")), message
