"""The researched figures (seed/seed_figures.csv, macro/figures.csv, the census) as observations.

Values, units, sources and quotes are taken as researched. What is derived from a row:

- ``status``: target or expected when the row is a plan figure (TARGET, "target" or
  "expected" in the indicator); else what the source states (``status_stated`` of the macro
  files; "revised" in the indicator or "preliminary" in the notes of the seed rows); else
  ``not_stated`` (未注明), never a guessed "final";
- ``publisher``, ``document``, ``source_kind``: as the macro files give them (rules in
  macro/PUBLISHERS.md); empty where the research could not tell;
- ``flags``: the reliability flags of the notes (LOW RELIABILITY, UNCERTAIN ATTRIBUTION,
  YEAR INFERRED, the last also for "year ... inferred" and "YEAR UNCERTAIN", RANK INFERRED);
  ``note`` keeps the notes verbatim;
- ``vintage``: the first YYYY-MM-DD in the notes, else the dated entry of the URL in
  chains/sources.csv, else NULL (never invented);
- ``derived_from``: the formula of a derived row; its kind is the indicator's;
- ``decimals``: the decimals the figure was published with, as the quote prints it (else as the
  value is written).

A figure printed in another unit of the indicator's dimension (元 for 万元) is converted,
and the note says from what. The three-sector structure ``a:b:c`` is split into the primary,
secondary and services shares of GDP, each value as printed, with the structure named in
``derived_from``.
"""

from __future__ import annotations

import re

import pandas as pd

from pacesetter.data import data_path, read_csv
from pacesetter.data.catalogue import aliases, units
from pacesetter.data.regions import city_codes
from pacesetter.errors import ConfigError
from pacesetter.io.frames import text_rows
from pacesetter.io.validate import written_decimals
from pacesetter.model.periods import Period
from pacesetter.model.units import convert, normalise_unit

SEED_SOURCE = "seed:000_14c0eb08152f58ac.txt"
SEED_TITLE = "建设现代工业龙头城市迎接拐点，这是青岛的选择!"
CENSUS_SOURCE = ("https://github.com/leiii/census/blob/0ba0f1efae092f4aa6569ef38e53b3bb4d2f0087/"
                 "data/census/census_city_2010-2020_v1.csv")
CENSUS_TITLE = ("Dong, Du & Liu (2022), Mapping Evolving Population Geography in China, "
                "SSRN 4049338 (leiii/census, MIT); 6th and 7th population censuses")
# The census figures come from a research team's compilation of the census tables.
CENSUS_PUBLISHER = "Dong, Du & Liu (2022)"
CENSUS_DOCUMENT = CENSUS_TITLE.removeprefix(f"{CENSUS_PUBLISHER}, ")
FLAGS = {
    "LOW RELIABILITY": re.compile(r"LOW RELIABILITY"),
    "UNCERTAIN ATTRIBUTION": re.compile(r"UNCERTAIN ATTRIBUTION"),
    "YEAR INFERRED": re.compile(
        r"YEAR INFERRED|YEAR UNCERTAIN|year (?:\d{4} )?inferred|\d{4}-\d{4} inferred"),
    "RANK INFERRED": re.compile(r"RANK INFERRED"),
}
# The formula of a derived row: "DERIVED: 10.0 - 4.2 = 5.8 (...)" or "(DERIVED 17.1-1.0)".
_FORMULA = re.compile(r"DERIVED:?\s*([^;()]+)")
STATED = ("preliminary", "final", "revised", "target")
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
COLUMNS = ["indicator_id", "region_code", "period", "value", "unit", "source", "source_title", "quote",
           "vintage", "status", "note", "flags", "derived_from", "synthetic", "publisher", "document",
           "source_kind", "decimals"]


def flags_of(notes: str) -> str:
    """The reliability flags named in ``notes``, ``; ``-joined in a fixed order ("" if none)."""
    return "; ".join(name for name, pattern in FLAGS.items() if pattern.search(notes))


_QUOTED_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def quoted_decimals(value: str, quote: str) -> int | None:
    """The decimals a figure was published with: as the quote prints it ("下降4%" → 0), else as
    the value is written in the file."""
    number = abs(float(value))
    printed = next((m[0] for m in _QUOTED_NUMBER.finditer(quote) if float(m[0]) == number), None)
    return written_decimals(printed or value)


def status_of(indicator_en: str, notes: str, stated: str = "") -> str:
    """target / expected for plan figures, else the status the source states, else not_stated.

    ``stated`` is the research's ``status_stated`` (macro files); the seed rows have none, so
    "revised" in the indicator or "preliminary" in the notes stand for it.
    """
    name = indicator_en.lower()
    if "target" in name or re.search(r"\bTARGET\b", notes) or stated == "target":
        return "target"
    if "expected" in name or "expected" in notes.lower():
        return "expected"
    if stated:
        if stated not in STATED:
            raise ConfigError(f"{indicator_en}: status_stated {stated!r} is not one of {STATED}")
        return stated
    if "revised" in name:
        return "revised"
    if "preliminary" in notes.lower():
        return "preliminary"
    return "not_stated"


def source_registry() -> tuple[dict[str, str], dict[str, str]]:
    """From chains/sources.csv: URL -> title, and URL -> release date where it is a full YYYY-MM-DD."""
    df = read_csv("chains", "sources.csv")
    df = df[df["url"] != ""]
    titles = dict(zip(df["url"], df["title_or_description"], strict=True))
    dated = df[df["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")]
    return titles, dict(zip(dated["url"], dated["date"], strict=True))


def researched_figures(regions: pd.DataFrame) -> pd.DataFrame:
    """Seed and macro figures (figures.csv, then the peers' peer_figures.csv) as observation rows."""
    seed = read_csv("seed", "seed_figures.csv")
    seed = seed.assign(source_title=SEED_TITLE, source_url=seed["source"], publisher="", document="",
                       source_kind="", status_stated="")
    macro = pd.concat([read_csv("macro", "figures.csv"), read_csv("macro", "peer_figures.csv")],
                      ignore_index=True)
    codes = city_codes(regions)
    unknown = sorted(set(macro["city_zh"]) - set(codes))
    if unknown:
        raise ConfigError(f"macro figures: cities without a region code: {unknown}")
    titles, dates = source_registry()
    macro = macro.assign(
        region_code=macro["city_zh"].map(codes), derived_from="",
        source_title=macro["source_url"].map(titles).fillna(""),
    )
    rows = [r for frame in (seed, macro) for r in _rows(frame, dates)]
    return pd.DataFrame(rows, columns=COLUMNS)


def _rows(frame: pd.DataFrame, dates: dict[str, str]) -> list[dict[str, object]]:
    alias, unit_of = aliases(), units()
    out: list[dict[str, object]] = []
    for r in text_rows(frame):
        ids = alias.get((r.indicator_en, r.period_kind))
        if not ids:
            raise ConfigError(f"indicators.yaml has no alias for ({r.indicator_en!r}, {r.period_kind!r})")
        values = r.value.split(":")
        if len(values) != len(ids):
            raise ConfigError(f"{r.indicator_en} {r.value!r}: {len(values)} values for ids {ids}")
        notes = r.notes
        formula = _FORMULA.search(notes) if r.kind == "derived" else None
        derived = r.derived_from or (formula[1].strip() if formula else "")
        date = _DATE.search(notes)
        for ind, value in zip(ids, values, strict=True):
            unit = "%" if r.unit == "ratio" else normalise_unit(r.unit).symbol
            number, note, decimals = float(value), notes, quoted_decimals(value, r.quote)
            if unit != unit_of[ind]:
                if normalise_unit(unit).dimension != normalise_unit(unit_of[ind]).dimension:
                    raise ConfigError(f"{r.indicator_en}: unit {unit} does not fit {ind} ({unit_of[ind]})")
                number = convert(number, unit, unit_of[ind])
                note = "; ".join(filter(None, [notes, f"converted from {value} {unit}"]))
                decimals = None  # the published digits belong to the unit it was printed in
            out.append({
                "indicator_id": ind, "region_code": r.region_code, "period": str(Period.parse(r.period)),
                "value": number, "unit": unit_of[ind], "source": r.source_url,
                "source_title": r.source_title, "quote": r.quote,
                "vintage": date[1] if date else dates.get(r.source_url),
                "status": status_of(r.indicator_en, notes, r.status_stated), "note": note,
                "flags": flags_of(notes),
                "derived_from": (f"three-sector structure {r.value} (primary:secondary:tertiary)"
                                 if len(ids) > 1 else derived),
                "synthetic": False, "publisher": r.publisher, "document": r.document,
                "source_kind": r.source_kind, "decimals": decimals,
            })
    return out


def census_population(regions: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Census resident population (persons) by city for 2010 and 2020, and the cities skipped.

    Cities whose code is not in the regions table are skipped (``香港特别行政区 (810000)``).
    """
    cities = pd.read_csv(data_path("external", "census_2010_2020", "census_city_2010_2020.csv"),
                         dtype={"city_code": str})
    known = cities["city_code"].isin(set(regions["code"]))
    df, skipped = cities[known], cities[~known]
    frames = []
    for year, note in (("2020", ""), ("2010", "2010 value adjusted to 2020 boundaries by the compilers")):
        frames.append(pd.DataFrame({
            "indicator_id": "census_population", "region_code": df["city_code"], "period": year,
            "value": df[f"popu_{year}"].astype(float), "unit": "人", "source": CENSUS_SOURCE,
            "source_title": CENSUS_TITLE, "quote": "", "vintage": None, "status": "not_stated",
            "note": note, "flags": "", "derived_from": "", "synthetic": False,
            "publisher": CENSUS_PUBLISHER, "document": CENSUS_DOCUMENT, "source_kind": "reprint",
        }))
    out = pd.concat(frames, ignore_index=True).dropna(subset=["value"])
    return out, [f"{n} ({c})" for n, c in zip(skipped["city"], skipped["city_code"], strict=True)]
