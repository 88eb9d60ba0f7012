"""The acceptance test of issue 16: a release's figures, imported through the real import path,
come back from `pacesetter bulletin` (default sections, the city's profile) as its sentences.

The measure: every sub-annual quote of Qingdao (370200) and Ningbo (330200) in
``data/macro/figures.csv`` and ``peer_figures.csv`` (56 quotes, all in figures.csv). One release
is one (city, source): its rows are written to a CSV as a clerk would type them (each value with
the decimals the quote prints), imported with `pacesetter import` into a copy of the demo
database, and the bulletin of the release's last month is run with no sections file and the
region's profile. A quote is reproduced when it appears in the bulletin's body, compared after
normalising only: traditional characters to simplified (mirrors transcribe releases published in
simplified characters; X's table in ``release/parse.py``), full/half width, the comma (,/，) and
the comma after a period's name (一季度，全市 / 一季度全市), 份, footnote marks. A figure a quoted
sentence states but the research file lacks (the pp change of "比一季度加快1.2个百分点") is
imported with it, its quote saying where it is printed (``STATED``).

Every quote is either expected back, excluded from the measure (``EXCLUDED``: English, news
prose no bureau release contains, an older year's style the city's current profile does not
write) or known not to come back yet (``NOT_YET``), each with its reason; the tests fail when
a quote changes list, so the lists stay true. Measured: 4 before issue 16, 15 as G first counted
(simplified characters only, no stated figures); on this measure 24 of the 34 quotes not excluded
before the first-quarter comparison, producer services, the published two-year average, Ningbo's
实现 and Qingdao's 规模以上高技术制造业 were added, 31 after (22 excluded, 3 not yet).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pacesetter.cli.main import app
from pacesetter.data import read_csv
from pacesetter.data.catalogue import aliases
from pacesetter.data.figures import quoted_decimals
from pacesetter.io.frames import text_rows
from pacesetter.release.parse import normalise as simplified
from pacesetter.release.precision import format_decimal

CODES = {"青岛": "370200", "宁波": "330200"}
_OLD_QINGDAO = "Qingdao's style before 2023 (规上, no 同比/全市); its profile follows the 2023-2024 releases"
_OLD_2022 = _OLD_QINGDAO + " (2022: 为, 同比 for every sector)"
_CITY_NAMED = "news prose: the city's name where a release writes 全市"

EXCLUDED: dict[str, str] = {
    "80.71 billion yuan – up 8.7% year on year": "English (Ningbo Evening News, English edition)",
    "up 8.7% year on year": "English (Ningbo Evening News, English edition)",
    "增幅达到了9.2%": "news prose (达到了), no release wording",
    "1至7月,宁波社会消费品零售总额同比去年增长7.3%": "news prose: the city's name and 同比去年",
    "宁波固定资产投资同比增长9.7%": _CITY_NAMED,
    "前三季度宁波实现地区生产总值11817.3亿元": _CITY_NAMED,
    "前三季度,宁波工业增加值4940.5亿元,增长5.3%": _CITY_NAMED,
    "青島(7.1%)等工業大市增速明顯好于全省平均": "a provincial comparison of cities, not a Qingdao release",
    "上半年青岛规模以上工业增加值同比增长4.1%": _CITY_NAMED,
    "今年上半年,全市工业投资增长12.1%": "news prose (今年上半年)",
    "前三季度全市地区生产总值达13373.5亿元": "news prose (…达…亿元, in a December article), no growth given",
    "前三季度青島生產總值為10310.36億元,同比增長10.70%": "news prose: the city's name and 为",
    "1-5月份,固定资产投资增长0.8%": _OLD_QINGDAO,
    "1-5月份,规上工业增加值下降4%": _OLD_QINGDAO,
    "5月份,规上工业增加值增速由负转正,增长5.1%": _OLD_QINGDAO,
    "全市規上工業增加值同比增長16.4%,較去年同期提升17.5個百分點":
        _OLD_QINGDAO + " (2021: 规上, 较去年同期提升)",
    "全市生产总值为7070.35亿元,按不变价格计算,同比增长3.7%": _OLD_2022,
    "第一产业增加值为223.62亿元,同比增长2.4%": _OLD_2022,
    "第二产业增加值为2431.58亿元,同比增长1.5%": _OLD_2022,
    "第三产业增加值为4415.15亿元,同比增长4.9%": _OLD_2022,
    "高技术制造业增加值增长21.1%,比一季度提升5个百分点": _OLD_QINGDAO + " (2022: no 规模以上 or 同比; "
    "1-8月 2024 writes 规模以上高技术制造业增加值同比增长)",
    "按可比價格計算,同比增長5.3%":
        "Ningbo's 2022 style (按可比价格计算); its profile follows 2023's 按不变价格计算",
}
NOT_YET: dict[str, str] = {
    "占規模以上工業比重51.7%": "the share follows the equipment-manufacturing growth, which this H1 2024 "
    "source lacks; and it drops 增加值, unlike the 1-8月 releases (占规模以上工业增加值比重)",
    "高技術製造業增長10.7%": "the H1 2024 release shortens to 高技术制造业增长 where the 1-8月 2024 release "
    "writes 规模以上高技术制造业增加值同比增长; one profile writes one of them",
    "占全市生產總值比重64.1%":
        "the services share follows the tertiary sector's growth, which this source lacks",
}


@dataclass(frozen=True)
class Release:
    """One release: its region, last month, source and its quotes."""

    region: str
    month: str
    url: str
    quotes: tuple[str, ...]


# figures the quoted sentences state that the research file has no row for, by source:
# (indicator id, period, value as printed, unit, quote)
STATED: dict[str, tuple[tuple[str, str, str, str, str], ...]] = {
    "https://guanhai.com.cn/p/255777.html": (
        ("above_size_industry_va_growth_change_pp", "2023-01..2023-04", "1.2", "个百分点",
         "全市规模以上工业增加值同比增长6.0%,比一季度加快1.2个百分点"),),
    "https://news.cri.cn/n/20231025/24f5799f-877f-e44b-309d-612dffdc7926.html": (
        ("gdp_growth_change_pp", "2023-01..2023-09", "0.1", "个百分点",
         "按不变价格计算,同比增长5.7%,比上半年加快0.1个百分点"),),
    "http://www.qing5.com/2024/0425/484287.shtml": (
        ("producer_services_va_growth", "2024-01..2024-03", "7.2", "%",
         "全市生产性服务业增加值1509.1亿元,同比增长7.2%"),),
    "https://aqiusha.com/finance/564a857957c8efd75a7c88e1cd12fdb5.html": (
        ("producer_services_va_growth", "2024-01..2024-06", "6.0", "%",
         "全市生產性服務業增加值3060.2億元,同比增長6.0%"),),
    "http://nakedbustytits.com/shandong/shandonggedi/20211029/4986090.shtml": (
        ("gdp_growth_two_year_avg", "2021-01..2021-09", "6.3", "%", "同比增長10.70%,兩年平均增長6.3%"),),
}


@cache
def _macro() -> list[dict[str, str]]:
    return [dict(r._asdict()) for r in text_rows(read_csv("macro", "figures.csv"))]


def releases() -> list[Release]:
    """The releases of the measure: sub-annual quoted rows of Qingdao and Ningbo by source."""
    out: dict[tuple[str, str], list[dict[str, str]]] = {}
    for r in _macro():
        if r["city_zh"] in CODES and r["period_kind"] != "year" and r["quote"]:
            out.setdefault((r["city_zh"], r["source_url"]), []).append(r)
    peers = read_csv("macro", "peer_figures.csv")
    assert not ((peers["city_zh"].isin(list(CODES))) & (peers["period_kind"] != "year")
                & (peers["quote"] != "")).any(), "peer_figures.csv now quotes Qingdao or Ningbo: measure it"
    return [Release(CODES[city], max(r["period"].split("..")[-1] for r in rows), url,
                    tuple(dict.fromkeys(r["quote"] for r in rows)))
            for (city, url), rows in out.items()]


def normalise(text: str) -> str:
    """Only what the measure allows (see the module's docstring)."""
    text = simplified(re.sub(r"\[\^\d+\]", "", text))
    text = unicodedata.normalize("NFKC", text).replace(",", "，").replace("份", "")
    return re.sub(r"(月|季度|半年)，", r"\1", text)


def _release_rows(release: Release) -> list[dict[str, str]]:
    ids = aliases()
    rows = []
    for r in _macro():
        if r["source_url"] != release.url or CODES.get(r["city_zh"]) != release.region:
            continue
        printed = format_decimal(float(r["value"]), quoted_decimals(r["value"], r["quote"]) or 0)
        rows += [{"indicator_id": i, "region_code": release.region, "period": r["period"], "value": printed,
                  "unit": r["unit"], "source": release.url, "quote": r["quote"]}
                 for i in ids.get((r["indicator_en"], r["period_kind"]), [])]
    rows += [{"indicator_id": i, "region_code": release.region, "period": p, "value": v, "unit": u,
              "source": release.url, "quote": q} for i, p, v, u, q in STATED.get(release.url, ())]
    # a release date the demo's copies of these rows lack: the imported rows are the latest
    return [{**row, "vintage": "2026-01-01"} for row in rows]


def _cli(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_lists_name_only_measured_quotes() -> None:
    """Every excluded or not-yet quote is one of the measure's, and none is in both lists."""
    quotes = [q for r in releases() for q in r.quotes]
    assert len(quotes) == 56
    assert set(EXCLUDED) <= set(quotes)
    assert set(NOT_YET) <= set(quotes)
    assert not set(EXCLUDED) & set(NOT_YET)
    assert set(STATED) <= {r.url for r in releases()}


@pytest.mark.parametrize("release", releases(), ids=lambda r: f"{r.region}-{r.month}-{r.url[7:30]}")
def test_imported_release_comes_back_as_its_sentences(release: Release, demo_db: Path,
                                                      tmp_path: Path) -> None:
    measured = [q for q in release.quotes if q not in EXCLUDED]
    if not measured:
        pytest.skip("every quote of this source is excluded from the measure (reasons in EXCLUDED)")
    rows = _release_rows(release)
    path = tmp_path / "release.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    _cli(demo_db, "import", str(path))
    text = _cli(demo_db, "bulletin", "--region", release.region, "--period", release.month, "--lang", "zh")
    body = normalise("\n".join(ln for ln in text.splitlines() if not ln.startswith("[^")))
    back = {q for q in measured if normalise(q) in body}
    assert back == {q for q in measured if q not in NOT_YET}, body


def test_imported_figure_keeps_its_published_precision(demo_db: Path, tmp_path: Path) -> None:
    """A value written -4 stays 4% (Qingdao printed "下降4%" for 1-5月 2020), a pp change written
    0.10 keeps two decimals. The pp change is a test figure, from a test source (not published):
    −4 − (−4.1) = 0.1, both negative, so the decline narrowed; the period is typed as written."""
    path = tmp_path / "figures.csv"
    path.write_text(
        "indicator_id,region_code,period,value,unit,source,vintage\n"
        "above_size_industry_va_growth,370200,2020年1-5月份,-4,%,https://example.org/test-release,"
        "2026-01-01\n"
        "above_size_industry_va_growth_change_pp,370200,2020年1-5月,0.10,个百分点,"
        "https://example.org/test-release,2026-01-01\n", encoding="utf-8")
    _cli(demo_db, "import", str(path))
    text = _cli(demo_db, "bulletin", "--region", "370200", "--period", "2020年1-5月", "--profile", "default")
    assert "1-5月份，规模以上工业增加值同比下降4%[^1]，降幅比1-4月份收窄0.10个百分点[^2]。" in text
