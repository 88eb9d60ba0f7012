"""`pacesetter overview` on the embedded dataset: sourced figures, gaps in their own unit, no 'nan'."""

from pathlib import Path

from typer.testing import CliRunner

from pacesetter.cli.main import app

runner = CliRunner()


def test_overview_zh_and_en(demo_db: Path) -> None:
    db = demo_db
    zh = runner.invoke(app, ["--db", str(db), "overview"])
    assert zh.exit_code == 0, zh.output
    # Qingdao 2024 GDP 16719.5 亿元, Ningbo 18147.7 亿元 (macro/figures.csv): gap -1428.2 亿元
    assert "16719.5 亿元" in zh.output and "18147.7 亿元" in zh.output and "-1428.2 亿元" in zh.output
    # growth gaps are in percentage points, not per cent: 5.7 - 5.4 = +0.3
    assert "+0.3 个百分点" in zh.output
    assert "https://" in zh.output and "nan" not in zh.output.lower().replace("nanjing", "")
    en = runner.invoke(app, ["--db", str(db), "--lang", "en", "overview"])
    assert en.exit_code == 0, en.output
    assert "16,719.5 100 million yuan" in en.output and "+0.3 pp" in en.output
