"""`pacesetter report`: the month's pack as one A4 Word document (GB/T 9704 layout) and one workbook.

Built once per module from the shared demo database (read-only: the pack only reads), in
Chinese through the Workspace and in English through the command line.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

import pacesetter
from pacesetter.cli.main import app, main

ZH_SHEETS = ["经济运行公报", "预警", "所需增速", "评估摘要", "产业链总览", "说明"]
EN_SHEETS = ["Monthly bulletin", "Early warnings", "Growth needed", "Assessment summary",
             "Chain overview", "About"]


@pytest.fixture(scope="module")
def zh_pack(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("pack-zh")
    with pacesetter.open(demo_db_template, read_only=True) as ws:
        return ws.report("370200", "2022-08", out, "zh")


@pytest.fixture(scope="module")
def en_pack(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pack-en")
    result = CliRunner().invoke(app, ["--db", str(demo_db_template), "--lang", "en", "report",
                                      "--region", "370200", "--period", "2022-08", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["pacesetter_370200_2022-08_en.docx",
                                                     "pacesetter_370200_2022-08_en.xlsx"]
    return out / "pacesetter_370200_2022-08_en"


def _east_asia(paragraph: Paragraph) -> str | None:
    """The w:eastAsia font a paragraph's text is set in: its first run's own, else its style's
    (following basedOn), as Word resolves it."""
    run = next(r for r in paragraph.runs if r.text.strip())
    rpr = run._r.rPr
    if rpr is not None and rpr.rFonts is not None and rpr.rFonts.get(qn("w:eastAsia")):
        return rpr.rFonts.get(qn("w:eastAsia"))
    style: ParagraphStyle | None = paragraph.style
    while style is not None:
        fonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
        style = style.base_style
    return None


def _size(paragraph: Paragraph) -> Pt | None:
    style: ParagraphStyle | None = paragraph.style
    while style is not None and style.font.size is None:
        style = style.base_style
    return style.font.size if style is not None else None


def test_word_is_a4_with_the_gbt9704_layout(zh_pack: tuple[Path, Path]) -> None:
    doc: DocxDocument = Document(str(zh_pack[0]))
    section = doc.sections[0]
    # A4 as Word stores it, in twips: 11906 × 16838 (210 × 297 mm); EMU = twips × 635
    assert (section.page_width, section.page_height) == (11906 * 635, 16838 * 635) == (7_560_310, 10_692_130)
    # GB/T 9704-2012 §5.2: top margin (天头) 37 mm, left (订口) 28 mm, type area (版心) 156 × 225 mm
    half_twip = 318  # a length in mm is stored to the nearest twip
    for got, mm in ((section.top_margin, 37), (section.bottom_margin, 35), (section.left_margin, 28),
                    (section.right_margin, 26), (section.page_width - section.left_margin
                                                 - section.right_margin, 156),
                    (section.page_height - section.top_margin - section.bottom_margin, 225)):
        assert abs(got - Mm(mm)) <= 3 * half_twip, mm
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars" and grid.get(qn("w:linePitch")) == "579"
    normal = doc.styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY and normal.line_spacing == Pt(28.95)

    title = next(p for p in doc.paragraphs if p.style.name == "Title")
    assert title.text == "青岛市2022年8月经济运行月度报告"
    assert _east_asia(title) == "方正小标宋简体" and _size(title) == Pt(22)  # 2号小标宋
    body = next(p for p in doc.paragraphs if "同比增长3.6%" in p.text)
    assert _east_asia(body) == "仿宋_GB2312" and _size(body) == Pt(16)  # 3号仿宋
    h1 = next(p for p in doc.paragraphs if p.text == "二、预警")
    assert _east_asia(h1) == "黑体" and _size(h1) == Pt(16)
    h2 = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert _east_asia(h2) == "楷体_GB2312"
    # the open fallback of each font is named in the font table
    table = next(p.blob for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="Noto Serif CJK SC"/>' in table.decode("utf-8")
    assert '<w:font w:name="黑体"><w:altName w:val="Noto Sans CJK SC"/>' in table.decode("utf-8")


def test_page_numbers_at_the_outside_edge(zh_pack: tuple[Path, Path]) -> None:
    doc: DocxDocument = Document(str(zh_pack[0]))
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        instr = [t.text for t in paragraph._p.iter(qn("w:instrText"))]
        assert [i.strip() for i in instr] == ["PAGE"]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.alignment == align
        assert all(r.font.size == Pt(14) for r in paragraph.runs)  # 4号


def test_every_part_has_its_heading(zh_pack: tuple[Path, Path], en_pack: Path) -> None:
    zh = [p.text for p in Document(str(zh_pack[0])).paragraphs if p.style.name == "Heading 1"]
    assert zh == ["一、青岛市2022年1-8月经济运行情况", "二、预警", "三、完成全年目标所需增速",
                  "四、评估摘要", "五、重点产业链总览", "来源"]  # the last: the endnotes print under it
    en = [p.text for p in Document(f"{en_pack}.docx").paragraphs if p.style.name == "Heading 1"]
    assert en == ["1. Qingdao: the economy in Jan–Aug 2022", "2. Early warnings",
                  "3. Growth needed to meet the annual targets", "4. Assessment summary",
                  "5. Industrial chain overview", "Sources"]
    text = "\n".join(p.text for p in Document(str(zh_pack[0])).paragraphs)
    assert "依据：" in text  # the assessment states what it rests on
    assert "数据库中没有2022年全年目标，所需增速未知。" in text  # unknown, not a target of 0


def _rows(ws: Worksheet) -> list[dict[str, object]]:
    head = [c.value for c in ws[1]]
    return [dict(zip(head, row, strict=True)) for row in ws.iter_rows(min_row=2, values_only=True)]


def test_workbook_sheets_and_hand_known_figures(zh_pack: tuple[Path, Path]) -> None:
    wb = load_workbook(zh_pack[1], read_only=True)
    assert wb.sheetnames == ZH_SHEETS
    for name in ZH_SHEETS[:4]:
        head = [c.value for c in wb[name][1]]
        assert {"单位", "来源", "发布日期"} <= set(head) and ({"期间", "年份"} & set(head)), name
    # seed/000_14c0eb08152f58ac.txt: "1-8月，青岛市规模以上工业增加值同比增长3.6%"
    bulletin = _rows(wb["经济运行公报"])
    row = next(r for r in bulletin if r["指标"] == "规模以上工业增加值增速" and r["期间"] == "2022年1-8月")
    assert (row["数值"], row["单位"]) == (3.6, "%")
    assert "seed:000_14c0eb08152f58ac.txt" in str(row["来源"])
    assert row["发布日期"] == "未知"  # the commentary states no release date: unknown, not blank or 0
    # the same seed: COSMOPlat "赋能企业3561家" (2021), an indicator of the plan framework
    assessed = _rows(wb["评估摘要"])
    cosmo = next(r for r in assessed if r["指标"] == "工业互联网平台赋能企业数")
    assert (cosmo["当前值"], cosmo["单位"], cosmo["年份"]) == (3561, "家", 2021)
    # the demo's targets table holds no 2022 target for Qingdao: every target is unknown, never 0
    needed = _rows(wb["所需增速"])
    assert needed and all(r["全年目标"] == "未知" and r["其余月份所需增速"] == "未知" for r in needed)
    chains = _rows(wb["产业链总览"])
    assert len(chains) == 24 and all(r["合成数据"] == "否" for r in chains)


def test_english_workbook_headers(en_pack: Path) -> None:
    wb = load_workbook(f"{en_pack}.xlsx", read_only=True)
    assert wb.sheetnames == EN_SHEETS
    head = [c.value for c in wb["Monthly bulletin"][1]]
    assert head[:5] == ["Note", "Indicator", "Period", "Value", "Unit"]
    assert {"Source", "Release date", "Synthetic"} <= set(head)
    gdp = next(r for r in _rows(wb["Monthly bulletin"]) if r["Indicator"] == "Regional GDP")
    assert gdp["Unit"] == "bn yuan" and gdp["Value"] == pytest.approx(707.035)  # 7070.35 亿元


@pytest.mark.parametrize(("region", "period", "says"), [
    ("999999", "2022-08", "999999"),
    ("370200", "2030-03", "2030"),
])
def test_region_or_month_not_held_is_refused(demo_db_template: Path, tmp_path: Path, region: str,
                                             period: str, says: str, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Through the real entry point (its exit codes and messages), in this process."""
    monkeypatch.setattr(sys, "argv", ["pacesetter", "--db", str(demo_db_template), "report", "--region",
                                      region, "--period", period, "-o", str(tmp_path / "out")])
    with pytest.raises(SystemExit) as exited:
        main()
    flat = " ".join(capsys.readouterr().err.split())
    assert exited.value.code == 2, flat
    assert "数据库中没有" in flat and says in flat and "Traceback" not in flat
    assert not (tmp_path / "out").exists()
