"""The review sheet: proposals as an Excel workbook (zh or en) and as JSON, and the sheet read back.

The workbook has one sheet of proposals, the quote beside each figure and an accept column
(prefilled for high confidence only: a reviewer decides the rest), and a hidden sheet that marks
it as a review sheet and carries the release's header facts (source, publisher, document,
release date, region), so that `pacesetter import REVIEW.xlsx` recognises it and lands the
accepted rows with their provenance. Column codes sit in the hidden sheet, so the visible
headers can be in either language; the status is shown in words (初步数 / preliminary) and read
back from the words of either language, or from its code.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, get_args

from pacesetter.errors import in_language
from pacesetter.i18n import LANGS, t
from pacesetter.model.observations import Status
from pacesetter.model.provenance import status_label
from pacesetter.release.extract import Extraction, Issue, Proposal

MARKER = "_pacesetter_review"
VERSION = "1"
COLUMNS = ("accept", "confidence", "reasons", "indicator_id", "name", "kind", "region_code", "period",
           "value", "unit", "written", "quote", "position", "status", "store", "stored_value")
_YES = frozenset({"是", "yes", "y", "true", "1", "x", "✓", "√", "接受"})
_META = ("source", "publisher", "document", "published", "region", "lang")


def reason_text(issue: Issue, lang: str) -> str:
    """One reason in ``lang``."""
    values = {k: in_language(v, lang) for k, v in issue.values.items()}
    return t(f"extract.reason.{issue.key}", lang, **values)


def position_text(position: Mapping[str, int], lang: str) -> str:
    """Where a figure stood: paragraph 3, sentence 2 (page 1) or table 1, row 4, column 3."""
    if "table" in position:
        return t("extract.position.table", lang, **position)
    if "page" in position:
        return t("extract.position.page", lang, **position)
    return t("extract.position.sentence", lang, **position)


def rows(extraction: Extraction, lang: str) -> list[dict[str, Any]]:
    """The proposals as plain rows in ``lang`` (the reasons and position worded, codes kept)."""
    out = []
    for p in extraction.proposals:
        out.append({
            "accept": t("extract.sheet.yes", lang) if p.confidence == "high" else "",
            "confidence": t(f"extract.confidence.{p.confidence}", lang),
            "reasons": "；".join(reason_text(i, lang) for i in p.checks) if lang == "zh"
            else "; ".join(reason_text(i, lang) for i in p.checks),
            "indicator_id": p.indicator_id or "", "name": p.name,
            "kind": t(f"extract.kind.{p.kind}", lang), "region_code": p.region_code or "",
            "period": p.period or "", "value": p.value, "unit": p.unit, "written": p.written,
            "quote": p.quote, "position": position_text(p.position, lang),
            "status": status_label(p.status, lang),
            "store": t(f"extract.store.{p.store}", lang),
            "stored_value": p.stored_value,
        })
    return out


def to_json(extraction: Extraction, lang: str) -> str:
    """The proposals for scripts: header facts, and each proposal with codes and its reasons worded."""
    def one(p: Proposal) -> dict[str, Any]:
        return {
            "indicator_id": p.indicator_id, "name": p.name, "new_indicator": p.indicator_id is None,
            "kind": p.kind, "region_code": p.region_code, "region_said": p.region_said, "period": p.period,
            "value": p.value, "unit": p.unit, "decimals": p.decimals, "written": p.written,
            "approximate": p.approximate, "status": p.status, "quote": p.quote, "position": dict(p.position),
            "relations": [{"against": r.against, "kind": r.kind, "direction": r.direction, "change": r.change,
                           "earlier_value": r.earlier_value, "written": r.written} for r in p.relations],
            "confidence": p.confidence, "store": p.store, "stored_value": p.stored_value,
            "reasons": [{"key": i.key, "text": reason_text(i, lang)} for i in p.checks],
        }
    return json.dumps({
        "source": extraction.source, "publisher": extraction.publisher, "document": extraction.document,
        "published": extraction.published.isoformat() if extraction.published else None,
        "region": extraction.region, "period": extraction.period,
        "sentences": extraction.sentences, "sentences_with_figures": extraction.with_figures,
        "proposals": [one(p) for p in extraction.proposals],
    }, ensure_ascii=False, indent=2)


def write_sheet(extraction: Extraction, path: Path, lang: str) -> Path:
    """Write the review workbook; the path written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = t("extract.sheet.title", lang)
    ws.append([t(f"extract.sheet.columns.{c}", lang) for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows(extraction, lang):
        ws.append([row[c] for c in COLUMNS])
    widths = {"reasons": 40, "name": 24, "quote": 60, "position": 18, "written": 20}
    for i, c in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(c, 12)
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    meta = wb.create_sheet(MARKER)
    meta.sheet_state = "hidden"
    meta.append(["version", VERSION])
    meta.append(["columns", *COLUMNS])
    facts = {"source": extraction.source, "publisher": extraction.publisher or "",
             "document": extraction.document or "",
             "published": extraction.published.isoformat() if extraction.published else "",
             "region": extraction.region, "lang": lang}
    for key in _META:
        meta.append([key, facts[key]])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


@dataclass(frozen=True)
class Review:
    """A review sheet read back: the release's facts and the accepted rows (with their sheet row).

    ``file`` and ``sheet`` name where the rows stand, for a problem to point at what the user
    sees; ``sheet`` None: rows not on a sheet (proposals landed directly), found by their position.
    """

    facts: Mapping[str, str]
    accepted: tuple[tuple[int, Mapping[str, Any]], ...]
    rows: int
    file: str = ""
    sheet: str | None = None


def is_review(path: Path) -> bool:
    """Whether ``path`` is a review workbook written by :func:`write_sheet`."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return False
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001  (anything openpyxl cannot open is no review sheet; the importer says why)
        return False
    try:
        return MARKER in wb.sheetnames
    finally:
        wb.close()


def read_sheet(path: Path) -> Review:
    """The review sheet's facts and accepted rows (accept cell 是 / yes / ✓ …)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        meta = {str(r[0]): list(r[1:]) for r in wb[MARKER].iter_rows(values_only=True) if r and r[0]}
        columns: Sequence[str] = [str(c) for c in meta.get("columns", []) if c]
        facts = {k: ("" if not v or v[0] is None else str(v[0])) for k, v in meta.items() if k in _META}
        sheet = next(wb[n] for n in wb.sheetnames if n != MARKER)
        accepted, n = [], 0
        for i, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            row = dict(zip(columns, values, strict=False))
            if not any(v not in (None, "") for v in values):
                continue
            n += 1
            if str(row.get("accept") or "").strip().lower() in _YES:
                accepted.append((i, row))
        return Review(facts, tuple(accepted), n, str(path), sheet.title)
    finally:
        wb.close()


@cache
def _status_codes() -> dict[str, str]:
    """Each status's code and its words in every language (初步数, preliminary), lower-cased → code."""
    return {word.lower(): code for code in get_args(Status)
            for word in (code, *(status_label(code, lang) for lang in LANGS))}


def status_code(cell: object) -> str:
    """The status code of a sheet cell: its words in either language or the code; blank is
    not_stated; anything else as written, for the import to refuse with its choices."""
    text = str(cell or "").strip()
    return _status_codes().get(text.lower(), text) if text else "not_stated"


def observation_rows(review: Review, lang: str) -> list[dict[str, str]]:
    """The accepted rows as observation rows (the import's columns), each with its provenance.

    The quote is the sentence; the note says where it stood and that the row came from a review
    sheet; the release date is the vintage, so a revised figure lands beside the stored one.
    """
    facts = review.facts
    out = []
    for sheet_row, row in review.accepted:
        value = row.get("value")
        out.append({
            "indicator_id": str(row.get("indicator_id") or ""),
            "region_code": str(row.get("region_code") or ""),
            "period": str(row.get("period") or ""), "value": "" if value is None else str(value),
            "unit": str(row.get("unit") or ""), "source": facts.get("source", ""),
            "source_title": facts.get("document", ""), "quote": str(row.get("quote") or ""),
            "vintage": facts.get("published", ""), "status": status_code(row.get("status")),
            "note": t("extract.note", lang, position=row.get("position") or "", row=sheet_row),
            "synthetic": "false", "publisher": facts.get("publisher", ""),
            "document": facts.get("document", ""),
        })
    return out


def published_date(text: str | None) -> date | None:
    """A release date given as YYYY-MM-DD, or None."""
    return date.fromisoformat(text) if text else None
