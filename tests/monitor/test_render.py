"""Golden bulletins (zh, en), HTML footnotes, and a Word file that opens and holds the text.

Regenerate the golden files after an intended wording change with
``PACESETTER_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/monitor/test_render.py`` and
review the diff (see ``tests/monitor/golden/README.md``).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from pacesetter.monitor.render import CJK_FONT, render_docx, render_html
from pacesetter.monitor.synthetic import seed_demo
from pacesetter.render.word import BODY
from tests.monitor.helpers import QINGDAO_ROWS, make_bulletin, obs

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def store(make_store: Callable[..., duckdb.DuckDBPyConnection]) -> duckdb.DuckDBPyConnection:
    con = make_store(QINGDAO_ROWS)
    seed_demo(con)
    return con


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("region", "period"), [("370200", "2022-08"), ("990100", "2023-08")])
def test_golden_bulletin(store: duckdb.DuckDBPyConnection, region: str, period: str, lang: str) -> None:
    text = make_bulletin(store, region, period, lang, profile=None).markdown  # the shipped default wording
    path = GOLDEN / f"bulletin_{region}_{period}.{lang}.md"
    if os.environ.get("PACESETTER_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_html_links_every_number_to_its_source(store: duckdb.DuckDBPyConnection) -> None:
    rendered = make_bulletin(store, "370200", "2022-08", "zh")
    page = render_html(rendered)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert CJK_FONT in page
    refs = re.findall(r'<sup><a href="#fn-(\d+)" id="ref-\d+" title="[^"]+">\d+</a></sup>', page)
    notes = re.findall(r'<li id="fn-(\d+)">', page)
    assert sorted(set(refs), key=int) == notes == [str(n) for n in range(1, len(rendered.figures) + 1)]
    assert "同比增长3.6%<sup>" in page and "加快0.3个百分点<sup>" in page
    assert "seed:000_14c0eb08152f58ac.txt" in page
    assert "[^" not in page
    # Provenance on hover: the first figure's link carries its note.
    assert re.search(r'id="ref-1" title="2022年1-8月，3\.6%：[^"]*seed:000_14c0eb08152f58ac\.txt', page)


def test_html_links_source_urls(make_store: Callable[..., duckdb.DuckDBPyConnection]) -> None:
    con = make_store([obs("above_size_industry_va_growth", "2022-01..2022-08", 3.6,
                          source="https://guanhai.com.cn/p/277913.html")])
    page = render_html(make_bulletin(con, "370200", "2022-08", "en"))
    assert ('<a href="https://guanhai.com.cn/p/277913.html">https://guanhai.com.cn/p/277913.html</a>; '
            "released: not stated") in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_opens_and_holds_the_text(store: duckdb.DuckDBPyConnection, lang: str) -> None:
    rendered = make_bulletin(store, "370200", "2022-08", lang)
    doc = Document(io.BytesIO(render_docx(rendered)))
    text = "\n".join(p.text for p in doc.paragraphs)
    if lang == "zh":
        assert "青岛市2022年1-8月经济运行情况" in text
        assert "同比增长3.6%，比1-7月份的3.3%（推算值）加快0.3个百分点" in text
    else:
        assert "up 3.6% year on year" in text
    # the note mark is a superscript endnote reference right after the figure it sources
    body = next(p for p in doc.paragraphs if "3.6%" in p.text)
    i, ref = next((i, r) for i, r in enumerate(body.runs) if r._r.find(qn("w:endnoteReference")) is not None)
    assert body.runs[i - 1].text.endswith("3.6%") and ref.font.superscript
    assert ref._r.find(qn("w:endnoteReference")).get(qn("w:id")) == "1"
    # every source is a native Word endnote, numbered 1, 2, 3 as in the Markdown and HTML
    notes = _endnotes(doc)
    refs = [int(e.get(qn("w:id"))) for e in doc.element.body.iter(qn("w:endnoteReference"))]
    assert refs == sorted(notes) == list(range(1, len(rendered.figures) + 1))
    assert notes[1].startswith(" 2022年1-8月，3.6%" if lang == "zh" else " Jan–Aug 2022, 3.6")
    assert doc.element.body.find(f"{qn('w:sectPr')}/{qn('w:endnotePr')}/{qn('w:numFmt')}").get(
        qn("w:val")) == "decimal"
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == BODY.name == "仿宋_GB2312"  # GB/T 9704 body text
    table = next(p.blob for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    assert f'<w:font w:name="{BODY.name}"><w:altName w:val="Noto Serif CJK SC"/>' in table.decode("utf-8")
    assert doc.core_properties.title.startswith("青岛市" if lang == "zh" else "Qingdao")


def test_synthetic_docx_carries_the_label(store: duckdb.DuckDBPyConnection) -> None:
    doc = Document(io.BytesIO(render_docx(make_bulletin(store, "990100", "2023-08", "zh"))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "合成示例数据" in doc.paragraphs[0].text
    assert "不是任何真实城市" in text


def _endnotes(doc) -> dict[int, str]:
    """Endnote number → text, read from the document's endnotes part (separators left out)."""
    part = doc.part.part_related_by(RT.ENDNOTES)
    root = parse_xml(part.blob)
    return {int(n.get(qn("w:id"))): "".join(t.text for t in n.iter(qn("w:t")))
            for n in root.iter(qn("w:endnote")) if n.get(qn("w:type")) is None}
