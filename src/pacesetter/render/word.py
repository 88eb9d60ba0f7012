"""Word reports in the layout of GB/T 9704-2012 (党政机关公文格式), where it applies to a report.

What applies, and is set here: A4 paper (210×297 mm); margins top 37 mm, bottom 35 mm,
left 28 mm, right 26 mm, leaving the standard's type area (版心) of 156×225 mm; the title
in 2号 (22 pt) 小标宋, first-level headings in 3号 (16 pt) 黑体, second-level headings in
3号 楷体, body text in 3号 仿宋 with the first line indented two characters; a document grid
of 22 lines of 28 characters (fixed line spacing 28.95 pt); page numbers in 4号 (14 pt)
half-width Arabic figures as "— 1 —" at the bottom outside edge (odd pages right, even
pages left, one character in from the edge). What does not apply to a report and is left
out on purpose: the red header (版头, 发文机关标志 and its red rule), 份号, 密级, 签发人, 印章.

Fonts are declared by the names offices install (方正小标宋简体, 黑体, 楷体_GB2312,
仿宋_GB2312, 宋体 for page numbers; Latin letters and figures in Times New Roman). Where
they are not installed, the open fallback is **Noto Serif CJK SC** (for 小标宋, 楷体, 仿宋
and 宋体) and **Noto Sans CJK SC** (for 黑体), from the Debian package ``fonts-noto-cjk``
that ``make`` installs; each font's entry in the document's font table names its fallback
as ``w:altName``, and the README's "Word documents" section says the same.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass

import pandas as pd
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run


@dataclass(frozen=True, slots=True)
class Face:
    """A typeface role: the font offices install, and the open font that stands in for it."""

    name: str
    fallback: str
    family: str  # the font table's family: roman (serif) or swiss (sans serif)


TITLE = Face("方正小标宋简体", "Noto Serif CJK SC", "roman")
HEADING = Face("黑体", "Noto Sans CJK SC", "swiss")
SUBHEADING = Face("楷体_GB2312", "Noto Serif CJK SC", "roman")
BODY = Face("仿宋_GB2312", "Noto Serif CJK SC", "roman")
PAGE_NUMBER = Face("宋体", "Noto Serif CJK SC", "roman")
FACES = (TITLE, HEADING, SUBHEADING, BODY, PAGE_NUMBER)
LATIN = "Times New Roman"  # letters and figures, as offices set them beside 仿宋

SIZE_2, SIZE_3, SIZE_4, SIZE_5 = Pt(22), Pt(16), Pt(14), Pt(10.5)  # 2号, 3号, 4号, 五号
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
LINES, CHARS = 22, 28
LINE_PITCH_TWIPS = 579  # 28.95 pt: 22 lines fill the 225 mm type area
# Word's character pitch is the Normal font size plus charSpace/4096 pt: 28 characters of 3号
# (16 pt) are 448 pt, the 156 mm type area is 442.2 pt, so each pitch is compressed a little.
CHAR_SPACE = round((Mm(156).pt / CHARS - SIZE_3.pt) * 4096)
# The page number's line sits 7 mm below the type area (GB/T 9704 §7.5): 35 − 7 − one 4号 line.
FOOTER_DISTANCE = Mm(35 - 7 - 5)
_REF = re.compile(r"\[\^(\d+)\]")
_PAGE_FIELD = (f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
               f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>',
               f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>',
               f'<w:t {nsdecls("w")}>1</w:t>',
               f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>')


def set_fonts(style_or_run: object, face: Face) -> None:
    """Declare ``face`` for Chinese text (w:eastAsia) and Times New Roman for Latin letters.

    python-docx's ``font.name`` writes only w:ascii and w:hAnsi, the fonts of Latin text;
    Chinese characters are set in the w:eastAsia font, which python-docx has no API for, so
    ``w:rFonts`` is written by hand (:func:`set_rfonts`).
    """
    set_rfonts(style_or_run.element.get_or_add_rPr(), face)  # type: ignore[attr-defined]


def set_rfonts(rpr: BaseOxmlElement, face: Face) -> None:
    """Write ``w:rFonts`` of a ``w:rPr``: ``face`` as w:eastAsia, :data:`LATIN` for the rest.

    The theme attributes (w:asciiTheme, w:eastAsiaTheme, ...) of the default template are
    removed: where present, Word prefers them to the named fonts.
    """
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in [a for a in fonts.attrib if a.lower().endswith("theme")]:
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN)
    fonts.set(qn("w:eastAsia"), face.name)
    fonts.set(qn("w:hint"), "eastAsia")


def _font_table_entry(face: Face) -> str:
    return (f'<w:font w:name="{face.name}"><w:altName w:val="{face.fallback}"/>'
            f'<w:charset w:val="86"/><w:family w:val="{face.family}"/></w:font>')


class WordReport:
    """A report being written: title, headings, body paragraphs, tables and endnotes.

    Body text may cite sources as ``[^n]``; each becomes a native Word endnote reference
    (superscript n), and :meth:`endnotes` writes the notes themselves.
    """

    def __init__(self, title: str, lang: str) -> None:
        self.doc: DocxDocument = Document()
        self.lang = lang
        self.doc.core_properties.title = title
        self.doc.core_properties.language = "zh-CN" if lang == "zh" else "en"
        self._page()
        self._styles()
        self._font_table()
        self._page_numbers()

    # --- set-up ----------------------------------------------------------------------------
    def _page(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
        section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
        section.footer_distance = FOOTER_DISTANCE
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = section._sectPr.makeelement(qn("w:docGrid"), {})
            section._sectPr.append(grid)
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
        grid.set(qn("w:charSpace"), str(CHAR_SPACE))

    def _styles(self) -> None:
        styles = self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        if rpr is not None:
            set_rfonts(rpr, BODY)
        spec = (("Normal", BODY, SIZE_3, None), ("Title", TITLE, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER),
                ("Subtitle", SUBHEADING, SIZE_3, WD_ALIGN_PARAGRAPH.CENTER),
                ("Heading 1", HEADING, SIZE_3, None), ("Heading 2", SUBHEADING, SIZE_3, None))
        for name, face, size, align in spec:
            style = styles[name]
            set_fonts(style, face)
            style.font.size = size
            style.font.bold = False
            style.font.italic = False
            style.font.color.rgb = RGBColor(0, 0, 0)
            pf = style.paragraph_format
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(LINE_PITCH_TWIPS / 20)
            pf.space_before = pf.space_after = Pt(0)
            if align is not None:
                pf.alignment = align
            else:
                pf.first_line_indent = SIZE_3 * 2  # two characters, as GB/T 9704 indents paragraphs
            ppr = style.element.pPr
            if ppr is not None and (border := ppr.find(qn("w:pBdr"))) is not None:
                ppr.remove(border)  # the template's rule under the title: no rules in a report

    def _font_table(self) -> None:
        """Declare each face in the font table with its open fallback as ``w:altName``."""
        for part in self.doc.part.package.iter_parts():
            if str(part.partname) == "/word/fontTable.xml":
                xml = part.blob.decode("utf-8")
                entries = "".join(_font_table_entry(f) for f in FACES)
                part._blob = xml.replace("</w:fonts>", entries + "</w:fonts>").encode("utf-8")

    def _page_numbers(self) -> None:
        """"— n —" in 4号 宋体 half-width figures, at the outside edge, one character in."""
        self.doc.settings.odd_and_even_pages_header_footer = True
        section = self.doc.sections[0]
        for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                              (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            paragraph = footer.paragraphs[0]
            pf = paragraph.paragraph_format
            pf.alignment = align
            pf.first_line_indent = Pt(0)
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                pf.right_indent = SIZE_4
            else:
                pf.left_indent = SIZE_4
            self._run(paragraph, "— ")
            for xml in _PAGE_FIELD:  # a PAGE field: Word and LibreOffice fill in the number
                self._run(paragraph, "")._r.append(parse_xml(xml))
            self._run(paragraph, " —")

    @staticmethod
    def _run(paragraph: Paragraph, text: str) -> Run:
        run = paragraph.add_run(text)
        set_fonts(run, PAGE_NUMBER)
        run.font.size = SIZE_4
        return run

    # --- content ---------------------------------------------------------------------------
    def title(self, text: str, subtitle: str = "") -> None:
        """The title (2号小标宋, centred), an optional subtitle line (楷体), then an empty line."""
        self.doc.add_paragraph(text, style="Title")
        if subtitle:
            self.doc.add_paragraph(subtitle, style="Subtitle")
        self.doc.add_paragraph()

    def heading(self, text: str, level: int = 1) -> None:
        """A first-level (黑体) or second-level (楷体) heading."""
        self.doc.add_paragraph(text, style="Heading 1" if level == 1 else "Heading 2")

    def paragraph(self, text: str, *, bold: bool = False) -> Paragraph:
        """A body paragraph whose ``[^n]`` marks become endnote references (superscript n)."""
        paragraph = self.doc.add_paragraph()
        pos = 0
        for m in _REF.finditer(text):
            paragraph.add_run(text[pos:m.start()]).bold = bold
            ref = paragraph.add_run()
            ref.font.superscript = True
            ref._r.append(parse_xml(f'<w:endnoteReference {nsdecls("w")} w:id="{int(m[1])}"/>'))
            pos = m.end()
        paragraph.add_run(text[pos:]).bold = bold
        return paragraph

    def table(self, frame: pd.DataFrame, missing: str) -> None:
        """A bordered table in 五号 仿宋 with a bold header row; missing cells read ``missing``."""
        table = self.doc.add_table(rows=1, cols=len(frame.columns))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, column in zip(table.rows[0].cells, frame.columns, strict=True):
            self._cell(cell.paragraphs[0], str(column), bold=True)
        for row in frame.itertuples(index=False):
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                self._cell(cell.paragraphs[0], missing if _missing(value) else _shown(value))
        self.doc.add_paragraph()

    @staticmethod
    def _cell(paragraph: Paragraph, text: str, *, bold: bool = False) -> None:
        pf = paragraph.paragraph_format
        pf.first_line_indent = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        # off the 22-line grid: a table row in 五号 would otherwise be one body line (28.95 pt) high
        paragraph._p.get_or_add_pPr().insert_element_before(
            parse_xml(f'<w:snapToGrid {nsdecls("w")} w:val="0"/>'), "w:spacing", "w:ind", "w:jc")
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = SIZE_5

    def endnotes(self, notes: dict[int, str]) -> None:
        """Write ``notes`` (number → text) as the document's endnotes, numbered 1, 2, 3."""
        _attach_endnotes(self.doc, notes)

    def to_bytes(self) -> bytes:
        """The document as the bytes of a .docx file."""
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _shown(value: object) -> str:
    """A cell's text: whole floats without ".0" (a year, a count), others without float noise."""
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.10g}"
    return str(value)


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]  # pd.isna takes any object
    except (TypeError, ValueError):
        return False


# python-docx has no footnote or endnote API, so the endnotes part is written here: the
# separator and continuation separator Word requires (ids -1 and 0), then one endnote per
# source, in the body face at 五号, each starting with its own reference mark. Endnotes (not
# footnotes): the source notes are long and would crowd every page; at the end they read as
# the source list, numbered and linked by Word itself.
_SEPARATORS = (
    '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
    '<w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:endnote>"
)


def _endnote_xml(n: int, text: str) -> str:
    fonts = (f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{BODY.name}" '
             f'w:cs="{LATIN}" w:hint="eastAsia"/><w:sz w:val="21"/><w:szCs w:val="21"/>')
    return (f'<w:endnote w:id="{n}"><w:p><w:pPr><w:snapToGrid w:val="0"/>'
            '<w:spacing w:after="60" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/></w:pPr>'
            f'<w:r><w:rPr>{fonts}<w:vertAlign w:val="superscript"/></w:rPr><w:endnoteRef/></w:r>'
            f'<w:r><w:rPr>{fonts}</w:rPr><w:t xml:space="preserve"> {html.escape(text, quote=False)}</w:t>'
            "</w:r></w:p></w:endnote>")


def _attach_endnotes(doc: DocxDocument, notes: dict[int, str]) -> None:
    """Add /word/endnotes.xml with ``notes``, numbered 1, 2, 3 (Word's default is i, ii)."""
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:endnotes {nsdecls("w")}>'
           + _SEPARATORS + "".join(_endnote_xml(n, t) for n, t in sorted(notes.items()))
           + "</w:endnotes>")
    main = doc.part
    part = Part(PackURI("/word/endnotes.xml"), CONTENT_TYPE.WML_ENDNOTES, xml.encode("utf-8"),
                main.package)
    main.relate_to(part, RELATIONSHIP_TYPE.ENDNOTES)
    sect = doc.sections[-1]._sectPr
    # endnotePr comes before every other child of sectPr but the header/footer references
    refs = sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference"))
    decimal = f'<w:endnotePr {nsdecls("w")}><w:numFmt w:val="decimal"/></w:endnotePr>'
    sect.insert(len(refs), parse_xml(decimal))
