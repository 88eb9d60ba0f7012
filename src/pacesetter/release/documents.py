"""A release document (HTML, PDF with a text layer, .docx, plain text) as positioned text.

Extraction quotes the exact sentence a figure comes from and says where it stood, so a reader
keeps paragraphs, sentences and table cells with their numbers (1-based, as a person counts
them); a PDF also keeps the page. The document's own header names its publisher, release date
and title (``发布单位：``/``来源：``, ``发布时间：``, ``<title>``): never the host of a URL.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pacesetter.errors import InputError

if TYPE_CHECKING:
    from pypdf import PageObject

KINDS = ("html", "pdf", "docx", "text")
_SUFFIX = {".html": "html", ".htm": "html", ".shtml": "html", ".pdf": "pdf", ".docx": "docx",
           ".txt": "text", ".text": "text", ".md": "text"}
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
           "br", "title", "caption", "center")
# a sentence ends at 。！？ (and at the end of a paragraph); ；splits clauses, not sentences
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
_PUBLISHER = re.compile(r"(?:发布单位|发布机构|信息来源|来源|发布者|Publisher)\s*[:：]\s*"
                        r"([^\s:：|｜，,。]{2,30}?)(?=\s|$|[|｜，,。]|发布|时间|日期|作者|浏览|字号)")
_PUBLISHED = re.compile(r"(?:发布时间|发布日期|时间|日期|Published)\s*[:：]\s*"
                        r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_MIN_TEXT = 20  # characters per page below which a PDF page is taken as an image


@dataclass(frozen=True)
class Sentence:
    """One sentence with where it stands: paragraph and sentence (1-based), a PDF's page."""

    text: str
    paragraph: int
    sentence: int
    page: int | None = None


@dataclass(frozen=True)
class Table:
    """A table as rows of cell texts (merged cells repeated), its number in the document."""

    number: int
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Document:
    """The text of a release: paragraphs (with their PDF page), tables and header facts."""

    kind: str
    paragraphs: tuple[str, ...]
    tables: tuple[Table, ...] = ()
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    pages: tuple[int | None, ...] = field(default=())  # the page of each paragraph (PDF only)
    encoding: str | None = None

    def sentences(self) -> Iterator[Sentence]:
        """Every sentence in reading order, with its position."""
        for p, text in enumerate(self.paragraphs, start=1):
            page = self.pages[p - 1] if self.pages else None
            for s, m in enumerate(_SENTENCE.finditer(text), start=1):
                if sentence := m.group().strip():
                    yield Sentence(sentence, p, s, page)


def kind_of(name: str, content: bytes | None = None, content_type: str | None = None) -> str:
    """html, pdf, docx or text: by content where it tells, else by the name's suffix."""
    if content is not None:
        if content.startswith(b"%PDF"):
            return "pdf"
        if content.startswith(b"PK\x03\x04") and b"word/" in content[:4000]:
            return "docx"
    if content_type:
        for marker, kind in (("html", "html"), ("pdf", "pdf"), ("wordprocessingml", "docx"),
                             ("text/plain", "text")):
            if marker in content_type:
                return kind
    suffix = Path(name.split("?")[0]).suffix.lower()
    if suffix in _SUFFIX:
        return _SUFFIX[suffix]
    if content is not None and re.search(rb"<\s*(html|body|p|table)\b", content[:4000], re.I):
        return "html"
    raise InputError.said("extract.document.unreadable", name=name, suffix=suffix or "—")


def read_document(path: Path | str) -> Document:
    """Read a release file; refuse a missing file, an unknown format or a scan, in words."""
    p = Path(path)
    if not p.is_file():
        raise InputError.said("extract.document.missing", name=p)
    content = p.read_bytes()
    return parse_document(content, p.name)


def parse_document(content: bytes, name: str, content_type: str | None = None) -> Document:
    """A release from its bytes; ``name`` (a file name or URL) is used in messages and for its suffix."""
    kind = kind_of(name, content, content_type)
    if kind in ("pdf", "docx"):
        try:
            return _pdf(content, name) if kind == "pdf" else _docx(content)
        except InputError:  # said already (a scan); an InputError is also a ValueError
            raise
        except _damaged() as exc:  # the file says it is a PDF or Word document, but its insides are not
            raise InputError.said("extract.document.damaged", name=name, kind=kind.upper()) from exc
    text, encoding = decode(content, content_type)
    if kind == "html":
        return _html(text, encoding)
    paragraphs = _clean(text.splitlines())
    return _with_header(Document("text", paragraphs, encoding=encoding), "\n".join(paragraphs[:8]))


def _damaged() -> tuple[type[Exception], ...]:
    """What pypdf and python-docx raise on a damaged file (or one only named .pdf / .docx): a broken
    zip or PDF stream, a missing part, malformed XML or object tables."""
    import zipfile

    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError  # type: ignore[import-untyped]  # (no stubs pinned)
    from pypdf.errors import PyPdfError

    return (zipfile.BadZipFile, PackageNotFoundError, XMLSyntaxError, PyPdfError, KeyError, ValueError,
            IndexError, TypeError, EOFError)


def decode(content: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Text and its encoding: the charset declared (HTTP header or <meta>), else UTF-8, else GB18030.

    As CSV imports do, decode strictly rather than guess: Chinese government pages are UTF-8 or
    GBK (whose superset GB18030 decodes them); a page in neither is refused in words.
    """
    declared = []
    if content_type and (m := re.search(r"charset=([\w-]+)", content_type, re.I)):
        declared.append(m.group(1))
    if meta := re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", content[:4000], re.I):
        declared.append(meta.group(1).decode("ascii"))
    for codec in [*declared, "utf-8", "gb18030"]:
        codec = "gb18030" if codec.lower() in ("gbk", "gb2312", "gb18030") else codec.lower()
        try:
            return content.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError.said("extract.document.encoding")


def _clean(lines: list[str]) -> tuple[str, ...]:
    """Non-empty lines with runs of white space (also full-width) closed up."""
    out = []
    for line in lines:
        text = re.sub(r"[ \t\u3000\xa0]+", " ", line).strip()
        if text:
            out.append(text)
    return tuple(out)


def _with_header(doc: Document, header: str) -> Document:
    """The document with the publisher, date and (if none yet) title its header states."""
    publisher = m.group(1) if (m := _PUBLISHER.search(header)) else None
    published = None
    if m := _PUBLISHED.search(header):
        try:
            published = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            published = None
    title = doc.title or (doc.paragraphs[0] if doc.paragraphs else None)
    return Document(doc.kind, doc.paragraphs, doc.tables, title, publisher, published, doc.pages,
                    doc.encoding)


def _html(text: str, encoding: str) -> Document:
    """Paragraphs of an HTML page (tables taken out and kept as tables)."""
    import lxml.html  # type: ignore[import-untyped]  # (no stubs pinned)

    root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    title = " ".join(root.findtext(".//title") .split()) if root.find(".//title") is not None else None
    tables = []
    for n, el in enumerate(root.xpath("//table[not(ancestor::table)]"), start=1):
        caption = " ".join(el.findtext(".//caption", "").split())
        tables.append(Table(n, _html_rows(el), caption))
        el.drop_tree()
    for el in root.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    head = root.find(".//head")
    if head is not None:
        head.drop_tree()
    paragraphs = _clean(root.text_content().splitlines())
    return _with_header(Document("html", paragraphs, tuple(tables), title or None, encoding=encoding),
                        "\n".join(paragraphs[:12]))


def _html_rows(table: object) -> tuple[tuple[str, ...], ...]:
    """Rows of an HTML table with colspan and rowspan cells repeated into each column they cover."""
    rows: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, column) → text of a rowspan from above
    for r, tr in enumerate(table.xpath(".//tr")):  # type: ignore[attr-defined]
        row: list[str] = []
        for cell in tr.xpath("./td|./th"):
            while (r, len(row)) in pending:
                row.append(pending.pop((r, len(row))))
            text = " ".join(cell.text_content().split())
            span = int(cell.get("colspan", "1") or 1)
            down = int(cell.get("rowspan", "1") or 1)
            for _ in range(max(span, 1)):
                for below in range(1, max(down, 1)):
                    pending[(r + below, len(row))] = text
                row.append(text)
        while (r, len(row)) in pending:
            row.append(pending.pop((r, len(row))))
        rows.append(row)
    return tuple(tuple(row) for row in rows if any(row))


def _pdf(content: bytes, name: str) -> Document:
    """Paragraphs of a PDF's text layer; a PDF without one (a scan) is refused in words."""
    from pypdf import PdfReader

    # pypdf logs its repairs in English (“EOF marker not found”): the reader is told in its
    # language whether the file can be read, and nothing else
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(io.BytesIO(content))
    paragraphs: list[str] = []
    pages: list[int | None] = []
    seen = 0
    lines: list[tuple[str, int]] = []
    for number, page in enumerate(reader.pages, start=1):
        text = _without_marks(page)
        seen += len(re.sub(r"\s", "", text))
        lines += [(line, number) for line in _clean(text.splitlines()) if not _PAGE_NUMBER.fullmatch(line)]
    for para, number in _pdf_paragraphs(lines):
        paragraphs.append(para)
        pages.append(number)
    if seen < _MIN_TEXT * max(len(reader.pages), 1):
        raise InputError.said("extract.document.scan", name=name)
    meta = reader.metadata
    title = str(meta.title) if meta is not None and meta.title else None
    return _with_header(Document("pdf", tuple(paragraphs), (), title, pages=tuple(pages)),
                        "\n".join(paragraphs[:8]))


# a page number printed as a footer or header: "— 2 —", "- 3 -", "4"
_PAGE_NUMBER = re.compile(r"[—–-]?\s*\d{1,3}\s*[—–-]?")
_CLAUSE_MARK = re.compile(r"[，；,;]")
_MARK = re.compile(r"\[?\d{1,2}\]?|[*†‡]")


def _without_marks(page: PageObject) -> str:
    """A page's text without its footnote marks: the superscript numbers a word processor sets
    smaller than the body after a figure ("增长5.5%²" is not 5.52 %), found by their font size
    and taken out where they stand in the text."""
    chunks: list[tuple[str, float]] = []
    text = page.extract_text(visitor_text=lambda t, _cm, _tm, _font, size: chunks.append((t.strip(), size)))
    sizes: dict[float, int] = {}
    for chunk, size in chunks:
        sizes[size] = sizes.get(size, 0) + len(chunk)
    body = max(sizes, key=lambda k: sizes[k], default=0.0)
    at = 0
    for chunk, size in chunks:
        found = text.find(chunk, at) if chunk else -1
        if found < 0:
            continue
        if size < 0.8 * body and _MARK.fullmatch(chunk) and not text[at:found].strip():
            text = text[:found] + text[found + len(chunk):]
            at = found
        else:
            at = found + len(chunk)
    return text


def _width(line: str) -> float:
    """A line's printed width in ideographs: a Latin letter or digit is about half one, a space none
    (a justified line spreads its characters with spaces)."""
    return sum(1.0 if ord(c) > 0x2E7F else 0.5 for c in line if not c.isspace())


def _pdf_paragraphs(lines: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Lines of a PDF (with their page) joined into paragraphs, across page breaks: a line that
    ends a sentence, or stops short of the longest line (a heading, a paragraph's last line), ends
    one (the longest of its page: pages differ, a page of notes runs wider) when it is a heading
    or much shorter. Each paragraph keeps the page it starts on."""
    full: dict[int, float] = {}
    for line, page in lines:
        full[page] = max(full.get(page, 0.0), _width(line))
    out: list[tuple[str, int]] = []
    current, start = "", 0
    for line, page in lines:
        if not current:
            start = page
        current += line if not current or re.search(r"[\u4e00-\u9fff，。；：、%]$", current) else " " + line
        short = _width(line) / full[page] if full[page] else 0.0
        # a short line ends a paragraph when it is a heading (no clause comma) or very short: the
        # first line of a paragraph is indented, so "上半年，生产性服务业增加" runs on
        heading = short < 0.8 and not _CLAUSE_MARK.search(line)
        if line.endswith(("。", "！", "？", "：")) or short < 0.5 or heading:
            out.append((current, start))
            current = ""
    if current:
        out.append((current, start))
    return out


def _docx(content: bytes) -> Document:
    """Paragraphs and tables of a Word document; its core title if set."""
    import docx

    doc = docx.Document(io.BytesIO(content))
    paragraphs = _clean([p.text for p in doc.paragraphs])
    tables = tuple(Table(n, tuple(tuple(" ".join(c.text.split()) for c in row.cells) for row in t.rows))
                   for n, t in enumerate(doc.tables, start=1))
    title = doc.core_properties.title or None
    return _with_header(Document("docx", paragraphs, tables, title), "\n".join(paragraphs[:8]))
