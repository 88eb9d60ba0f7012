"""Monitoring: the monthly bulletin, early warnings, and the growth the rest of the year needs.

Run it as it is: ``python docs/examples/monitor.py`` (builds ``demo.duckdb`` here on first use).
"""

import datetime as dt
from pathlib import Path

import pacesetter

ws = pacesetter.demo("demo.duckdb")

# --8<-- [start:bulletin]
bulletin = ws.bulletin("370200", "2022-08", "en")  # "zh" for the official register in Chinese
lines = bulletin.markdown.splitlines()
print("\n".join(lines[:7]))
print(len(bulletin.figures), "figures cited; the note behind 3.7%:")
print(next(line for line in lines if line.startswith("[^2]:")))
Path("bulletin.html").write_text(bulletin.html(), encoding="utf-8")  # sources as numbered notes
Path("bulletin.docx").write_bytes(bulletin.docx())  # sources as Word endnotes
# --8<-- [end:bulletin]

# --8<-- [start:as_of]
# 示例市 (990100) is synthetic; its first-half industrial growth was revised in August 2023
for as_of in (dt.date(2023, 7, 31), None):  # what was known on 31 July, then the latest
    text = ws.bulletin("990100", "2023-06", "zh", as_of=as_of).markdown
    print(as_of, next(line for line in text.splitlines() if line.startswith("上半年")))
# --8<-- [end:as_of]

# --8<-- [start:warnings]
report = ws.warnings("990100", "2023-08", "en")
for alert in report.alerts[:3]:
    print(f"{alert.severity:8} {alert.rule_id:18} {alert.message}")
print(report.alerts[0].sources[0])
print(len(report.skipped), "checks not made, e.g.", report.skipped[0])
# --8<-- [end:warnings]

# --8<-- [start:needed]
needed = ws.needed("above_size_industry_va_growth", "2022-08", target=6.0, lang="en")
print(needed.text)
print(round(needed.result.needed, 1), needed.result.verdict)
for role, obs in needed.cited:
    print(role, obs.period.label("en"), obs.value, obs.unit, obs.source)
# --8<-- [end:needed]
