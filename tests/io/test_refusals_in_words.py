"""Files that cannot be read are refused in the user's language, naming the file and what to do."""

from pathlib import Path

import pytest
from click.testing import CliRunner

import pacesetter
from pacesetter.testing import store_fingerprint
from tests.reliability.helpers import entry_point


def _bad(tmp_path: Path, kind: str) -> Path:
    if kind == "folder":
        (path := tmp_path / "figures.csv").mkdir()
    elif kind == "empty":
        (path := tmp_path / "figures.csv").touch()
    elif kind == "scan":
        (path := tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    elif kind == "no_suffix":
        (path := tmp_path / "figures").write_text("a,b\n1,2\n", encoding="utf-8")
    else:
        (path := tmp_path / "figures.parquet").write_bytes(b"PAR1garbagePAR1")
    return path


# kind: (words in Chinese, words in English)
KINDS = {
    "folder": ("这是一个文件夹", "this is a folder, not a file"),
    "empty": ("文件是空的", "the file is empty"),
    "scan": ("扫描件或图片", "a scan or picture"),
    "no_suffix": ("没有扩展名的文件", "files without a suffix"),
    "parquet": ("不是可读取的 Parquet 文件", "not a readable Parquet file"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_unreadable_file_is_refused_in_words(demo_db: Path, tmp_path: Path, kind: str) -> None:
    path = _bad(tmp_path, kind)
    with pacesetter.open(demo_db, read_only=True) as ws:
        before = store_fingerprint(ws.con)
    for lang, words in zip(("zh", "en"), KINDS[kind], strict=True):
        result = CliRunner().invoke(entry_point, ["--db", str(demo_db), "--lang", lang, "import", str(path)])
        flat = "".join(result.output.split())
        assert result.exit_code == 2, result.output
        assert "".join(words.split()) in flat and path.name in flat
    with pacesetter.open(demo_db, read_only=True) as ws:
        assert store_fingerprint(ws.con) == before


def test_a_sheet_without_a_status_column_is_taken_as_not_stated(demo_db: Path, tmp_path: Path) -> None:
    """Clerks rarely know a figure's status; blank is 未注明 (not_stated), never a guessed 'final'."""
    path = tmp_path / "figures.csv"
    path.write_text("指标代码,行政区划代码,时期,数值,单位,来源\n"
                    "gdp,370200,2019年上半年,5878.12,亿元,青岛市统计局 2019年上半年经济运行\n",
                    encoding="utf-8")
    with pacesetter.open(demo_db) as ws:
        assert ws.import_file(path).added == 1
        row = ws.observations(["gdp"], ["370200"], ["2019-01..2019-06"])
    assert row["status"].tolist() == ["not_stated"] and row["value"].tolist() == [5878.12]
