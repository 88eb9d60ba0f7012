"""What an answer rests on, stated before the answer: indicators × cities × years usable, of the
framework's, and how many flagged rows it uses or leaves out.

A cell is one (indicator, city, year). It is *usable* when the store holds an observed outcome
for it (targets and expectations are plans, not outcomes). A *flagged* row carries a reliability
flag (LOW RELIABILITY, UNCERTAIN ATTRIBUTION, YEAR INFERRED, RANK INFERRED): the store's latest
view uses a flagged row only where no unflagged row exists for the cell; the others are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import pandas as pd

from pacesetter.i18n import t


@dataclass(frozen=True)
class Coverage:
    """Counts of what was usable against what the framework asks for (``*_of``)."""

    indicators: int
    indicators_of: int
    cities: int
    cities_of: int
    years: int
    years_of: int
    cells: int
    cells_of: int
    flagged_used: int
    flagged_left_out: int
    first_year: int
    last_year: int
    rests_on: tuple[str, ...]  # the indicators with at least one usable cell

    def record(self) -> dict[str, object]:
        """JSON-ready fields (``rests_on`` as a list)."""
        out = asdict(self)
        out["rests_on"] = list(self.rests_on)
        return out

    def frame(self, lang: str | None = None, names: dict[str, str] | None = None) -> pd.DataFrame:
        """One row of the fields for a workbook: ``rests_on`` as the indicators' names in ``lang``
        joined as the language lists things, or as their ids joined by commas without it."""
        row = self.record()
        named = [(names or {}).get(i, i) for i in self.rests_on] if lang else list(self.rests_on)
        row["rests_on"] = (t("outputs.coverage.sep", lang) if lang else ", ").join(named)
        return pd.DataFrame([row])

    def text(self, lang: str = "zh", names: dict[str, str] | None = None) -> str:
        """One sentence: "依据：3/12 个指标 × 20/27 个城市 × 4/6 年 …", naming the indicators."""
        if not self.cells:  # nothing usable: no year range to state ("0/1 years (0–0)")
            return t("outputs.coverage.nothing", lang, **asdict(self))
        named = [(names or {}).get(i, i) for i in self.rests_on]
        listed = t("outputs.coverage.sep", lang).join(named) or t("outputs.coverage.none", lang)
        return t("outputs.coverage.text", lang, **asdict(self) | {"rests_on": listed})


def compute_coverage(values: pd.DataFrame, indicators: Sequence[str], regions: Sequence[str],
                     years: Sequence[int], flagged: pd.DataFrame | None = None, *,
                     one_year_each: bool = False) -> Coverage:
    """Coverage of ``values`` (indicator_id, region_code, year, flags: the rows an answer uses).

    ``indicators``, ``regions`` and ``years`` are what the framework or view asks for;
    ``flagged`` (indicator_id, region_code, year) every flagged row the store holds, across
    all sources: those in the cells looked at and not used are counted as left out. A view
    that looks at one year per indicator passes ``values`` and ``flagged`` cut to those years
    and ``one_year_each``: it asks for indicators × regions cells, not × years.
    """
    def within(df: pd.DataFrame) -> pd.DataFrame:
        return df[df["indicator_id"].isin(indicators) & df["region_code"].isin(regions)
                  & df["year"].isin(years)]

    cells = within(values).drop_duplicates(["indicator_id", "region_code", "year"])
    used = int((cells["flags"].fillna("") != "").sum())
    flagged_rows = 0 if flagged is None else len(within(flagged))
    return Coverage(
        indicators=cells["indicator_id"].nunique(), indicators_of=len(indicators),
        cities=cells["region_code"].nunique(), cities_of=len(regions),
        years=cells["year"].nunique(), years_of=len(years),
        cells=len(cells), cells_of=len(indicators) * len(regions) * (1 if one_year_each else len(years)),
        flagged_used=used, flagged_left_out=max(flagged_rows - used, 0),
        first_year=min(years), last_year=max(years),
        rests_on=tuple(i for i in indicators if i in set(cells["indicator_id"])),
    )
