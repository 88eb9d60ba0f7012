"""The edge handler: an unexpected error is a short message and a crash log, never a traceback."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner

from pacesetter.testing import make_store
from tests.reliability.helpers import entry_point


def start(db: Path, log_dir: Path, *args: str) -> subprocess.Popen[str]:
    """The real `pacesetter` entry point in a subprocess, crash logs going to ``log_dir``."""
    return subprocess.Popen(
        [sys.executable, "-m", "pacesetter", "--db", str(db), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin", "PACESETTER_LOG_DIR": str(log_dir)},
    )


def run(db: Path, log_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command to its end (exit code, stdout and stderr)."""
    proc = start(db, log_dir, *args)
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A Pacesetter database whose observations table was dropped by hand: a real unexpected failure."""
    db = tmp_path / "broken.duckdb"
    con = make_store(db)
    con.execute("DROP TABLE observations")
    con.close()
    return db


def test_an_unexpected_failure_gives_a_message_and_a_crash_log(broken: Path, tmp_path: Path) -> None:
    logs = tmp_path / "logs"  # does not exist yet: the handler creates it

    result = run(broken, logs, "--lang", "en", "show", "gdp")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "bug" in result.stderr and "--debug" in result.stderr
    [log] = list(logs.glob("crash-*.log"))
    assert str(log) in result.stderr.replace("\n", "")
    text = log.read_text(encoding="utf-8")
    assert text.count("Traceback (most recent call last)") == 1
    assert "observations" in text
    assert "show gdp" in text  # the command that failed


def test_the_message_is_in_chinese_and_debug_shows_the_traceback(broken: Path, tmp_path: Path) -> None:
    debug = start(broken, tmp_path / "logs", "--debug", "show", "gdp")  # both at once: half the wait
    zh = run(broken, tmp_path / "logs", "--lang", "zh", "show", "gdp")
    _, debug_err = debug.communicate(timeout=120)

    assert zh.returncode == 1 and "缺陷" in zh.stderr and "Traceback" not in zh.stderr
    assert debug.returncode == 1 and "Traceback (most recent call last)" in debug_err
    assert len(list((tmp_path / "logs").glob("crash-*.log"))) == 1  # --debug shows, does not log


def _newer_duckdb(db: Path) -> None:
    """Rewrite ``db``'s header as a DuckDB storage version from the future (1000), checksum fixed.

    DuckDB's main header is the file's first 4 KiB: a checksum of bytes 8-4096 (each 8-byte word
    times 0xbf58476d1ce4e5b9, XOR-ed onto 5381), the magic "DUCK" and the storage version number.
    """
    data = bytearray(db.read_bytes())
    assert data[8:12] == b"DUCK"
    data[12:20] = struct.pack("<Q", 1000)
    checksum = 5381
    for (word,) in struct.iter_unpack("<Q", bytes(data[8:4096])):
        checksum ^= (word * 0xBF58476D1CE4E5B9) & (2**64 - 1)
    data[0:8] = struct.pack("<Q", checksum)
    db.write_bytes(bytes(data))


def _not_a_database(tmp_path: Path, kind: str) -> Path:
    """A file of ``kind`` given as --db by mistake."""
    path = tmp_path / f"{kind}.duckdb"
    if kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.touch()
    elif kind == "text":
        path = tmp_path / "obs.csv"
        path.write_text("指标代码,行政区划代码,时期\ngdp,370200,2022\n", encoding="utf-8")
    elif kind == "zip":
        path = tmp_path / "obs.xlsx"
        openpyxl.Workbook().save(path)
    elif kind == "binary":
        path.write_bytes(bytes(range(256)) * 20)
    else:
        with duckdb.connect(str(path)) as con:
            con.execute("CREATE TABLE sales (id INTEGER, amount DOUBLE)")
            con.execute("INSERT INTO sales VALUES (1, 2.5)")
            if kind == "newer_schema":
                con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR)")
                con.execute("INSERT INTO schema_migrations VALUES (999, '999_future')")
        if kind == "newer_duckdb":
            _newer_duckdb(path)
    return path


def _content(path: Path) -> bytes | list[str]:
    return sorted(p.name for p in path.iterdir()) if path.is_dir() else path.read_bytes()


KINDS = {  # kind: what the English message says the file is
    "directory": "it is a folder", "empty": "it is an empty file", "text": "a text file (such as a CSV)",
    "zip": "an Excel workbook (.xlsx)", "binary": "a file of unknown kind",
    "foreign": "a DuckDB database of another program (without Pacesetter's tables)",
    "newer_schema": "written by a newer Pacesetter (schema 999",
    "newer_duckdb": "written by a newer DuckDB than this installation can read (storage version 1000",
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_file_that_is_not_a_pacesetter_database_is_refused_untouched(tmp_path: Path, kind: str) -> None:
    path = _not_a_database(tmp_path, kind)
    before = _content(path)
    # a reader, a writer, and init --force, which never deletes what is not a Pacesetter database
    for lang, command in (("en", ["show", "gdp"]), ("zh", ["import", str(path)]),
                          ("en", ["init", "--force"])):
        result = CliRunner().invoke(entry_point, ["--db", str(path), "--lang", lang, *command])
        flat = " ".join(result.output.split())
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "bug" not in flat and "缺陷" not in flat
        assert str(path) in flat
        if lang == "en":
            assert KINDS[kind] in flat and "left untouched" in flat
        else:
            assert "不是 Pacesetter 数据库" in flat and "未被改动" in flat
        if kind.startswith("newer"):
            assert "newer Pacesetter" in flat or "新版 Pacesetter" in flat
        else:
            assert "init" in flat and "--db out/demo.duckdb" in flat
    assert _content(path) == before
    assert not (tmp_path / f"{path.name}.wal").exists() and not (tmp_path / f"{path.name}.lock.json").exists()


def test_a_path_the_machine_refuses_is_said_as_such_not_as_a_bug(demo_db: Path, tmp_path: Path) -> None:
    # a folder that does not exist is the user's to fix: no "bug in Pacesetter", no crash log
    missing = tmp_path / "no_such_folder" / "map.svg"
    for lang, said in (("en", f"{missing}: no such file or folder (check the folder exists)"),
                       ("zh", f"{missing}：文件或文件夹不存在（请检查文件夹是否存在）")):
        result = run(demo_db, tmp_path / "logs", "--lang", lang, "chains", "map", "vr", "-o", str(missing))
        assert result.returncode == 1 and said in result.stderr.replace("\n", ""), result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "logs").exists()


def test_an_unknown_entity_and_a_backup_into_no_folder_are_said(demo_db: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_text("a,b\n1,2\n", encoding="utf-8")
    said = run(demo_db, tmp_path / "logs", "--lang", "en", "validate", "--entity", "foo", str(sheet))
    assert said.returncode == 1 and "unknown entity 'foo'; choose one of observations" in said.stderr
    target = tmp_path / "no_such_folder" / "copy.duckdb"
    said = run(demo_db, tmp_path / "logs", "--lang", "zh", "backup", "-o", str(target))
    assert said.returncode == 1 and f"{target}：文件或文件夹不存在" in said.stderr.replace("\n", "")
    assert not (tmp_path / "logs").exists()
