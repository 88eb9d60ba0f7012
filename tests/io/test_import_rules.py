"""Each validation rule with a bad file: every issue names file, sheet, row, column, rule; nothing changes."""

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from pacesetter.errors import ImportRejected
from pacesetter.io.importer import import_file
from pacesetter.store import queries
from pacesetter.testing import make_store, store_fingerprint

HEADER = "indicator_id,region_code,period,value,unit,source,status,synthetic,vintage"
GOOD = "gdp,370200,2022,14920.75,亿元,https://example.org/qd2022,final,false,2023-03-01"


def _csv(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "obs.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _rejected(con, path: Path, **kw) -> list:
    before = store_fingerprint(con)
    with pytest.raises(ImportRejected) as info:
        import_file(con, path, **kw)
    assert store_fingerprint(con) == before, "a rejected import changed the store"
    return info.value.issues


@pytest.mark.parametrize(
    ("row", "column", "rule"),
    [
        ("gdp,370299,2022,1,亿元,s,final,false,", "region_code", "unknown_region"),
        ("gpd,370200,2022,1,亿元,s,final,false,", "indicator_id", "unknown_indicator"),
        ("gdp,370200,2022Q5,1,亿元,s,final,false,", "period", "invalid_period"),
        ("gdp,370200,2022,abc,亿元,s,final,false,", "value", "not_a_number"),
        ("gdp,370200,2022,nan,亿元,s,final,false,", "value", "not_finite"),
        # non-finite however written: 1e400 overflows a double to infinity, so does 1e305 万亿元 in 亿元
        ("gdp,370200,2022,1e400,亿元,s,final,false,", "value", "not_finite"),
        ("gdp,370200,2022,-1E400,亿元,s,final,false,", "value", "not_finite"),
        ("gdp,370200,2022,+inf,亿元,s,final,false,", "value", "not_finite"),
        ("gdp,370200,2022,-nan,亿元,s,final,false,", "value", "not_finite"),
        ("gdp,370200,2022,1e305,万亿元,s,final,false,", "value", "not_finite"),
        ("gdp,370200,2022,1,亿元,s,final,false,2999-01-01", "vintage", "future_vintage"),
        ("gdp,370200,2022,1,%,s,final,false,", "unit", "unit_mismatch"),
        ("gdp,370200,2022,1,bushels,s,final,false,", "unit", "invalid_unit"),
        ("gdp,370200,2022,1,亿元,,final,false,", "source", "required"),
        ("gdp,370200,2022,1,亿元,s,guess,false,", "status", "not_allowed"),
        ("gdp,370200,2022,1,亿元,s,final,maybe,", "synthetic", "not_a_boolean"),
        ("gdp,370200,2022,1,亿元,s,final,false,2023-02-30", "vintage", "not_a_date"),
        ("industrial_va_share_gdp,370200,2021,127.48,%,s,final,false,", "value", "impossible_value"),
        ("high_tech_enterprises,370200,2021,-5,家,s,final,false,", "value", "impossible_value"),
        ("advanced_mfg_top100_rank,370200,2021,0,位,s,final,false,", "value", "impossible_value"),
    ],
)
def test_each_rule_names_where_and_why(tmp_path: Path, row: str, column: str, rule: str) -> None:
    con = make_store(tmp_path / "s.duckdb")
    issues = _rejected(con, _csv(tmp_path, GOOD, row))
    assert [(i.row, i.column, i.rule) for i in issues] == [(3, column, rule)]
    assert issues[0].file.endswith("obs.csv")
    # every rule says it in Chinese too, with the place in Chinese
    zh = issues[0].text("zh")
    assert zh and f"第3行，列 {column}：[{rule}] {zh}" in issues[0].render("zh")


def test_all_errors_are_collected_not_just_the_first(tmp_path: Path) -> None:
    con = make_store(tmp_path / "s.duckdb")
    issues = _rejected(con, _csv(tmp_path, GOOD, "gpd,370299,2022Q5,abc,亿元,,x,maybe,"))
    assert {i.rule for i in issues} == {
        "unknown_indicator", "unknown_region", "invalid_period", "not_a_number", "required",
        "not_allowed", "not_a_boolean",
    }
    assert all(i.row == 3 for i in issues)


def test_duplicate_key_in_file_points_at_the_first_row(tmp_path: Path) -> None:
    con = make_store(tmp_path / "s.duckdb")
    issues = _rejected(con, _csv(tmp_path, GOOD, GOOD.replace("14920.75", "14920.8")))
    assert [(i.row, i.rule, i.text("en")) for i in issues] == [(3, "duplicate_key", "same key as row 2")]
    assert issues[0].render("zh").endswith("第3行，列 indicator_id, region_code, period, vintage, source："
                                           "[duplicate_key] 与第2行的主键相同")  # no "（值：None）"


def test_missing_and_unknown_columns(tmp_path: Path) -> None:
    con = make_store(tmp_path / "s.duckdb")
    header = "indicator_id,region_code,period,value,unit,source,status,synthetic,colour"
    issues = _rejected(con, _csv(tmp_path, "gdp,370200,2022,1,亿元,s,final,false,red", header=header),
                       entity="observations")
    assert {(i.column, i.rule) for i in issues} == {("colour", "unknown_column")}
    issues = _rejected(con, _csv(tmp_path, "gdp,370200,2022", header="indicator_id,region_code,period"),
                       entity="observations")
    assert {i.rule for i in issues} == {"missing_column"}
    assert {i.column for i in issues} >= {"数值 (value)", "单位 (unit)", "来源 (source)"}


def test_bad_excel_sheet_names_sheet_row_and_column(tmp_path: Path) -> None:
    con = make_store(tmp_path / "s.duckdb")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "观测值"
    ws.append(["指标代码 (indicator_id)", "行政区划代码 (region_code)", "时期 (period)", "数值 (value)",
               "单位 (unit)", "来源 (source)", "数据状态 (status)", "合成数据 (synthetic)"])
    ws.append(["gdp", "370200", "2022", 14920.75, "亿元", "https://example.org", "final", False])
    ws.append(["gdp", "370200", "2021年", "一万四", "亿元", "https://example.org", "final", False])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    issues = _rejected(con, path)
    assert [(i.sheet, i.row, i.column, i.rule, i.value) for i in issues] == [
        ("观测值", 3, "value", "not_a_number", "一万四")
    ]
    assert "bad.xlsx, sheet 观测值, row 3, column value: [not_a_number]" in issues[0].render()


def test_units_are_converted_to_the_indicator_unit_and_noted(tmp_path: Path) -> None:
    con = make_store(tmp_path / "s.duckdb")
    import_file(con, _csv(tmp_path, "gdp,370200,2021,140000000,万元,s,final,false,"))
    row = queries.observations(con, indicator_ids=["gdp"]).iloc[0]
    assert (row["value"], row["unit"]) == (14000.0, "亿元")  # 1.4e8 万元 = 1.4e4 亿元
    assert "万元" in row["note"]


def test_credit_codes_are_checked_on_enterprise_import(tmp_path: Path) -> None:
    con = make_store(tmp_path / "s.duckdb")
    header = "id,name_zh,uscc,region_code,chain_leader,srdi,high_tech,synthetic"
    issues = _rejected(con, _csv(tmp_path, "e1,海尔集团,91370200163562681G,370200,true,false,true,false",
                                 "e2,错码企业,91370200163562681H,370200,false,false,false,false",
                                 header=header), entity="enterprises")
    assert [(i.row, i.column, i.rule) for i in issues] == [(3, "uscc", "invalid_uscc")]
    assert "should be 'G'" in issues[0].text("en")


def test_an_existing_key_of_an_entity_is_an_audited_update(tmp_path: Path) -> None:
    """Once refused as key_exists; an edited export now updates the stored row (io/updates.py)."""
    con = make_store(tmp_path / "s.duckdb")
    header = "code,name_zh,name_en,level,synthetic"
    result = import_file(con, _csv(tmp_path, "370200,青岛市,Qingdao City,city,false", header=header),
                         entity="regions", actor="王科长")
    assert (result.added, result.changed, result.unchanged) == (0, 1, 0)
    assert con.execute("SELECT actor, record_id, action, before, after FROM audit_log").fetchall() == [
        ("王科长", "370200", "import_update", '{"name_en": "Qingdao"}', '{"name_en": "Qingdao City"}')]


def test_projects_are_imported_through_the_audited_registry_command(tmp_path: Path) -> None:
    con = make_store(tmp_path / "s.duckdb")
    path = _csv(tmp_path, "P1,歌尔虚拟现实整机二期项目,started", header="id,name_zh,stage")
    from pacesetter.errors import InputError

    with pytest.raises(InputError, match="pacesetter projects import"):
        import_file(con, path, entity="projects")


def test_blank_lines_are_skipped_and_rows_keep_the_numbers_the_user_sees(tmp_path: Path) -> None:
    """A blank line (or a line of empty cells) carries nothing: it is skipped, and every
    row after it is still reported by the number the editor shows."""
    con = make_store(tmp_path / "s.duckdb")
    bad = "gdp,370200,2021,abc,亿元,s,final,false,"
    csv_path = _csv(tmp_path, GOOD, "", ",,,,,,,,", bad)  # rows 2, 3 (blank), 4 (empty cells), 5
    assert [(i.row, i.rule) for i in _rejected(con, csv_path)] == [(5, "not_a_number")]

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    ws.append(GOOD.split(","))
    ws.append([None] * 9)
    ws.append(bad.split(","))
    xlsx_path = tmp_path / "obs.xlsx"
    wb.save(xlsx_path)
    assert [(i.row, i.rule) for i in _rejected(con, xlsx_path)] == [(4, "not_a_number")]

    fixed = _csv(tmp_path, GOOD, "", ",,,,,,,,", bad.replace("abc", "13400"))
    assert import_file(con, fixed).written == 2


def test_a_period_not_begun_a_release_before_its_period_and_a_fractional_count(tmp_path: Path) -> None:
    con = make_store(tmp_path / "s.duckdb")
    future = dt.date.today().year + 1
    issues = _rejected(con, _csv(
        tmp_path, GOOD.replace("2022,", f"{future},", 1).replace("2023-03-01", ""),
        GOOD.replace("2023-03-01", "2021-01-05"),
        "high_tech_enterprises,370200,2022,12.5,家,https://example.org/qd2022,final,false,2023-03-01"))
    assert [(i.row, i.column, i.rule, i.value) for i in issues] == [
        (4, "value", "impossible_value", "12.5"), (2, "period", "future_period", str(future)),
        (3, "vintage", "released_before_period", "2021-01-05")]
    assert issues[2].text("en") == ("released 2021-01-05, before its period 2022 began: check the release "
                                    "date and the period")
    assert issues[0].text("zh") == "12.5 不是整数；个数和位次须为整数"


def test_a_region_row_has_a_six_digit_code_its_level_and_a_known_parent(tmp_path: Path) -> None:
    con = make_store(tmp_path / "s.duckdb")
    rows = ["3702991,甲,A,county,370200", "370298,乙,B,county,999999", "370296,丙,C,city,370200",
            "370295,丁,D,county,370296"]  # the last names a parent given in this file: fine but for row 4
    path = _csv(tmp_path, *rows, header="code,name_zh,name_en,level,parent")
    issues = _rejected(con, path, entity="regions")
    assert sorted((i.row, i.column, i.rule) for i in issues) == [
        (2, "code", "region_form"), (3, "parent", "unknown_parent"), (4, "level", "level_mismatch")]
    level = next(i for i in issues if i.rule == "level_mismatch")
    assert level.text("en") == ("level city does not fit code 370296 (a code ending in 0000 is a province, "
                                "in 00 a city, else a county)")


def test_unreadable_keys_are_no_duplicates_and_a_duplicate_names_the_other_sheet(tmp_path: Path) -> None:
    con = make_store(tmp_path / "s.duckdb")
    bad = [GOOD.replace("2022,", f"{period},", 1) for period in ("2020-13", "2019Q5")]
    issues = _rejected(con, _csv(tmp_path, *bad))
    assert sorted(i.rule for i in issues) == ["invalid_period", "invalid_period"]  # no "same key as row 2"
    wb = openpyxl.Workbook()
    wb.active.title = "数据"
    wb.active.append(HEADER.split(","))
    wb.active.append(GOOD.split(","))
    other = wb.create_sheet("汇总")
    other.append(HEADER.split(","))
    other.append(GOOD.split(","))
    path = tmp_path / "two.xlsx"
    wb.save(path)
    issues = _rejected(con, path)
    assert [(i.sheet, i.row, i.rule) for i in issues] == [("汇总", 2, "duplicate_key")]
    assert issues[0].text("en") == "same key as sheet 数据, row 2"


def test_a_region_code_in_full_width_digits_is_read(tmp_path: Path) -> None:
    # a Chinese input method types ３７０２００; its year and value were already read
    con = make_store(tmp_path / "s.duckdb")
    row = "gdp,３７０２００,２０２２,14920.75,亿元,https://example.org/qd2022,final,false,2023-03-01"
    assert import_file(con, _csv(tmp_path, row)).written == 1
    assert con.execute("SELECT region_code, period FROM observations").fetchall() == [("370200", "2022")]
