"""Render a bulletin: Jinja2 Markdown (per-city overrides), then HTML (footnotes) and Word (endnotes).

Word output is laid out as GB/T 9704 lays out a report (:mod:`pacesetter.render.word`).

The templates write a small Markdown subset: ``#``/``##`` headings, paragraphs,
``>`` notes, ``1.`` list items and ``[^n]`` footnote references, which
:func:`render_markdown` renumbers in reading order and defines at the end. HTML
and Word are rendered from that same text, so all three say the same thing.
"""

from __future__ import annotations

import html
import re
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2

from pacesetter.errors import ConfigError, Said
from pacesetter.i18n import t
from pacesetter.monitor.bulletin import Bulletin, Figure, footnote_text
from pacesetter.render.word import WordReport

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
        if template_dir.is_file():
            raise ConfigError.said("analysis_errors.template_dir_file", path=template_dir)
        if not template_dir.is_dir():
            raise ConfigError.said("analysis_errors.template_dir", path=template_dir)
        loaders += [jinja2.FileSystemLoader(template_dir / region_code),
                    jinja2.FileSystemLoader(template_dir)]
    loaders.append(jinja2.PackageLoader("pacesetter.monitor", "templates"))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)  # Markdown, not HTML
    env.globals["cn_number"] = _cn_number
    return env


# What a failing expression of a user's template ran into, by the error's kind (the first that fits)
_FAILURES: tuple[tuple[type[Exception], str], ...] = (
    (ZeroDivisionError, "zero"), (TypeError, "type"), (LookupError, "lookup"), (ArithmeticError, "value"),
    (ValueError, "value"))


def _user_line(exc: BaseException, template_dir: Path | None) -> tuple[str, int, str] | None:
    """File, line number and text of the innermost line of the user's own templates (under
    ``template_dir``) in ``exc``'s traceback, which Jinja rewrites to template lines; None when
    none of theirs is in it (an error of the shipped templates is Pacesetter's)."""
    if template_dir is None:
        return None
    root = template_dir.resolve()
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename)
        if frame.lineno and path.is_file() and path.resolve().is_relative_to(root):
            return str(path), frame.lineno, (frame.line or "").strip()[:80]
    return None


def _template_error(exc: Exception, where: str, line: int, code: str) -> ConfigError:
    """An error of the user's own template at ``where``, ``line`` (its text ``code``), in the
    catalogue's words (Jinja's own messages are English only): the name it uses that the bulletin
    lacks, the template it includes that is nowhere, or an expression that could not be computed
    (a number added to text, a division by zero…)."""
    if isinstance(exc, jinja2.UndefinedError) and (names := re.findall(r"'([^']*)'", exc.message or "")):
        return ConfigError.said("analysis_errors.template_undefined", where=where, line=line, name=names[-1])
    if isinstance(exc, jinja2.TemplateNotFound):
        return ConfigError.said("analysis_errors.template_missing", where=where, line=line, name=exc.name)
    why = next((kind for cls, kind in _FAILURES if isinstance(exc, cls)), "other")
    return ConfigError.said("analysis_errors.template_failed", where=where, line=line, code=code,
                            why=Said(f"analysis_errors.template_why.{why}"))


def render_markdown(bulletin: Bulletin, template_dir: Path | None = None) -> Rendered:
    """The bulletin as Markdown with footnotes ``[^n]`` numbered in reading order."""
    env = template_environment(template_dir, bulletin.region_code)
    name = f"bulletin.{bulletin.lang}.md.j2"
    try:
        text = env.get_template(name).render(b=bulletin)
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError.said("analysis_errors.template_syntax", where=exc.filename or name,
                               line=exc.lineno) from exc
    except Exception as exc:  # a user's template is theirs to fix: said so, at its line
        if (found := _user_line(exc, template_dir)) is None:
            raise  # not in their templates: the shipped ones' error is Pacesetter's
        raise _template_error(exc, *found) from exc
    order: dict[int, int] = {}
    for match in _REF.finditer(text):
        order.setdefault(int(match[1]), len(order) + 1)
    unknown = set(order) - set(bulletin.figures)
    if unknown:
        raise ConfigError.said("analysis_errors.footnotes", name=name, refs=sorted(unknown))
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
    texts = dict(body.split("\t", 1) for k, body in blocks if k == "footnote")

    def flush() -> None:
        if items:
            parts.append("<ol>" + "".join(f"<li>{i}</li>" for i in items) + "</ol>")
            items.clear()

    for kind, text in blocks:
        if kind != "item":
            flush()
        if kind == "footnote":
            n, body = text.split("\t", 1)
            linked = _URL.sub(lambda u: f'<a href="{u[0]}">{u[0]}</a>', html.escape(body, quote=True))
            notes.append(f'<li id="fn-{n}">{linked} <a href="#ref-{n}">↩</a></li>')
        elif kind == "item":
            items.append(_html_inline(text, texts))
        elif kind == "note":
            parts.append(f'<p class="note">{_html_inline(text, texts)}</p>')
        else:
            tag = {"h1": "h1", "h2": "h2", "p": "p"}[kind]
            parts.append(f"<{tag}>{_html_inline(text, texts)}</{tag}>")
    flush()
    heading = t("outputs.source.heading", rendered.lang)
    foot = f'<section class="footnotes"><h2>{heading}</h2><ol>{"".join(notes)}</ol></section>'
    style = (f"body{{font-family:'{CJK_FONT}','Noto Sans SC','Microsoft YaHei','{CJK_FALLBACK}',"
             "sans-serif;max-width:46em;margin:2em auto;line-height:1.8}"
             ".note{border:1px solid #c00;padding:.5em;color:#900}"
             ".footnotes{font-size:.85em;color:#444}sup a{text-decoration:none}")
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
            f"<title>{html.escape(rendered.title)}</title><style>{style}</style></head>\n<body>\n"
            + "\n".join(parts) + "\n" + foot + "\n</body>\n</html>\n")


_FIRST_LEVEL = re.compile(r"^(?:([一二三四五六七八九十]+)、|(\d+)\. )")


def _second_level(heading: str) -> str:
    """A bulletin's section heading as a second-level one: "一、" → "（一）", "1. " → "(1) "."""
    return _FIRST_LEVEL.sub(lambda m: f"（{m[1]}）" if m[1] else f"({m[2]}) ", heading)


def write_bulletin(word: WordReport, rendered: Rendered, *, prefix: str | None = None,
                   sources_heading: bool = True) -> bool:
    """Write the bulletin into ``word``; its sources become the document's endnotes. True if
    it has any.

    Word prints endnotes at the end of the document: with ``sources_heading`` their heading is
    written after the bulletin (right where they print when the bulletin is the whole document);
    a caller that writes more after the bulletin writes the heading at its end instead.

    On its own the bulletin's first heading is the document title and its sections are
    first-level headings. As a part of a larger report (``prefix``, its number such as "一、")
    the title is a first-level heading after ``prefix`` and the sections are second-level
    ones, renumbered "（一）" / "(1)".
    """
    nested = prefix is not None
    notes: dict[int, str] = {}
    number = 0
    for kind, text in _blocks(rendered.markdown):
        number = number + 1 if kind == "item" else 0
        if kind == "h1" and not nested:
            word.title(text)
        elif kind == "h1":
            word.heading(f"{prefix}{text}")
        elif kind == "h2":
            word.heading(_second_level(text) if nested else text, 2 if nested else 1)
        elif kind == "note":
            word.paragraph(text, bold=True)
        elif kind == "item":
            word.paragraph(f"{number}. {text}")
        elif kind == "footnote":
            n, body = text.split("\t", 1)
            notes[int(n)] = body
        else:
            word.paragraph(text)
    if notes and sources_heading:  # the endnotes follow this heading
        word.heading(t("outputs.source.heading", rendered.lang), 2 if nested else 1)
    if notes:
        word.endnotes(notes)
    return bool(notes)


def render_docx(rendered: Rendered) -> bytes:
    """A Word report in the layout of GB/T 9704 (A4, 仿宋/黑体/小标宋, page numbers; see
    :mod:`pacesetter.render.word`), each source a native Word endnote."""
    word = WordReport(rendered.title, rendered.lang)
    write_bulletin(word, rendered)
    return word.to_bytes()
