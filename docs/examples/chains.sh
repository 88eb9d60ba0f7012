# --8<-- [start:cli]
export PACESETTER_DB=demo.duckdb
pacesetter chains list
pacesetter chains diagnose vr
pacesetter chains diagnose vr --enterprises
pacesetter chains diagnose vr --remove 歌尔股份
pacesetter chains diagnose vr --format xlsx -o vr.xlsx
pacesetter chains map vr -o vr.svg     # .html: the offline page, with a what-if per enterprise
pacesetter chains overview -o chains.xlsx
# --8<-- [end:cli]
