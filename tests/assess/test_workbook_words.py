"""The assessment and peer workbooks read as words, not codes: a person opens them in Excel.

Codes (plan, not_stated, higher, up, observed, True) were written as they are stored; the JSON
for scripts keeps them, the workbook words them in its language.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.cli.test_one_language import invoke

CODES = {"plan", "proposed", "benchmark", "not_stated", "revised", "final", "preliminary", "higher",
         "lower", "up", "down", "flat", "observed", "framework", "news", "official", "reprint",
         "no_target", "no_baseline", "no_data", "True", "False"}
# (workbook, sheet, header) in zh and en: the columns that held codes
CODED = {"zh": [("assess", "指标", "方向"), ("assess", "指标", "状态"), ("assess", "目标进度", "基期值来源"),
                ("assess", "目标进度", "状态"), ("assess", "贡献", "方向"), ("peers", "数据", "状态"),
                ("peers", "数据", "来源性质"), ("peers", "数据", "并列")],
         "en": [("assess", "Indicators", "Polarity"), ("assess", "Indicators", "Status"),
                ("assess", "Attainment", "Baseline origin"), ("assess", "Attainment", "Status"),
                ("assess", "Contributions", "Direction"), ("peers", "Figures", "Status"),
                ("peers", "Figures", "Kind of source"), ("peers", "Figures", "Tied")]}


def _column(book: openpyxl.Workbook, sheet: str, header: str) -> list[object]:
    rows = list(book[sheet].iter_rows(values_only=True))
    at = list(rows[0]).index(header)
    return [r[at] for r in rows[1:] if r[at] is not None]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_workbooks_word_their_codes(demo_db: Path, tmp_path: Path, lang: str) -> None:
    invoke(demo_db, lang, "assess", "--format", "xlsx", "-o", str(tmp_path / "assess.xlsx"),
           "--uncertainty", "0")
    invoke(demo_db, lang, "peers", "--region", "370200", "-o", str(tmp_path / "peers.xlsx"))
    books = {name: openpyxl.load_workbook(tmp_path / f"{name}.xlsx") for name in ("assess", "peers")}
    for name, sheet, header in CODED[lang]:
        values = {str(v) for v in _column(books[name], sheet, header)}
        codes = CODES if lang == "zh" else CODES - {"final", "revised", "preliminary"}  # English words too
        assert values and not values & codes, (name, sheet, header, values)
    # what the coverage rests on: the indicators by name, listed as the language lists things
    coverage = books["assess"]["依据" if lang == "zh" else "Coverage"]
    rests_on = str(next(coverage.iter_rows(min_row=2, values_only=True))[-1])
    first = "地区生产总值、" if lang == "zh" else "Regional GDP, "
    assert rests_on.startswith(first) and "[" not in rests_on and "gdp" not in rests_on
    # a group by its name in the framework, a region's missing indicators by theirs
    zh = lang == "zh"
    groups = set(_column(books["assess"], "指标" if zh else "Indicators", "分组" if zh else "Group"))
    assert ("在现代产业体系构建上走在前列" if zh else "Lead in building a modern industrial system") in groups
    header = "无数据的指标" if zh else "Indicators without a figure"
    missing = _column(books["assess"], "剔除" if zh else "Excluded", header)
    assert missing and not {str(m) for m in missing} & {"high_tech_enterprises", "gdp"}
    about = {r[0]: r[1] for r in books["peers"]["说明" if zh else "About"].iter_rows(values_only=True)}
    assert "secondary_va" not in str(about["依据" if zh else "Coverage"])
