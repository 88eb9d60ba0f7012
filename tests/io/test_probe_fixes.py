"""What a tester found in the file commands: printed labels of coded columns, headers and dates
written the Chinese way, English of libraries in Chinese messages, names of regions, the projects
template's language."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from tests.reliability.helpers import entry_point

SOURCE = "https://qdtj.qingdao.gov.cn/probe"


def run(db: Path, lang: str, *args: str) -> tuple[int, str]:
    """``pacesetter --db db --lang lang args`` through the real entry point: its exit code and output."""
    result = CliRunner().invoke(entry_point, ["--db", str(db), "--lang", lang, *args],
                                env={"COLUMNS": "2000", "PACESETTER_LANG": lang})
    return result.exit_code, result.output


def _figures(db: Path) -> list[tuple[str, str, str, str | None]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [(str(r[0]), str(r[1]), r[2], r[3]) for r in con.execute(
            "SELECT region_code, vintage, status, source_kind FROM observations WHERE source = ? "
            "ORDER BY region_code", [SOURCE]).fetchall()]
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_status_and_source_kind_take_the_labels_the_product_prints(demo_db: Path, tmp_path: Path,
                                                                   lang: str) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(
        "指标代码,行政区划代码,时期,数值,单位,来源,发布日期,数据状态,来源类型\n"
        f"gdp,370202,2025,1234.5,亿元,{SOURCE},2026年3月1日,正式数,新闻报道\n"
        f"gdp,370203,2025,1234.5,亿元,{SOURCE},2026/3/1, Final ,官网\n"
        f"gdp,370211,2025,1234.5,亿元,{SOURCE},2026-03-01,Status  not stated,official\n"
        f"gdp,370212,2025,1234.5,亿元,{SOURCE},２０２６年３月１日,初步数,The publisher's own page\n"
        f"gdp,370213,2025,1234.5,亿元,{SOURCE},2026-03-01,未注明,\n",
        encoding="utf-8")
    code, out = run(demo_db, lang, "import", str(path), "--entity", "observations")
    assert code == 0, out
    assert _figures(demo_db) == [
        ("370202", "2026-03-01", "final", "news"),
        ("370203", "2026-03-01", "final", "official"),
        ("370211", "2026-03-01", "not_stated", "official"),
        ("370212", "2026-03-01", "preliminary", "official"),
        ("370213", "2026-03-01", "not_stated", None),
    ]


@pytest.mark.parametrize(("lang", "words"), [("zh", "不是日期"), ("en", "is not a date")])
def test_a_label_or_date_that_is_none_is_still_refused(demo_db: Path, tmp_path: Path, lang: str,
                                                       words: str) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(
        "指标代码,行政区划代码,时期,数值,单位,来源,发布日期,数据状态\n"
        f"gdp,370202,2025,1234.5,亿元,{SOURCE},2026年13月1日,正式\n", encoding="utf-8")
    code, out = run(demo_db, lang, "import", str(path), "--entity", "observations")
    assert code == 2
    assert "'2026年13月1日'" in out and words in out and "'正式'" in out
    assert _figures(demo_db) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_headers_with_full_width_brackets_and_spaces_match(demo_db: Path, tmp_path: Path, lang: str) -> None:
    path = tmp_path / "parks.csv"
    path.write_text(
        "园区代码 (id),园区名称 (name_zh),所在区市 (district),面积（亩）,来源 (source)\n"
        "park-probe,测试园区,崂山区,1200,https://www.qingdao.gov.cn/probe\n", encoding="utf-8")
    code, out = run(demo_db, lang, "import", str(path), "--entity", "parks")
    assert code == 0, out
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        assert con.execute("SELECT area_mu FROM parks WHERE id = 'park-probe'").fetchone() == (1200.0,)
    finally:
        con.close()


def test_headers_compare_full_width_spaced_and_english_with_brackets() -> None:
    from pacesetter.io.specs import SPECS

    for entity, header, name in [
        ("parks", "面积（亩）", "area_mu"), ("parks", "面积 (亩)", "area_mu"),
        ("parks", "面积(亩)", "area_mu"),
        ("parks", "Area (mu)", "area_mu"), ("parks", "area（MU）", "area_mu"),
        ("policies", "金额（亿元）", "amount_yi"), ("policies", "金额（亿元） (amount_yi)", "amount_yi"),
    ]:
        column = SPECS[entity].match_header(header)
        assert column is not None and column.name == name, header


# the regions whose English names took the wrong reading of 朝 长 行 乐 单 (GB/T 2260 names in pinyin)
RIGHT = {
    "110105": "Chaoyang District", "211300": "Chaoyang", "211321": "Chaoyang County",
    "220104": "Chaoyang District", "140400": "Changzhi", "310105": "Changning District",
    "341181": "Tianchang", "370113": "Changqing District", "310112": "Minhang District",
    "410923": "Nanle County", "620722": "Minle County", "371722": "Shanxian",
    "500000": "Chongqing", "140428": "Zhangzi County", "130225": "Laoting County", "330382": "Yueqing",
}


def test_regions_carry_their_standard_english_names(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "regions.csv"
    code, said = run(demo_db, "zh", "export", "regions", "-o", str(out))
    assert code == 0, said
    text = out.read_text(encoding="utf-8-sig")
    assert "110105,朝阳区,Chaoyang District" in text
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        names = dict(con.execute("SELECT code, name_en FROM regions WHERE code IN (SELECT unnest(?))",
                                 [sorted(RIGHT)]).fetchall())
        wrong = con.execute(
            "SELECT code FROM regions WHERE name_zh LIKE '朝阳%' AND name_en LIKE 'Zhao%'").fetchall()
    finally:
        con.close()
    assert names == RIGHT
    assert wrong == []


@pytest.mark.parametrize(("lang", "words"), [("zh", "表头和工作表名为中文"),
                                             ("en", "headers and sheet name are in Chinese")])
def test_the_projects_template_says_its_headers_are_chinese(demo_db: Path, tmp_path: Path, lang: str,
                                                            words: str) -> None:
    path = tmp_path / "projects.xlsx"
    code, out = run(demo_db, lang, "template", "projects", "-o", str(path))
    assert code == 0, out
    assert words in out
    wb = load_workbook(path, read_only=True)
    try:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in wb.sheetnames[0])
    finally:
        wb.close()
    code, out = run(demo_db, lang, "template", "parks", "-o", str(tmp_path / "parks.xlsx"))
    assert code == 0 and words not in out
