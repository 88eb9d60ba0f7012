"""Atomicity, vintages, and lossless export → import for CSV, Excel and Parquet."""

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacesetter.errors import ImportRejected
from pacesetter.io.exporter import export_entity, frame_for_export, write_template
from pacesetter.io.importer import import_file
from pacesetter.io.specs import SPECS
from pacesetter.store import queries
from pacesetter.testing import make_store, store_fingerprint


def _obs_frame(n: int) -> pd.DataFrame:
    years = list(range(2000, 2000 + n))
    return pd.DataFrame({
        "indicator_id": "gdp", "region_code": "370200", "period": [str(y) for y in years],
        "value": [1000.0 + i / 7 for i in range(n)], "unit": "亿元",
        "source": "synthetic:test", "status": "final", "synthetic": "true",
    })


def test_one_bad_row_at_9999_of_10000_leaves_the_store_unchanged(tmp_path: Path) -> None:
    con = make_store(tmp_path / "s.duckdb")
    import_file(con, _write(tmp_path / "first.csv", _obs_frame(3)))
    before = store_fingerprint(con)
    df = pd.DataFrame({
        "indicator_id": "gdp", "region_code": "370200",
        "period": [f"{1100 + i // 12}-{i % 12 + 1:02d}" for i in range(10_000)],  # periods that have begun
        "value": [str(float(i)) for i in range(10_000)], "unit": "亿元", "source": "synthetic:test",
        "status": "final", "synthetic": "true",
    })
    df.loc[9_998, "value"] = "twelve"  # data row 9,999 is file row 10,000 (header is row 1)
    with pytest.raises(ImportRejected) as info:
        import_file(con, _write(tmp_path / "big.csv", df))
    assert [(i.row, i.rule) for i in info.value.issues] == [(10_000, "not_a_number")]
    assert store_fingerprint(con) == before


def test_a_revision_adds_a_vintage_and_never_overwrites(tmp_path: Path) -> None:
    con = make_store(tmp_path / "s.duckdb")
    base = "indicator_id,region_code,period,value,unit,source,status,synthetic,vintage\n"
    first = tmp_path / "v1.csv"
    first.write_text(base + "gdp,370200,2023,15760.34,亿元,bulletin,preliminary,false,2024-01-20\n")
    import_file(con, first)
    same_vintage = tmp_path / "v1b.csv"
    same_vintage.write_text(base + "gdp,370200,2023,15800.00,亿元,bulletin,revised,false,2024-01-20\n")
    with pytest.raises(ImportRejected) as info:
        import_file(con, same_vintage)
    assert info.value.issues[0].rule == "revision_needs_new_vintage"
    second = tmp_path / "v2.csv"
    second.write_text(base + "gdp,370200,2023,15800.00,亿元,bulletin,revised,false,2024-09-30\n")
    import_file(con, second)
    latest = queries.observations(con, indicator_ids=["gdp"])
    assert latest["value"].tolist() == [15800.0]
    import datetime as dt

    then = queries.observations(con, indicator_ids=["gdp"], vintage=dt.date(2024, 3, 1))
    assert then["value"].tolist() == [15760.34]
    assert len(queries.observations(con, latest=False)) == 2
    # importing the same file again changes nothing
    assert import_file(con, second).written == 0


def _write(path: Path, df: pd.DataFrame) -> Path:
    df.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("entity", list(SPECS))
def test_template_lists_every_column(tmp_path: Path, entity: str, fmt: str) -> None:
    path = tmp_path / f"t.{fmt}"
    write_template(entity, path, fmt)
    df = pd.read_csv(path) if fmt == "csv" else pd.read_excel(path, sheet_name=0)
    assert list(df.columns) == [c.header for c in SPECS[entity].columns]


values = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(vals=st.lists(values, min_size=1, max_size=12),
       text=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30))
def test_export_then_import_is_lossless(tmp_path_factory: pytest.TempPathFactory, vals: list[float],
                                        text: str) -> None:
    tmp = tmp_path_factory.mktemp("rt")
    con = make_store(tmp / "a.duckdb")
    df = _obs_frame(len(vals)).assign(value=vals, note=text.strip() or None, vintage="2024-05-01")
    import_file(con, _write(tmp / "in.csv", df))
    original = frame_for_export(con, "observations")
    for fmt in ("csv", "xlsx", "parquet"):
        export_entity(con, "observations", tmp / f"out.{fmt}")
        other = make_store(tmp / f"b_{fmt}.duckdb")
        import_file(other, tmp / f"out.{fmt}")
        pd.testing.assert_frame_equal(frame_for_export(other, "observations"), original)


def test_as_of_keeps_a_figure_of_unknown_release_only_once_its_period_had_ended(tmp_path: Path) -> None:
    import datetime as dt

    con = make_store(tmp_path / "s.duckdb")
    rows = pd.DataFrame({
        "indicator_id": ["gdp", "gdp", "above_size_industry_va_growth", "above_size_industry_va_growth"],
        "region_code": "370200", "period": ["2021", "2021Q4", "2022-01..2022-08", "2021-12"],
        "value": [1.0, 2.0, 3.0, 4.0], "unit": ["亿元", "亿元", "%", "%"],
        "source": "synthetic:test", "status": "final", "synthetic": "true"})  # no release date
    import_file(con, _write(tmp_path / "asof.csv", rows))

    def known(day: dt.date) -> set[str]:
        found = queries.observations(con, vintage=day, include_synthetic=True)
        return set(found["period"])

    # before Aug 2022 ended nobody knew Jan-Aug 2022; 2021, its Q4 and its December had ended
    assert known(dt.date(2022, 1, 1)) == {"2021", "2021Q4", "2021-12"}
    assert known(dt.date(2021, 12, 31)) == set()
    assert known(dt.date(2022, 9, 1)) == {"2021", "2021Q4", "2021-12", "2022-01..2022-08"}
