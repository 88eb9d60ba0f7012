# --8<-- [start:cli]
export PACESETTER_DB=demo.duckdb
pacesetter projects list --chain vr
pacesetter projects rollup --by chain
pacesetter projects add --name 光学模组扩产二期项目 --stage 签约 --date 2024-03-01 --chain vr --investment 16亿元
pacesetter projects lights --as-of 2024-06-30
pacesetter projects funnel
pacesetter tasks add --title 补齐光学模组环节 --owner 虚拟现实专班 --due 2025-12-31 --kind fill_segment --chain vr --segment vr_optics --project P-0007
pacesetter tasks list --overdue --as-of 2026-01-15
pacesetter trace project P-0007
pacesetter trace gap vr vr_optics
pacesetter audit --table projects --last 5
# --8<-- [end:cli]
