"""The `pacesetter` command line (Typer + rich)."""
