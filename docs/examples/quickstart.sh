# The quickstart from the command line: the same database, the same answers.
# --8<-- [start:cli]
export PACESETTER_DB=demo.duckdb   # the file pacesetter.demo() built; a new one: pacesetter init --demo
pacesetter overview --region 370200 --peer 330200
pacesetter bulletin --region 370200 --period 2022-08 --lang zh
pacesetter chains diagnose vr
pacesetter projects list
pacesetter assess --uncertainty 200 --seed 1
pacesetter needed --indicator above_size_industry_va_growth --period 2022-08 --target 6.0
# --8<-- [end:cli]
