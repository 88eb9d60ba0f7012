"""A release sentence read into figures with the release grammar (grammar.yaml).

A sentence such as "1-8月份，全市规模以上工业增加值同比增长3.6%，比1-7月份加快0.3个百分点；
装备制造业增加值增长8.0%，快于规模以上工业3.3个百分点，拉动规上工业增长4.1个百分点" is cut into
clauses at its commas and semicolons; each clause names (or inherits) a subject, a period and a
region, and states figures (level, growth, share, contribution share, pull, two-year average,
ratio) and relations to other figures (a change in 个百分点 against an earlier period, against
another indicator or region, 由…转为…). Figures are returned as published: the number's
decimals are kept, 下降 makes it negative, 倍 is multiplied into % (增长1.2倍 is +120 %), and an
amount keeps its unit as written (万亿元, 亿元, 万元). A sign written on the number is kept
(增长-3.5% is -3.5, 数量为-12家 is -12); 下降-2.0% is read as written (+2.0) and marked
``sign_doubled`` for a reviewer. Nothing is computed from other figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

import opencc

from pacesetter.release.grammar import Grammar, grammar

_NUM = r"\d+(?:\.\d+)?"
_SIGN = r"[-－−]"  # a minus written on a number (ASCII, full-width, the minus sign)
# a number with the minus written on it; never the dash of a range (3-5个, 1-8月)
_SIGNED = rf"(?:(?<![\d.]){_SIGN})?{_NUM}"
# a period as written, with the year it may carry (1-8月份, 1至8月, 前7个月, 上半年, 8月份, 年末)
PERIOD = (r"(?:\d{4}年)?(?:\d{1,2}\s*[-—–－~～至]\s*\d{1,2}月份?|前[一二三四五六七八九十\d]{1,2}个月"
          r"|前三季度|上半年|第?[一二三四]季度(?:单季)?|全年|年末|年底|\d{1,2}月份?)|\d{4}年(?:末|底)?(?!\d)")
_PERIOD_RE = re.compile(PERIOD)
# an index's base in brackets (grammar.yaml kinds.index markers): （上月=100）
_BASE = r"[（(](?P<base>上月=100|上年同月=100|上年同期=100|上年=100)[）)]"
# a clause ends at a comma or semicolon (a colon between digits belongs to a ratio)
_CLAUSE = re.compile(r"[，,；;]|[:：](?!\d)")
# words naming a region in passing; 全市/本市 is the document's own region
NATION = ("全国",)
PROVINCE = ("全省",)
OWN = ("全市", "本市", "全区")
# (a comparison is no region: 快于全省 compares with the province)
_REGION = re.compile(r"^(全国|全省|全市|本市|全区|(?![快慢高低]于|比|较)[一-龥]{2,7}?(?:省|自治区))")
_STOP = re.compile(
    r"同比|环比|比上年|比|较|与|增长|下降|上涨|增加(?!值)|减少|持平|占|比重|占比|贡献率|拉动|上拉|拉升|拉高|下拉|拖累"
    r"|两年平均|分别|实现|完成|达到|达|为|\d|由|转为|首次|快于|慢于|高于|低于|继续|保持|累计|共(?!预算)|约|超过|逾|近"
    # a remark on how the figure is computed ends the subject (地区生产总值按不变价格计算，同比增长…)
    r"|按(?:不变|可比)价格?计算|按现价计算|按可比口径计算")


@dataclass(frozen=True)
class Relation:
    """A stated comparison: a change in 个百分点 (signed; None when only the state is named)
    against an earlier period, another indicator or another region, and its direction word."""

    against: str  # the earlier period, the other indicator or the region, as written
    kind: str  # earlier_period, other_indicator, other_region, preliminary, year_end
    direction: str  # a grammar change word: up, down, flat, turned_positive, decline_narrowed, ...
    change: float | None
    earlier_value: float | None = None  # "由1-7月下降1.3%转为增长1.5%": -1.3
    written: str = ""
    decimals: int = 1  # of the change as published ("回落2个百分点": 0)


@dataclass(frozen=True)
class Figure:
    """One figure a sentence states, as published, with the relations stated about it."""

    subject: str
    kind: str  # a grammar clause kind: level, growth, share, contribution_share, pull, ...
    value: float
    unit: str
    decimals: int
    written: str  # the figure as written: 下降3.2%, 1.2倍, 14136.46亿元
    period: str | None = None  # the period text the clause names or inherits
    region: str | None = None  # a region named in passing (全国, 全省, 山东省); None: the document's
    approximate: bool = False
    single_month: bool = False  # 当月 said
    month_on_month: bool = False  # 环比 said: against the month before, not the same month last year
    relations: tuple[Relation, ...] = field(default=())
    against: str | None = None  # share: of what; pull: on what
    sign_doubled: bool = False  # 下降-2.0%: a minus after a word of decline, read as written (+2.0)


# traditional characters (as mirrors in Hong Kong and Taiwan print releases) → simplified, by
# OpenCC's phrase-aware table, so a figure reads the same in either script
_TO_SIMPLIFIED = opencc.OpenCC("t2s")
# footnote marks ([2], ①, (3) before a number) and the pinyin some mirrors print after a character
_FOOTNOTE = re.compile(r"\[\d{1,2}\]|[①②③④⑤⑥⑦⑧⑨⑩]|\(\d{1,2}\)(?=[\d一-龥])"
                       r"|\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)")
_GROUPED = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
# (also beside full-width punctuation: a PDF's "指 数 （ PMI ） 为")
_SPACED = re.compile(r"(?<=[\d一-龥.%])\s+(?=[\d一-龥.%])|(?<=[\u3000-\u303f\uff00-\uffef])\s+"
                     r"|\s+(?=[\u3000-\u303f\uff00-\uffef])")


def normalise(sentence: str) -> str:
    """A sentence as the patterns read it: simplified characters, no footnote marks, thousands
    separators or spaces between characters (a PDF's spaced-out text). The quote keeps the original."""
    text = _FOOTNOTE.sub("", _TO_SIMPLIFIED.convert(sentence))
    return _GROUPED.sub("", _SPACED.sub("", text))


@dataclass
class _State:
    subject: str = ""
    period: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class _Words:
    up: str
    down: str
    flat: str
    changes: tuple[tuple[str, str], ...]  # (word, direction), longest first
    pulls_down: tuple[str, ...]
    pulls: str
    approx: tuple[str, ...]
    others_up: tuple[str, ...]
    others: str
    turns: str  # 由负转正, 由降转增, 由正转负 …


def _alt(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _words() -> _Words:
    g: Grammar = grammar()
    up = (*g.verb_words("growth", "up"), *g.verb_words("price", "up"))
    down = (*g.verb_words("growth", "down"), *g.verb_words("price", "down"))
    changes = [(w, d) for d in g.directions for w in g.change_words(d)]
    changes += [("收窄", "decline_narrowed"), ("扩大", "decline_widened")]
    changes.sort(key=lambda p: len(p[0]), reverse=True)
    pulls = (*g.verb_words("pull", "up"), *g.verb_words("pull", "down"), "影响")
    other = g.comparisons.other_indicator
    return _Words(_alt(up), _alt(down), _alt(g.verb_words("growth", "flat")), tuple(changes),
                  tuple(g.verb_words("pull", "down")), _alt(pulls), tuple(g.approximate),
                  tuple(other.up), _alt((*other.up, *other.down)),
                  _alt((*g.change_words("turned_positive"), *g.change_words("turned_negative"))))


def _decimals(number: str) -> int:
    return len(number.split(".")[1]) if "." in number else 0


def _numbers(text: str) -> list[tuple[str, str]]:
    """Each number of a list as written ("3.9个和1.4", "2.3倍和1.1倍") with its unit (the last one given)."""
    items = re.findall(rf"({_SIGNED})\s*(%|％|倍|个百分点|个)?", text)
    last = next((u for _, u in reversed(items) if u and u != "个"), "")
    return [(n, u if u and u != "个" else last) for n, u in items]


def _signed(number: str) -> float:
    """A number as written, its minus (ASCII, full-width or the minus sign) kept."""
    return float(re.sub(_SIGN, "-", number))


def _percent(number: str, unit: str) -> tuple[float, str, int]:
    """A rate as written into %: 1.2倍 is 120 % (two decimals fewer), 4% stays 4, -3.5% stays -3.5."""
    if unit == "倍":
        return round(_signed(number) * 100, 10), "%", max(_decimals(number) - 2, 0)
    return _signed(number), "%", _decimals(number)


def _split_subjects(subject: str) -> list[str]:
    """"工业机器人、集成电路产量" → [工业机器人产量, 集成电路产量]: a shared last word is carried over."""
    parts = [p for p in re.split(r"、|和|及", subject) if p]
    if len(parts) < 2:
        return [subject]
    tail = re.search(r"(产量|增加值|投资|销售额|零售额|收入|产值)$", parts[-1])
    if tail:
        parts = [p if p.endswith(tail.group()) else p + tail.group() for p in parts]
    return parts


def read_sentence(sentence: str, *, period: str | None = None, subject: str = "") -> list[Figure]:
    """The figures a sentence states, in order; ``period``: the release's, where a clause names none;
    ``subject``: the one the sentence before ended with ("其中，8月份增长5.0%" continues it)."""
    w = _words()
    state = _State(subject=subject, period=period)
    figures: list[Figure] = []
    pending: list[Relation] = []  # a sign change named before its figure ("增速由负转正，增长5.1%")
    for clause in _clauses(normalise(sentence)):
        for item in _clause(clause, state, w):
            if isinstance(item, Figure):
                figures.append(replace(item, relations=(*pending, *item.relations)))
                pending = []
            elif item.change is None and item.earlier_value is None:
                pending.append(item)
            elif figures:  # a comparison is about the figure stated last (in this clause or before);
                # 快于/慢于 compares speeds: the last rate ("增长7.1%，占…比重46.6%，快于规上工业3.3个百分点")
                at = _last_rate(figures) if item.written.startswith(("快于", "慢于")) else len(figures) - 1
                figures[at] = replace(figures[at], relations=(*figures[at].relations, item))
            else:  # a change stated alone ("比1-7月份加快0.1个百分点")
                figures.append(Figure(state.subject, "pp_change", item.change or 0.0, "个百分点",
                                      item.decimals, item.written, state.period, state.region,
                                      relations=(item,)))
    if pending and figures:
        figures[-1] = replace(figures[-1], relations=(*figures[-1].relations, *pending))
    return [replace(f, written=as_written(f.written, sentence)) for f in figures]


def as_written(read: str, sentence: str) -> str:
    """``read`` (found in the sentence :func:`normalise` made) quoted as ``sentence`` writes it, its
    thousands separators and spaces kept (1,365.2亿元, not 1365.2亿元); as read where not found."""
    if not read or read in sentence:
        return read
    gap = r"[,，\s\u3000]*"
    m = re.search(gap.join(re.escape(ch) for ch in read), sentence)
    return m.group() if m else read


def _last_rate(figures: list[Figure]) -> int:
    """The index of the last growth rate among ``figures`` (else the last figure)."""
    rates = [i for i, f in enumerate(figures) if f.kind in ("growth", "two_year_average")]
    return rates[-1] if rates else len(figures) - 1


def _clauses(sentence: str) -> list[str]:
    """The clauses of a sentence; a list "A、B分别增长x%和y%" stays whole."""
    return [c.strip() for c in _CLAUSE.split(sentence.rstrip("。！？")) if c.strip()]


def _lead(clause: str, state: _State) -> tuple[str, str]:
    """Read the clause's leading period and region into ``state``; the rest of the clause, and its subject."""
    rest = clause
    while True:
        if rest.startswith("其中"):  # 其中8月份79.7亿元: a part of the figure before, in its own period
            rest = rest[2:].lstrip("：:，, ")
            continue
        m = _PERIOD_RE.match(rest)
        if m and m.group():
            state.period = m.group()
            rest = rest[m.end():].lstrip("，, ")
            continue
        r = _REGION.match(rest)
        if r:
            name = r.group(1)
            state.region = None if name in OWN else name
            rest = rest[r.end():]
            continue
        break
    # 全市实现地区生产总值3516.4亿元: a verb before the subject (第一产业实现增加值 keeps it after)
    if verb := re.match(r"(?:实现|完成)(?=[^\d])", rest):
        rest = rest[verb.end():]
    stop = _STOP.search(rest)
    subject = rest[: stop.start()] if stop else ""
    subject = re.sub(r"^(其中[:：]?|全年|当月|月度|同期)", "", subject)  # 全国同期增长3.9%: the same subject
    subject = re.sub(r"[（(](?:上月|上年同月|上年同期|上年)=?$", "", subject).strip("的 ")
    if (inside := _PERIOD_RE.search(subject)) and inside.group():  # 地区生产总值前三季度增长…
        state.period = inside.group()
        subject = subject.replace(inside.group(), "")
    return rest, subject


def _clause(clause: str, state: _State, w: _Words) -> list[Figure | Relation]:
    """Figures and relations of one clause, in the order written; the state carries the subject on."""
    region_before = state.region
    rest, subject = _lead(clause, state)
    if subject:
        state.subject = subject
        if state.region == region_before and not clause.startswith(("全国", "全省")):
            state.region = None if _REGION.match(clause) is None else state.region
    single = "当月" in clause
    mom = "环比" in clause
    out: list[tuple[int, str, Figure | Relation]] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    def take(m: re.Match[str]) -> None:
        taken.append((m.start(), m.end()))

    def figure(subject: str, kind: str, value: float, unit: str, decimals: int, written: str,
               at: int, against: str | None = None, doubled: bool = False) -> None:
        approx = any(a in rest[max(at - 3, 0): at + len(written) + 3] for a in w.approx)
        out.append((at, "figure", Figure(subject or state.subject, kind, value, unit, decimals, written,
                                          state.period, state.region, approx, single, mom, (), against,
                                          doubled)))

    # 由1-7月下降1.3%转为增长1.5%: the earlier figure is a relation, the later one the figure
    for m in re.finditer(rf"由(?P<p>{PERIOD})?的?(?P<v1>{w.up}|{w.down})(?P<n1>{_NUM})(?P<u1>%|％)"
                         rf"转为(?P<v2>{w.up}|{w.down})(?P<n2>{_NUM})(?P<u2>%|％|倍)", rest):
        take(m)
        value, unit, dec = _percent(m["n2"], m["u2"])
        sign2 = -1 if re.fullmatch(w.down, m["v2"]) else 1
        sign1 = -1 if re.fullmatch(w.down, m["v1"]) else 1
        figure("", "growth", sign2 * value, unit, dec, m.group()[m.group().index("转为") + 2:], m.start())
        direction = "turned_positive" if sign2 > 0 > sign1 else "turned_negative" if sign1 > 0 > sign2 else (
            "up" if sign2 * value >= sign1 * float(m["n1"]) else "down")
        out.append((m.start() + 1, "relation", Relation(m["p"] or "", "earlier_period", direction, None,
                                                          sign1 * float(m["n1"]), m.group())))
    # 比1-7月份加快0.3个百分点, 降幅比1-3月份收窄2.6个百分点, 比上年末提高0.99个百分点,
    # 分别提高3.9个和1.4个百分点
    changes = _alt(tuple(c for c, _ in w.changes))
    pps = rf"(?P<nums>{_NUM}个?(?:(?:、|和|及){_NUM}个?)*)个?百分点"
    # (then 增速回落2个百分点, 比重提高0.5个百分点: the earlier period unnamed, the one before)
    for pattern in (rf"(?P<fam>降幅|涨幅|增速|增幅)?(?:比|较)(?P<against>[^，,；;]*?)(?P<fam2>降幅|涨幅)?"
                    rf"(?P<word>{changes})了?{pps}", rf"(?P<fam>降幅|涨幅)?(?P<word>{changes})了?{pps}"):
        for m in re.finditer(pattern, rest):
            if free(m):
                take(m)
                out.extend((m.start(), "relation", r) for r in _changes(m, w))
    # 与上半年持平 / 增速与上年持平
    for m in re.finditer(r"(?:增速|增幅)?(?:与|和|同(?!比))(?P<against>[^，,；;]*?)持平", rest):
        if free(m) and m["against"] and not m["against"].startswith(("上年同期", "去年同期")):
            take(m)
            out.append((m.start(), "relation", Relation(m["against"], _against_kind(m["against"]), "flat",
                                                          0.0, None, m.group(), 0)))
    # 快于规模以上工业3.3个百分点, 分别高于全国、全省1.7和0.3个百分点
    # (高于2023年同期: a year may open what is compared with)
    for m in re.finditer(rf"(?P<word>{w.others})(?P<against>(?:\d{{4}}年)?[^\d，,；;]+?)(?:增速|增幅)?{pps}",
                         rest):
        if not free(m):
            continue
        take(m)
        againsts = [a for a in re.split(r"、|和|及", m["against"]) if a]
        numbers = _numbers(m["nums"])
        if len(againsts) != len(numbers):
            againsts = [m["against"]] * len(numbers)
        sign = 1.0 if m["word"] in w.others_up else -1.0
        for against, (number, _) in zip(againsts, numbers, strict=True):
            out.append((m.start(), "relation", Relation(against, _against_kind(against),
                                                          "up" if sign > 0 else "down", sign * float(number),
                                                          None, m.group(), _decimals(number))))
    # 分别快4.6和3.1个百分点 (what is compared with named before)
    for m in re.finditer(rf"分别(?P<word>快|慢|高|低){pps}", rest):
        if free(m):
            take(m)
            sign = 1.0 if m["word"] in "快高" else -1.0
            out.extend((m.start(), "relation", Relation("", "other_indicator", "up" if sign > 0 else "down",
                                                          sign * float(n), None, m.group(), _decimals(n)))
                       for n, _ in _numbers(m["nums"]))
    # 拉动规上工业增长4.1个百分点, 下拉0.3个百分点, 拉动CPI上涨约1.32个百分点
    for m in re.finditer(rf"(?P<verb>{w.pulls})(?P<on>[^\d，,；;约]*?)(?P<dir>{w.up}|{w.down})?约?"
                         rf"(?P<num>{_NUM})个百分点", rest):
        if not free(m):
            continue
        take(m)
        down = m["verb"] in w.pulls_down or bool(m["dir"] and re.fullmatch(w.down, m["dir"]))
        figure("", "pull", (-1 if down else 1) * float(m["num"]), "个百分点", _decimals(m["num"]),
               m.group(), m.start(), m["on"] or None)
    # 贡献率为78.5%
    for m in re.finditer(rf"贡献率(?:为|达到|达)?(?P<num>{_NUM})(?:%|％)", rest):
        if free(m):
            take(m)
            figure("", "contribution_share", float(m["num"]), "%", _decimals(m["num"]), m.group(), m.start())
    # 占规上工业比重为48.5%, 占比48.5%, 占限额以上零售额的9.4%
    for m in re.finditer(rf"(?:占(?P<of>[^，,；;\d]*?)(?:的)?(?:比重|比例)?|比重|占比|强度|增长面)"
                         rf"(?:为|达到|达|提高到|提升至|升至)?(?P<num>{_NUM})(?:%|％)", rest):
        if free(m):
            take(m)
            figure("", "share", float(m["num"]), "%", _decimals(m["num"]), m.group(), m.start(),
                   (m["of"] or "").strip("的") or None)
    # 制造业采购经理指数（PMI）为49.5%: an index read as published (in %, not a rate);
    # 价格指数（上月=100）为99.8: in its base
    for m in re.finditer(rf"(?:指数|PMI[）)]?)(?:{_BASE})?(?:为|是)(?P<num>{_NUM})(?:%|％)?", rest):
        if free(m):
            take(m)
            written = m.group()[m.start("num") - m.start():]
            figure("", "index", float(m["num"]), m["base"] or "%", _decimals(m["num"]), written, m.start())
    # 三次产业结构为3.3:35.9:60.8
    for m in re.finditer(rf"(?P<a>{_NUM})\s*[:∶︰：]\s*(?P<b>{_NUM})\s*[:∶︰：]\s*(?P<c>{_NUM})", rest):
        if free(m):
            take(m)
            for name, number in zip(("第一产业增加值", "第二产业增加值", "第三产业增加值"),
                                    (m["a"], m["b"], m["c"]), strict=True):
                figure(name, "share", float(number), "%", _decimals(number), m.group(), m.start(),
                       "地区生产总值")
    # 增长3.6%, 下降3.2%, 分别增长2.3倍和1.1倍, 两年平均增长6.7%
    rate = rf"{_SIGNED}\s*(?:%|％|倍)?"
    for m in re.finditer(rf"(?P<two>两年平均)?(?P<verb>{w.up}|{w.down})了?(?:约|…+)?"
                         rf"(?P<nums>{rate}(?:(?:、|和|及){rate})*(?<=%|％|倍))", rest):
        if not free(m):
            continue
        take(m)
        sign = -1 if re.fullmatch(w.down, m["verb"]) else 1
        numbers = _numbers(m["nums"])
        subjects = _split_subjects(state.subject) if len(numbers) > 1 else [state.subject]
        if len(subjects) != len(numbers):
            subjects = [state.subject] * len(numbers)
        for subject_i, (number, written) in zip(subjects, numbers, strict=True):
            value, unit, dec = _percent(number, written)
            figure(subject_i, "two_year_average" if m["two"] else "growth", sign * value if value else 0.0,
                   unit, dec, m["verb"] + number + written, m.start(), doubled=sign < 0 and value < 0)
    # 增速为3.9%, 增幅达到了9.2%
    for m in re.finditer(rf"(?P<two>两年平均)?(?:增速|增幅)(?:为|是|达到了?|达)?(?P<num>{_NUM})(?:%|％)",
                         rest):
        if free(m):
            take(m)
            figure("", "two_year_average" if m["two"] else "growth", float(m["num"]), "%",
                   _decimals(m["num"]), m.group(), m.start())
    # 增速由负转正, 由降转增 (the state named without a figure; 转为下降3.2% is the figure itself)
    for m in re.finditer(rf"(?:{w.turns})(?![\d增下])", rest):
        if free(m):
            take(m)
            out.append((m.start(), "relation", Relation("", "earlier_period", _direction(m.group(), w), None,
                                                          None, m.group(), 0)))
    # 同比持平, CPI持平, 两年平均持平
    for m in re.finditer(rf"(?P<two>两年平均)?(?:同比|比上年|环比)?(?:{w.flat})", rest):
        if free(m) and not out:
            take(m)
            figure("", "two_year_average" if m["two"] else "growth", 0.0, "%", 0, m.group(), m.start())
    # 14136.46亿元, 1.2万亿元, 23个 (an amount: its unit as written; also 亿 / 万亿 without 元)
    amounts = [u for u in grammar().unit_texts() if u not in ("%", "％", "个百分点", "倍")]
    units = _alt((*amounts, "万亿", "亿"))
    change = rf"(?:{w.up}|{w.down}|多增|少增|比年初)(?!值)[^\d，,；;]{{0,2}}"
    amount = rf"(?:约|近|超过|逾)?(?P<num>{_SIGNED})(?P<unit>{units})(?!\d|百分点)"
    for m in re.finditer(rf"(?P<pre>{change})?{amount}", rest):
        if not free(m) or m["pre"]:
            continue  # an increase in an amount (增加500亿元) is a change, not a level
        take(m)
        figure("", "level", _signed(m["num"]), m["unit"], _decimals(m["num"]), m["num"] + m["unit"],
               m.start())
    out.sort(key=lambda item: item[0])
    return [item for _, _, item in out]


_RISING = ("up", "decline_narrowed", "rise_widened", "turned_positive")
# an earlier period with its value: 一季度的-7%, 1-7月份的3.3%
_EARLIER_VALUE = re.compile(rf"(?P<against>.+?)的(?P<value>-?{_NUM})(?:%|％)")


def _changes(m: re.Match[str], w: _Words) -> list[Relation]:
    """The changes in 个百分点 a comparison states, one per number, signed by its direction word."""
    found = m.groupdict()
    family = next((f for f in (found.get("fam"), found.get("fam2")) if f in ("降幅", "涨幅")), "")
    word = family + m["word"] if family and m["word"] in ("收窄", "扩大", "回落") else m["word"]
    direction = _direction(word, w)
    sign = 1.0 if direction in _RISING else -1.0
    against = found.get("against") or ""
    earlier = None
    if stated := _EARLIER_VALUE.fullmatch(against):
        against, earlier = stated["against"], float(stated["value"])
    kind = _against_kind(against) if against else "earlier_period"
    return [Relation(against, kind, direction, sign * float(n), earlier, m.group(), _decimals(n))
            for n, _ in _numbers(m["nums"])]


def _direction(word: str, w: _Words) -> str:
    """The grammar direction of a change word (加快 → up, 降幅收窄 → decline_narrowed)."""
    if word in ("降幅收窄",):
        return "decline_narrowed"
    if word in ("降幅扩大",):
        return "decline_widened"
    if word in ("涨幅扩大",):
        return "rise_widened"
    if word in ("涨幅回落", "涨幅收窄"):
        return "rise_narrowed"
    return next((d for c, d in w.changes if c == word), "up")


def _against_kind(against: str) -> str:
    """What a comparison is against: an earlier period, a region, the preliminary figure, an indicator."""
    text = against.strip()
    if "初步核算" in text:
        return "preliminary"
    if re.search(r"上年末|年初", text):
        return "year_end"
    if re.fullmatch(rf"(?:上月|上年|上年同期|上年同月|上年全年|{PERIOD})(?:当月|同期|全年|的)?", text):
        return "earlier_period"
    if _REGION.fullmatch(text) or re.fullmatch(r"[一-龥]{2,4}(?:省|市)", text):
        return "other_region"
    return "other_indicator"
