"""The registry: projects and their lights, the funnel, tasks and supervision, the trace, the audit log.

Run it as it is: ``python docs/examples/registry.py`` (builds ``demo.duckdb`` here on first use).
It writes to the database: run it on a copy to keep the demo as it was.
"""

import datetime as dt

import pandas as pd

import pacesetter

pd.set_option("display.unicode.east_asian_width", True)  # align Chinese text in printed tables

# --8<-- [start:projects]
ws = pacesetter.demo("demo.duckdb", actor="王科长")  # changes are recorded as made by 王科长
vr = ws.projects.list(chain="vr")  # also stage=, district=, park=
print(vr[["id", "alias", "stage", "investment_yi", "name_zh"]].to_string(index=False))  # P-0007 is an id too
print(ws.projects.rollup("chain").head(3).to_string(index=False))  # or by district, park, stage
# --8<-- [end:projects]

# --8<-- [start:lifecycle]
p = ws.projects.add("光学模组扩产项目", stage="签约", date=dt.date(2024, 3, 1), chain="vr",
                    district="崂山区", investment="16亿元", source="docs example")
ws.projects.edit(p["id"], ["planned_started=2024-05-01", "planned_producing=2025-06-30"])
lights = ws.projects.lights(as_of=dt.date(2024, 6, 30))  # rules in lights.yaml
print(lights[lights["id"] == p["id"]][["id", "stage", "light", "reasons"]].to_string(index=False))
ws.projects.advance(p["id"], "开工", dt.date(2024, 7, 15), note="开工仪式")
print(ws.projects.timeline(p["id"], "en").to_string(index=False))
# --8<-- [end:lifecycle]

# --8<-- [start:funnel]
print(ws.projects.funnel()[["stage_en", "current", "reached", "conversion"]].to_string(index=False))
# --8<-- [end:funnel]

# --8<-- [start:tasks]
task = ws.tasks.add("补齐光学模组环节", owner="虚拟现实专班", due=dt.date(2025, 12, 31),
                    kind="fill_segment", chain="vr", segment="vr_optics", projects=(p["id"],))
overdue = ws.tasks.overdue(as_of=dt.date(2026, 1, 15))  # default: the demo's fixed 2026-06-30
# synthetic=True: a task of the demo's seeded scenario, not a real one
print(overdue[["id", "title", "due", "days_overdue", "level_en", "synthetic"]].to_string(index=False))
# --8<-- [end:tasks]

# --8<-- [start:trace]
thread = ws.trace("project", p["id"])  # project -> task -> gap -> indicator
for t in thread["tasks"]:
    print(thread["project"]["name_zh"], "<-", t["title"], "<-", t["chain_en"], "/", t["segment_en"])
back = ws.trace("gap", "vr", "vr_optics")  # and back: what is being done about a gap
print([pr["id"] for t in back["tasks"] for pr in t["projects"]])
# --8<-- [end:trace]

# --8<-- [start:audit]
log = ws.audit(table="projects", record=p["id"])  # who changed what, when, from what to what
print(log[["actor", "action", "note"]].to_string(index=False))
# --8<-- [end:audit]
