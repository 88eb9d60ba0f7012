"""Enterprise-scale analytics: DuckDB by default, with a pandas reference implementation."""
