"""A transaction that fails after its first write rolls back: nothing of it stays, the connection lives on.

DuckDB itself voids a transaction whose statement failed (a COMMIT after a constraint error
silently rolls back), so a failing *statement* alone cannot tell ROLLBACK from COMMIT in
:func:`transaction`. The failures that can are those after a successful write that DuckDB did not
see: an exception in Python, Ctrl-C. Each test below fails when ``transaction`` commits instead.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pacesetter.errors import ImportRejected
from pacesetter.io import updates
from pacesetter.io.importer import import_file
from pacesetter.store.connect import connect, transaction
from pacesetter.testing import make_store, store_fingerprint
from tests.reliability.helpers import observations_csv

REGION = "INSERT INTO regions (code, name_zh, name_en, level, parent, synthetic) VALUES "
SHIBEI = REGION + "('370203', '市北区', 'Shibei', 'county', '370200', FALSE)"  # a new district
QINGDAO_AGAIN = REGION + "('370200', '青岛市', 'Qingdao', 'city', '370000', FALSE)"  # a key already stored


def _regions(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [code for (code,) in con.execute("SELECT code FROM regions ORDER BY code").fetchall()]


def test_a_failing_second_statement_rolls_back_the_first(tmp_path: Path) -> None:
    con = make_store(tmp_path / "t.duckdb")
    before = _regions(con)  # 330200, 370200, 370212 (pacesetter.testing.REGIONS)
    with pytest.raises(duckdb.ConstraintException), transaction(con):
        con.execute(SHIBEI)
        con.execute(QINGDAO_AGAIN)
    assert _regions(con) == before == ["330200", "370200", "370212"]
    with transaction(con):  # the connection is not left in an aborted transaction
        con.execute(SHIBEI)
    assert _regions(con) == ["330200", "370200", "370203", "370212"]


@pytest.mark.parametrize("failure", [ValueError("a check in Python failed"), KeyboardInterrupt()])
def test_a_failure_after_a_successful_write_rolls_it_back(tmp_path: Path, failure: BaseException) -> None:
    db = tmp_path / "t.duckdb"
    con = make_store(db)
    with pytest.raises(type(failure)), transaction(con):
        con.execute(SHIBEI)
        assert len(_regions(con)) == 4  # written, inside the transaction
        raise failure
    assert _regions(con) == ["330200", "370200", "370212"]
    con.close()
    with duckdb.connect(str(db), read_only=True) as again:  # nor did it reach the file
        assert _regions(again) == ["330200", "370200", "370212"]


def test_an_import_failing_after_its_rows_were_inserted_leaves_the_store_unchanged(
        demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = observations_csv(demo_db, tmp_path / "obs.csv", 500, "rolled back")
    con = connect(demo_db)
    before = store_fingerprint(con)
    inserted: list[int] = []
    real = updates.write

    def interrupted(*args: object, **kwargs: object) -> tuple[int, int]:
        real(*args, **kwargs)  # type: ignore[arg-type]
        row = con.execute("SELECT count(*) FROM observations WHERE source LIKE '%rolled back'").fetchone()
        inserted.append(row[0] if row else 0)
        raise KeyboardInterrupt  # Ctrl-C once the rows are in, before the commit

    monkeypatch.setattr(updates, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        import_file(con, file)
    assert inserted == [500]  # the failure came after the rows were written
    assert store_fingerprint(con) == before
    monkeypatch.undo()
    with pytest.raises(ImportRejected):  # and a refused import after it changes nothing either
        import_file(con, _bad_copy(file))
    assert store_fingerprint(con) == before
    con.close()


def _bad_copy(file: Path) -> Path:
    """``file`` with one value that is not a number on its last row."""
    lines = file.read_text(encoding="utf-8").splitlines()
    cells = lines[-1].split(",")
    cells[3] = "n/a"
    bad = file.with_name("bad.csv")
    bad.write_text("\n".join([*lines[:-1], ",".join(cells)]) + "\n", encoding="utf-8")
    return bad
