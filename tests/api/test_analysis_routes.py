"""The city-level analysis routes answer what the Workspace answers, with provenance, coverage and
labels in the asker's language; ETags follow the data version; errors use the one format."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import docx
import pytest

from pacesetter.workspace import Workspace
from tests.api.conftest import Api

ROUTES = ["/api/v1/overview", "/api/v1/peers", "/api/v1/assessment", "/api/v1/series/gdp", "/api/v1/bulletin",
          "/api/v1/bulletin/download", "/api/v1/warnings", "/api/v1/needed?indicator=x", "/api/v1/frameworks"]


@contextmanager
def workspace(api: Api) -> Iterator[Workspace]:
    """A Workspace on the server's own database, to ask the same question directly."""
    with api.client.app.state.server.reading("test") as ws:  # type: ignore[attr-defined]
        yield ws


def get(api: Api, url: str, lang: str = "en", role: str = "viewer") -> dict:  # type: ignore[type-arg]
    r = api.client.get(url, headers=api.headers(role, lang=lang))
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_qingdao_2022_gdp_comes_with_its_publisher(shared_api: Api) -> None:
    # hand-checked in data/macro/README.md: Qingdao 2022 GDP 14920.75 亿元, reported by 大众网
    rows = {r["period"]: r for r in get(shared_api, "/api/v1/series/gdp?per_page=1000")["items"]}
    row = rows["2022"]
    assert (row["value"], row["unit"], row["publisher"]) == (14920.75, "亿元", "大众网")
    assert row["synthetic"] is False
    assert row["unit_label"] == "100 million yuan" and row["city"] == "Qingdao"
    with workspace(shared_api) as ws:
        direct = ws.observations(["gdp"], ["370200"], ["2022"]).iloc[0]
    assert row["source"] == direct["source"] and row["status"] == direct["status"]
    zh = {r["period"]: r for r in get(shared_api, "/api/v1/series/gdp?per_page=1000", "zh")["items"]}["2022"]
    assert (zh["unit_label"], zh["city"], zh["period_label"]) == ("亿元", "青岛市", "2022年")


def test_overview_is_the_workspace_overview_with_provenance(shared_api: Api) -> None:
    en, zh = get(shared_api, "/api/v1/overview"), get(shared_api, "/api/v1/overview", "zh")
    with workspace(shared_api) as ws:
        rows = ws.overview("370200", "330200").set_index("indicator_id")
    cov = rows.attrs["coverage"]
    assert en["coverage"]["cells"] == cov.cells and en["coverage"]["text"].startswith("Rests on")
    assert zh["coverage"]["text"].startswith("依据")
    gdp = next(i for i in en["items"] if i["indicator_id"] == "gdp")
    assert gdp["year"] == rows.at["gdp", "year"]
    assert gdp["region"]["value"] == rows.at["gdp", "region_value"]
    assert gdp["peer"]["publisher"] == rows.at["gdp", "peer_publisher"]
    assert gdp["region"]["synthetic"] is False and gdp["region"]["status_label"]
    assert (en["region"]["name"], zh["region"]["name"], en["peer"]["name"]) == ("Qingdao", "青岛市", "Ningbo")
    assert (gdp["name"], next(i for i in zh["items"] if i["indicator_id"] == "gdp")["name"]) == (
        "Regional GDP", "地区生产总值")


def test_peers_state_coverage_and_page(shared_api: Api) -> None:
    body = get(shared_api, "/api/v1/peers?per_page=5")
    with workspace(shared_api) as ws:
        direct = ws.peers("370200")
    assert body["total"] == len(direct.table) and len(body["items"]) == 5
    assert body["coverage"]["cells"] == direct.coverage.cells and body["year"] == direct.year
    first = body["items"][0]
    provenance = {"source", "publisher", "vintage", "flags", "status_label", "unit_label", "synthetic"}
    assert provenance <= set(first)


def test_assessment_caps_draws_and_gives_rank_intervals(shared_api: Api) -> None:
    body = get(shared_api, "/api/v1/assessment?framework=peer-benchmark&draws=100000&seed=7")
    cap = shared_api.client.app.state.server.settings.max_draws  # type: ignore[attr-defined]
    assert body["draws"] == {"asked": 100000, "used": cap, "cap": cap}
    assert body["uncertainty_info"]["draws"] == cap
    intervals = body["tables"]["rank_uncertainty"]
    assert intervals and {"p05_rank", "p95_rank", "median_rank"} <= set(intervals[0])
    with workspace(shared_api) as ws:
        direct = ws.assess("peer-benchmark", draws=0)
    assert body["coverage"]["cells"] == direct.coverage.cells
    assert len(body["figures"]) == len(direct.values) and all("publisher" in f for f in body["figures"])


def test_assessment_default_framework_labels(shared_api: Api) -> None:
    en = get(shared_api, "/api/v1/assessment?draws=0")
    zh = get(shared_api, "/api/v1/assessment?draws=0", "zh")
    assert en["framework"]["id"] == "qingdao-2022-2026" and en["draws"]["used"] == 0
    assert en["coverage"]["text"].startswith("Rests on") and zh["coverage"]["text"].startswith("依据")
    labels = {r["status"]: (r["status_label"], s["status_label"])
              for r, s in zip(en["tables"]["attainment"], zh["tables"]["attainment"], strict=True)}
    if "no_data" in labels:
        assert labels["no_data"] == ("no data", "无数据")


def test_bulletin_json_and_downloads(shared_api: Api) -> None:
    body = get(shared_api, "/api/v1/bulletin?period=2022-08", "zh")
    with workspace(shared_api) as ws:
        assert body["markdown"] == ws.bulletin("370200", "2022-08", "zh").markdown
    # the seed text: above-size industrial value added grew 3.6% in Jan–Aug 2022
    inputs = [i for f in body["figures"] for i in f["inputs"]]
    growth = [i for i in inputs if i["indicator_id"] == "above_size_industry_va_growth"
              and i["period"] == "2022-01..2022-08"]
    assert growth and growth[0]["value"] == 3.6 and growth[0]["period_label"] == "2022年1-8月"
    r = shared_api.client.get("/api/v1/bulletin/download?format=docx&period=2022-08",
                              headers=shared_api.headers("viewer", lang="en"))
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="bulletin-370200-2022-08-en.docx"'
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "Qingdao" in text
    md = shared_api.client.get("/api/v1/bulletin/download?format=md", headers=shared_api.headers("viewer"))
    assert md.headers["content-type"].startswith("text/markdown") and md.text.startswith("#")


def test_warnings_and_needed_are_the_workspace_answers(shared_api: Api) -> None:
    en, zh = get(shared_api, "/api/v1/warnings"), get(shared_api, "/api/v1/warnings", "zh")
    with workspace(shared_api) as ws:
        report = ws.warnings("370200", "2022-08", "en")
        needed = ws.needed("above_size_industry_va_growth", "2022-08", target=6.0, lang="en")
    assert [a["rule_id"] for a in en["alerts"]] == [a.rule_id for a in report.alerts]
    assert len(en["not_checked"]) == len(report.skipped)
    levels = {"info": ("info", "提示"), "warning": ("warning", "关注"), "high": ("high", "警示")}
    assert en["alerts"], "the demo raises alerts for August 2022"
    for a, b in zip(en["alerts"], zh["alerts"], strict=True):
        assert (a["severity_label"], b["severity_label"]) == levels[a["severity"]]
    body = get(shared_api, "/api/v1/needed?indicator=above_size_industry_va_growth&target=6.0")
    assert body["text"] == needed.text and body["result"]["needed"] == pytest.approx(needed.result.needed)
    assert body["cited"][0]["what"] == "ytd" and body["cited"][0]["value"] == 3.6


def test_frameworks_list(shared_api: Api) -> None:
    body = get(shared_api, "/api/v1/frameworks", "zh")
    ids = {f["id"]: f["name"] for f in body["items"]}
    assert ids["qingdao-2022-2026"] == "现代产业先行城市（青岛 2022-2026）" and "path" not in body["items"][0]


@pytest.mark.parametrize(("url", "en", "zh"), [
    ("/api/v1/overview?region=999999", "unknown region code '999999'", "未知的行政区划代码 '999999'"),
    ("/api/v1/series/gpd", "unknown indicator 'gpd'", "未知指标 'gpd'"),
])
def test_unknown_is_404_in_both_languages(shared_api: Api, url: str, en: str, zh: str) -> None:
    for lang, said in (("en", en), ("zh", zh)):
        r = shared_api.client.get(url, headers=shared_api.headers("viewer", lang=lang))
        assert r.status_code == 404
        error = r.json()["error"]
        assert error["status"] == 404 and error["code"] == "not_found" and said in error["message"]


def test_bad_period_is_422(shared_api: Api) -> None:
    for lang, said in (("en", "cannot read period"), ("zh", "无法识别时期")):
        r = shared_api.client.get("/api/v1/warnings?period=2022-13x", headers=shared_api.headers(lang=lang))
        assert r.status_code == 422
        assert r.json()["error"]["code"] == "input.invalid" and said in r.json()["error"]["message"]


@pytest.mark.parametrize("url", ROUTES)
def test_no_token_is_401(shared_api: Api, url: str) -> None:
    r = shared_api.client.get(url)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated"


def test_etag_answers_304_until_the_data_change(api: Api) -> None:
    headers = api.headers("viewer")
    first = api.client.get("/api/v1/overview", headers=headers)
    tag = first.headers["etag"]
    again = api.client.get("/api/v1/overview", headers={**headers, "If-None-Match": tag})
    assert again.status_code == 304 and again.headers["etag"] == tag
    state = api.client.app.state.server  # type: ignore[attr-defined]
    with state.writing("test") as ws:
        ws.projects.add("ETag test project")
    after = api.client.get("/api/v1/overview", headers={**headers, "If-None-Match": tag})
    assert after.status_code == 200 and after.headers["etag"] != tag
    assert after.json() == first.json()
