"""The monitoring commands as a user runs them, on a store in tmp_path."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from pacesetter.cli.main import app
from pacesetter.errors import InputError, NotFoundError


def _run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bulletin_in_three_formats(db: Path, tmp_path: Path, lang: str) -> None:
    out = tmp_path / f"b.{lang}"
    common = ["bulletin", "--region", "370200", "--period", "2022-08", "--lang", lang]
    md = _run(db, *common)
    assert ("加快0.3个百分点" if lang == "zh" else "0.3 percentage points") in md
    _run(db, *common, "--format", "html", "-o", f"{out}.html")
    assert "<sup><a href=\"#fn-1\"" in Path(f"{out}.html").read_text(encoding="utf-8")
    _run(db, *common, "--format", "docx", "-o", f"{out}.docx")
    doc = Document(io.BytesIO(Path(f"{out}.docx").read_bytes()))
    assert any("3.6%" in p.text for p in doc.paragraphs)


def test_bulletin_refuses_bad_requests(db: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "bulletin", "--period", "2022-08", "--format", "docx"])
    assert result.exit_code == 2 and "需要 -o" in result.output  # zh, the default language
    result = runner.invoke(app, ["--db", str(db), "bulletin", "--period", "2022-01"])
    assert isinstance(result.exception, InputError) and "Jan–Feb 2022 (write 2022-02)" in str(
        result.exception)
    assert "合并发布为2022年1-2月" in result.exception.text("zh")
    result = runner.invoke(app, ["--db", str(db), "bulletin", "--region", "370200", "--period", "2019-08"])
    assert isinstance(result.exception, NotFoundError) and "no data" in str(result.exception)


def test_warnings_list_alerts_with_reasons(db: Path) -> None:
    out = _run(db, "warnings", "--region", "990100", "--period", "2023-08", "--lang", "en")
    assert "Synthetic data" in out
    # each rule in words (not its id: below_target_path, slowing_3, …)
    for rule in ("growth to date below the annual target", "slowed 3 periods in a row", "turned negative",
                 "behind Sample City 2 (synthetic)", "large revision of a figure"):
        assert rule in " ".join(out.split()), rule
    assert "本期无预警" in _run(db, "warnings", "--region", "370200", "--period", "2022-08")
    data = json.loads(_run(db, "warnings", "--region", "990100", "--period", "2023-08", "--format", "json"))
    assert data["synthetic"] is True and {a["kind"] for a in data["alerts"]} >= {"turned_negative"}
    negative = next(a for a in data["alerts"] if a["rule_id"] == "turned_negative")
    assert negative["values"] == {"value": -1.0, "previous": 1.3}
    assert "由正转负" in negative["message"]


def test_needed(db: Path) -> None:
    out = _run(db, "needed", "--indicator", "above_size_industry_va_growth", "--target", "6.0",
               "--period", "2022-08")
    assert "余下4个月需增长10.8%" in out
    out = _run(db, "--lang", "en", "needed", "--indicator", "retail_sales_growth", "--region", "990100",
               "--period", "2023-08", "--weights-from", "retail_sales")
    assert "Synthetic data" in out and "annual target of 6.5%" in out and "last year's levels" in out
    # Without --weights-from the level series is the id without "_growth" (retail_sales).
    assert out == _run(db, "--lang", "en", "needed", "--indicator", "retail_sales_growth", "--region",
                       "990100", "--period", "2023-08")
    result = CliRunner().invoke(app, ["--db", str(db), "needed", "--indicator",
                                      "above_size_industry_va_growth", "--period", "2022-08"])
    assert isinstance(result.exception, InputError) and "--target" in str(result.exception)


def test_bulletin_as_of_a_release_date(db: Path) -> None:
    # The synthetic H1 2023 figure was first released as 4.7 (2023-07-15), revised to 5.1 (2023-08-15).
    common = ["bulletin", "--region", "990100", "--period", "2023-06"]
    assert "上半年，规模以上工业增加值同比增长5.1%" in _run(db, *common)
    assert "上半年，规模以上工业增加值同比增长4.7%" in _run(db, *common, "--as-of", "2023-07-31")
    result = CliRunner().invoke(app, ["--db", str(db), *common, "--as-of", "31/07/2023"])
    assert isinstance(result.exception, InputError) and "YYYY-MM-DD" in str(result.exception)


def test_every_alert_names_the_sources_of_its_figures(db: Path) -> None:
    data = json.loads(_run(db, "warnings", "--region", "990100", "--period", "2023-08", "--format", "json"))
    assert data["alerts"] and all(a["sources"] for a in data["alerts"])
    assert all(s.startswith("synthetic:") for a in data["alerts"] for s in a["sources"])
    # each source says when it was released, or that the date is not stated
    assert all(("(发布 " in s or "(发布日期未注明" in s) for a in data["alerts"] for s in a["sources"])
    out = _run(db, "warnings", "--region", "990100", "--period", "2023-08")
    assert "来源：" in out and "[1] synthetic:" in out


def test_needed_names_the_sources_of_its_figures(db: Path) -> None:
    out = _run(db, "--lang", "en", "needed", "--indicator", "retail_sales_growth", "--region", "990100",
               "--period", "2023-08")
    said = "Source (year to date, Jan–Aug 2023): synthetic data (generated, not real statistics), synthetic:"
    assert said in out
    assert "合成" not in out  # one language: the stored title is bilingual
    assert "Source (best pace," in out
