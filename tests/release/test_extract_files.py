"""`extract` writes the format its output file names (or refuses to leave a file unwritten), and a
damaged .docx or .pdf (or a text file only named so) is refused in words, in either language."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from pypdf import PdfWriter
from typer.testing import CliRunner

from pacesetter.cli.main import app
from pacesetter.errors import InputError
from pacesetter.release.documents import parse_document

TEXT = "2022年1-8月份青岛市经济运行情况\n发布时间：2022-09-20\n1-8月，全市固定资产投资同比增长4.3%。\n"


def _said(output: str) -> str:
    """A usage error's words without the box and line breaks it is drawn in."""
    return re.sub(r"[\s│]+", " ", output)


def _pdf_half() -> bytes:
    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.write(out)
    return out.getvalue()[: len(out.getvalue()) // 2]


def _docx_half() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("1-8月，全市固定资产投资同比增长4.3%。")
    document.save(out)
    return out.getvalue()[: len(out.getvalue()) // 2]


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("fake.docx", TEXT.encode(), "DOCX"), ("fake.pdf", TEXT.encode(), "PDF"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj garbage", "PDF"), ("half.pdf", _pdf_half(), "PDF"),
    ("half.docx", _docx_half(), "DOCX")])
def test_a_damaged_document_is_refused_in_words(name: str, content: bytes, kind: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_document(content, name)
    assert refused.value.text("en") == (
        f"{name} cannot be read as a {kind} file: it is damaged or is no {kind} file (only named so); "
        "open it in its program and save it again, or use another copy")
    assert f"{name} 无法作为 {kind} 文件读取" in refused.value.text("zh")


def test_the_command_refuses_it_without_a_word_of_english_in_zh(demo_db: Path, tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["--db", str(demo_db), "extract", str(fake)])
    assert isinstance(result.exception, InputError)
    assert "EOF marker" not in result.output and "Traceback" not in result.output


def test_the_output_format_follows_the_file_extension(demo_db: Path, tmp_path: Path) -> None:
    release = tmp_path / "rel1.txt"
    release.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    common = ["--db", str(demo_db), "--lang", "en", "extract", str(release)]
    assert runner.invoke(app, [*common, "-o", str(tmp_path / "out.xlsx")]).exit_code == 0
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").worksheets[0]
    assert (sheet.title, sheet["D2"].value, sheet["I2"].value) == ("review", "fai_growth", 4.3)
    assert runner.invoke(app, [*common, "-o", str(tmp_path / "out.json")]).exit_code == 0
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["proposals"][0]["value"] == 4.3
    table = runner.invoke(app, [*common, "-o", str(tmp_path / "out.txt")])
    assert table.exit_code == 2 and "a table is shown on the screen" in _said(table.output)
    wrong = runner.invoke(app, [*common, "--format", "json", "-o", str(tmp_path / "w.xlsx")])
    assert wrong.exit_code == 2 and "contradicts the file name" in _said(wrong.output)
    assert not (tmp_path / "out.txt").exists() and not (tmp_path / "w.xlsx").exists()
