"""User files: CSV/Excel/Parquet import with validation, exports and templates."""
