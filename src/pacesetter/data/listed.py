"""The A-share listed-company registry (external/listed_companies) as enterprises.

One enterprise per listed company (status L) of the Tushare list, id ``listed:<ts_code>``.
Shenzhen-listed companies take their city and English name from the exchange's own list;
the others are placed in their province (Tushare's ``area``; 深圳 is a city there).
``industry_code`` keeps the source's industry label verbatim, prefixed with its scheme
(``tushare:汽车配件``), for the chain mapping to translate into GB/T 4754 codes.
"""

from __future__ import annotations

import pandas as pd

from pacesetter.data import data_path

TUSHARE = ("https://github.com/AFAN-LIFE/macropage/blob/9ef6144e2c82f1e5465ab8629ae2980d13c89f9d/"
           "data/stock_basic.csv")
SZSE = ("https://github.com/guojiex/stock-a-future/blob/d91f7143a9ca54ae2999c8d60ac7fa22676c72fc/"
        "data/A股列表.xlsx")


def _area_codes(regions: pd.DataFrame, areas: pd.Series) -> dict[str, str]:
    """Tushare area (山东, 内蒙, 深圳) -> province code, or city code where the area is a city."""
    provinces = regions[regions["level"] == "province"]
    cities = dict(zip(regions.loc[regions["level"] == "city", "name_zh"],
                      regions.loc[regions["level"] == "city", "code"], strict=False))
    out = {}
    for area in areas.dropna().unique():
        match = provinces[provinces["name_zh"].str.startswith(area)]
        if len(match) == 1:
            out[area] = str(match["code"].iloc[0])
        elif area + "市" in cities:
            out[area] = cities[area + "市"]
    return out


def listed_enterprises(regions: pd.DataFrame) -> pd.DataFrame:
    """enterprises rows: id, name_zh, name_en, region_code, industry_code, source, flags false."""
    ts = pd.read_csv(data_path("external", "listed_companies", "tushare_stock_basic.csv"), dtype=str)
    ts = ts[ts["status"] == "L"]
    sz = pd.read_csv(data_path("external", "listed_companies", "szse_a_share_list.csv"), dtype=str)
    sz = sz.assign(ts_code=sz["A股代码"] + ".SZ").drop_duplicates("ts_code").set_index("ts_code")
    cities = regions[regions["level"] == "city"]
    city_code = sz["城市"].map(dict(zip(cities["name_zh"], cities["code"], strict=False)))
    area = ts["area"].map(_area_codes(regions, ts["area"]))
    in_sz = ts["ts_code"].isin(sz.index)
    region = ts["ts_code"].map(city_code).fillna(area)
    # str and NA cells; pandas-stubs types it Series[str], whose replace takes no NA key
    industry: pd.Series = "tushare:" + ts["industry"]
    return pd.DataFrame({
        "id": "listed:" + ts["ts_code"],
        "name_zh": ts["name"],
        "name_en": ts["ts_code"].map(sz["英文名称"]),
        "region_code": region,
        "industry_code": industry.replace({pd.NA: None}),
        "segments": [[] for _ in range(len(ts))],
        "chain_leader": False, "srdi": False, "high_tech": False,
        "source": TUSHARE + in_sz.map({True: " | " + SZSE, False: ""}),
        "synthetic": False,
    }).reset_index(drop=True)
