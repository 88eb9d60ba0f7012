"""Assessment: a city against its framework (targets, peer standing, composite with rank intervals).

Run it as it is: ``python docs/examples/assess.py`` (builds ``demo.duckdb`` here on first use).
"""

import pandas as pd

import pacesetter
from pacesetter.assess.export import row_reason

pd.set_option("display.unicode.east_asian_width", True)  # align Chinese text in printed tables

ws = pacesetter.demo("demo.duckdb")

# --8<-- [start:frameworks]
print(ws.frameworks()[["id", "name_en"]].to_string(index=False))
# --8<-- [end:frameworks]

# --8<-- [start:attainment]
plan = ws.assess("qingdao-2022-2026", year=2024, draws=0)  # draws=0: no rank intervals
columns = ["indicator_id", "unit", "baseline", "current", "target", "status"]
print(plan.attainment[columns].head(6).to_string(index=False))
print(plan.attainment.loc[2, "reason"], "→", row_reason(plan, plan.attainment.loc[2], "en"))  # code, words
# --8<-- [end:attainment]

# --8<-- [start:peers]
peers = ws.assess("peer-benchmark", year=2024, draws=200, seed=1)
print(peers.framework.name_en, peers.year)
print(peers.standing[["indicator_id", "year", "unit", "value", "rank", "n_ranked", "gap_to_leader"]]
      .to_string(index=False))
# --8<-- [end:peers]

# --8<-- [start:composite]
print(peers.composite.scores.to_string(index=False))
print(peers.uncertainty.ranks[["region_code", "nominal_rank", "p05_rank", "p95_rank"]].to_string(index=False))
# --8<-- [end:composite]

# --8<-- [start:sources]
print(peers.values[peers.values["region_code"] == "370200"]
      [["indicator_id", "year", "value", "source"]].head(3).to_string(index=False))
# --8<-- [end:sources]
