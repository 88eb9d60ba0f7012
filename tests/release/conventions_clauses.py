"""The example clauses of ``shared/data/bulletins/CONVENTIONS.md``, each with its origin (the page
cited there, or the section when it cites none) and the figures it states, computed by hand.

``figures``: (kind, value, unit, decimals) of each figure in the order written; a change in pp
stated without its figure is a ``pp_change`` figure. ``relations``: (direction, signed change in
pp, earlier value) of every comparison, in order. ``part``/``written``: where the grammar can
write the clause, the part of it that compose writes and how (the quote's ASCII commas read as
the bulletin's ，). Fragments that state no figure (ranges such as "1至8月份", number formats
such as "7.1和2.7个百分点" or "140.7%和467.5%" quoted without their verb, "影响CPI上涨约X个百分点")
are left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pacesetter.release.compose import (
    Change,
    Clause,
    Gap,
    Number,
    change_text,
    compose,
    gap_text,
    growth_text,
    sign_change_text,
)
from pacesetter.release.profile import shipped_profiles

PP = "个百分点"
Fig = tuple[str, float, str, int]
Rel = tuple[str, float | None, float | None]


@dataclass(frozen=True)
class Convention:
    """One quoted clause, where it comes from, what it states and how the grammar writes it."""

    section: str
    origin: str
    text: str
    figures: tuple[Fig, ...]
    relations: tuple[Rel, ...] = ()
    written: Callable[[], str] | None = None
    part: str = ""  # the part compose writes; empty: the whole text


def _change(
    direction: str, pp: float, against: str, decimals: int = 1, profile: str = "default", **kw: bool | str
) -> Callable[[], str]:
    return lambda: change_text(
        Change(direction, Number(pp, decimals), against, **kw),  # type: ignore[arg-type]
        "zh",
        shipped_profiles()[profile],
    )


def _g(value: float, decimals: int = 1) -> Fig:
    return ("growth", value, "%", decimals)


def _pp(value: float, decimals: int = 1) -> Fig:
    return ("pp_change", value, PP, decimals)


NBS_2019_08 = "tc.xfafinance.com/html/Economies/Economic_Data/2019/312630.shtml"
QD_2023_08 = "guanhai.com.cn/p/277913.html"
QD_2023_04 = "guanhai.com.cn/p/255777.html"
QD_2020 = "news.bandao.cn/a/381997.html"
NB_2020 = "daily.cnnb.com.cn/nbrb/html/2021-01/27/content_1259203.htm?div=-1"
HAINIU = "hainiu11.com/newscenter/native/city/20200925/t20200925_525275734.shtml"
MATCHBARK = "m.matchbark.com/news/content/Kind_Id/6/NewsId/21142.html"
ZHONGTOU = "m.zhongtouwang.com.cn/caijing/20220315/103246.html"
NBD = "m.nbd.com.cn/articles/2019-03-14/1310004.html"
QD_CPI = "aiborain.com/news_html/201712/20171212/news_20171212_2788860.shtml"
SECTION_13 = (
    "marketscreener.com NBS English releases Aug 2019 / Sep 2018 (…Industrial-Production-Operation-"
    "In-August-2019--29214828/; …in-September-2018--27450522/)"
)

CONVENTIONS: tuple[Convention, ...] = (
    # §1 Periods
    Convention(
        "§1",
        "CONVENTIONS §1 (no URL)",
        "8月份…同比增长4.4%",
        (_g(4.4),),
        written=lambda: growth_text(Number(4.4)),
        part="同比增长4.4%",
    ),
    Convention("§1", "CONVENTIONS §1 (no URL)", "6月当月同比增长17.9%", (_g(17.9),)),
    Convention("§1", QD_2023_08, "1-8月份…同比增长4.7%", (_g(4.7),)),
    Convention(
        "§1",
        QD_2023_04,
        "4月份,规模以上工业增加值同比增长9.6%",
        (_g(9.6),),
        written=lambda: compose(Clause("growth", "规模以上工业增加值", "4月份", Number(9.6)))[:-1],
    ),
    Convention(
        "§1",
        "CONVENTIONS §1 (no URL)",
        "比上月加快0.8个百分点",
        (_pp(0.8),),
        (("up", 0.8, None),),
        _change("up", 0.8, "上月", month=True),
    ),
    Convention(
        "§1",
        "fensifuwu.com/economics/a1e4c533c1de70c47d00f7f8a899517b.html",
        "较6月当月提高0.2个百分点",
        (_pp(0.2),),
        (("up", 0.2, None),),
        _change("up", 0.2, "6月当月", profile="ningbo", month=True),
    ),
    Convention(
        "§1",
        "ynkmhao.com/forum.php?mod=viewthread&ordertype=1&tid=1454165",
        "比上年同月加快0.5个百分点",
        (_pp(0.5),),
        (("up", 0.5, None),),
        _change("up", 0.5, "上年同月"),
    ),
    Convention(
        "§1",
        QD_2023_08,
        "比1-7月份加快0.1个百分点",
        (_pp(0.1),),
        (("up", 0.1, None),),
        _change("up", 0.1, "1-7月份"),
    ),
    Convention(
        "§1",
        QD_2023_04,
        "比一季度加快1.2个百分点",
        (_pp(1.2),),
        (("up", 1.2, None),),
        _change("up", 1.2, "一季度", profile="qingdao"),
    ),
    Convention(
        "§1",
        "dfljlh.com.cn/newsshow-132-601-1.html",
        "比上半年加快1.1个百分点",
        (_pp(1.1),),
        (("up", 1.1, None),),
        _change("up", 1.1, "上半年"),
    ),
    Convention(
        "§1",
        "neimenggu.baitongwang.com/zhanlan/2023/0823/35097.html",
        "较上半年加快0.2个百分点",
        (_pp(0.2),),
        (("up", 0.2, None),),
    ),
    Convention("§1", NB_2020, "增速比前三季度提高2.8个百分点", (_pp(2.8),), (("up", 2.8, None),)),
    Convention(
        "§1",
        QD_2020,
        "降幅比1-3月份收窄2.6个百分点",
        (_pp(2.6),),
        (("decline_narrowed", 2.6, None),),
        _change("decline_narrowed", 2.6, "1-3月份"),
    ),
    Convention(
        "§1",
        NB_2020,
        "增速较一季度的-7%回升了10.3个百分点,也较半年度和前三季度分别提高3.9个和1.4个百分点",
        (_pp(10.3),),
        (("up", 10.3, -7.0), ("up", 3.9, None), ("up", 1.4, None)),
    ),
    Convention(
        "§1",
        "tjgb.hongheiku.com/sjtjgb/45559.html",
        "比上年末提高0.99个百分点",
        (_pp(0.99, 2),),
        (("up", 0.99, None),),
        _change("up", 0.99, "上年末", 2, rate=True),
    ),
    # §2 Direction words
    Convention("§2", HAINIU, "增速比1-7月提高1.3个百分点", (_pp(1.3),), (("up", 1.3, None),)),
    Convention("§2", QD_2020, "比4月份回升8.8个百分点", (_pp(8.8),), (("up", 8.8, None),)),
    Convention("§2", NBS_2019_08, "增速比上月回落0.4个百分点", (_pp(-0.4),), (("down", -0.4, None),)),
    Convention(
        "§2",
        "finance.hebei.com.cn/system/2016/10/19/017452130.shtml",
        "增速与上半年持平",
        (_pp(0.0, 0),),
        (("flat", 0.0, None),),
    ),
    Convention(
        "§2",
        "925eat.com/news_html/201808/20180821/news_20180821_2852858.shtml",
        "与上半年持平",
        (_pp(0.0, 0),),
        (("flat", 0.0, None),),
        _change("flat", 0.0, "上半年"),
    ),
    Convention(
        "§2",
        QD_2020,
        "降幅比1-4月份收窄3.1个百分点",
        (_pp(3.1),),
        (("decline_narrowed", 3.1, None),),
        _change("decline_narrowed", 3.1, "1-4月份"),
    ),
    Convention(
        "§2", MATCHBARK, "降幅比1—6月份扩大0.6个百分点", (_pp(-0.6),), (("decline_widened", -0.6, None),)
    ),
    Convention("§2", QD_2020, "增速由负转正,增长5.1%", (_g(5.1),), (("turned_positive", None, None),)),
    Convention(
        "§2",
        HAINIU,
        "由1-7月下降1.3%转为增长1.5%",
        (_g(1.5),),
        (("turned_positive", None, -1.3),),
        lambda: sign_change_text(Number(1.5), Number(-1.3), "1-7月"),
    ),
    Convention(
        "§2", "tc.xfafinance.com/html/Economies/Economic_Data/2020/365604.shtml", "增速年内首次由负转正", ()
    ),
    Convention(
        "§2", "herich.com.cn/zixun/caijingshishi/2020-09-08/466882.html", "累计进出口增速首次由降转增", ()
    ),
    Convention("§2", MATCHBARK, "水利管理业投资下降0.3%,1—6月份为增长1.1%", (_g(-0.3), _g(1.1))),
    Convention(
        "§2", "8i8i8i.com/shandong/shandonggedi/20210112/4750896.shtml", "与去年同期持平", (_g(0.0, 0),)
    ),
    Convention(
        "§2",
        "aiborain.com/news_html/201712/20171212/news_20171212_2788860.shtml",
        "CPI同比持平",
        (_g(0.0, 0),),
    ),
    Convention("§2", "CONVENTIONS §2 (no URL)", "环比持平", (_g(0.0, 0),)),
    Convention(
        "§2",
        QD_2020,
        "由负转正,增长5.1%,比4月份回升8.8个百分点",
        (_g(5.1),),
        (("turned_positive", None, None), ("up", 8.8, None)),
    ),
    Convention(
        "§2",
        QD_CPI,
        "同比上涨2.6%,涨幅比10月回落0.2个百分点",
        (_g(2.6),),
        (("rise_narrowed", -0.2, None),),
        lambda: (
            growth_text(Number(2.6), family="price")
            + "，"
            + change_text(Change("down", Number(0.2), "10月", family="price"))
        ),
    ),
    Convention(
        "§2",
        "3g.163.com/news/article/FIOHB1MR0514989G.html",
        "分别高于全国、全省1.7和0.3个百分点",
        (_pp(1.7),),
        (("up", 1.7, None), ("up", 0.3, None)),
    ),
    Convention(
        "§2",
        "CONVENTIONS §2 (no URL)",
        "快于规模以上工业3.3个百分点",
        (_pp(3.3),),
        (("up", 3.3, None),),
        lambda: gap_text(Gap(Number(3.3), "规模以上工业")),
    ),
    Convention(
        "§2",
        "CONVENTIONS §2 (no URL)",
        "分别快4.6和3.1个百分点",
        (_pp(4.6),),
        (("up", 4.6, None), ("up", 3.1, None)),
    ),
    Convention("§2", QD_2020, "回落2个百分点", (_pp(-2.0, 0),), (("down", -2.0, None),)),
    Convention(
        "§2",
        "tech.jiangsulong.com/a/2020/0730/0I016403402020.html",
        "提升5个百分点",
        (_pp(5.0, 0),),
        (("up", 5.0, None),),
    ),
    Convention("§2", "CONVENTIONS §2 (no URL)", "拉动CPI上涨1.32个百分点", (("pull", 1.32, PP, 2),)),
    Convention(
        "§2",
        "CONVENTIONS §2 (no URL)",
        "增长1.1倍",
        (_g(110.0, 0),),
        written=lambda: growth_text(Number(110.0), yoy=False),
    ),
    Convention("§2", HAINIU, "工业机器人、集成电路…分别增长…1.4倍和1.1倍", (_g(140.0, 0), _g(110.0, 0))),
    Convention("§2", QD_2023_04, "分别增长2.3倍和1.1倍", (_g(230.0, 0), _g(110.0, 0))),
    Convention("§2", "finance.sc2p.com/finance/20220720/47010.html", "增长261.0%", (_g(261.0),)),
    # §3 Two-year average growth
    Convention(
        "§3",
        "CONVENTIONS §3 (no URL)",
        "同比增长13.8%,两年平均增长6.7%",
        (_g(13.8), ("two_year_average", 6.7, "%", 1)),
    ),
    Convention(
        "§3",
        "CONVENTIONS §3 (Qingdao, no URL)",
        "两年平均增长7.3%,比一季度加快0.4个百分点",
        (("two_year_average", 7.3, "%", 1),),
        (("up", 0.4, None),),
        lambda: compose(
            Clause(
                "two_year_average",
                "规模以上工业增加值",
                "上半年",
                Number(7.3),
                changes=(Change("up", Number(0.4), "一季度"),),
            )
        ),
        part="两年平均增长7.3%,比一季度加快0.4个百分点",
    ),
    Convention(
        "§3",
        "cixi.gov.cn/art/2021/10/29/art_1229036208_59056273.html",
        "比一季度两年平均提高2.6个百分点",
        (_pp(2.6),),
        (("up", 2.6, None),),
    ),
    Convention("§3", ZHONGTOU, "比2021年两年平均增速加快1.4个百分点", (_pp(1.4),), (("up", 1.4, None),)),
    Convention(
        "§3",
        "big5.china.com.cn/gate/big5/m.sd.china.com.cn/a/2021/cjyw_0812/1029707.html",
        "较2019年同期增长42.4%",
        (_g(42.4),),
    ),
    # §4 Real and nominal
    Convention(
        "§4",
        "nakedoat.com/xinwen/2016-07/15/content_5091534.htm",
        "民间固定资产投资…同比名义增长2.8%(扣除价格因素实际增长4.7%)",
        (_g(2.8), _g(4.7)),
    ),
    # §5 January-February
    Convention(
        "§5",
        ZHONGTOU,
        "1-2月份…同比增长7.5%,比2021年12月份加快3.2个百分点",
        (_g(7.5),),
        (("up", 3.2, None),),
        _change("up", 3.2, "2021年12月份"),
        part="比2021年12月份加快3.2个百分点",
    ),
    Convention("§5", NBD, "增速较2018年12月份回落0.4个百分点", (_pp(-0.4),), (("down", -0.4, None),)),
    Convention(
        "§5",
        "exmoo.com/article/216516.html",
        "较2022年12月回升5.3个百分点",
        (_pp(5.3),),
        (("up", 5.3, None),),
    ),
    Convention("§5", "CONVENTIONS §5 (no URL)", "2月份规模以上工业增加值比上月增长0.34%", (_g(0.34, 2),)),
    Convention("§5", NBD, "剔除春节因素影响…增长6.1%", (_g(6.1),)),
    # §6 Breadth
    Convention(
        "§6",
        "CONVENTIONS §6 (no URL)",
        "35个大类行业中,有23个行业同比增长,增长面为65.7%",
        (("level", 35.0, "个", 0), ("level", 23.0, "个", 0), ("share", 65.7, "%", 1)),
    ),
    # §7 Contribution and pull
    Convention(
        "§7", "big5.china.com.cn mirror (customs)", "拉高出口增速17.9个百分点", (("pull", 17.9, PP, 1),)
    ),
    # §8 Shares
    Convention(
        "§8",
        "CONVENTIONS §8 (Ningbo, no URL)",
        "占GDP比重为51.4%,比上年提高1.3个百分点",
        (("share", 51.4, "%", 1),),
        (("up", 1.3, None),),
        lambda: compose(
            Clause(
                "share",
                "第三产业增加值占GDP",
                "全年",
                Number(51.4),
                changes=(Change("up", Number(1.3), "上年", rate=True),),
            )
        ),
        part="占GDP比重为51.4%,比上年提高1.3个百分点",
    ),
    Convention(
        "§8",
        "CONVENTIONS §8 (Qingdao customs, no URL)",
        "占比提升2.9个百分点",
        (_pp(2.9),),
        (("up", 2.9, None),),
    ),
    Convention(
        "§8",
        "CONVENTIONS §8 (Shandong, no URL)",
        "占限额以上零售额的9.4%,同比提高3.0个百分点",
        (("share", 9.4, "%", 1),),
        (("up", 3.0, None),),
    ),
    Convention(
        "§8",
        "guanhai.com.cn/p/160392.html",
        "3.3:35.9:60.8",
        (("share", 3.3, "%", 1), ("share", 35.9, "%", 1), ("share", 60.8, "%", 1)),
        written=lambda: compose(
            Clause(
                "ratio", "三次产业结构", "全年", Number(3.3), parts=(Number(3.3), Number(35.9), Number(60.8))
            )
        ),
    ),
    Convention(
        "§8",
        "zjjcmspublic.oss-cn-hangzhou-zwynet-d01-a.internet.cloud.zj.gov.cn/jcms_files/jcms1/web3426/"
        "site/nbtjj/tjnj1/2009nbnj/html/gb.htm",
        "占…比重达40.4%,上升0.1个百分点,三次产业的比重从2007年的4.4︰55.3︰40.3变为2008年的4.2︰55.4︰40.4",
        (
            ("share", 40.4, "%", 1),
            ("share", 4.4, "%", 1),
            ("share", 55.3, "%", 1),
            ("share", 40.3, "%", 1),
            ("share", 4.2, "%", 1),
            ("share", 55.4, "%", 1),
            ("share", 40.4, "%", 1),
        ),
        (("up", 0.1, None),),
    ),
    # §9 Rounding and number formats
    Convention(
        "§9",
        "CONVENTIONS §9 (no URL)",
        "下降4%",
        (_g(-4.0, 0),),
        written=lambda: growth_text(Number(-4.0, 0), yoy=False),
    ),
    Convention(
        "§9",
        "CONVENTIONS §9 (no URL)",
        "增长4%",
        (_g(4.0, 0),),
        written=lambda: growth_text(Number(4.0, 0), yoy=False),
    ),
    Convention(
        "§9",
        "CONVENTIONS §9 (no URL)",
        "增长39%",
        (_g(39.0, 0),),
        written=lambda: growth_text(Number(39.0, 0), yoy=False),
    ),
    Convention("§9", NBS_2019_08, "环比增长0.32%", (_g(0.32, 2),)),
    Convention(
        "§9",
        NBS_2019_08,
        "比上月加快0.13个百分点",
        (_pp(0.13, 2),),
        (("up", 0.13, None),),
        _change("up", 0.13, "上月", 2, month=True),
    ),
    # §10 Revisions
    Convention(
        "§10",
        "uoper.xyz/articles/2017-01-09/1068409.html",
        "经最终核实,2015年…比初步核算数增加了3546亿元;…增长6.9%,与初步核算数一致",
        (_g(6.9),),
    ),
    # §11 Prices
    Convention("§11", "CONVENTIONS §11 (Qingdao CPI, no URL)", "1~11月份累计平均…上涨1.9%", (_g(1.9),)),
    # §13 English equivalents (the Chinese side)
    Convention("§13", SECTION_13, "规模以上工业增加值同比实际增长4.4%", (_g(4.4),)),
    Convention("§13", SECTION_13, "增速比1-8月份回落0.1个百分点", (_pp(-0.1),), (("down", -0.1, None),)),
    Convention(
        "§13",
        SECTION_13,
        "快于规模以上工业2.7和3.6个百分点",
        (_pp(2.7),),
        (("up", 2.7, None), ("up", 3.6, None)),
    ),
)
