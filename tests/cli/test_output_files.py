"""The files -o writes: the format follows the file name, a name that does not fit is refused before any
work (nothing written, the database not even opened), --config-dir must be a folder, report -o is a
folder; and the overview says who is ahead in a rank, in both languages."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pacesetter.cli.main import app
from pacesetter.i18n import t
from tests.cli.test_one_language import invoke


def refused(db: Path, lang: str, *args: str) -> str:
    """The error of ``pacesetter --db db --lang lang args``, which must be refused as a usage error,
    its box and line breaks taken out."""
    result = CliRunner().invoke(app, ["--db", str(db), "--lang", lang, *args],
                                env={"COLUMNS": "2000", "PACESETTER_LANG": lang})
    assert result.exit_code == 2, result.output
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())


def files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_assess_output_format_follows_the_file_name(demo_db: Path, tmp_path: Path, lang: str) -> None:
    book, doc = tmp_path / "t.xlsx", tmp_path / "t.json"
    out = invoke(demo_db, lang, "assess", "--uncertainty", "0", "-o", str(book))
    assert zipfile.is_zipfile(book)  # a workbook, not the table on the screen and no file
    assert t("analysis.wrote", lang, path=book) in out
    out = invoke(demo_db, lang, "assess", "--uncertainty", "0", "-o", str(doc))
    assert json.loads(doc.read_text(encoding="utf-8"))
    assert t("analysis.wrote", lang, path=doc) in out


# each: the command, the file named, the suffixes it may end in
MISNAMED = [
    (("assess", "--format", "xlsx"), "a.csv", ".json, .xlsx"),
    (("assess",), "a.csv", ".json, .xlsx"),
    (("peers",), "x.csv", ".xlsx"),
    (("bulletin", "--period", "2022-08"), "bb.xlsx", ".md, .markdown, .html, .htm, .docx"),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("command", "name", "allowed"), MISNAMED)
def test_a_file_name_its_content_does_not_fit_is_refused_before_any_work(
        tmp_path: Path, lang: str, command: tuple[str, ...], name: str, allowed: str) -> None:
    db, out = tmp_path / "none.duckdb", tmp_path / name  # no database: the check comes before it
    said = refused(db, lang, *command, "-o", str(out))
    assert t("chains.errors.suffix", lang, path=out, allowed=allowed) in said
    assert files(tmp_path) == set()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_to_a_file_is_refused(tmp_path: Path, lang: str) -> None:
    out = tmp_path / "a.json"
    said = refused(tmp_path / "none.duckdb", lang, "assess", "--format", "table", "-o", str(out))
    assert t("analysis.format_contradicts", lang, format="table", path=out, named="json") in said
    assert files(tmp_path) == set()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_output_file_that_cannot_be_written_is_refused_before_any_work(tmp_path: Path, lang: str) -> None:
    db = tmp_path / "none.duckdb"
    folder = tmp_path / "d.xlsx"
    folder.mkdir()
    said = refused(db, lang, "peers", "-o", str(folder))
    assert t("cli.errors.path", lang, path=folder, reason=t("cli.errors.os.is_folder", lang)) in said
    missing = tmp_path / "nodir" / "t.xlsx"
    said = refused(db, lang, "assess", "-o", str(missing))
    assert t("cli.errors.path", lang, path=missing, reason=t("cli.errors.os.missing", lang)) in said
    assert files(tmp_path) == {"d.xlsx"}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("command", [("assess",), ("peers",), ("assess", "frameworks")])
def test_a_config_dir_that_is_no_folder_is_refused(demo_db: Path, tmp_path: Path, lang: str,
                                                   command: tuple[str, ...]) -> None:
    missing = tmp_path / "nonexist"
    said = refused(demo_db, lang, *command, "--config-dir", str(missing))
    assert t("cli.errors.no_folder", lang, option="--config-dir", path=missing) in said
    said = refused(demo_db, lang, *command, "--config-dir", str(demo_db))
    assert t("cli.errors.not_a_folder", lang, option="--config-dir", path=demo_db) in said


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_output_must_be_a_folder(tmp_path: Path, lang: str) -> None:
    page = tmp_path / "b.html"
    page.write_text("mine", encoding="utf-8")
    said = refused(tmp_path / "none.duckdb", lang, "report", "--period", "2022-08", "-o", str(page))
    assert t("cli.errors.output_not_folder", lang, path=page) in said
    assert page.read_text(encoding="utf-8") == "mine" and files(tmp_path) == {"b.html"}


RANK = {"zh": "全国先进制造业百强市排名", "en": "Rank among national top-100 advanced manufacturing cities"}


@pytest.mark.parametrize(("lang", "behind", "plus"),
                         [("zh", "落后 1 位", "+1 位"), ("en", "1 place behind", "+1 rank")])
def test_overview_rank_gap_says_who_is_ahead(demo_db: Path, lang: str, behind: str, plus: str) -> None:
    out = invoke(demo_db, lang, "overview")  # Qingdao 7th, Ningbo 6th: Qingdao is behind
    row = next(line for line in out.splitlines() if RANK[lang] in line and "│" in line)
    assert behind in row and plus not in row


def test_rank_gap_words() -> None:
    """The CLI and the web overview word a rank gap alike (render.numbers.format_gap)."""
    from pacesetter.render.numbers import format_gap

    assert format_gap(-2.0, "位", "en") == "2 places ahead"
    assert format_gap(-1.0, "位", "zh") == "领先 1 位"
    assert format_gap(0.0, "位", "en") == t("common.rank_gap.level", "en") == "same place"
    assert format_gap(3.0, "位", "zh") == "落后 3 位"
    assert format_gap(0.3, "%", "en") == "+0.3%"  # other units: signed as before


def test_shares_round_half_up_as_published() -> None:
    """0.125 is 12.5 %: published as 13 % (四舍五入), where Python's format gives 12 %."""
    import numpy as np
    import pandas as pd

    from pacesetter.render.numbers import format_share

    assert f"{0.125:.0%}" == "12%" and format_share(0.125) == "13%"
    assert format_share(np.float64(0.875)) == "88%" and format_share(np.int64(1)) == "100%"
    assert [format_share(v) for v in (None, pd.NA, float("nan"))] == ["—"] * 3
