"""A city against all its peers on every headline indicator of its frameworks, one common year
per indicator (the year rule of :mod:`pacesetter.assess.peers`, with at least two cities).

Figures of other years are never put side by side with the common year's: a peer without a
figure in it is listed as having none that year, not compared with an older figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pacesetter.assess.coverage import Coverage, compute_coverage
from pacesetter.assess.peers import compute_peer_ranks
from pacesetter.i18n import t
from pacesetter.io.workbook import write_report_workbook

_SOURCE = ["source", "vintage", "status", "flags", "derived_from", "publisher", "document", "source_kind"]
TABLE_COLUMNS = ["indicator_id", "name_zh", "name_en", "unit", "year", "n_regions", "region_code",
                 "value", "rank", "tied", *_SOURCE]


@dataclass
class PeerTable:
    """``table``: one row per (indicator, city) in the indicator's common year (:data:`TABLE_COLUMNS`;
    value and rank missing for a city without a figure that year); ``missing``: indicator_id,
    name_zh, name_en and reason (a code: ``outputs.reason.<code>``) for indicators without a common
    year; ``coverage`` first."""

    region_code: str
    frameworks: list[str]
    year: int
    table: pd.DataFrame
    missing: pd.DataFrame
    coverage: Coverage

    def wide(self, names: dict[str, str] | None = None, lang: str = "zh") -> pd.DataFrame:
        """Cities × indicators (header "name (year)"), the focus city first; blanks where no figure."""
        long = self.table.copy()
        label = "name_zh" if lang == "zh" else "name_en"
        long["column"] = long[label] + " (" + long["year"].astype(str) + ")"
        wide = long.pivot_table(index="region_code", columns="column", values="value", aggfunc="first",
                                sort=False)
        order = list(dict.fromkeys(long["region_code"]))
        wide = wide.reindex(order)[list(dict.fromkeys(long["column"]))]
        wide.insert(0, "city", [(names or {}).get(c, c) for c in wide.index])
        return wide.reset_index()

    def write_xlsx(self, path: Path, names: dict[str, str], lang: str = "zh") -> None:
        """Sheets: coverage first, the cities × indicators matrix, the long table, the indicators left out."""
        from pacesetter.assess.export import reason_text

        other = "name_en" if lang == "zh" else "name_zh"  # the names of the workbook's language only
        one = {f"name_{lang}": "name"}
        indicator_names = {str(k): str(v) for frame in (self.table, self.missing)
                           for k, v in zip(frame["indicator_id"], frame[f"name_{lang}"], strict=True)}
        sheets = {
            "coverage": self.coverage.frame(lang, indicator_names),
            "peers": self.wide(names, lang),
            "figures": self.table.assign(city=self.table["region_code"].map(names))
                                 .drop(columns=other).rename(columns=one),
            "no_common_year": self.missing.drop(columns=other).rename(columns=one).assign(reason=[
                reason_text(code, lang, year=self.year, focus=names.get(self.region_code, self.region_code))
                for code in self.missing["reason"]]),
        }
        about = [("coverage", self.coverage.text(lang, indicator_names)), ("region_code", self.region_code),
                 ("frameworks", ", ".join(self.frameworks)), ("year", str(self.year)),
                 ("year_rule", t("outputs.workbook.year_rule_text", lang))]
        write_report_workbook(path, sheets, about, lang)


def compute_peer_table(values: pd.DataFrame, specs: pd.DataFrame, focus: str, regions: list[str],
                       year: int, frameworks: list[str], flagged: pd.DataFrame | None = None
                       ) -> PeerTable:
    """The peer table of ``focus`` among ``regions`` (focus first) for ``year``.

    ``values``: read_values' columns (indicator_id, region_code, year, value, source, vintage,
    status, flags); ``specs``: indicator_id, name_zh, name_en, unit, polarity; ``flagged``:
    every flagged row (indicator_id, region_code, year), for the coverage's count of those left out.
    """
    ranks = compute_peer_ranks(values, specs, regions, year, min_regions=2, require=focus)
    meta = specs.drop_duplicates("indicator_id").set_index("indicator_id")
    src = values[["indicator_id", "region_code", "year", *_SOURCE]]
    table = ranks.astype({"year": int}).merge(src, on=["indicator_id", "region_code", "year"], how="left")
    table["n_regions"] = table.groupby("indicator_id")["value"].transform("count")
    for col in ("name_zh", "name_en", "unit"):
        table[col] = table["indicator_id"].map(meta[col])
    shown = set(table["indicator_id"])
    missing = meta.loc[[i for i in meta.index if i not in shown], ["name_zh", "name_en"]].reset_index()
    missing["reason"] = "no_common_year_focus"  # outputs.reason.no_common_year_focus
    years = sorted(set(table["year"])) or [year]
    pairs = table[["indicator_id", "year"]].drop_duplicates()
    compared = values.merge(pairs, on=["indicator_id", "year"])
    left = None if flagged is None else flagged.merge(pairs, on=["indicator_id", "year"])
    coverage = compute_coverage(compared, list(meta.index), regions, years, left, one_year_each=True)
    return PeerTable(focus, frameworks, year, table[TABLE_COLUMNS].reset_index(drop=True), missing,
                     coverage)
