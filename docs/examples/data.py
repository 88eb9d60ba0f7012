"""Data in and out: a template, validation, an import in one transaction, revisions, export.

Run it as it is: ``python docs/examples/data.py`` (builds ``demo.duckdb`` here on first use).
It writes to the database: run it on a copy to keep the demo as it was.
"""

import datetime as dt
from pathlib import Path

import pandas as pd

import pacesetter

pd.set_option("display.unicode.east_asian_width", True)  # align Chinese text in printed tables

ws = pacesetter.demo("demo.duckdb")

# --8<-- [start:provenance]
gdp = ws.show("gdp", ["330200"], lang="en")  # Ningbo's GDP, every row with its source
print(gdp[["region", "period", "value", "unit", "status", "vintage", "flags"]].to_string(index=False))
print(gdp["source"].iloc[-1])
print(gdp["quote"].iloc[-1])
# --8<-- [end:provenance]

# --8<-- [start:template]
ws.template("observations", "observations.csv")  # or .xlsx, with a help sheet
print(Path("observations.csv").read_text(encoding="utf-8").splitlines()[0])
# --8<-- [end:template]

# --8<-- [start:import]
# 示例市 (990100) is the synthetic sample city: try things there, never on real figures
Path("sample_gdp.csv").write_text(
    "indicator_id,region_code,period,value,unit,source,vintage,status,synthetic\n"
    "gdp,990100,2024,52000000,万元,docs example,2025-02-01,preliminary,true\n", encoding="utf-8")
print(ws.validate("sample_gdp.csv"))  # a dry run: nothing written
print(ws.import_file("sample_gdp.csv"))
print(ws.observations(["gdp"], ["990100"])[["period", "value", "unit", "note"]].to_string(index=False))
# --8<-- [end:import]

# --8<-- [start:vintages]
Path("sample_gdp_revised.csv").write_text(
    "indicator_id,region_code,period,value,unit,source,vintage,status,synthetic\n"
    "gdp,990100,2024,5230,亿元,docs example,2025-05-01,final,true\n", encoding="utf-8")
ws.import_file("sample_gdp_revised.csv")  # a revision is a new row with a later vintage
every = ws.observations(["gdp"], ["990100"], latest=False)
print(every[["period", "value", "vintage", "status"]].to_string(index=False))
known = ws.observations(["gdp"], ["990100"], vintage=dt.date(2025, 3, 1))  # what was known then
print(known[["period", "value", "vintage", "status"]].to_string(index=False))
# --8<-- [end:vintages]

# --8<-- [start:rejected]
Path("bad.csv").write_text(
    "indicator_id,region_code,period,value,unit,source,vintage,status,synthetic\n"
    "gdp,990100,2023,5.1,%,docs example,2024-05-01,final,true\n"
    "gdp,990100,2023x,4900,亿元,docs example,2024-05-01,final,true\n", encoding="utf-8")
try:
    ws.import_file("bad.csv")
except pacesetter.ImportRejected as rejected:  # every problem at once; nothing was written
    for issue in rejected.issues:
        print(issue.render("en"))
# --8<-- [end:rejected]

# --8<-- [start:export]
rows = ws.export("observations", "observations.parquet")  # or .csv, .xlsx; lossless
print(rows, "rows written")
# --8<-- [end:export]
