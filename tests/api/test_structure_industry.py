"""The structure routes keep a candidate's and an opportunity's stored industry code and add its name
in the asker's language (issue 18): Tushare's label in zh, the project's English name in en."""

from __future__ import annotations

import re

from tests.api.conftest import Api
from tests.api.test_analysis_routes import get

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def test_industries_are_named_in_the_askers_language(shared_api: Api) -> None:
    en = get(shared_api, "/api/v1/structure/candidates/ic?top=2")
    zh = get(shared_api, "/api/v1/structure/candidates/ic?top=2", "zh")
    pairs = {(c["industry_code"], c["industry"]) for g in en["gaps"] for c in g["candidates"]}
    assert ("tushare:软件服务", "Software services") in pairs
    assert [p for p in pairs if CJK.search(p[1]) or not p[0].startswith("tushare:")] == []
    assert {(c["industry_code"], c["industry"]) for g in zh["gaps"] for c in g["candidates"]} == {
        (code, code.removeprefix("tushare:")) for code, _ in pairs}
    opp = get(shared_api, "/api/v1/structure/opportunities")
    assert opp["rows"] and [r["industry"] for r in opp["rows"] if CJK.search(r["industry"])] == []
    # the warnings about thin industries name them too (tushare:保险 in 3 regions only)
    thin = ("the industry Insurance has values in only 3 regions (fewer than 5): "
            "its RCA and PCI rest on few observations")
    assert thin in opp["notes"] and [n for n in opp["notes"] if CJK.search(n)] == []
    zh_rows = get(shared_api, "/api/v1/structure/opportunities", "zh")["rows"]
    assert [(r["industry_code"], r["industry"]) for r in zh_rows] == [
        (r["industry_code"], r["industry_code"].removeprefix("tushare:")) for r in opp["rows"]]
