"""The regions table (regions.csv, GB/T 2260) and name lookups over it."""

from __future__ import annotations

import pandas as pd

from pacesetter.data import data_path


def regions_frame() -> pd.DataFrame:
    """The regions table: code, name_zh, name_en, level, parent, synthetic (built by the build script)."""
    df = pd.read_csv(data_path("regions.csv"), dtype=str, keep_default_na=False)
    return df.assign(parent=df["parent"].replace("", None), synthetic=False)


def city_codes(regions: pd.DataFrame) -> dict[str, str]:
    """City name without 市 (青岛, 北京) -> code (370200, 110100), for the cities of ``regions``."""
    cities = regions[regions["level"] == "city"]
    return {str(n).removesuffix("市"): str(c) for n, c in zip(cities["name_zh"], cities["code"], strict=True)}
