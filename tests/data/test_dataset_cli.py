"""`pacesetter init --demo` then `pacesetter overview`, as a new user runs them."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from pacesetter.cli.main import app


def test_init_demo_then_overview_shows_qingdao_and_ningbo_gdp_with_sources(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "demo.duckdb")
    init = runner.invoke(app, ["--db", db, "init", "--demo"])
    assert init.exit_code == 0, init.output
    assert "observations" in init.output
    result = runner.invoke(app, ["--db", db, "--lang", "en", "overview"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Qingdao" in out and "Ningbo" in out and "Regional GDP" in out
    # GDP 2024: Qingdao 16719.5 (2025 government work report), Ningbo 18147.7 (2024 bulletin)
    assert "16,719.5" in out and "18,147.7" in out
    # each city's GDP names its source (macro/figures.csv)
    assert "https://qzwfgc.com/products4/1127.html" in out
    assert "https://web.ncmc.nbtv.cn/cms/nbdst/xwdsg/nb/40256395.shtml" in out
