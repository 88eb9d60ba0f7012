"""`pacesetter serve` for real, and the commands beside it: they go through the server with a token,
or say in words which server holds the database; backup while serving, restore refused."""

from __future__ import annotations

import csv
import io
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import httpx
import pytest

import pacesetter
from pacesetter.errors import NotADatabase
from pacesetter.workspace.backup import restore
from tests.server.conftest import Served, note, serve, stop, wait_for_url

INDICATOR = "above_size_industry_va_growth"


def district_rows(template: Path, folder: Path, district: str) -> tuple[Path, int]:
    """A CSV of Qingdao's observations of INDICATOR moved to ``district`` (which has none of them):
    rows that an import adds, and how many."""
    full = folder / f"all-{district}.csv"
    with pacesetter.open(template, read_only=True) as ws:
        ws.export("observations", full)
    head, *rows = read_csv(full)
    ind, region = head.index("指标代码 (indicator_id)"), head.index("行政区划代码 (region_code)")
    own = [r for r in rows if r[ind] == INDICATOR and r[region] == "370200"]
    picked = [[*r[:region], district, *r[region + 1:]] for r in own]
    return write_csv(folder / f"moved-{district}.csv", [head, *picked]), len(picked)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.reader(f))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def count(served: Served, district: str) -> int:
    """Observations of INDICATOR in ``district`` (every vintage), as the server answers."""
    answer = httpx.get(f"{served.url}/api/v1/observations", headers=served.headers("analyst"),
                       params={"indicator": INDICATOR, "region": district, "all_vintages": "true",
                               "per_page": 1})
    answer.raise_for_status()
    return int(answer.json()["total"])


def test_the_note_names_the_server_and_it_serves_its_docs(served: Served) -> None:
    assert note(served.db)["url"] == served.url  # type: ignore[index]
    assert httpx.get(f"{served.url}/docs").status_code == 200
    assert httpx.get(f"{served.url}/api/v1/regions").status_code == 401  # no token, no data


def test_list_and_show_go_through_the_server(served: Served, demo_db_template: Path) -> None:
    import pandas as pd

    with pacesetter.open(demo_db_template, read_only=True) as ws:
        regions = ws.table("regions")
        shown = ws.show(INDICATOR, ["370200"], lang="en")

    listed = served.run("list", "regions", "--format", "csv")
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == len(regions) + 1
    result = served.run("show", INDICATOR, "--format", "json")
    assert result.returncode == 0, result.stderr
    got = pd.read_json(io.StringIO(result.stdout))
    assert list(got["period"]) == list(shown["period"]) and list(got["value"]) == list(shown["value"])
    # an empty page keeps its columns (no project is on a chain no source names)
    empty = served.run("projects", "list", "--chain", "svc_unconfirmed_a")
    assert empty.returncode == 0 and "Projects (0)" in empty.stdout, empty.stderr
    refused = served.run("projects", "list", "--chain", "no-such-chain")  # a chain that is not there
    assert refused.returncode != 0 and "'no-such-chain'" in refused.stderr and "ic" in refused.stderr


def test_an_import_lands_through_the_server_as_the_tokens_user(served: Served, demo_db_template: Path,
                                                              tmp_path: Path) -> None:
    exported = tmp_path / "parks.csv"
    with pacesetter.open(demo_db_template, read_only=True) as ws:
        ws.export("parks", exported)
    head, first, *rest = read_csv(exported)
    name = head.index("英文名称 (name_en)")
    renamed = [*first[:name], "Renamed park", *first[name + 1:]]
    edited = write_csv(tmp_path / "parks-edited.csv", [head, renamed, *rest])

    result = served.run("import", str(edited), token="analyst")

    assert result.returncode == 0, result.stderr
    assert f"0 added, 1 changed, {len(rest)} unchanged" in result.stdout
    park = httpx.get(f"{served.url}/api/v1/parks/{first[0]}", headers=served.headers()).json()
    assert park["name_en"] == "Renamed park"
    audit = httpx.get(f"{served.url}/api/v1/audit", headers=served.headers(),
                      params={"actor": "analyst", "table": "parks"}).json()["items"]
    assert [(a["record_id"], a["action"]) for a in audit] == [(first[0], "import_update")]


def test_a_refused_import_lists_its_issues_like_the_cli(served: Served, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator_id,region_code,period,value\nnope,370200,2022-08,1\n", encoding="utf-8")

    result = served.run("import", str(bad), token="analyst")

    assert result.returncode == 2
    assert "nothing was imported" in result.stderr and "bad.csv" in result.stderr
    assert "missing_column" in result.stderr and "Traceback" not in result.stderr


def test_export_downloads_the_file(served: Served, demo_db_template: Path, tmp_path: Path) -> None:
    with pacesetter.open(demo_db_template, read_only=True) as ws:
        n = len(ws.table("indicators"))
    out = tmp_path / "indicators.csv"

    result = served.run("export", "indicators", "-o", str(out))

    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8") as f:
        assert sum(1 for _ in csv.reader(f)) == n + 1


def test_a_command_that_cannot_go_through_says_so_with_the_url(served: Served) -> None:
    result = served.run("overview")
    assert result.returncode == 2
    assert "cannot go through" in result.stderr and served.url in result.stderr
    assert "Traceback" not in result.stderr and "Could not set lock" not in result.stderr

    no_token = served.run("list", "regions", token=None, lang="zh")
    assert no_token.returncode == 2
    assert "令牌" in no_token.stderr and served.url in no_token.stderr


def test_backup_while_serving_and_restore(served: Served, demo_db_template: Path, tmp_path: Path) -> None:
    copy = tmp_path / "backup.duckdb"

    result = served.run("backup", "-o", str(copy))

    assert result.returncode == 0, result.stderr
    tables = ("regions", "indicators", "chains", "projects", "tasks")
    with pacesetter.open(demo_db_template, read_only=True) as ws:
        expected = {t: len(ws.table(t)) for t in tables}
        live = len(ws.projects.list())
    with pacesetter.open(copy, read_only=True) as ws:
        assert {t: len(ws.table(t)) for t in tables} == expected
        assert len(ws.users.list()) == 2  # the users came along

    refused = served.run("restore", str(copy))
    assert refused.returncode == 2 and served.url in refused.stderr and "stop the server" in refused.stderr

    other = tmp_path / "restored.duckdb"  # no server holds it: the backup replaces it
    shutil.copyfile(demo_db_template, other)
    with pacesetter.open(other) as ws:
        ws.projects.delete(str(ws.projects.list()["id"].iloc[0]))
    restore(copy, other)
    with pacesetter.open(other, read_only=True) as ws:
        assert len(ws.projects.list()) == live  # the deleted project is back
        assert len(ws.users.list()) == 2


def test_restore_refuses_a_file_that_is_not_a_pacesetter_database(demo_db: Path, tmp_path: Path) -> None:
    text = tmp_path / "notes.csv"
    text.write_text("a,b\n1,2\n", encoding="utf-8")
    before = demo_db.read_bytes()
    with pytest.raises(NotADatabase) as refused:
        restore(text, demo_db)
    assert demo_db.read_bytes() == before and not list(tmp_path.glob("*.restoring*"))
    assert "Restore a file written by `pacesetter backup`" in refused.value.text("en")  # not --db advice
    # another program's DuckDB file: named as given, not as the staged copy
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE t (a INT)").close()
    with pytest.raises(NotADatabase) as refused:
        restore(other, demo_db)
    assert refused.value.text("en").startswith(f"{other} is not a Pacesetter database")
    assert ".restoring" not in refused.value.text("en") and demo_db.read_bytes() == before


def test_a_busy_port_is_said_in_words_before_the_database_is_touched(served: Served, tmp_path: Path) -> None:
    port = str(urlparse(served.url).port)
    db = tmp_path / "untouched.duckdb"
    proc = serve(db, "--port", port)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in err.replace("\n", " ") and "Traceback" not in err
    assert not db.exists()


def test_sigterm_stops_the_server_and_removes_the_note(demo_db: Path) -> None:
    proc = serve(demo_db)
    url = wait_for_url(proc, demo_db)
    out, err = stop(proc)
    assert proc.returncode == 0, err
    assert note(demo_db) is None
    assert f"{url}/docs" in out and "stopped" in out


def test_reads_beside_a_write_see_before_or_after_never_half(served: Served, demo_db_template: Path,
                                                             tmp_path: Path) -> None:
    file, n = district_rows(demo_db_template, tmp_path, "370212")
    before = count(served, "370212")
    seen: list[int] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            seen.append(count(served, "370212"))

    readers = [threading.Thread(target=read) for _ in range(3)]
    for r in readers:
        r.start()
    try:
        with file.open("rb") as f:
            answer = httpx.post(f"{served.url}/api/v1/imports", headers=served.headers("analyst"),
                                files={"file": (file.name, f)}, timeout=120)
        assert answer.status_code == 200, answer.text
        after = count(served, "370212")
    finally:
        done.set()
        for r in readers:
            r.join()
    assert after == before + n
    assert seen and set(seen) <= {before, after}


@pytest.fixture(autouse=True)
def _no_crash_logs(served: Served) -> None:
    """A crash log would mean a traceback somewhere: none may be written."""
    yield
    logs = served.db.parent / "logs"
    assert not (logs.exists() and list(logs.glob("crash-*"))), "a command crashed"
    shutil.rmtree(logs, ignore_errors=True)


def test_demo_users_one_per_role_scoped_to_the_busiest_demo_chain_and_district(demo_db: Path,
                                                                               tmp_path: Path) -> None:
    from pacesetter.errors import InputError
    from pacesetter.workspace.demo_users import make_demo_users

    with pacesetter.open(demo_db, actor="test") as ws:
        users, token = make_demo_users(ws)
        # the demo scenario's busiest pair: 7 live projects of new_display in Huangdao (370211)
        by_role = {u.role.value: u for u in users}
        assert set(by_role) == {"admin", "analyst", "chain_chief", "district_officer", "viewer"}
        assert by_role["chain_chief"].chains == ("new_display",)
        assert by_role["district_officer"].districts == ("370211",)
        who = ws.users.authenticate("demo-district-officer", by_role["district_officer"].password)
        assert who.districts == frozenset({"370211"})
        assert ws.users.principal_for_token(token).name == "demo-admin"  # type: ignore[union-attr]
    with pacesetter.open(tmp_path / "new.duckdb") as ws, pytest.raises(InputError):
        make_demo_users(ws)  # not the demo: no printed passwords there
