"""The bulletin's arithmetic refuses what it cannot compute in zh or in en, saying which figures."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from pacesetter.errors import InputError
from pacesetter.model.periods import Period
from pacesetter.monitor.growth import (
    compute_contribution,
    compute_month_levels_from_ytd,
    compute_share,
    compute_two_year_average,
)
from pacesetter.monitor.series import series_from_frame

ROW = {"indicator_id": "gdp_growth", "region_code": "370200", "period": "2022-08", "value": 3.6, "unit": "%",
       "source": "seed:000_14c0eb08152f58ac.txt", "source_title": "", "quote": "", "vintage": "",
       "status": "", "derived_from": "", "flags": "", "synthetic": False}


@pytest.mark.parametrize(("call", "zh", "en"), [
    (lambda: compute_two_year_average(-150.0, 10.0),
     "增长 -150.0% 和 10.0% 无法计算两年平均增长（两年增长因子之积不为正）",
     "growth of -150.0% and 10.0% gives no two-year average growth "
     "(the product of the growth factors is not positive)"),
    (lambda: compute_share(1.0, 0.0), "总量为零，比重无意义", "a share of a zero total is undefined"),
    (lambda: compute_contribution(1.0, 5.0, 0.0, 4.0), "总量的基期水平为零，贡献率和拉动无意义",
     "the total's base-period level is zero: contribution share and pull are undefined"),
    (lambda: compute_contribution(1.0, 5.0, 10.0, 0.0), "总量增长为零，贡献率无意义",
     "total growth is zero: a contribution share is undefined"),
    (lambda: compute_month_levels_from_ytd({Period.month(2022, 8): 1.0}),
     "2022年8月 不是累计时期（写作 2022-01..2022-08）",
     "Aug 2022 is not a year-to-date period (write 2022-01..2022-08)"),
    (lambda: series_from_frame(pd.DataFrame([ROW, ROW]), "gdp_growth", "370200", "month"),
     "gdp_growth 370200 2022年8月：同一时期有两行数据",
     "gdp_growth 370200 Aug 2022: two rows for one period"),
])
def test_refusals_are_worded_in_each_language(call: Callable[[], object], zh: str, en: str) -> None:
    with pytest.raises(InputError) as refused:
        call()
    assert (refused.value.text("zh"), refused.value.text("en")) == (zh, en)
