"""`needed` refuses what cannot be a target or an indicator, in words and in both languages, and
`bulletin` writes the format its file's extension names (refusing a --format that contradicts it)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from pacesetter.cli.main import app
from pacesetter.errors import InputError, NotFoundError
from pacesetter.model.periods import Period
from pacesetter.monitor.target_path import check_target, compute_needed_growth

NEEDED = ["needed", "--indicator", "above_size_industry_va_growth", "--period", "2022-08"]


def _refused(db: Path, lang: str, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), "--lang", lang, *args])
    assert isinstance(result.exception, InputError | NotFoundError), result.output
    return result.exception.text(lang)


@pytest.mark.parametrize(("target", "zh", "en"), [
    ("nan", "不是有限的数", "not a finite number"), ("inf", "不是有限的数", "not a finite number"),
    ("-inf", "不是有限的数", "not a finite number"),
    ("-200", "增速目标 -200% 不可能实现", "a growth target of -200% is impossible"),
    ("-100", "增速目标 -100% 不可能实现", "a growth target of -100% is impossible")])
def test_needed_refuses_a_target_no_year_can_have(db: Path, target: str, zh: str, en: str) -> None:
    assert zh in _refused(db, "zh", *NEEDED, f"--target={target}")
    assert en in _refused(db, "en", *NEEDED, f"--target={target}")


def test_the_arithmetic_refuses_it_too_and_keeps_a_fall_above_minus_100() -> None:
    with pytest.raises(InputError):
        compute_needed_growth(math.nan, Period.ytd(2022, 8), 3.6)
    assert check_target(-99.9) == -99.9
    # 1 - 0.999 = 2/3 × 1.036 + 1/3 × (1 + r): r = (0.001 - 0.690667) × 3 - 1 = -3.069, -306.9 %
    assert compute_needed_growth(-99.9, Period.ytd(2022, 8), 3.6).needed == pytest.approx(-306.9)


def test_needed_names_an_unknown_indicator_and_weights_indicator(db: Path) -> None:
    unknown = ["needed", "--indicator", "foo", "--period", "2022-08", "--target", "6"]
    assert _refused(db, "en", *unknown) == "unknown indicator 'foo'; see `pacesetter list indicators`"
    assert "未知指标 'foo'" in _refused(db, "zh", *unknown)
    weights = [*NEEDED, "--target", "6", "--weights-from", "foo"]
    assert "weights indicator 'foo' (--weights-from" in _refused(db, "en", *weights)
    assert "权重指标 'foo'（--weights-from" in _refused(db, "zh", *weights)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bulletin_writes_the_format_of_the_file_extension(db: Path, tmp_path: Path, lang: str) -> None:
    common = ["--db", str(db), "--lang", lang, "bulletin", "--period", "2022-08"]
    runner = CliRunner()
    assert runner.invoke(app, [*common, "-o", str(tmp_path / "b.docx")]).exit_code == 0
    text = "\n".join(p.text for p in Document(str(tmp_path / "b.docx")).paragraphs)
    assert ("加快0.3个百分点" if lang == "zh" else "0.3 percentage points") in text
    assert runner.invoke(app, [*common, "-o", str(tmp_path / "c.html")]).exit_code == 0
    assert (tmp_path / "c.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert runner.invoke(app, [*common, "-o", str(tmp_path / "d.md")]).exit_code == 0
    assert (tmp_path / "d.md").read_text(encoding="utf-8").startswith("# ")
    wrong = runner.invoke(app, [*common, "--format", "md", "-o", str(tmp_path / "e.docx")])
    assert wrong.exit_code == 2 and not (tmp_path / "e.docx").exists()
    assert ("与文件名" if lang == "zh" else "contradicts the file name") in wrong.output


def test_warnings_refuse_a_month_to_come_and_say_when_nothing_was_checked(db: Path, demo_db: Path) -> None:
    assert "2030年8月尚未开始" in _refused(db, "zh", "warnings", "--period", "2030-08")
    assert "Aug 2030 has not begun" in _refused(db, "en", "warnings", "--period", "2030-08")
    # a district with no monthly figure: no alert, but because nothing could be checked
    out = CliRunner().invoke(app, ["--db", str(demo_db), "--lang", "en", "warnings", "--region", "370212",
                                   "--period", "2022-08"], env={"COLUMNS": "2000"})
    assert out.exit_code == 0 and "Nothing could be checked for this period" in out.output
    assert "No alerts for this period." not in out.output
