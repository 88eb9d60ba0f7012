"""The composite index's methods refuse what they cannot do in zh or in en, naming the indicators."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from pacesetter.assess.aggregate import aggregate
from pacesetter.assess.normalise import handle_missing
from pacesetter.assess.weights import ahp, entropy_weights, pca_weights
from pacesetter.errors import InputError
from tests.cli.test_one_language import other_language

NAN = float("nan")
TWO = pd.DataFrame({"gdp": [1.0, 2.0, 3.0], "rd": [4.0, 4.0, 4.0]}, index=["370200", "330200", "320200"])


@pytest.mark.parametrize(("call", "zh", "en"), [
    (lambda: aggregate(TWO, pd.Series({"gdp": 1.0}), "arithmetic"), "rd 没有权重", "no weight for rd"),
    (lambda: aggregate(TWO - 1, pd.Series({"gdp": 0.5, "rd": 0.5}), "geometric"),
     "几何加总要求各值为正；请先为零值设下限",
     "geometric aggregation needs positive values; floor zeros first"),
    (lambda: ahp([[1, 2], [0.5, 1]], ["a", "b", "c"]), "3 项的 AHP 判断矩阵须为 3 × 3，且各元素为正",
     "an AHP matrix over 3 items must be 3 × 3 with positive entries"),
    (lambda: entropy_weights(TWO - 2),
     "熵权法需要完整、非负的标准化值（请用 min_max、rank 或 percentile 标准化）",
     "entropy weights need complete, non-negative normalised values "
     "(use min_max, rank or percentile normalisation)"),
    (lambda: entropy_weights(TWO.iloc[:1]), "熵权法至少需要两个地区",
     "entropy weights need at least two regions"),
    (lambda: pca_weights(TWO), "主成分（PCA）赋权：rd 在各地区间没有差异",
     "PCA weights: rd do not vary across regions"),
    (lambda: handle_missing(TWO.assign(rd=NAN, va=NAN), "impute_mean"),
     "无法插补 rd、va：没有任何地区有数值", "cannot impute rd, va: no region has a value"),
])
def test_refusals_are_worded_in_each_language(call: Callable[[], object], zh: str, en: str) -> None:
    with pytest.raises(InputError) as refused:
        call()
    assert (refused.value.text("zh"), refused.value.text("en")) == (zh, en)
    assert other_language(zh, "zh", ()) == [] and other_language(en, "en", ()) == []
