"""The extraction pipeline: a release document → proposed observations, each with its quote and position.

Every sentence and table cell is read with the release grammar (parse.py, tables.py); each
figure becomes a proposal: the indicator matched by its published name (catalogue.py; an
unmatched name is a proposed new indicator), the region (a figure of the nation or the province
quoted in passing is theirs; one whose name opens with another place, 黄岛区规模以上工业增加值,
is that place's where the store knows it, else its region is left open and said), the period
(the clause's own, else the release's; an ambiguous one is left open and said), value and unit
as published (a sign written on the number kept), the stated comparisons, the exact sentence
and where it stood. Checks and confidence are added by checks.py; nothing here touches the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from pacesetter.errors import PacesetterError
from pacesetter.model.periods import Period
from pacesetter.release import catalogue
from pacesetter.release.documents import Document
from pacesetter.release.parse import PERIOD, Figure, Relation, read_sentence
from pacesetter.release.periods import parse_release_period
from pacesetter.release.tables import read_table

NATION = "000000"
_YEAR = re.compile(r"(\d{4})\s*年")
# the year of the release's own period heading (2023年1-8月份, 2023年上半年), never a year compared with
_OWN_YEAR = re.compile(rf"(?<![比较与和同])(\d{{4}})\s*年"
                       rf"(?=\s*(?:{PERIOD}|[^\d一-龥]|$|[一-龥]{{0,16}}(?:统计公报|经济运行)))")
_KIND = {"level": "level", "growth": "growth", "share": "share", "contribution_share": "contribution_share",
         "pull": "pull", "two_year_average": "growth", "pp_change": "pp_change", "index": "index"}
# the notes after a release's body (附注, 来源 …: definitions, thresholds such as 2000万元, sources)
# and a note in a paragraph of its own (注：…) state no figure of the release
_NOTES_HEADING = re.compile(r"(?:附注|注释|注|说明|来源|资料来源|数据来源)[:：]?")
_NOTE = re.compile(r"(?:注|附注|说明|资料来源|数据来源|来源|依据)[:：]")
_STATUS = (("初步核算", "preliminary"), ("快报", "preliminary"), ("最终核实", "final"), ("修订", "revised"),
           ("预计", "expected"), ("目标", "target"))
# a place a figure's name may open with (高新区规模以上工业增加值), and words that end like one but
# name no place (地区生产总值, 城市居民)
_PLACE = re.compile(r"[一-龥]{2,6}?(?:省|市|区|县|旗|州)(?=[一-龥])")
_NO_PLACE = frozenset({"地区", "城市", "城区", "市区", "社区", "园区", "景区", "全区", "全市", "本市",
                       "城乡"})


@dataclass(frozen=True)
class Issue:
    """A reason about a proposal, by message key (extract.reason.<key>) with its values."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Proposal:
    """One proposed observation with everything a reviewer needs to accept or refuse it."""

    indicator_id: str | None  # None: a proposed new indicator named ``name``
    name: str  # the catalogue's published name, or the name as the release writes it
    kind: str  # level, growth, growth_month, share, contribution_share, pull, pp_change, ...
    region_code: str | None
    region_said: str | None  # the region named in passing (全国, 全省); None: the release's own
    period: str | None  # canonical period (2023-01..2023-08); None when the text leaves it open
    value: float
    unit: str
    decimals: int
    written: str  # the figure as published
    quote: str
    position: Mapping[str, int]  # paragraph, sentence (and page) or table, row, column
    status: str  # as the release states it: preliminary, final, revised, expected, target, not_stated
    approximate: bool = False
    relations: tuple[Relation, ...] = ()
    issues: tuple[Issue, ...] = ()  # what the reading itself found (ambiguous period, unknown region)
    checks: tuple[Issue, ...] = ()  # filled by checks.py
    confidence: str = ""  # high, medium or low, with its reasons in ``checks``
    store: str = "new"  # new, confirms or revises (the stored figure under the same key)
    stored_value: float | None = None


@dataclass(frozen=True)
class Extraction:
    """What a release gave: its header facts and the proposals, in reading order."""

    source: str
    publisher: str | None
    document: str | None
    published: date | None
    region: str
    year: int | None
    period: str | None  # the release's own period as written (title), e.g. 2023年1-8月份
    proposals: tuple[Proposal, ...]
    sentences: int  # sentences read
    with_figures: int  # sentences that gave at least one figure


# a dateline near the top: "青岛市统计局 2026年3月20日" (an office, then the release date), or the date alone
_OFFICE = "局|队|委|委员会|办|办公室|厅|政府|中心|部|院|署|会|处|所"  # how a publisher's name ends
_DATELINE = re.compile(rf"(?:(?P<who>[一-龥（）()·]{{1,28}}(?:{_OFFICE}))\s*)?"
                       r"(?P<y>\d{4})\s*[年/.-]\s*(?P<m>\d{1,2})\s*[月/.-]\s*(?P<d>\d{1,2})\s*日?")
_DATELINE_LINES = 4  # the lines after the title a dateline may stand on


def header_dateline(doc: Document) -> tuple[int, str | None, date] | None:
    """The paragraph near the top that is only a publisher and a release date (or the date alone):
    its index, the publisher (None if not written) and the date; None when there is none."""
    for i, text in enumerate(doc.paragraphs[:_DATELINE_LINES]):
        if (m := _DATELINE.fullmatch(text.strip())) is None:
            continue
        try:
            day = date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            continue
        return i, m["who"], day
    return None


def release_period(doc: Document) -> tuple[int | None, str | None]:
    """The release's year and period as its title (or first paragraphs) write them; the year only
    where it heads the release's own period (a year a sentence compares with is not the release's).
    A dateline (青岛市统计局 2026年3月20日) is the release date, not the period."""
    line = header_dateline(doc)
    paragraphs = [p for i, p in enumerate(doc.paragraphs[:3]) if line is None or i != line[0]]
    head = " ".join([doc.title or "", *paragraphs])
    year = int(m.group(1)) if (m := _OWN_YEAR.search(head)) else None
    bare = re.sub(r"\d{4}年(?=[^\d一二三上前全]|$)", "", head)  # a year alone is no period
    period = m.group() if (m := re.search(PERIOD, bare)) else None
    return year, period


def extract(doc: Document, region: str, *, source: str, regions: Mapping[str, str],
            publisher: str | None = None, published: date | None = None) -> Extraction:
    """Proposals for every figure of ``doc`` (a release of ``region``); ``regions`` maps names to codes.

    ``publisher`` (from ``--publisher``) overrides the one the document's header names.
    """
    year, period = release_period(doc)
    if (line := header_dateline(doc)) is not None:  # the header's facts, where no "发布单位：" line gave them
        doc = replace(doc, publisher=doc.publisher or line[1], published=doc.published or line[2])
    # a period without a year takes it from the document's own dateline, else from ``published``;
    # a ``published`` that disagrees with the dateline is said on every proposal
    dateline = doc.published or published
    said = (Issue("published_disagrees", {"given": published, "dateline": doc.published}),) if (
        published and doc.published and published != doc.published) else ()
    proposals: list[Proposal] = []
    sentences = with_figures = 0
    title_status = _status(doc.title or "")
    subject, at = "", 0  # a sentence without a subject continues the one before in its paragraph
    notes = note_paragraphs(doc)
    places = _Places(regions, sorted(regions, key=len, reverse=True))
    for s in doc.sentences():
        if s.paragraph in notes:
            continue
        sentences += 1
        figures = read_sentence(s.text, period=period, subject=subject if s.paragraph == at else "")
        if figures:
            subject, at = figures[-1].subject, s.paragraph
        with_figures += bool(figures)
        position = {"paragraph": s.paragraph, "sentence": s.sentence} | ({"page": s.page} if s.page else {})
        for f in figures:
            proposals.extend(_proposals(f, s.text, position, region, places, (year, dateline),
                                        _status(s.text) or title_status))
    for table in doc.tables:
        for cell in read_table(table, period):
            quote = " | ".join(x for x in (cell.figure.subject, cell.label, cell.figure.written) if x)
            proposals.extend(_proposals(cell.figure, quote,
                                        {"table": cell.table, "row": cell.row, "column": cell.column},
                                        region, places, (year, dateline), title_status))
    proposals = [replace(p, issues=(*p.issues, *said)) for p in proposals]
    return Extraction(source, publisher or doc.publisher, doc.title, published or doc.published, region, year,
                      period, _once(proposals), sentences, with_figures)


def note_paragraphs(doc: Document) -> set[int]:
    """Paragraphs (1-based) that are notes, not statements of the release: every one after a notes
    heading (附注, 来源 …) that follows the body (a "来源" in a page's header is not one; PDF text
    may space characters out), and any that opens with 注：, 资料来源：, 依据： and the like."""
    notes: set[int] = set()
    body = False  # a heading counts only after a paragraph with a figure
    for number, paragraph in enumerate(doc.paragraphs, start=1):
        text = re.sub(r"\s+", "", paragraph)
        if body and _NOTES_HEADING.fullmatch(text):
            return notes | set(range(number, len(doc.paragraphs) + 1))
        if _NOTE.match(text):
            notes.add(number)
        body = body or bool(re.search(r"\d", text))
    return notes


def _once(proposals: list[Proposal]) -> tuple[Proposal, ...]:
    """Each figure once: a figure stated again (in a table after the text) keeps its first place.

    Two different values under one key both stay, each flagged, for the reviewer to choose.
    """
    first: dict[tuple[str | None, ...], Proposal] = {}
    out = []
    for p in proposals:
        key = (p.indicator_id or p.name, p.kind, p.region_code, p.period)
        seen = first.get(key)
        if seen is not None and seen.value == p.value:
            continue
        if seen is not None:
            flag = Issue("release_conflict", {"value": f"{seen.value:g}"})
            p = replace(p, issues=(*p.issues, flag))
        first.setdefault(key, p)
        out.append(p)
    return tuple(out)


def _status(text: str) -> str | None:
    return next((status for word, status in _STATUS if word in text), None)


def resolve_period(text: str | None, year: int | None, single_month: bool,
                   dateline: date | None = None) -> tuple[str | None, Issue | None]:
    """The canonical period of a figure, or the issue that leaves it open (ambiguous, no year).

    A period without a year, in a release without one, is the latest such period ended by the
    ``dateline`` (全年 dated 2022-01-20 is 2021), and says so; without a dateline it stays open.
    """
    if not text:
        return None, Issue("period_missing")
    dated: Issue | None = None
    try:
        parsed = parse_release_period(text, year).period
    except PacesetterError as exc:
        if year is not None or dateline is None or _YEAR.search(text):
            return None, Issue("period_open", {"text": text, "why": exc})
        try:
            parsed = parse_release_period(text, dateline.year).period
            if (parsed.end_year, parsed.end_month) > (dateline.year, dateline.month):
                parsed = parse_release_period(text, dateline.year - 1).period
        except PacesetterError as again:
            return None, Issue("period_open", {"text": text, "why": again})
        dated = Issue("year_from_dateline", {"year": parsed.end_year, "dateline": dateline})
    if single_month and parsed.kind != "month":
        parsed = Period.month(parsed.end_year, parsed.end_month)
    return str(parsed), dated


def _region(said: str | None, own: str, regions: Mapping[str, str]) -> str | None:
    """The code of a region named in passing: 全国 the nation, 全省 the release's province, else by name."""
    if said is None:
        return own
    if said == "全国":
        return NATION
    if said == "全省":
        return own[:2] + "0000"
    return next((regions[n] for n in (said, f"{said}市", f"{said}省") if n in regions), None)


@dataclass(frozen=True)
class _Places:
    """The store's region names → codes, and the names longest first (黄岛区 before 黄岛)."""

    codes: Mapping[str, str]
    longest_first: list[str]


def _other_place(subject: str, places: _Places) -> tuple[str, str | None, str] | None:
    """The other place a figure's name opens with: its name, its code (None: not in the store) and
    the name without it; None when the name opens with no place (or is a catalogue name as a whole)."""
    if not subject or catalogue.match(subject, "level").known:
        return None
    for name in places.longest_first:
        if subject.startswith(name) and len(subject) > len(name):
            return name, places.codes[name], subject[len(name):]
    m = _PLACE.match(subject)
    if m and m.group() not in _NO_PLACE and catalogue.match(subject[m.end():], "level").known:
        return m.group(), None, subject[m.end():]
    return None


def _proposals(f: Figure, quote: str, position: Mapping[str, int], region: str, places: _Places,
               dated: tuple[int | None, date | None], status: str | None) -> Iterable[Proposal]:
    """The proposal of one figure, and of the pp change it states where the catalogue has that series;
    ``dated``: the release's year and dateline."""
    year, dateline = dated
    placed: list[Issue] = []
    if f.region is None and (other := _other_place(f.subject, places)):
        said, other_code, subject = other
        f = replace(f, subject=subject, region=said)
        placed.append(Issue("other_place", {"name": said, "code": other_code}) if other_code
                      else Issue("other_place_unknown", {"name": said}))
    if f.sign_doubled:
        shown = f"{f.value:.{max(f.decimals, 0)}f}"
        placed.append(Issue("sign_doubled", {"written": f.written, "value": shown}))
    period, issue = resolve_period(f.period, year, f.single_month, dateline)
    month = period is not None and "-" in period and ".." not in period
    kind = _KIND.get(f.kind, f.kind)
    if kind == "growth" and f.month_on_month:
        kind = "growth_mom"  # 环比: its own series, never the year-on-year one
    elif kind in ("growth", "pp_change") and month:
        kind += "_month"
    name = f"{f.subject}两年平均" if f.kind == "two_year_average" else f.subject
    m = catalogue.match(name, kind, f.against)  # type: ignore[arg-type]
    if kind == "level" and month and (flow := catalogue.match(name, "level_month")).indicator_id:
        m, kind = flow, "level_month"  # 8月份社会消费品零售总额: the month's own series where there is one
    if f.kind == "share" and not m.known:
        m = replace(m, name=f"{f.subject}占{f.against}比重" if f.against else f"{f.subject}比重")
    if f.kind == "pull" and not m.known:
        m = replace(m, name=f"{f.subject}拉动{f.against or ''}")
    if m.indicator_id and period and not catalogue.holds(m.indicator_id, period):
        m = replace(m, indicator_id=None)  # 其中8月份 of a year-to-date series: proposed as new
    if m.indicator_id:  # the series' own name: 地区生产总值增速 for the growth, not the level's 地区生产总值
        m = replace(m, name=indicator_name(m.indicator_id, m.name))
    code = _region(f.region, region, places.codes)
    unknown = None if code or (placed and placed[0].key == "other_place_unknown") else Issue(
        "region_unknown", {"name": f.region})
    issues = tuple(i for i in (issue, unknown, None if f.subject else Issue("subject_missing"), *placed) if i)
    base = Proposal(m.indicator_id, m.name, kind, code, f.region, period, f.value, f.unit, f.decimals,
                    f.written, quote, position, status or "not_stated", f.approximate, f.relations, issues)
    yield base
    pp_kind = "share_change" if kind == "share" else "pp_change_month" if month else "pp_change"
    current = Period.parse(period) if period else None
    for r in f.relations:
        before = earlier_period(r.against, current, year) if current else None
        if r.change is not None and current and before and _is_change_series(kind, current, before):
            pp = catalogue.match(f.subject, pp_kind, f.against)  # type: ignore[arg-type]
            if pp.indicator_id:
                yield replace(base, indicator_id=pp.indicator_id,
                              name=indicator_name(pp.indicator_id, base.name), kind=pp_kind, value=r.change,
                              unit="个百分点", decimals=r.decimals, written=r.written, relations=(r,))


def indicator_name(indicator_id: str, published: str) -> str:
    """The catalogue's Chinese name of ``indicator_id`` (``published`` where it has none)."""
    return _indicator_names().get(indicator_id, published)


@cache
def _indicator_names() -> dict[str, str]:
    from pacesetter.data.catalogue import catalogue as indicators

    return {str(e["id"]): str(e["name_zh"]) for e in indicators() if e.get("name_zh")}


def _is_change_series(kind: str, current: Period, before: Period) -> bool:
    """Whether a pp change against ``before`` is the catalogue's change series: a rate's against an
    earlier period of its year (1-7月份, 上月), a share's against an earlier year; never a rate's
    against last year (上年同期, 比2023年 after 一季度)."""
    if kind == "share":
        return before.kind == "year"
    return (kind in ("growth", "growth_month") and before.kind != "year"
            and (current.kind == "month" or before.end_year == current.end_year))


def earlier_period(against: str, current: Period, year: int | None) -> Period | None:
    """The earlier period a comparison names: 上月, 7月当月, 1-7月份, 上半年, 一季度 (in the current
    year), 2023年, 上年全年."""
    text = re.sub(r"当月$", "", against.strip())
    if text == "上月":
        return current.previous(jan_feb_combined=False)
    if text in ("上年全年", "上年"):
        return Period.parse(str(current.end_year - 1))
    try:
        earlier = parse_release_period(text, year or current.end_year).period
    except PacesetterError:
        return None
    if current.kind == "ytd" and earlier.kind == "quarter" and earlier.start_month == 1:
        earlier = Period.ytd(earlier.end_year, earlier.end_month)
    return earlier if earlier < current else None
