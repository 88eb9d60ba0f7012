"""Documents and standalone pages shared by every face (ECharts vendored from npm, no network needed)."""
