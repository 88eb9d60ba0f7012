"""Committed release fixtures (issue 16, deliverable 8).

``bulletin_990100_2023-08.docx`` is the project's own Word bulletin of the demo's synthetic region
and ``.pdf`` that file converted once by ``scripts/make_release_pdf.py`` (LibreOffice headless):
extraction reads the same figures from both — the PDF's superscript footnote marks are no
digits of the figures, its lines and page breaks are joined back into the sentences. The PDF
also prints the bulletin's source notes under 来源 (the .docx keeps them as endnotes, outside
its paragraphs): extraction reads no figure there. ``tricky_clauses.txt``: two figures in
one sentence, a national figure beside the city's, 约 / 左右 as approximate, footnote marks.
"""

from __future__ import annotations

from pathlib import Path

from pacesetter.release.documents import read_document
from pacesetter.release.extract import Proposal, extract

FIXTURES = Path(__file__).parent / "fixtures"
BULLETIN = FIXTURES / "bulletin_990100_2023-08"


def _figures(proposals: tuple[Proposal, ...]) -> set[tuple[object, ...]]:
    return {(p.indicator_id, p.name, p.region_code, p.period, p.value, p.unit, p.decimals,
             tuple((r.direction, r.change) for r in p.relations)) for p in proposals}


def test_the_pdf_of_the_word_bulletin_reads_as_the_word_file() -> None:
    docx = read_document(BULLETIN.with_suffix(".docx"))
    pdf = read_document(BULLETIN.with_suffix(".pdf"))
    assert (docx.kind, pdf.kind) == ("docx", "pdf")
    from_docx = extract(docx, "990100", source="docx", regions={}).proposals
    from_pdf = extract(pdf, "990100", source="pdf", regions={}).proposals
    assert len(from_docx) == len(from_pdf) == 63  # every figure of the bulletin's text, none of its notes
    assert _figures(from_pdf) == _figures(from_docx)
    growth = next(p for p in from_pdf if p.indicator_id == "gdp_growth")
    assert (growth.value, growth.decimals, growth.position["page"]) == (5.5, 1, 1)  # not 5.52 (mark 2)
    # a sentence across a page break: "1-8月份，高技" | "术制造业增加值同比增长2.0%"
    assert any(p.indicator_id == "high_tech_mfg_va_growth" and p.value == 2.0 for p in from_pdf)


def test_tricky_clauses() -> None:
    doc = read_document(FIXTURES / "tricky_clauses.txt")
    got = [(p.indicator_id, p.region_code, p.value, p.unit, p.decimals, p.approximate)
           for p in extract(doc, "370200", source="t", regions={}).proposals]
    assert got == [
        # the city's figure and the nation's beside it, in one sentence (全国同期: the same indicator)
        ("above_size_industry_va_growth", "370200", 5.2, "%", 1, False),
        ("above_size_industry_va_growth", "000000", 3.9, "%", 1, False),
        # 约 and 左右: approximate
        ("retail_sales", "370200", 3512.4, "亿元", 1, True),
        ("retail_sales_growth", "370200", 6.0, "%", 0, True),
        # footnote marks [1] and ② are no digits of the figures
        ("fai_growth", "370200", 4.7, "%", 1, False),
        ("industrial_investment_growth", "370200", 12.3, "%", 1, False),
        # two figures of one subject, then two subjects, in one sentence
        ("goods_trade", "370200", 2047.5, "亿元", 1, False),
        ("goods_trade_growth", "370200", -1.8, "%", 1, False),
        ("nev_output_growth", "370200", 120.0, "%", 0, False),
        ("industrial_robot_output_growth", "370200", -5.4, "%", 1, False),
    ]
