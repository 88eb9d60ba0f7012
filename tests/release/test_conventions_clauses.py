"""Each example clause of CONVENTIONS.md (tests/release/conventions_clauses.py, with its origin) is
read into the figures computed by hand, and where the grammar can write it, compose writes it
back (issue 16, deliverable 7)."""

from __future__ import annotations

import pytest

from pacesetter.release.parse import read_sentence
from tests.release.conventions_clauses import CONVENTIONS, Convention

WRITTEN = [c for c in CONVENTIONS if c.written is not None]


def _id(c: Convention) -> str:
    return f"{c.section}:{c.text[:24]}"


def _commas(text: str) -> str:
    return text.replace(",", "，").replace(";", "；").rstrip("。")


@pytest.mark.parametrize("case", CONVENTIONS, ids=_id)
def test_each_convention_clause_is_read(case: Convention) -> None:
    assert case.origin, case.text
    figures = read_sentence(case.text)
    assert [(f.kind, f.value, f.unit, f.decimals) for f in figures] == list(case.figures)
    relations = [(r.direction, r.change, r.earlier_value) for f in figures for r in f.relations]
    assert relations == list(case.relations)


@pytest.mark.parametrize("case", WRITTEN, ids=_id)
def test_each_writable_convention_clause_is_written_back(case: Convention) -> None:
    assert case.written is not None
    part = _commas(case.part or case.text)
    assert part in _commas(case.text)
    written = _commas(case.written())
    assert written == part or written.endswith(f"，{part}") or f"{part}" in written.split("，", 1)[-1]


def test_the_written_clauses_cover_every_section_that_has_one() -> None:
    assert len(WRITTEN) >= 20
    assert {c.section for c in WRITTEN} >= {"§1", "§2", "§3", "§5", "§8", "§9"}
