"""Workspace side of extraction: read a release (file, URL or the shipped sample), check its
proposals against the store, and land accepted rows through the ordinary observation import.

Landing writes the accepted rows to a temporary CSV and imports it as observations, so every
row passes the same validation as any import, atomically (all rows or none), and a figure that
differs from a stored one lands as a new vintage beside it (the import refuses to change a
stored row in place).
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import replace
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from pacesetter.i18n import LANGS
from pacesetter.release import catalogue
from pacesetter.release import review as sheet
from pacesetter.release.checks import Key, Stored, check
from pacesetter.release.documents import parse_document, read_document
from pacesetter.release.extract import Extraction, extract
from pacesetter.release.fetch import fetch, is_url
from pacesetter.store import queries

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
    regions = {name: code for code, name in names.items()}
    found = extract(doc, region, source=source_url or origin, regions=regions, publisher=publisher,
                    published=published)
    return check(found, _stored(ws, found))


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
    return _land(ws, sheet.Review(facts, tuple(rows), len(found.proposals)), lang)


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

    rows = sheet.observation_rows(review, lang)
    if not rows:
        return ImportResult("observations", 0, 0, 0, 0, dry_run)
    synthetic = review.facts.get("source", "").startswith("sample:")
    with tempfile.TemporaryDirectory(prefix="pacesetter-extract-") as tmp:
        path = Path(tmp) / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            for row in rows:
                writer.writerow(row | {"synthetic": "true" if synthetic else "false"})
        result = import_file(ws.con, path, entity="observations", dry_run=dry_run, progress=progress,
                             actor=ws.actor)
    return replace(result, encoding=None)  # the staging CSV's encoding is ours, not the user's file's
