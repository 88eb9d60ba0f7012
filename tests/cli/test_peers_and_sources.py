"""`pacesetter peers`, coverage stated first, and citable sources (publisher, reprints, status)
on the demo database. Reference values are rows of macro/figures.csv and peer_figures.csv."""

from __future__ import annotations

from pathlib import Path

import duckdb
import openpyxl
from typer.testing import CliRunner

import pacesetter
from pacesetter.cli.main import app
from pacesetter.store.connect import migrate, migrations

runner = CliRunner()


def _run(db: Path, *args: str, lang: str = "zh") -> str:
    result = runner.invoke(app, ["--db", str(db), "--lang", lang, *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def test_peers_one_common_year_per_indicator(demo_db: Path, tmp_path: Path) -> None:
    with pacesetter.open(demo_db) as ws:
        p = ws.peers("370200")
    gdp = p.table[p.table["indicator_id"] == "gdp"].set_index("region_code")
    # 2023 is the year most peers publish GDP; Ningbo's census-revised 17146.6 (figures.csv line 134)
    # is the figure directly above Qingdao's 15760.3
    assert set(gdp["year"]) == {2023}
    assert gdp.loc["370200", "value"] == 15760.3 and gdp.loc["330200", "value"] == 17146.6
    assert gdp.loc["330200", "rank"] == gdp.loc["370200", "rank"] - 1
    # a peer without a 2023 figure has none here: no older figure stands in for it
    assert gdp.loc["120100"].isna()["value"]
    # the 26 cities of macro/figures.csv and peer_figures.csv, Qingdao included
    assert p.coverage.rests_on[0] == "gdp" and p.coverage.cities_of == 26
    out = tmp_path / "peers.xlsx"
    text = _run(demo_db, "peers", "--region", "370200", "-o", str(out))
    assert text.startswith("依据：") and "地区生产总值（2023年" in text and "（该年无数据）" in text
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:2] == ["依据", "对标城市"]  # the sheets of the run's language (zh)
    header = [c.value for c in book["对标城市"][1]]
    assert "地区生产总值 (2023)" in header


def test_overview_and_assess_state_their_coverage_first(demo_db: Path) -> None:
    assert _run(demo_db, "overview").startswith("依据：")
    en = _run(demo_db, "assess", "--uncertainty", "0", lang="en").splitlines()
    assert en[1].startswith("Rests on:") and "flagged row(s)" in en[1]


def test_show_names_the_publisher_and_points_to_conflicting_rows(demo_db: Path) -> None:
    with pacesetter.open(demo_db) as ws:
        df = ws.show("gdp", ["370200"]).set_index("period")
        every = ws.show("gdp", ["370200"], all_sources=True)
    # 2022: 14920.75 (大众网) is shown; 14588.6 (sc592.com, LOW RELIABILITY) conflicts with it
    assert df.loc["2022年", "value"] == 14920.75
    assert (df.loc["2022年", "n_conflicting"], df.loc["2022年", "n_flagged"]) == (1, 1)
    assert 14588.6 in set(every.loc[every["period"] == "2022年", "value"])
    text = _run(demo_db, "show", "gdp")
    assert "pacesetter show gdp -r 370200 --all-sources" in text
    # figures.csv line 2: the 2015 figure is read from the yearbook on a mirror
    assert "原始发布：青岛市统计局《青岛统计年鉴2018》" in text and "转载/镜像页面" in text
    assert "正式数" not in text  # no source of these rows says final


def test_migration_004_unassumes_final_and_keeps_stated_ones(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, "
                "applied_at TIMESTAMP DEFAULT current_timestamp)")
    for version, name, sql in migrations():
        if version < 4:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    row = "INSERT INTO observations VALUES ('gdp', '370200', ?, 1, '亿元', ?, NULL, NULL, NULL, 'final', " \
          "NULL, NULL, NULL, false, now())"
    con.execute(row, ["2015", "https://docslib.org/doc/6150094/qingdao-statistical-yearbook-39-vol-39"])
    con.execute(row, ["2021", "seed:000_14c0eb08152f58ac.txt"])
    con.execute(row, ["2022", "https://bureau.example/own-release"])  # a user's import: stated
    assert "004_sources" in migrate(con)
    got = con.execute("SELECT period, status, source_kind FROM observations ORDER BY 1").fetchall()
    assert got == [("2015", "not_stated", "reprint"), ("2021", "not_stated", None),
                   ("2022", "final", None)]
