"""National monthly, quarterly and annual series (external/macro_national_monthly) as observations.

Each series becomes the indicator ``nbs_<choice id>``; its rows keep the publisher and the
repository they were taken from. National series have region 000000; the 70-city house-price
indices have the region of their city. Series are skipped, and listed in the data README, when
their unit is missing or not one of :mod:`pacesetter.model.units` (‰, 小时, 平方米, 万平方米),
or when they are house-price indices of a city with no city-level code (襄樊, renamed 襄阳 in
2010; 大理, a county-level city; ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from pacesetter.data.regions import city_codes
from pacesetter.errors import UnitError
from pacesetter.io.frames import text_rows
from pacesetter.model.units import normalise_unit

REPOSITORY = "https://github.com/AFAN-LIFE/macropage"
COMMIT = "0e522df5be6a7cefb31e3828968598aa6b2a5e72"
LICENCE = "CC-BY 4.0, attribute to AFAN, macropage"
# CSV in external/macro_national_monthly -> the repository's xlsx it was reshaped from.
FILES = {
    "gdp_quarterly_annual.csv": "GDP.xlsx",
    "fixed_asset_investment_monthly.csv": "固定资产投资.xlsx",
    "retail_sales_monthly.csv": "社零.xlsx",
    "cpi_ppi_mom_monthly.csv": "CPI+PPI.xlsx",
    "pmi_monthly.csv": "PMI.xlsx",
    "fiscal_monthly.csv": "财政.xlsx",
    "population_employment.csv": "人口就业.xlsx",
    "trade_monthly.csv": "进出口基本.xlsx",
    "real_estate_investment_monthly.csv": "房地产投资.xlsx",
    "house_price_70cities_monthly.csv": "70城.xlsx",
}
HOUSE_PRICES = "house_price_70cities_monthly.csv"
FREQUENCY = {"月": "month", "季": "quarter", "年": "year"}
_PARTS = re.compile(r"[:：]")


@dataclass(frozen=True, slots=True)
class Series:
    """One national series: its metadata and its rows (columns period, value)."""

    file: str
    indicator_id: str
    name_zh: str
    frequency: str
    unit: str
    publisher: str
    region_code: str
    rows: pd.DataFrame

    @property
    def id(self) -> str:
        return "nbs_" + self.indicator_id.lower()

    @property
    def cumulative(self) -> bool:
        return "累计" in self.name_zh

    @property
    def period_kinds(self) -> list[str]:
        """The period kinds the series is published as: a 累计 series is year to date, else its frequency."""
        return ["ytd"] if self.cumulative and self.frequency != "year" else [self.frequency]

    @property
    def jan_feb_combined(self) -> bool | None:
        """Whether January is released only with February (1-2月), as far as the series shows.

        A year-to-date series that has a February value but never a January one is released
        combined; one with January values is not. A single-month series cannot show it (a combined
        release has no YYYY-MM of its own): None, not stated.
        """
        months = set(self.rows["period"].str[5:7])
        if self.frequency != "month" or not self.cumulative:
            return False if self.frequency == "month" and "01" in months else None
        return "01" not in months if "02" in months or "01" in months else None

    @property
    def kind(self) -> str:
        name = self.name_zh
        if self.unit in ("上月=100", "上年同月=100") or "PMI" in name:
            return "index"
        if "拉动" in name:
            return "pp_change"
        if "贡献率" in name:
            return "contribution_share"
        if "失业率" in name or "城镇化率" in name:
            return "share"
        if "同比" in name or "环比" in name:
            return "growth"
        return "level"

    @property
    def source(self) -> str:
        return f"{REPOSITORY}/blob/{COMMIT}/data/{FILES[self.file]}"


def read_series(folder: Path, regions: pd.DataFrame) -> Iterator[Series]:
    """Every national series that loads, in file order."""
    cities = city_codes(regions)
    for file in FILES:
        frame = pd.read_csv(folder / file, dtype={"period": str, "indicator_id": str, "unit": str})
        for sid, rows in frame.groupby("indicator_id", sort=False):
            first = rows.iloc[0]
            city = _PARTS.split(str(first["indicator"]))[0]
            region = cities.get(city) if file == HOUSE_PRICES else "000000"
            unit = _unit(first["unit"])
            if region is None or unit is None:
                continue
            yield Series(file, str(sid), str(first["indicator"]), FREQUENCY[first["frequency"]],
                         unit, str(first["publisher"]), region,
                         # the file repeats some rows verbatim (城镇调查失业率 2016-2017): keep one
                         rows[["period", "value"]].drop_duplicates())


def skipped_series(folder: Path, regions: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(file, indicator_id, indicator) of every series that does not load."""
    loaded = {(s.file, s.indicator_id) for s in read_series(folder, regions)}
    out = []
    for file in FILES:
        frame = pd.read_csv(folder / file, dtype=str).drop_duplicates("indicator_id")
        out += [(file, r.indicator_id, r.indicator) for r in text_rows(frame)
                if (file, r.indicator_id) not in loaded]
    return out


def catalogue_entries(folder: Path, regions: pd.DataFrame) -> list[dict[str, object]]:
    """indicators.yaml entries of the national series.

    name_en translates each part of the Chinese name with nbs_terms.yaml; a city's name is the
    English name of its region.
    """
    terms = yaml.safe_load((Path(__file__).parent / "nbs_terms.yaml").read_text(encoding="utf-8"))
    names_en = dict(zip(regions["code"], regions["name_en"], strict=True))
    entries: list[dict[str, object]] = []
    for s in read_series(folder, regions):
        parts = _PARTS.split(s.name_zh)
        words = terms if s.region_code == "000000" else {**terms, parts[0]: names_en[s.region_code]}
        missing = [p for p in parts if p not in words]
        if missing:
            raise KeyError(f"nbs_terms.yaml has no English for {missing} (series {s.name_zh})")
        entries.append({
            "id": s.id, "name_zh": s.name_zh, "name_en": ": ".join(words[p] for p in parts),
            "unit": s.unit, "frequency": s.frequency, "kind": s.kind, "polarity": "neutral",
            "definition": f"National series {s.name_zh} (Choice id {s.indicator_id}), "
                          f"published by {s.publisher}; from {REPOSITORY} ({LICENCE}).",
            "agency": s.publisher, "period_kinds": s.period_kinds,
            **({} if s.jan_feb_combined is None else {"jan_feb_combined": s.jan_feb_combined}),
            "aliases": [],
        })
    return entries


def national_observations(folder: Path, regions: pd.DataFrame) -> pd.DataFrame:
    """Observation rows of every national series (columns as the observations table)."""
    frames = []
    for s in read_series(folder, regions):
        rows = s.rows
        frames.append(pd.DataFrame({
            "indicator_id": s.id, "region_code": s.region_code,
            "period": _periods(rows["period"], s.frequency, s.cumulative),
            "value": rows["value"].astype(float), "unit": s.unit, "source": s.source,
            "source_title": f"AFAN, macropage: {FILES[s.file]} ({s.publisher} via Choice; {LICENCE})",
            "quote": "", "status": "not_stated", "note": f"Choice id {s.indicator_id}",
        }))
    return pd.concat(frames, ignore_index=True)


def _periods(months: pd.Series, frequency: str, cumulative: bool) -> pd.Series:
    """Canonical periods from the file's YYYY-MM (quarterly and annual values sit on their last month).

    Cumulative (累计) values are year to date: 2022-08 -> 2022-01..2022-08; a January stays 2022-01.
    """
    year, month = months.str[:4], months.str[5:7].astype(int)
    if frequency == "year":
        return year
    if cumulative:
        ytd = year + "-01.." + months
        return ytd.where(month > 1, months)
    if frequency == "quarter":
        return year + "Q" + (month // 3).astype(str)
    return months


def _unit(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    try:
        return normalise_unit(text).symbol
    except UnitError:
        return None
