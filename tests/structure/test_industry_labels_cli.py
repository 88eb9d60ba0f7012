"""`pacesetter target candidates` names the listed registry's industries in the reader's language:
Tushare's label itself in zh (never ``tushare:``), the project's English name in en (no Chinese in the
industry column or the reasons), in the table, the workbook and the JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl

from pacesetter.i18n import t
from tests.cli.test_one_language import invoke

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
SHOWN = ("rank", "enterprise", "enterprise_id", "region", "industry", "score", "reasons")


def _rows(output: str) -> list[dict[str, str]]:
    """The candidate rows of the printed tables (one line each on the wide console), by column key."""
    rows = []
    for line in output.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) == len(SHOWN) and cells[0].isdigit():
            rows.append(dict(zip(SHOWN, cells, strict=True)))
    return rows


def test_candidates_name_industries_in_the_readers_language(demo_db: Path, tmp_path: Path) -> None:
    en = invoke(demo_db, "en", "target", "candidates", "--chain", "ic", "--top", "3")
    rows = _rows(en)
    assert len(rows) == 12  # four gaps, three candidates each
    assert [(r["industry"], r["reasons"]) for r in rows if CJK.search(r["industry"] + r["reasons"])] == []
    assert "tushare:" not in en
    eda = rows[0]  # EDA tools and IP: software-services firms, a neighbour of 6512 (group 651)
    assert eda["industry"] == "Software services"
    assert eda["reasons"].startswith("its industry “Software services” shares the segment's group (6513)")
    assert "industries are Tushare's coarse labels, named in English by the project" in en

    zh = invoke(demo_db, "zh", "target", "candidates", "--chain", "ic", "--top", "3")
    assert "tushare:" not in zh and "行业用 Tushare 行业标签" in zh  # said once, in the registry line
    first = _rows(zh)[0]
    assert first["industry"] == "软件服务"
    assert first["reasons"].startswith("行业“软件服务”与本环节同属一个中类（6513 应用软件开发）")

    path = tmp_path / "ic.xlsx"
    invoke(demo_db, "en", "target", "candidates", "--chain", "ic", "--format", "xlsx", "-o", str(path))
    sheet = openpyxl.load_workbook(path, read_only=True)[t("target.sheet.candidates", "en")]
    head, *body = list(sheet.iter_rows(values_only=True))
    industries = {r[head.index(t("target.column.industry", "en"))] for r in body}
    reasons = [r[head.index(t("target.column.reasons", "en"))] for r in body]
    assert "Software services" in industries and "Electronic components" in industries
    assert [v for v in [*industries, *reasons] if CJK.search(str(v))] == []

    found = json.loads(invoke(demo_db, "en", "target", "candidates", "--chain", "ic", "--top", "1",
                              "--format", "json"))
    first_json = found["gaps"][0]["candidates"][0]
    assert (first_json["industry_code"], first_json["industry"]) == ("tushare:软件服务", "Software services")
