"""Render a bulletin: Jinja2 Markdown (per-city overrides), then HTML (footnotes) and Word (endnotes).

The templates write a small Markdown subset: ``#``/``##`` headings, paragraphs,
``>`` notes, ``1.`` list items and ``[^n]`` footnote references, which
:func:`render_markdown` renumbers in reading order and defines at the end. HTML
and Word are rendered from that same text, so all three say the same thing.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml

from pacesetter.errors import ConfigError
from pacesetter.monitor.bulletin import Bulletin, Figure, footnote_text

CJK_FONT = "Noto Sans CJK SC"
CJK_FALLBACK = "SimSun"
_REF = re.compile(r"\[\^(\d+)\]")
_DEF = re.compile(r"^\[\^(\d+)\]: (.*)$")
_CN_NUMBERS = "一二三四五六七八九十"
_URL = re.compile(r"https?://[^\s；;，,）)]+")


@dataclass(frozen=True, slots=True)
class Rendered:
    """The Markdown text and the figures behind its footnotes, numbered as in the text."""

    markdown: str
    figures: dict[int, Figure]
    lang: str
    title: str

    def html(self) -> str:
        """The bulletin as one HTML page (sources as numbered notes)."""
        return render_html(self)

    def docx(self) -> bytes:
        """The bulletin as a Word document (A Word file's bytes; sources as endnotes)."""
        return render_docx(self)

    def _repr_markdown_(self) -> str:
        """Notebooks show the bulletin as formatted text."""
        return self.markdown


def _cn_number(n: int) -> str:
    if n <= 10:
        return _CN_NUMBERS[n - 1]
    return ("" if n < 20 else _CN_NUMBERS[n // 10 - 1]) + "十" + (_CN_NUMBERS[n % 10 - 1] if n % 10 else "")


def template_environment(template_dir: Path | None, region_code: str) -> jinja2.Environment:
    """Templates from ``template_dir/<region_code>/``, then ``template_dir/``, then the shipped ones."""
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        if not template_dir.is_dir():
            raise ConfigError(f"{template_dir}: template directory does not exist")
        loaders += [jinja2.FileSystemLoader(template_dir / region_code),
                    jinja2.FileSystemLoader(template_dir)]
    loaders.append(jinja2.PackageLoader("pacesetter.monitor", "templates"))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)  # Markdown, not HTML
    env.globals["cn_number"] = _cn_number
    return env


def render_markdown(bulletin: Bulletin, template_dir: Path | None = None) -> Rendered:
    """The bulletin as Markdown with footnotes ``[^n]`` numbered in reading order."""
    env = template_environment(template_dir, bulletin.region_code)
    name = f"bulletin.{bulletin.lang}.md.j2"
    try:
        text = env.get_template(name).render(b=bulletin)
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or name
        raise ConfigError(f"{where}: template error: {exc}") from exc
    order: dict[int, int] = {}
    for match in _REF.finditer(text):
        order.setdefault(int(match[1]), len(order) + 1)
    unknown = set(order) - set(bulletin.figures)
    if unknown:
        raise ConfigError(f"{name}: footnote(s) {sorted(unknown)} name no figure of this bulletin")
    body = _REF.sub(lambda m: f"[^{order[int(m[1])]}]", text).rstrip() + "\n"
    figures = {new: bulletin.figures[old] for old, new in order.items()}
    defs = "\n".join(f"[^{n}]: {footnote_text(fig, bulletin.lang)}" for n, fig in figures.items())
    title = next((ln[2:] for ln in body.splitlines() if ln.startswith("# ")), "")
    return Rendered(body + ("\n" + defs + "\n" if defs else ""), figures, bulletin.lang, _REF.sub("", title))


def _blocks(markdown: str) -> list[tuple[str, str]]:
    """(kind, text) blocks of the Markdown subset: h1, h2, note, item, footnote (n: text), p."""
    out: list[tuple[str, str]] = []
    for raw in markdown.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if m := _DEF.match(line):
            out.append(("footnote", f"{m[1]}\t{m[2]}"))
        elif line.startswith("## "):
            out.append(("h2", line[3:]))
        elif line.startswith("# "):
            out.append(("h1", line[2:]))
        elif line.startswith("> "):
            out.append(("note", line[2:]))
        elif m := re.match(r"^\d+\. (.*)$", line):
            out.append(("item", m[1]))
        else:
            out.append(("p", line))
    return out


def _html_inline(text: str, notes: dict[str, str]) -> str:
    """Escape ``text``; each ``[^n]`` becomes a link to note n that shows the note on hover."""
    return _REF.sub(
        lambda m: (f'<sup><a href="#fn-{m[1]}" id="ref-{m[1]}" '
                   f'title="{html.escape(notes.get(m[1], ""))}">{m[1]}</a></sup>'),
        html.escape(text))


def render_html(rendered: Rendered) -> str:
    """A standalone HTML page; each number links to its source note and shows it on hover."""
    lang = "zh-CN" if rendered.lang == "zh" else "en"
    parts: list[str] = []
    items: list[str] = []
    notes: list[str] = []
    blocks = _blocks(rendered.markdown)
    texts = dict(t.split("\t", 1) for k, t in blocks if k == "footnote")

    def flush() -> None:
        if items:
            parts.append("<ol>" + "".join(f"<li>{i}</li>" for i in items) + "</ol>")
            items.clear()

    for kind, text in blocks:
        if kind != "item":
            flush()
        if kind == "footnote":
            n, body = text.split("\t", 1)
            linked = _URL.sub(lambda u: f'<a href="{u[0]}">{u[0]}</a>', html.escape(body, quote=False))
            notes.append(f'<li id="fn-{n}">{linked} <a href="#ref-{n}">↩</a></li>')
        elif kind == "item":
            items.append(_html_inline(text, texts))
        elif kind == "note":
            parts.append(f'<p class="note">{_html_inline(text, texts)}</p>')
        else:
            tag = {"h1": "h1", "h2": "h2", "p": "p"}[kind]
            parts.append(f"<{tag}>{_html_inline(text, texts)}</{tag}>")
    flush()
    heading = "来源" if rendered.lang == "zh" else "Sources"
    foot = f'<section class="footnotes"><h2>{heading}</h2><ol>{"".join(notes)}</ol></section>'
    style = (f"body{{font-family:'{CJK_FONT}','Noto Sans SC','Microsoft YaHei','{CJK_FALLBACK}',"
             "sans-serif;max-width:46em;margin:2em auto;line-height:1.8}"
             ".note{border:1px solid #c00;padding:.5em;color:#900}"
             ".footnotes{font-size:.85em;color:#444}sup a{text-decoration:none}")
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
            f"<title>{html.escape(rendered.title)}</title><style>{style}</style></head>\n<body>\n"
            + "\n".join(parts) + "\n" + foot + "\n</body>\n</html>\n")


def _set_cjk_font(style_or_run: object) -> None:
    """Set the Latin and East Asian (w:eastAsia) fonts of a style or run."""
    font = style_or_run.font  # type: ignore[attr-defined]
    font.name = CJK_FONT
    rpr = style_or_run.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), CJK_FONT)
    fonts.set(qn("w:hint"), "eastAsia")


def _declare_font_fallback(doc: object) -> None:
    """Declare the CJK font in the font table with SimSun (宋体) as its alternative (w:altName)."""
    for part in doc.part.package.iter_parts():  # type: ignore[attr-defined]
        if str(part.partname) == "/word/fontTable.xml":
            xml = part.blob.decode("utf-8")
            entry = (f'<w:font w:name="{CJK_FONT}"><w:altName w:val="{CJK_FALLBACK}"/>'
                     '<w:charset w:val="86"/><w:family w:val="swiss"/></w:font>')
            part._blob = xml.replace("</w:fonts>", entry + "</w:fonts>").encode("utf-8")


def _docx_paragraph(doc: object, text: str, style: str | None = None) -> None:
    """A paragraph whose ``[^n]`` marks become Word endnote references (superscript n)."""
    paragraph = doc.add_paragraph(style=style)  # type: ignore[attr-defined]
    pos = 0
    for m in _REF.finditer(text):
        paragraph.add_run(text[pos:m.start()])
        ref = paragraph.add_run()
        ref.font.superscript = True
        ref._r.append(parse_xml(f'<w:endnoteReference {nsdecls("w")} w:id="{int(m[1])}"/>'))
        pos = m.end()
    paragraph.add_run(text[pos:])


# python-docx has no footnote or endnote API, so the endnotes part is written here: the
# separator and continuation separator Word requires (ids -1 and 0), then one endnote per
# source, in the CJK font at 9 pt, each starting with its own reference mark. Endnotes (not
# footnotes): the source notes are long and would crowd every page; at the end they read as
# the source list, numbered and linked by Word itself.
_SEPARATORS = (
    '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
    '<w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:endnote>"
)


def _endnote_xml(n: int, text: str) -> str:
    fonts = (f'<w:rFonts w:ascii="{CJK_FONT}" w:hAnsi="{CJK_FONT}" w:eastAsia="{CJK_FONT}" '
             f'w:cs="{CJK_FONT}" w:hint="eastAsia"/><w:sz w:val="18"/><w:szCs w:val="18"/>')
    return (f'<w:endnote w:id="{n}"><w:p><w:pPr><w:spacing w:after="60"/></w:pPr>'
            f'<w:r><w:rPr>{fonts}<w:vertAlign w:val="superscript"/></w:rPr><w:endnoteRef/></w:r>'
            f'<w:r><w:rPr>{fonts}</w:rPr><w:t xml:space="preserve"> {html.escape(text, quote=False)}</w:t>'
            "</w:r></w:p></w:endnote>")


def _attach_endnotes(doc: object, notes: dict[int, str]) -> None:
    """Add /word/endnotes.xml with ``notes`` (number → text), numbered 1, 2, 3 (Word's default is i, ii)."""
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:endnotes {nsdecls("w")}>'
           + _SEPARATORS + "".join(_endnote_xml(n, t) for n, t in sorted(notes.items()))
           + "</w:endnotes>")
    main = doc.part  # type: ignore[attr-defined]
    part = Part(PackURI("/word/endnotes.xml"), CONTENT_TYPE.WML_ENDNOTES, xml.encode("utf-8"),
                main.package)
    main.relate_to(part, RELATIONSHIP_TYPE.ENDNOTES)
    sect = doc.sections[-1]._sectPr  # type: ignore[attr-defined]
    # endnotePr comes before every other child of sectPr but the header/footer references
    refs = sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference"))
    decimal = f'<w:endnotePr {nsdecls("w")}><w:numFmt w:val="decimal"/></w:endnotePr>'
    sect.insert(len(refs), parse_xml(decimal))


def render_docx(rendered: Rendered) -> bytes:
    """A Word document: headings, paragraphs, and each source as a native Word endnote.

    Styles use the CJK font (w:eastAsia) ``Noto Sans CJK SC``; the font table names
    SimSun (宋体) as its alternative where it is not installed.
    """
    doc = Document()
    _declare_font_fallback(doc)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "List Number"):
        _set_cjk_font(doc.styles[name])
    doc.core_properties.title = rendered.title
    doc.core_properties.language = "zh-CN" if rendered.lang == "zh" else "en"
    notes: dict[int, str] = {}
    for kind, text in _blocks(rendered.markdown):
        if kind == "h1":
            doc.add_heading(text, level=0)
        elif kind == "h2":
            doc.add_heading(text, level=1)
        elif kind == "note":
            paragraph = doc.add_paragraph()
            run = paragraph.add_run(text)
            run.bold = True
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        elif kind == "item":
            _docx_paragraph(doc, text, "List Number")
        elif kind == "footnote":
            n, body = text.split("\t", 1)
            notes[int(n)] = body
        else:
            _docx_paragraph(doc, text)
    if notes:
        doc.add_heading("来源" if rendered.lang == "zh" else "Sources", level=1)  # the endnotes follow
        _attach_endnotes(doc, notes)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
