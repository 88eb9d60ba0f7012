"""The monitor on the embedded dataset (skips while the dataset module is absent)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pacesetter.model.periods import Period
from pacesetter.monitor.fetch import fetch_warning_inputs
from pacesetter.monitor.warnings import check_warnings, load_rules
from pacesetter.release.profile import select_profile
from pacesetter.store import connect
from tests.monitor.helpers import make_bulletin

demo = pytest.importorskip("pacesetter.data.demo", reason="the embedded dataset (pacesetter.data.demo) "
                           "is not in this tree yet")


@pytest.fixture(scope="module")
def con(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path = Path(tmp_path_factory.mktemp("demo")) / "demo.duckdb"
    shutil.copyfile(demo_db_template, path)
    return connect(path)


def test_qingdao_august_2022_on_the_demo_data(con: duckdb.DuckDBPyConnection) -> None:
    rendered = make_bulletin(con, "370200", "2022-08", "zh")
    text = rendered.markdown
    assert "1-8月份，规模以上工业增加值同比增长3.6%" in text
    assert "1-7月份的3.3%（推算值）" in text and "加快0.3个百分点" in text
    assert "8月份，规模以上工业增加值同比增长5.0%" in text
    assert "7月份的2.1%（推算值）" in text and "加快2.9个百分点" in text
    assert all(o.region_code == "370200" and not o.synthetic
               for fig in rendered.figures.values() for o in fig.inputs)
    en = make_bulletin(con, "370200", "2022-08", "en").markdown
    assert "0.3 percentage points" in en and "Jan–Jul's 3.3% (derived)" in en


def test_national_bulletin_and_warnings_run(con: duckdb.DuckDBPyConnection) -> None:
    text = make_bulletin(con, "000000", "2022-08", "zh").markdown
    assert "固定资产投资" in text and "一般公共预算收入" in text
    rules = load_rules()
    report = check_warnings(rules, fetch_warning_inputs(con, "000000", rules, "zh", 2022), "000000",
                            Period.month(2022, 8), "zh")
    assert report.alerts and all(not a.synthetic for a in report.alerts)
    assert all(a.message for a in report.alerts)


def test_gdp_growth_says_constant_prices_in_both_languages(con: duckdb.DuckDBPyConnection) -> None:
    """The Qingdao profile's remark (按不变价格计算) in zh, its English after the growth in en: the
    notes say other indicators are at current prices unless stated, so it must be stated."""
    qingdao = select_profile(None, "370200")
    zh = make_bulletin(con, "370200", "2023-08", "zh", profile=qingdao).markdown
    en = make_bulletin(con, "370200", "2023-08", "en", profile=qingdao).markdown
    assert "按不变价格计算，同比增长6.2%[^2]" in zh
    assert "up 6.2%[^2] year on year at constant prices" in en
