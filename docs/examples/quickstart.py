"""Quickstart: the demo database and the questions Pacesetter answers, a few lines each.

Run it as it is: ``python docs/examples/quickstart.py`` builds ``demo.duckdb`` in the
current folder on first use (about 5 seconds) and opens it after that.
"""

# --8<-- [start:open]
import pandas as pd

import pacesetter

pd.set_option("display.unicode.east_asian_width", True)  # align Chinese text in printed tables

ws = pacesetter.demo("demo.duckdb")  # builds the demo database if the file is new, else opens it
print(ws)
# --8<-- [end:open]

# --8<-- [start:overview]
overview = ws.overview("370200", "330200")  # Qingdao against Ningbo
columns = ["indicator_id", "unit", "year", "region_value", "peer_value", "gap", "gap_unit"]
print(overview[columns].head(6).to_string(index=False))
print(overview.loc[0, ["region_source", "peer_source"]].to_string())
# --8<-- [end:overview]

# --8<-- [start:bulletin]
bulletin = ws.bulletin("370200", "2022-08", "zh")
lines = bulletin.markdown.splitlines()
print("\n".join(lines[:7]))
print(next(line for line in lines if line.startswith("[^1]:")))  # every number has a source note
# --8<-- [end:bulletin]

# --8<-- [start:chains]
vr = ws.chains.diagnose("vr")  # virtual reality, in Qingdao
print(vr.segments[["segment_id", "name_en", "stage", "n_enterprises", "status"]].to_string(index=False))
print(vr.links_table("en", top=3).to_string(index=False))
# --8<-- [end:chains]

# --8<-- [start:projects]
projects = ws.projects.list()
print(len(projects), "projects")
print(projects[["chain_id", "stage", "investment_yi", "name_zh"]].head(4).to_string(index=False))
# --8<-- [end:projects]

# --8<-- [start:assess]
result = ws.assess(draws=200, seed=1)  # the Qingdao 2022-2026 framework, latest year with figures
print(result.year, result.framework.name_en)
print(result.standing[["indicator_id", "year", "unit", "value", "rank", "n_ranked", "gap_to_leader"]]
      .head(1).to_string(index=False))
print(result.composite.scores.head(4).to_string(index=False))
# --8<-- [end:assess]

# --8<-- [start:needed]
needed = ws.needed("above_size_industry_va_growth", "2022-08", target=6.0)
print(needed.text)
print(round(needed.result.needed, 1), needed.result.verdict)
# --8<-- [end:needed]
