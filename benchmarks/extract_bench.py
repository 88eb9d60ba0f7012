"""Extraction benchmark (issue 16): a ~40-page communiqué read as text, HTML and PDF.

The communiqué is built from our own words: numbered sections of release sentences written by
the release grammar (``pacesetter.release.compose``: levels, growth with its change against the
period before, shares, pulls, gaps to the total, 倍, prices) with seeded random figures, each
section followed by an HTML table in the common 指标 / 本月 / 累计 / 增长% layout, plus the
tricky clauses of the test fixtures. The figures are synthetic. Pages are counted as a printed
communiqué's (about 900 characters of text a page). Extraction is the release pipeline as
``pacesetter extract`` runs it without a database: read the document, extract the proposals,
check them (``read_document`` → ``extract`` → ``check``), timed after one warm-up read (the grammar,
catalogue and character tables load once a process).

The PDF is made from the same content as a Word file converted with LibreOffice headless
(``soffice``) if installed, else the HTML printed with headless Chromium, else it is skipped;
making it is not timed. Target: text and HTML under 2 s each; PDF reported in seconds a page.

Usage: python benchmarks/extract_bench.py [--pages 40] [--seed 16] [--no-pdf]
"""

from __future__ import annotations

import argparse
import html
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pacesetter.release.checks import check
from pacesetter.release.compose import Change, Clause, Gap, Number, compose
from pacesetter.release.documents import read_document
from pacesetter.release.extract import extract
from pacesetter.release.grammar import ChangeWord, VerbFamily
from pacesetter.release.profile import shipped_profiles

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from make_release_pdf import to_pdf  # noqa: E402  (the fixture script's converter)

TRICKY = ROOT / "tests" / "release" / "fixtures" / "tricky_clauses.txt"
CHARS_PER_PAGE = 900
TITLE = "样例市2023年1-8月份国民经济和社会发展统计公报（合成基准样例）"
HEADER = "发布单位：样例市统计局 发布时间：2023-09-18"
SECTIONS = ["工业生产", "服务业", "固定资产投资", "消费品市场", "对外贸易", "财政收支", "金融", "价格"]
SUBJECTS = {
    "工业生产": [
        "规模以上工业增加值",
        "装备制造业增加值",
        "高技术制造业增加值",
        "制造业增加值",
        "新能源汽车产量",
    ],
    "服务业": ["规模以上服务业营业收入", "交通运输业营业收入", "信息服务业营业收入"],
    "固定资产投资": ["固定资产投资", "工业投资", "制造业投资", "基础设施投资", "民间投资"],
    "消费品市场": ["社会消费品零售总额", "网上零售额", "限额以上单位消费品零售额"],
    "对外贸易": ["货物进出口总额", "出口总额", "进口总额"],
    "财政收支": ["一般公共预算收入", "税收收入", "一般公共预算支出"],
    "金融": ["本外币存款余额", "本外币贷款余额"],
    "价格": ["居民消费价格", "工业生产者出厂价格"],
}
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Section:
    """A section of the communiqué: its heading, paragraphs and table rows."""

    heading: str
    paragraphs: tuple[str, ...]
    table: tuple[tuple[str, ...], ...]


def _sentence(rng: random.Random, subject: str, profile: str) -> str:
    """One release sentence about ``subject`` with seeded figures, in the grammar's words."""
    kind = rng.choice(["growth", "growth", "growth", "level", "share", "pull"])
    period = "1-8月份"
    if kind == "level":
        clause = Clause("level", subject, period, Number(round(rng.uniform(50, 9000), 2), 2), unit="亿元")
    elif kind == "share":
        clause = Clause(
            "share",
            f"{subject}占规模以上工业增加值",
            period,
            Number(round(rng.uniform(5, 60), 1)),
            changes=(Change("up", Number(round(rng.uniform(0.1, 3), 1)), "上年", rate=True),),
        )
    elif kind == "pull":
        clause = Clause("pull", subject, period, Number(round(rng.uniform(0.1, 5), 1)), of="规模以上工业")
    else:
        value = round(rng.uniform(-12, 160), 1)
        family: VerbFamily = "price" if subject.endswith("价格") else "growth"
        direction: ChangeWord = ("up" if rng.random() < 0.5 else "down") if value > 0 else "decline_narrowed"
        changes = (Change(direction, Number(round(rng.uniform(0.1, 3), 1)), "1-7月份", family=family),)
        gaps = (
            (Gap(Number(round(rng.uniform(-4, 4), 1) or 0.5), "规模以上工业"),) if rng.random() < 0.3 else ()
        )
        clause = Clause("growth", subject, period, Number(value), family=family, changes=changes, gaps=gaps)
    return compose(clause, "zh", shipped_profiles()[profile])


def _table(rng: random.Random, subjects: list[str]) -> tuple[tuple[str, ...], ...]:
    rows = [("指标", "单位", "本月", "累计", "比上年同期增长(%)")]
    for subject in subjects:
        month = rng.uniform(10, 900)
        rows.append((subject, "亿元", f"{month:.1f}", f"{month * 7.6:,.1f}", f"{rng.uniform(-10, 20):.1f}"))
    return tuple(rows)


def build(pages: int, seed: int) -> list[Section]:
    """Sections until the text fills ``pages`` printed pages."""
    rng = random.Random(seed)
    tricky = TRICKY.read_text(encoding="utf-8").splitlines()[2:]
    sections: list[Section] = []
    chars = 0
    while chars < pages * CHARS_PER_PAGE:
        name = SECTIONS[len(sections) % len(SECTIONS)]
        subjects = SUBJECTS[name]
        profile = rng.choice(sorted(shipped_profiles()))
        paragraphs = [
            "".join(_sentence(rng, rng.choice(subjects), profile) for _ in range(rng.randint(3, 6)))
            for _ in range(rng.randint(3, 5))
        ]
        paragraphs.append(rng.choice(tricky))
        heading = f"{NUMERALS[len(sections) % 10]}、{name}（{len(sections) + 1}）"
        sections.append(Section(heading, tuple(paragraphs), _table(rng, subjects)))
        chars += len(heading) + sum(len(p) for p in paragraphs)
    return sections


def as_text(sections: list[Section]) -> str:
    lines = [TITLE, HEADER]
    for s in sections:
        lines += [s.heading, *s.paragraphs]
    return "\n".join(lines) + "\n"


def as_html(sections: list[Section]) -> str:
    body = [f"<h1>{TITLE}</h1>", f"<div>{HEADER}</div>"]
    for s in sections:
        body += [f"<h2>{html.escape(s.heading)}</h2>", *(f"<p>{html.escape(p)}</p>" for p in s.paragraphs)]
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in s.table
        )
        body.append(f"<table border='1'>{rows}</table>")
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{TITLE}</title></head>"
        f"<body>{''.join(body)}</body></html>"
    )


def as_docx(sections: list[Section], path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading(TITLE, 0)
    d.add_paragraph(HEADER)
    for s in sections:
        d.add_heading(s.heading, 1)
        for p in s.paragraphs:
            d.add_paragraph(p)
        table = d.add_table(rows=len(s.table), cols=len(s.table[0]))
        for r, row in enumerate(s.table):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    d.save(str(path))


def make_pdf(sections: list[Section], folder: Path) -> tuple[Path | None, str]:
    """The communiqué as a PDF (scripts/make_release_pdf.py's converter), and how it was made."""
    source, out = folder / "communique.docx", folder / "communique.pdf"
    as_docx(sections, source)
    how = to_pdf(source, as_html(sections), out, folder, timeout=600)
    return (out, how) if how else (None, "no soffice or chromium: skipped")


def run(path: Path) -> tuple[float, int, int]:
    """Seconds to read, extract and check ``path``; the proposals; the PDF pages (0 otherwise)."""
    start = time.perf_counter()
    doc = read_document(path)
    found = check(extract(doc, "370200", source=str(path), regions={}), {})
    seconds = time.perf_counter() - start
    return seconds, len(found.proposals), len(set(doc.pages))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    sections = build(args.pages, args.seed)
    text = as_text(sections)
    pages = len(text) / CHARS_PER_PAGE
    print(
        f"communiqué: {len(sections)} sections, {len(text)} characters (~{pages:.0f} pages), "
        f"{sum(len(s.table) - 1 for s in sections)} table rows; synthetic figures"
    )
    print(f"{'format':<8}{'seconds':>9}{'pages':>7}{'s/page':>9}{'proposals':>11}  target")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "communique.txt").write_text(text, encoding="utf-8")
        (work / "communique.html").write_text(as_html(sections), encoding="utf-8")
        run(TRICKY)  # warm up: the grammar, the catalogue and the character table load once a process
        for name in ("txt", "html"):
            seconds, proposals, _ = run(work / f"communique.{name}")
            verdict = "ok" if seconds < 2 else "MISSED"
            print(
                f"{name:<8}{seconds:>9.2f}{pages:>7.0f}{seconds / pages:>9.3f}{proposals:>11}"
                f"  < 2 s: {verdict}"
            )
        if not args.no_pdf:
            pdf, how = make_pdf(sections, work)
            if pdf is None:
                print(f"pdf     {how}")
            else:
                seconds, proposals, printed = run(pdf)
                print(
                    f"{'pdf':<8}{seconds:>9.2f}{printed:>7}{seconds / printed:>9.3f}{proposals:>11}  "
                    f"reported per page ({how})"
                )


if __name__ == "__main__":
    main()
