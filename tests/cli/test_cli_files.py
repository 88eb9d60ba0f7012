"""The file commands as a user runs them: exit codes, every error printed, nothing written."""

import subprocess
import sys
from pathlib import Path

import pytest

from pacesetter.store import queries
from pacesetter.testing import make_store, store_fingerprint


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real `pacesetter` entry point in a subprocess (exit codes included)."""
    return subprocess.run(
        [sys.executable, "-m", "pacesetter", "--db", str(db), *args],
        capture_output=True, text=True, check=False, env={"COLUMNS": "200", "PATH": "/usr/bin"},
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.duckdb"
    make_store(path).close()
    return path


def test_template_fill_validate_import_export(db: Path, tmp_path: Path) -> None:
    template = tmp_path / "obs.csv"
    assert run(db, "template", "observations", "--format", "csv", "-o", str(template)).returncode == 0
    header = template.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("指标代码 (indicator_id),行政区划代码 (region_code),时期 (period)")
    rows = [header,
            "gdp,370200,2022,14920.75,亿元,https://example.org/qd,,,2023-03-01,final,,,,false,青岛市统计局,,official,"]
    template.write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = run(db, "validate", str(template))
    assert r.returncode == 0, r.stderr
    # Chinese by default
    assert "指标数据 1 行有效（导入将新增 1 行、变更 0 行、未变 0 行）；编码：UTF-8" in r.stdout
    import duckdb

    with duckdb.connect(str(db)) as con:
        assert queries.observations(con).empty  # validate wrote nothing
    r = run(db, "import", str(template))
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out.xlsx"
    r = run(db, "export", "observations", "-o", str(out))
    assert r.returncode == 0 and "已将 1 行指标数据写入" in r.stdout  # zh by default


def test_malformed_sheet_prints_every_error_and_exits_2(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "indicator_id,region_code,period,value,unit,source,status,synthetic\n"
        "gdp,370200,2022,1,亿元,s,final,false\n"
        "gdp,999999,2022,1,亿元,s,final,false\n"
        "gdp,370200,2021,x,亿元,s,final,false\n"
        "gdp,370200,2020,1,%,s,final,false\n",
        encoding="utf-8",
    )
    import duckdb

    with duckdb.connect(str(db)) as con:
        before = store_fingerprint(con)
    r = run(db, "--lang", "en", "import", str(bad))
    assert r.returncode == 2
    assert "3 problem(s); nothing was imported." in r.stderr
    assert "row 3, column region_code: [unknown_region]" in r.stderr
    assert "row 4, column value: [not_a_number]" in r.stderr
    assert "row 5, column unit: [unit_mismatch]" in r.stderr
    r = run(db, "import", str(bad))  # Chinese by default
    assert r.returncode == 2
    assert "3 处问题，未导入任何数据。" in r.stderr
    assert "第3行，列 region_code：[unknown_region] '999999' 不是已知的 GB/T 2260 行政区划代码" in r.stderr
    assert "第4行，列 value：[not_a_number] 'x' 不是数字（值：'x'）" in r.stderr
    assert "第5行，列 unit：[unit_mismatch] 单位 '%' 与指标 gdp (亿元) 的单位不是同一类" in r.stderr
    with duckdb.connect(str(db)) as con:
        assert store_fingerprint(con) == before


def test_unknown_entity_is_a_clear_error(db: Path, tmp_path: Path) -> None:
    r = run(db, "export", "widgets", "-o", str(tmp_path / "w.csv"))
    assert r.returncode == 1
    assert "未知的实体 'widgets'" in r.stderr and r.stderr.startswith("错误 [")  # zh by default
    r = run(db, "--lang", "en", "export", "widgets", "-o", str(tmp_path / "w.csv"))
    assert r.returncode == 1 and r.stderr.startswith("error [") and "unknown entity 'widgets'" in r.stderr
