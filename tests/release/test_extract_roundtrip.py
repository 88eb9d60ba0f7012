"""The two directions agree on the demo database: every figure a shipped bulletin writes is
proposed back by extraction of the bulletin's own text with the same indicator, period, value
and unit (issue 16, deliverable 7).

Bulletins of Qingdao (370200, its own profile and Ningbo's), Ningbo (330200: 实现 before a level,
the computed two-year average) and the synthetic region 990100 (a full monthly release, all three
profiles) are written with `Workspace.bulletin`, their footnote marks removed, and read back with
`Workspace.extract`. A stated figure must come back under its own key; a pp change the bulletin
computed, as the change stated on the figure it is about; a two-year average it computed, under
the catalogue's two-year series; values at the precision shown (1.2倍 is 120 % ± 5 %). Two kinds
of figure the catalogue has no series for come back as new indicators with their period, value
and unit: a monthly house-price change derived from an index (上月=100) and a month's amount
derived from two cumulative ones (其中8月份79.7亿元).
Measured on these cases: 142 of 339 figures before (实现, 一般公共预算 cut at 共, 环比 cut at 比,
规模以上装备/高技术制造业, 7月当月, 其中8月份, PMI, pulls, shares' changes, 快于 after a share and 25
published names missing), 339 of 339 after (324 under the same catalogue id, 15 as new indicators).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pacesetter.model.periods import Period
from pacesetter.monitor.bulletin import Figure
from pacesetter.release.extract import Proposal
from pacesetter.workspace.core import Workspace

CASES = [("370200", "2022-08", None), ("370200", "2022-08", "ningbo"), ("370200", "2024-03", None),
         ("370200", "2024-06", None), ("330200", "2022-03", None), ("330200", "2021-12", None),
         ("990100", "2023-08", None), ("990100", "2023-08", "ningbo"), ("990100", "2023-08", "qingdao")]


def _near(p: Proposal, value: float) -> bool:
    """The proposal states ``value`` as the bulletin shows it: at the decimals shown (1.2倍 is
    120 % to within 5 %: 123.2 % written in 倍)."""
    if p.written.endswith("倍"):
        shown = re.search(r"(\d+(?:\.(\d+))?)倍$", p.written)
        assert shown is not None
        return abs(p.value - value) <= 50 * 10 ** -len(shown.group(2) or "") + 1e-9
    return abs(p.value - value) <= 0.5 * 10 ** -p.decimals + 1e-9


def _read_back(f: Figure, proposals: tuple[Proposal, ...]) -> bool:
    first = f.inputs[0]
    if not f.formula:  # a stated figure: its own key
        return any((p.indicator_id, p.period, p.unit) == (first.indicator_id, first.stored_period, f.unit)
                   and _near(p, f.value) for p in proposals)
    if f.unit == "个百分点":  # a change the bulletin computed: stated on the figure it is about
        return any((p.indicator_id, p.period) == (first.indicator_id, first.stored_period)
                   and any(r.change is not None and abs(r.change - f.value) < 0.05 for r in p.relations)
                   for p in proposals)
    if f.formula.startswith("sqrt"):  # a two-year average the bulletin computed
        return any((p.indicator_id, p.period, p.unit) == (f"{first.indicator_id}_two_year_avg",
                                                          first.stored_period, "%") and _near(p, f.value)
                   for p in proposals)
    # a month's amount (the difference of two cumulative ones) or a rate derived from an index: the
    # catalogue holds neither series, so it comes back as a new indicator with its period and value
    month = str(Period.month(first.period.end_year, first.period.end_month))
    return any(p.indicator_id is None and (p.period, p.unit) == (month, f.unit) and _near(p, f.value)
               for p in proposals)


@pytest.fixture(scope="module")
def demo_copy(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the demo database for the module (the cases only read it)."""
    path = tmp_path_factory.mktemp("roundtrip") / "demo.duckdb"
    path.write_bytes(demo_db_template.read_bytes())
    return path


@pytest.mark.parametrize(("region", "period", "profile"), CASES)
def test_every_bulletin_figure_is_extracted_back(demo_copy: Path, tmp_path: Path, region: str, period: str,
                                                 profile: str | None) -> None:
    ws = Workspace(demo_copy)
    try:
        bulletin = ws.bulletin(region, period, "zh", profile=profile)
        text = tmp_path / "bulletin.md"
        text.write_text(re.sub(r"\[\^\d+\]", "", bulletin.markdown.split("## 附注")[0]), encoding="utf-8")
        proposals = ws.extract(str(text), region).proposals
    finally:
        ws.close()
    missed = [(k, f.value, f.unit, f.inputs[0].indicator_id, f.inputs[0].stored_period)
              for k, f in bulletin.figures.items() if not _read_back(f, proposals)]
    assert bulletin.figures and missed == []


def test_a_level_after_shi_xian_and_producer_services_are_matched(demo_copy: Path, tmp_path: Path) -> None:
    """The two sentences of the issue's report, read back into their catalogue ids."""
    text = tmp_path / "q1.txt"
    text.write_text("2024年一季度经济运行情况\n一季度全市实现地区生产总值3516.4亿元。"
                    "全市生产性服务业增加值1509.1亿元，同比增长7.2%。\n", encoding="utf-8")
    ws = Workspace(demo_copy)
    try:
        found = ws.extract(str(text), "330200").proposals
    finally:
        ws.close()
    assert [(p.indicator_id, p.period, p.value, p.unit) for p in found] == [
        ("gdp", "2024-01..2024-03", 3516.4, "亿元"),
        ("producer_services_va", "2024-01..2024-03", 1509.1, "亿元"),
        ("producer_services_va_growth", "2024-01..2024-03", 7.2, "%")]
