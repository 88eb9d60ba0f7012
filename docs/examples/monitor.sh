# --8<-- [start:cli]
export PACESETTER_DB=demo.duckdb
pacesetter bulletin --region 370200 --period 2022-08 --lang en
pacesetter bulletin --region 370200 --period 2022-08 --lang zh --format docx -o bulletin.docx
pacesetter bulletin --region 990100 --period 2023-06 --as-of 2023-07-31
pacesetter warnings --region 990100 --period 2023-08
pacesetter needed --indicator above_size_industry_va_growth --period 2022-08 --target 6.0
# --8<-- [end:cli]
