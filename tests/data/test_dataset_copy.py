"""The package data is a faithful copy of ../shared/data, and the NOTICE covers what is shipped."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from pacesetter.data import DATA_DIR

from .conftest import SHARED

ROOT = Path(__file__).resolve().parents[2]
COPIED_DIRS = ["seed", "macro", "chains", "external/admin_divisions", "external/gbt4754_2017",
               "external/census_2010_2020", "external/macro_national_monthly", "external/listed_companies"]
needs_shared = pytest.mark.skipif(
    not (SHARED / "README.md").exists(),
    reason=f"the shared research folder {SHARED} is absent (a user's clone); the copy cannot be compared",
)


@needs_shared
@pytest.mark.parametrize("folder", COPIED_DIRS)
def test_package_copy_equals_shared_byte_for_byte(folder: str) -> None:
    shipped = sorted(p.name for p in (DATA_DIR / folder).iterdir())
    assert shipped == sorted(p.name for p in (SHARED / folder).iterdir())
    _, mismatch, errors = filecmp.cmpfiles(SHARED / folder, DATA_DIR / folder, shipped, shallow=False)
    assert mismatch == [] and errors == []


@needs_shared
def test_sources_md_is_shipped_unchanged() -> None:
    rel = Path("external", "SOURCES.md")
    assert filecmp.cmp(SHARED / rel, DATA_DIR / rel, shallow=False)


@needs_shared
def test_gpl_tables_ship_as_their_own_package() -> None:
    """The GPL-3 tables are not in the Apache-licensed package but in packages/pacesetter-io-nbs,
    unchanged, with the GPL's text and a notice of their origin."""
    assert not (DATA_DIR / "external" / "io_tables_nbs").exists()
    package = ROOT / "packages" / "pacesetter-io-nbs"
    tables = package / "src" / "pacesetter_io_nbs" / "tables"
    source = SHARED / "external" / "io_tables_nbs"
    names = sorted(p.name for p in source.iterdir())
    _, mismatch, errors = filecmp.cmpfiles(source, tables, names, shallow=False)
    assert mismatch == [] and errors == []
    assert "GNU GENERAL PUBLIC LICENSE" in (package / "LICENSE").read_text(encoding="utf-8")
    assert "GPL" in (package / "NOTICE").read_text(encoding="utf-8")


def test_notice_names_every_shipped_external_file_and_its_licence() -> None:
    notice = (DATA_DIR / "NOTICE").read_text(encoding="utf-8")
    assert (ROOT / "NOTICE").read_text(encoding="utf-8") == notice
    external = DATA_DIR / "external"
    for folder in sorted(p for p in external.iterdir() if p.is_dir()):
        assert f"external/{folder.name}/" in notice
    for licence in ("WTFPL", "MIT", "CC-BY 4.0", "none stated"):
        assert licence in notice
    for status in ("SOURCED", "AUTHORED"):
        assert status in notice
