"""Safer templates: the example row never lands, `synthetic` may be left out, an empty store says so."""

from pathlib import Path

import pytest

import pacesetter
from pacesetter.errors import ImportRejected, NotFoundError
from pacesetter.io.exporter import write_template
from pacesetter.io.importer import import_file
from pacesetter.io.specs import RESERVED_SOURCES, SPECS
from pacesetter.store import connect, queries
from pacesetter.testing import make_store, store_fingerprint

IMPORTED_HERE = [name for name, s in SPECS.items() if s.import_command is None]


def test_the_reserved_sources_are_the_example_rows_sources() -> None:
    # the two templates that carry an example row (specs.py); every other template is headers only
    assert sorted(RESERVED_SOURCES) == ["https://example.org/article", "https://example.org/bulletin"]
    assert {n for n, s in SPECS.items() if s.example} == {"observations", "placements"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("entity", IMPORTED_HERE)
def test_an_unedited_template_never_lands(demo_db: Path, tmp_path: Path, entity: str, fmt: str) -> None:
    con = connect(demo_db)
    path = tmp_path / f"{entity}.{fmt}"
    write_template(entity, path)
    before = store_fingerprint(con)
    if not SPECS[entity].example:
        assert import_file(con, path, entity=entity).written == 0  # headers only: nothing to land
    else:
        with pytest.raises(ImportRejected) as info:
            import_file(con, path, entity=entity)
        # in the demo store the example is otherwise a valid row: its source is all that stops it
        assert [(i.row, i.column, i.rule) for i in info.value.issues] == [(2, "source", "example_source")]
        assert "example" in info.value.issues[0].text("en") and "示例" in info.value.issues[0].text("zh")
    assert store_fingerprint(con) == before


def test_the_example_row_would_have_replaced_a_real_figure(demo_db: Path, tmp_path: Path) -> None:
    """Why the rule exists: the example's later release date would win the latest view of GDP 2023."""
    con = connect(demo_db)
    path = tmp_path / "obs.csv"
    write_template("observations", path)
    shown = queries.observations(con, indicator_ids=["gdp"], region_codes=["370200"], periods=["2023"])
    # the demo's GDP 2023 of Qingdao: 15760.3 亿元, qingdaonews.com, released 2024-01-29
    assert shown["source"].iloc[0].startswith("https://news.qingdaonews.com/")
    path.write_text(path.read_text(encoding="utf-8").replace("https://example.org/bulletin",
                                                             "https://example.org/mine"), encoding="utf-8")
    import_file(con, path)  # with a source of its own the same row lands and takes over
    after = queries.observations(con, indicator_ids=["gdp"], region_codes=["370200"], periods=["2023"])
    assert after["source"].iloc[0] == "https://example.org/mine"


def test_synthetic_may_be_left_out_and_means_false(tmp_path: Path) -> None:
    con = make_store(tmp_path / "s.duckdb")
    path = tmp_path / "obs.csv"
    path.write_text("indicator_id,region_code,period,value,unit,source,status,synthetic\n"
                    "gdp,370200,2022,14920.75,亿元,https://example.org/qd2022,final,\n", encoding="utf-8")
    assert import_file(con, path).written == 1  # a blank cell
    path.write_text("indicator_id,region_code,period,value,unit,source,status\n"
                    "gdp,370200,2021,14136.46,亿元,https://example.org/qd2021,final\n", encoding="utf-8")
    assert import_file(con, path).written == 1  # no column at all
    rows = queries.observations(con, indicator_ids=["gdp"])
    assert rows["synthetic"].tolist() == [False, False]


def test_an_empty_database_says_so_and_where_the_demo_is(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    with pacesetter.open(path) as ws:
        for lookup in (lambda: ws.region("370200"), lambda: ws.indicator("gdp")):
            with pytest.raises(NotFoundError) as info:
                lookup()
            message = str(info.value)
            assert "unknown" not in message
            for hint in (str(path), "empty", "空", "pacesetter init --demo", "--db out/demo.duckdb",
                         "make demo", "PACESETTER_DB"):
                assert hint in message


def test_a_filled_database_still_names_the_unknown_code(tmp_path: Path) -> None:
    make_store(tmp_path / "s.duckdb").close()
    with pacesetter.open(tmp_path / "s.duckdb") as ws:
        with pytest.raises(NotFoundError, match="unknown region code '370299'"):
            ws.region("370299")
        with pytest.raises(NotFoundError, match="unknown indicator 'gpd'"):
            ws.indicator("gpd")
