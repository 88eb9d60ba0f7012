"""Industrial chains: diagnose a chain, ask what-ifs, draw maps, and see every chain at a glance.

Run it as it is: ``python docs/examples/chains.py`` (builds ``demo.duckdb`` here on first use).
"""

import pandas as pd

import pacesetter

pd.set_option("display.unicode.east_asian_width", True)  # align Chinese text in printed tables

ws = pacesetter.demo("demo.duckdb")

# --8<-- [start:list]
chains = ws.chains.list()
print(len(chains), "chains")
print(chains[["id", "name_zh", "name_en", "category", "segments"]].head(3).to_string(index=False))
# --8<-- [end:list]

# --8<-- [start:diagnose]
vr = ws.chains.diagnose("vr")  # Qingdao (370200) unless region= says otherwise
print(vr.summary[["segments", "missing", "weak", "present", "strong", "completeness"]].to_string())
columns = ["segment_id", "stage", "n_enterprises", "leader_present", "status"]
print(vr.segments[columns].head(4).to_string(index=False))
print(vr.links_table("zh", top=2).to_string(index=False))
# --8<-- [end:diagnose]

# --8<-- [start:enterprises]
firms = vr.enterprises_table("en")
print(firms.iloc[:3, :4].to_string(index=False))  # and a fifth column: the source of each placement
# --8<-- [end:enterprises]

# --8<-- [start:what_if]
without = ws.chains.diagnose("vr", remove=["歌尔股份"])  # an enterprise id or its exact name
effect = without.what_if["vr"]
print("newly missing:", effect.newly_missing, "weakened:", effect.weakened)
print(f"completeness {effect.completeness_before:.3f} -> {effect.completeness_after:.3f}")
# --8<-- [end:what_if]

# --8<-- [start:map]
ws.chains.map("vr", lang="en").save("vr.svg")  # an image for reports (.png too)
ws.chains.map("vr", scenarios=True).save("vr.html")  # one offline page, with a what-if per enterprise
# --8<-- [end:map]

# --8<-- [start:overview]
overview = ws.chains.overview()
columns = ["chain_id", "segments", "missing", "weak", "completeness"]
print(overview.chains[columns].head(4).to_string(index=False))
print(overview.multi_chain_table("en")[["name_zh", "chains", "chain_ids"]].head(2).to_string(index=False))
overview.save("chains.xlsx")  # or .html (an offline heatmap), .svg, .png
# --8<-- [end:overview]
