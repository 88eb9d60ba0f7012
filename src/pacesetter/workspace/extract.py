"""Workspace side of extraction: read a release (file, URL or the shipped sample), check its
proposals against the store, and land accepted rows through the ordinary observation import.

Landing writes the accepted rows to a temporary CSV and imports it as observations, so every
row passes the same validation as any import, atomically (all rows or none), and a figure that
differs from a stored one lands as a new vintage beside it (the import refuses to change a
stored row in place). A problem is told where the user sees the row: the review file, its
sheet, the sheet's row and the column's header (never the staging CSV); an accepted row whose
indicator the store does not hold is refused before the import, saying how to add it.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import replace
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from pacesetter.errors import Bilingual, ImportRejected, InputError, Issue
from pacesetter.i18n import LANGS, t
from pacesetter.release import catalogue
from pacesetter.release import review as sheet
from pacesetter.release.checks import Key, Stored, check
from pacesetter.release.documents import parse_document, read_document
from pacesetter.release.extract import Extraction, extract
from pacesetter.release.fetch import fetch, is_url
from pacesetter.store import lookups, queries

if TYPE_CHECKING:
    from pacesetter.io.importer import ImportResult
    from pacesetter.io.validate import Progress
    from pacesetter.workspace.core import Workspace

SAMPLE = Path(str(resources.files("pacesetter.release") / "samples" / "sample_release.md"))
SAMPLE_SOURCE = "sample:pacesetter/release/samples/sample_release.md"


def read_release(ws: Workspace, source: str | None, region: str, *, source_url: str | None = None,
                 published: date | None = None, publisher: str | None = None) -> Extraction:
    """Proposals for a release (``source``: a file or URL; None: the shipped sample), checked."""
    if source is None:
        doc, origin = read_document(SAMPLE), SAMPLE_SOURCE
    elif is_url(source):
        got = fetch(source)
        doc, origin = parse_document(got.content, got.url, got.content_type), got.url
    else:
        doc, origin = read_document(source), Path(source).name
    ws.region(region)  # an unknown region is an error before anything is read into it
    names = queries.region_names(ws.con, "zh")
    # a name two regions share (鼓楼区) is the one nearest the release's region: nearest last, it wins
    regions = {name: code for code, name in sorted(names.items(), key=lambda item: _near(item[0], region))}
    found = extract(doc, region, source=source_url or origin, regions=regions, publisher=publisher,
                    published=published)
    return check(found, _stored(ws, found), _indicators(ws))


def _near(code: str, region: str) -> int:
    """How many leading digit pairs of a region code ``region`` shares (province, city, county)."""
    return next((i for i in range(0, 6, 2) if code[i:i + 2] != region[i:i + 2]), 6)


def _indicators(ws: Workspace) -> set[str]:
    """The ids of the indicators the store holds (an import refuses a row of any other)."""
    return set(lookups.names(ws.con, "indicators", "id", "name_zh"))


def _stored(ws: Workspace, found: Extraction) -> dict[Key, Stored]:
    """The latest stored figure under each key a proposal (or a figure it compares with) may need."""
    ids = {p.indicator_id for p in found.proposals if p.indicator_id}
    ids |= {m.indicator_id for p in found.proposals for r in p.relations if r.kind == "other_indicator"
            if (m := catalogue.match(r.against, "growth_month" if p.kind == "growth_month" else "growth"))
            and m.indicator_id}  # 快于规模以上工业: the figure compared with, where the store has it
    if not ids:
        return {}
    df = ws.observations(sorted(ids))
    return {(str(r["indicator_id"]), str(r["region_code"]), str(r["period"])):
            Stored(float(r["value"]), str(r["unit"]), _day(r["vintage"]))
            for r in df.to_dict("records")}


def _day(value: object) -> date | None:
    """A stored release date as a date (the store gives a timestamp, or NaT when unknown)."""
    if isinstance(value, datetime):
        return None if value != value else value.date()  # NaT is not equal to itself
    return value if isinstance(value, date) else None


def land_confident(ws: Workspace, found: Extraction, lang: str) -> ImportResult | None:
    """Land the high-confidence proposals (nothing else), atomically; None when there are none."""
    rows = [(i, row) for i, row in enumerate(sheet.rows(found, lang), start=2)
            if found.proposals[i - 2].confidence == "high"]
    if not rows:
        return None
    facts = {"source": found.source, "publisher": found.publisher or "", "document": found.document or "",
             "published": found.published.isoformat() if found.published else "", "region": found.region}
    return _land(ws, sheet.Review(facts, tuple(rows), len(found.proposals), found.source), lang)


def import_review(ws: Workspace, path: Path, *, dry_run: bool = False,
                  progress: Progress | None = None) -> ImportResult:
    """Land the accepted rows of a review sheet through the observation import (atomic); each row's
    note is worded in the sheet's language, as its position column is."""
    review = sheet.read_sheet(path)
    lang = review.facts.get("lang") or "zh"
    return _land(ws, review, lang if lang in LANGS else "zh", dry_run=dry_run, progress=progress,
                 name=path.stem)


def _land(ws: Workspace, review: sheet.Review, lang: str, *, dry_run: bool = False,
          progress: Progress | None = None, name: str = "release") -> ImportResult:
    from pacesetter.io.importer import ImportResult, import_file

    synthetic = review.facts.get("source", "").startswith("sample:")
    region = review.facts.get("region", "")
    if synthetic and review.accepted and region not in lookups.synthetic_region_codes(ws.con):
        raise InputError.said("extract.sample_real_region", region=region)  # never mixed with real figures
    missing = _unknown_indicators(ws, review, lang)
    if missing:
        raise ImportRejected(missing)
    rows = sheet.observation_rows(review, lang)
    if not rows:
        return ImportResult("observations", 0, 0, 0, 0, dry_run)
    with tempfile.TemporaryDirectory(prefix="pacesetter-extract-") as tmp:
        path = Path(tmp) / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            for row in rows:
                writer.writerow(row | {"synthetic": "true" if synthetic else "false"})
        try:
            result = import_file(ws.con, path, entity="observations", dry_run=dry_run, progress=progress,
                                 actor=ws.actor)
        except ImportRejected as exc:
            raise ImportRejected([_on_sheet(i, review, lang) for i in exc.issues]) from None
    return replace(result, encoding=None)  # the staging CSV's encoding is ours, not the user's file's


def _where(review: sheet.Review, index: int, lang: str) -> tuple[str, str | None, int | None]:
    """File, sheet and row of the ``index``-th accepted row as the user sees it: the review sheet's
    own row, or (proposals landed directly) the release and the figure's place in it."""
    row_number, row = review.accepted[index]
    if review.sheet is None:
        return t("io.issue.sep", lang).join([review.file, str(row.get("position") or "")]), None, None
    return review.file, review.sheet, row_number


def _header(column: str, lang: str) -> str:
    """A staging column as the review sheet heads it (a fact of the release as the header words it)."""
    facts = {"source_title": "document", "document": "document", "vintage": "published",
             "publisher": "publisher", "source": "source"}
    if column in sheet.COLUMNS:
        return t(f"extract.sheet.columns.{column}", lang)
    return t(f"extract.header.{facts[column]}", lang) if column in facts else column


def _unknown_indicators(ws: Workspace, review: sheet.Review, lang: str) -> list[Issue]:
    """The accepted rows the import would refuse for their indicator: a proposed new one (no id) or
    one the store does not hold, each saying that it must be added first, and how."""
    known = _indicators(ws)
    column = _header("indicator_id", lang)
    out = []
    for index, (_, row) in enumerate(review.accepted):
        indicator = str(row.get("indicator_id") or "").strip()
        if indicator in known:
            continue
        file, on, number = _where(review, index, lang)
        key, values = (("extract.import.unknown_indicator", {"indicator": indicator}) if indicator
                       else ("extract.import.new_indicator", {"name": row.get("name") or ""}))
        out.append(Issue(file, on, number, column, "unknown_indicator" if indicator else "new_indicator",
                         indicator or row.get("name"), key=key, values=values))
    return out


def _on_sheet(issue: Issue, review: sheet.Review, lang: str) -> Issue:
    """An issue of the staging CSV told on the review sheet: its file, sheet, row and headers."""
    def at(csv_row: object) -> object:
        """The sheet's row of a staging CSV row (its header is row 1, the first accepted row 2)."""
        if isinstance(csv_row, int) and 0 <= csv_row - 2 < len(review.accepted):
            return _where(review, csv_row - 2, lang)[2] or csv_row
        return csv_row

    file, on, number = review.file, review.sheet, None
    if issue.row is not None and 0 <= issue.row - 2 < len(review.accepted):
        file, on, number = _where(review, issue.row - 2, lang)
    column = ", ".join(_header(c.strip(), lang) for c in issue.column.split(",")) if issue.column else None
    values = dict(issue.values)
    if "first" in values:
        values["first"] = at(values["first"])
    if "header" in values and column:
        values["header"] = Bilingual(column, column)  # the sheet's own header, in the sheet's language
    return Issue(file, on, number, column, issue.rule, issue.value, issue.message, issue.key, values)
