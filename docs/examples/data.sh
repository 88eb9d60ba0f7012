# --8<-- [start:cli]
export PACESETTER_DB=demo.duckdb
pacesetter show gdp -r 330200
pacesetter template observations --format csv -o observations.csv
pacesetter validate sample_gdp.csv
pacesetter import sample_gdp.csv
pacesetter export observations --format parquet -o observations.parquet
# --8<-- [end:cli]
