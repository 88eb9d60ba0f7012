"""Declarative specs of every importable entity: columns, bilingual headers, types, keys.

One spec drives the template, the validation, the import and the export of an
entity, so the four can never drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from pacesetter.errors import NotFoundError

ColumnType = Literal[
    "str", "float", "int", "bool", "date", "list", "enum",
    "period", "region", "unit", "uscc", "indicator", "industry",
    "enterprise", "chain", "segment",
]


@dataclass(frozen=True, slots=True)
class Column:
    """One column: field name, Chinese and English headers, type, and whether required."""

    name: str
    zh: str
    en: str
    type: ColumnType = "str"
    required: bool = False
    choices: tuple[str, ...] = ()
    # A blank cell means "not stated" (stored NULL), not false or an empty list.
    blank_unknown: bool = False
    # What a blank cell stores, where the column has a word for "not stated" (status: not_stated).
    default: str | None = None
    # A blank cell takes the decimals written in this other column's number ("4" → 0, "0.99" → 2).
    decimals_of: str | None = None

    @property
    def header(self) -> str:
        """The header of a Chinese template or export: ``指标代码 (indicator_id)``."""
        return self.heading("zh")

    def heading(self, lang: str) -> str:
        """The header in ``lang``: ``指标代码 (indicator_id)`` / ``indicator id (indicator_id)``;
        :meth:`EntitySpec.match_header` reads either."""
        return f"{self.zh if lang == 'zh' else self.en} ({self.name})"

    def __format__(self, spec: str) -> str:
        """``{header:zh}`` / ``{header:en}`` in a message: the header in that language."""
        return self.heading(spec) if spec in ("zh", "en") else format(str(self), spec)


@dataclass(frozen=True, slots=True)
class EntitySpec:
    """An importable entity: its table, key columns and columns."""

    name: str
    zh: str
    table: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    example: dict[str, str] = field(default_factory=dict)
    # Set where another command owns writes (e.g. audited registry records).
    import_command: str | None = None

    def __format__(self, spec: str) -> str:
        """``{entity:zh}`` / ``{entity:en}`` in a message: its Chinese name, or its name (``parks``)."""
        return self.zh if spec == "zh" else self.name if spec == "en" else format(str(self), spec)

    @property
    def versioned(self) -> bool:
        """Whether records carry a ``version`` (registry records: edits are audited, conflicts refused)."""
        return any(c.name == "version" for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise NotFoundError(f"{self.name} has no column {name!r}")

    def match_header(self, header: str) -> Column | None:
        """The column a header names: field name, zh, en, or the ``zh (name)`` form."""
        h = _header_key(str(header))
        m = re.fullmatch(r".*\(([a-z_]+)\)", h)
        if m and any(c.name == m[1] for c in self.columns):
            h = m[1]
        for c in self.columns:
            if h == c.name or h in (_header_key(c.zh), _header_key(c.en)):
                return c
        return None


def _header_key(text: str) -> str:
    """A header as compared: NFKC (full-width brackets and letters as ASCII), lower case, no spaces,
    so 面积（亩）, 面积 (亩) and 面积(亩) are one header."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


# What the source states; "not_stated" (未注明) unless it says preliminary, final or revised.
_STATUS = ("not_stated", "preliminary", "final", "revised", "target", "expected")
# Where a figure's address points: the publisher's own page, a news outlet's report, a copy.
_SOURCE_KINDS = ("official", "news", "reprint", "unknown")
_SOURCE = Column("source", "来源", "Source (URL or document)", required=True)
# Optional: a clerk's real figures need no flag; only generated data says true.
# Registry records: the version an export was taken at; a row whose record has moved on since is a
# conflict. Blank or left out: the edit applies to the current version (see io/updates.py).
_VERSION = Column("version", "版本", "Version", "int")
_SYNTHETIC = Column("synthetic", "合成数据", "Synthetic", "bool")

SPECS: dict[str, EntitySpec] = {
    s.name: s
    for s in [
        EntitySpec(
            "observations", "指标数据", "observations",
            ("indicator_id", "region_code", "period", "vintage", "source"),
            (
                Column("indicator_id", "指标代码", "Indicator id", "indicator", True),
                Column("region_code", "行政区划代码", "Region code", "region", True),
                Column("period", "时期", "Period", "period", True),
                Column("value", "数值", "Value", "float", True),
                Column("unit", "单位", "Unit", "unit", True),
                _SOURCE,
                Column("source_title", "来源标题", "Source title"),
                Column("quote", "原文摘录", "Quote"),
                Column("vintage", "发布日期", "Release date (vintage)", "date"),
                Column("status", "数据状态", "Status", "enum", False, _STATUS,
                       default="not_stated"),
                Column("note", "备注", "Note"),
                Column("flags", "可靠性标记", "Reliability flags"),
                Column("derived_from", "推算公式", "Derived from (formula)"),
                _SYNTHETIC,
                Column("publisher", "原始发布机构", "Original publisher"),
                Column("document", "原始文件", "Original document"),
                Column("source_kind", "来源类型", "Source kind", "enum", False, _SOURCE_KINDS),
                Column("decimals", "发布小数位数", "Published decimals", "int", decimals_of="value"),
            ),
            {"indicator_id": "gdp", "region_code": "370200", "period": "2023", "value": "15760.34",
             "unit": "亿元", "source": "https://example.org/bulletin", "vintage": "2024-03-01",
             "status": "not_stated", "synthetic": "false", "publisher": "青岛市统计局",
             "document": "《2023年青岛市国民经济和社会发展统计公报》", "source_kind": "official"},
        ),
        EntitySpec(
            "indicators", "指标", "indicators", ("id",),
            (
                Column("id", "指标代码", "Indicator id", required=True),
                Column("name_zh", "中文名称", "Chinese name", required=True),
                Column("name_en", "英文名称", "English name", required=True),
                Column("unit", "单位", "Unit", "unit", True),
                Column("frequency", "频率", "Frequency", "enum", True,
                       ("year", "quarter", "month", "irregular")),
                Column("kind", "类型", "Kind", "enum", True,
                       ("level", "growth", "share", "contribution_share", "rank", "count", "index",
                        "pp_change")),
                Column("polarity", "方向", "Polarity", "enum", True, ("higher", "lower", "neutral")),
                Column("definition", "定义", "Definition"),
                Column("agency", "发布机构", "Agency"),
                Column("period_kinds", "发布时期类型", "Published period kinds", "list", False,
                       ("year", "quarter", "month", "ytd", "range"), blank_unknown=True),
                Column("jan_feb_combined", "1-2月合并发布", "January–February combined", "bool",
                       blank_unknown=True),
            ),
        ),
        EntitySpec(
            "regions", "行政区划", "regions", ("code",),
            (
                Column("code", "行政区划代码", "Region code", required=True),
                Column("name_zh", "中文名称", "Chinese name", required=True),
                Column("name_en", "英文名称", "English name", required=True),
                Column("level", "层级", "Level", "enum", True,
                       ("country", "province", "city", "county")),
                Column("parent", "上级代码", "Parent code"),
                _SYNTHETIC,
            ),
        ),
        EntitySpec(
            "chains", "产业链", "chains", ("id",),
            (
                Column("id", "产业链代码", "Chain id", required=True),
                Column("name_zh", "中文名称", "Chinese name", required=True),
                Column("name_en", "英文名称", "English name", required=True),
                Column("category", "类别", "Category", "enum", True,
                       ("advantage", "emerging", "service", "unidentified")),
                Column("identified", "已识别", "Identified", "bool", True),
                Column("source", "来源", "Source"),
                Column("note", "备注", "Note"),
            ),
        ),
        EntitySpec(
            "segments", "产业链环节", "segments", ("id",),
            (
                Column("id", "环节代码", "Segment id", required=True),
                Column("chain_id", "产业链代码", "Chain id", required=True),
                Column("name_zh", "中文名称", "Chinese name", required=True),
                Column("name_en", "英文名称", "English name", required=True),
                Column("stage", "上中下游", "Stage", "enum", True, ("up", "mid", "down")),
                Column("depends_on", "依赖环节", "Depends on", "list"),
                Column("industry_codes", "行业代码", "Industry codes (GB/T 4754-2017)", "list"),
                Column("critical", "卡脖子", "Critical", "bool", True),
                Column("authored", "自拟结构", "Authored", "bool", True),
            ),
        ),
        EntitySpec(
            "enterprises", "企业", "enterprises", ("id",),
            (
                Column("id", "企业代码", "Enterprise id", required=True),
                Column("name_zh", "企业名称", "Chinese name", required=True),
                Column("name_en", "英文名称", "English name"),
                Column("uscc", "统一社会信用代码", "Unified social credit code", "uscc"),
                Column("region_code", "行政区划代码", "Region code", "region"),
                Column("park_id", "园区代码", "Park id"),
                Column("industry_code", "行业代码", "Industry code"),
                Column("segments", "所属环节", "Segments", "list"),
                Column("chain_leader", "链主企业", "Chain leader", "bool", True),
                Column("srdi", "专精特新", "SRDI", "bool", True),
                Column("high_tech", "高新技术企业", "High-tech enterprise", "bool", True),
                Column("source", "来源", "Source"),
                _SYNTHETIC,
                _VERSION,
            ),
        ),
        EntitySpec(
            "placements", "企业环节归属", "enterprise_placements",
            # a firm may be both a chain's leader (chain-level row) and a key firm of it
            ("enterprise_id", "chain_id", "segment_id", "role"),
            (
                Column("enterprise_id", "企业代码", "Enterprise id", "enterprise", True),
                Column("chain_id", "产业链代码", "Chain id", "chain", True),
                Column("segment_id", "环节代码", "Segment id (of that chain)", "segment"),
                Column("role", "角色", "Role", "enum", True, ("key", "supporting", "chain_leader")),
                Column("basis", "归属依据", "Basis", "enum", True, ("source", "authored")),
                Column("district", "所在区市", "District"),
                Column("facts", "概况", "Facts"),
                Column("source", "来源", "Source (URL or document)"),
                Column("quote", "原文摘录", "Quote"),
            ),
            {"enterprise_id": "sailun_group", "chain_id": "nev", "segment_id": "nev_tyre", "role": "key",
             "basis": "source", "source": "https://example.org/article"},
        ),
        EntitySpec(
            "parks", "园区", "parks", ("id",),
            (
                Column("id", "园区代码", "Park id", required=True),
                Column("name_zh", "园区名称", "Chinese name", required=True),
                Column("name_en", "英文名称", "English name"),
                Column("district", "所在区市", "District"),
                Column("district_code", "区县代码", "District code (GB/T 2260; blank: unknown)", "region"),
                Column("chain_ids", "主导产业链", "Focus chains", "list"),
                Column("area_mu", "面积(亩)", "Area (mu)", "float"),
                Column("facts", "概况", "Facts"),
                Column("source", "来源", "Source"),
                _VERSION,
            ),
        ),
        EntitySpec(
            "projects", "项目", "projects", ("id",),
            (
                Column("id", "项目编号", "Project id", required=True),
                Column("name_zh", "项目名称", "Project name", required=True),
                Column("investor", "投资方", "Investor"),
                Column("chain_id", "产业链代码", "Chain id"),
                Column("stage", "项目阶段", "Stage", "enum", True,
                       ("negotiating", "signed", "started", "producing", "at_capacity", "terminated")),
                Column("stage_date", "阶段日期", "Stage date", "date"),
                Column("investment_yi", "总投资(亿元)", "Investment (100 million yuan)", "float"),
                Column("district", "所在区市", "District"),
                Column("district_code", "区县代码", "District code (GB/T 2260; blank: unknown)", "region"),
                Column("source", "来源", "Source"),
                Column("note", "备注", "Note"),
            ),
            import_command="pacesetter projects import",
        ),
        EntitySpec(
            "policies", "政策", "policies", ("id",),
            (
                Column("id", "政策编号", "Policy id", required=True),
                Column("name_zh", "政策名称", "Policy title", required=True),
                Column("year", "年份", "Year", "int"),
                Column("issuer", "发布机构", "Issuer"),
                Column("chain_ids", "覆盖产业链", "Chains covered", "list"),
                Column("instruments", "政策工具", "Instruments", "list"),
                Column("amount_yi", "金额(亿元)", "Amount (100 million yuan)", "float"),
                Column("summary", "摘要", "Summary"),
                Column("source", "来源", "Source"),
                _VERSION,
            ),
        ),
        EntitySpec(
            "targets", "目标", "targets", ("indicator_id", "region_code", "year"),
            (
                Column("indicator_id", "指标代码", "Indicator id", "indicator", True),
                Column("region_code", "行政区划代码", "Region code", "region", True),
                Column("year", "目标年份", "Target year", "int", True),
                Column("value", "目标值", "Target value", "float", True),
                Column("unit", "单位", "Unit", "unit", True),
                Column("comparison", "比较", "Comparison", "enum", True, (">=", ">", "<=", "<", "=")),
                Column("source", "来源", "Source"),
                Column("note", "备注", "Note"),
            ),
        ),
    ]
}


# The sources the templates' example rows cite: a row citing one is the unedited example, never data.
RESERVED_SOURCES = frozenset(s.example["source"] for s in SPECS.values() if s.example.get("source"))


def spec(name: str) -> EntitySpec:
    """The spec of an entity, or :class:`NotFoundError` listing the known ones."""
    try:
        return SPECS[name]
    except KeyError:
        raise NotFoundError.said("input.error.unknown_entity", name=name, names=tuple(SPECS)) from None
