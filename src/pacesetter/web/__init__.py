"""Web views: pages and charts for browsers (ECharts vendored from npm, no network needed)."""
