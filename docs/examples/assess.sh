# --8<-- [start:cli]
export PACESETTER_DB=demo.duckdb
pacesetter assess frameworks
pacesetter assess --framework qingdao-2022-2026 --year 2024 --uncertainty 0
pacesetter assess --framework peer-benchmark --year 2024 --uncertainty 200 --seed 1
pacesetter assess --framework peer-benchmark --year 2024 --uncertainty 200 --seed 1 --format xlsx -o assess.xlsx
pacesetter assess --framework peer-benchmark --uncertainty 0 --format json -o assess.json
# --8<-- [end:cli]
