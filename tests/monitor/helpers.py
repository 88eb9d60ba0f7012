"""Literal rows and builders for the monitor tests (no dependency on the embedded dataset)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pacesetter.model.periods import Period
from pacesetter.monitor.bulletin import build_bulletin
from pacesetter.monitor.config import load_sections
from pacesetter.monitor.fetch import fetch_bulletin_observations
from pacesetter.monitor.render import Rendered, render_markdown
from pacesetter.release.profile import Profile
from pacesetter.store import queries

# The article: seed_figures.csv in the shared data (source "seed:000_14c0eb08152f58ac.txt").
SEED = "seed:000_14c0eb08152f58ac.txt"
SEED_TITLE = "建设现代工业龙头城市迎接拐点，这是青岛的选择!"

REGIONS = [
    {"code": "370200", "name_zh": "青岛市", "name_en": "Qingdao", "level": "city", "parent": "370000",
     "synthetic": False},
    {"code": "330200", "name_zh": "宁波市", "name_en": "Ningbo", "level": "city", "parent": "330000",
     "synthetic": False},
]


def obs(indicator_id: str, period: str, value: float, *, region: str = "370200", unit: str = "%",
        source: str = SEED, derived_from: str = "", vintage: str | None = None,
        quote: str = "", synthetic: bool = False) -> dict[str, object]:
    """One observation row as the store holds it."""
    return {
        "indicator_id": indicator_id, "region_code": region, "period": period, "value": value,
        "unit": unit, "source": source, "source_title": SEED_TITLE if source == SEED else "",
        "quote": quote, "vintage": vintage, "status": "final", "note": "", "flags": "",
        "derived_from": derived_from, "synthetic": synthetic,
    }


# Qingdao's industrial figures as the article states them (seed_figures.csv), with the published
# changes in pp; Jan–Jul, July and the 2020 share are derived rows.
QINGDAO_ROWS = [
    obs("above_size_industry_va_growth", "2022-01..2022-08", 3.6,
        quote="1-8月，青岛市规模以上工业增加值同比增长3.6%"),
    obs("above_size_industry_va_growth", "2022-01..2022-07", 3.3, derived_from="3.6 - 0.3"),
    obs("above_size_industry_va_growth_month", "2022-08", 5.0,
        quote="8月份，规模以上工业增加值同比增长5.0%"),
    obs("above_size_industry_va_growth_month", "2022-07", 2.1, derived_from="5.0 - 2.9"),
    obs("above_size_industry_va_growth_change_pp", "2022-01..2022-08", 0.3, unit="个百分点",
        quote="加快0.3个百分点"),
    obs("above_size_industry_va_growth_month_change_pp", "2022-08", 2.9, unit="个百分点",
        quote="增速比7月份加快2.9个百分点"),
    obs("industrial_va_share_gdp", "2021", 27.48, quote="工业增加值占GDP比重为27.48%"),
    obs("industrial_va_share_gdp_change_pp", "2021", 1.1, unit="个百分点", quote="比上年提高1.1个百分点"),
    obs("industrial_va_share_gdp", "2020", 26.38, derived_from="27.48 - 1.1"),
]


# The wording these tests were written in: the earlier value stated, the month before by name
# (比7月份的2.1%加快…); the shipped default states neither (national usage).
STATED = Profile(name="stated", state_previous_value=True, previous_month="month")


def make_bulletin(con: duckdb.DuckDBPyConnection, region: str, period: str, lang: str,
                  template_dir: Path | None = None, profile: Profile | None = STATED) -> Rendered:
    """Build and render a bulletin the way the CLI does (in ``profile``'s wording)."""
    config = load_sections()
    frame = fetch_bulletin_observations(con, region, config)
    content = build_bulletin(frame, queries.region(con, region), Period.parse(period), config, lang,
                             profile)
    return render_markdown(content, template_dir)


# National figures copied from shared/data/external/macro_national_monthly/*.csv (NBS, customs;
# CC-BY 4.0, AFAN macropage), stored the way the embedded dataset stores them.
NBS = "https://github.com/AFAN-LIFE/macropage"
NATIONAL_ROWS = [
    obs("nbs_emm00000008", "2020-01..2020-06", -1.6, region="000000", source=NBS),
    obs("nbs_emm00000008", "2021-01..2021-03", 18.3, region="000000", source=NBS),
    obs("nbs_emm00000008", "2021-01..2021-06", 12.7, region="000000", source=NBS),
    obs("nbs_emm00000004", "2021-01..2021-06", 543034.4, region="000000", unit="亿元", source=NBS),
    obs("nbs_emm00000088", "2020", 43.32291776, region="000000", source=NBS),
    obs("nbs_emm00000092", "2020", 0.96984345, region="000000", unit="个百分点", source=NBS),
    obs("nbs_emm00058419", "2022-01..2022-07", 124981.0, region="000000", unit="亿元", source=NBS),
    obs("nbs_emm00058419", "2022-01..2022-08", 138043.0, region="000000", unit="亿元", source=NBS),
    obs("nbs_emm00053054", "2022-08", 310386496.8, region="000000", unit="千美元", source=NBS),
    obs("nbs_emm00053058", "2022-07", 18.1, region="000000", source=NBS),
    obs("nbs_emm00053058", "2022-08", 7.4, region="000000", source=NBS),
    obs("nbs_emm00072343", "2022-08", -0.1, region="000000", source=NBS),
    obs("nbs_emi00125750", "2022-08", 100.3, unit="上月=100", source=NBS),
]
NATION = {"code": "000000", "name_zh": "全国", "name_en": "China", "level": "country", "parent": None,
          "synthetic": False}
