"""The shipped display names of the registry's industry labels (issue 18): one English name for every
Tushare label of the listed-company list, none twice, and the name a reader sees in each language."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pacesetter.data import data_path
from pacesetter.data.industry_labels import english_labels, industry_name
from pacesetter.data.listed import TUSHARE

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def test_every_label_of_the_list_has_one_english_name_of_its_own() -> None:
    listed = pd.read_csv(data_path("external", "listed_companies", "tushare_stock_basic.csv"), dtype=str)
    labels = set(listed["industry"].dropna())
    names = english_labels()
    assert len(labels) == 110  # 111 distinct cells, one of them empty (no industry)
    assert sorted(labels - set(names)) == []  # every label is named
    assert sorted(set(names) - labels) == []  # and no name is for a label the list does not have
    repeated = pd.Series(list(names.values())).value_counts()
    assert list(repeated[repeated > 1].index) == []
    assert [n for n in names.values() if CJK.search(n) or not n.strip()] == []


def test_the_table_states_its_origin() -> None:
    head = data_path("industry_labels.yaml").read_text(encoding="utf-8").split("\ntushare:")[0]
    assert TUSHARE in head and "project's translations" in head and "GLOSSARY.md" in head


@pytest.mark.parametrize(("code", "zh", "en"), [
    ("tushare:软件服务", "软件服务", "Software services"),
    ("tushare:汽车配件", "汽车配件", "Auto parts"),
    ("tushare:半导体", "半导体", "Semiconductors"),
    ("tushare:园区开发", "园区开发", "Park development"),  # GLOSSARY: 园区 = park
    ("6513", "6513 应用软件开发", "6513"),  # GB/T 4754: its shipped Chinese name; no English one shipped
    ("398", "398 电子元件及电子专用材料制造", "398"),
    ("tushare:无此标签", "无此标签", "tushare:无此标签"),  # no English name known: shown as stored
    ("x:芯片", "x:芯片", "x:芯片"),  # another scheme: as stored
    ("9999", "9999", "9999"),  # no such GB/T code
])
def test_industry_name(code: str, zh: str, en: str) -> None:
    assert industry_name(code, "zh") == zh
    assert industry_name(code, "en") == en
