"""Export then import is lossless for every entity, on the whole embedded dataset."""

from pathlib import Path

import pandas as pd
import pytest

from pacesetter.data.demo import load_demo
from pacesetter.io.exporter import export_entity, frame_for_export
from pacesetter.io.importer import import_file
from pacesetter.io.specs import SPECS
from pacesetter.store import connect

# Reference tables first: later entities are checked against them.
ORDER = ["regions", "indicators", "chains", "segments", "enterprises", "placements", "parks", "policies",
         "targets", "observations"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    con = connect(path)
    load_demo(con)
    con.close()
    return path


def test_order_covers_every_entity_imported_here() -> None:
    assert set(ORDER) | {"projects"} == set(SPECS)  # projects go through the audited registry


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_every_entity_round_trips(demo: Path, tmp_path: Path, fmt: str) -> None:
    source = connect(demo)
    target = connect(tmp_path / "copy.duckdb")
    for entity in ORDER:
        file = tmp_path / f"{entity}.{fmt}"
        n = export_entity(source, entity, file)
        result = import_file(target, file, entity=entity)
        assert (result.rows, result.written) == (n, n), entity
        pd.testing.assert_frame_equal(frame_for_export(target, entity), frame_for_export(source, entity),
                                      obj=entity)


def test_excel_round_trip_of_the_chains_and_targets(demo: Path, tmp_path: Path) -> None:
    source = connect(demo)
    target = connect(tmp_path / "copy.duckdb")
    for entity in ["regions", "indicators", "chains", "targets"]:
        export_entity(source, entity, tmp_path / f"{entity}.xlsx")
        import_file(target, tmp_path / f"{entity}.xlsx")
        pd.testing.assert_frame_equal(frame_for_export(target, entity), frame_for_export(source, entity),
                                      obj=entity)
