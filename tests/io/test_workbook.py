"""Report workbooks: values Excel can hold, empty for unknown, text kept as text, About last."""

import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from pacesetter.io.workbook import write_report_workbook


def test_values_headers_and_about(tmp_path):
    frame = pd.DataFrame({
        "环节 segment": ["光学器件/模组", "=1+1"],
        "企业数 enterprises": np.array([1, 0], dtype="int64"),
        "区位商 LQ": [0.63, float("nan")],
        "链主 leader": pd.array([True, pd.NA], dtype="boolean"),
        "企业 firms": [["歌尔股份", "PICO"], []],
        "日期 date": [dt.date(2024, 1, 29), None],
    })
    path = write_report_workbook(tmp_path / "r.xlsx", {"环节诊断": frame}, [("地区 region", "370200 青岛市")])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["环节诊断", "说明 About"]
    ws = book["环节诊断"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == tuple(frame.columns)
    assert rows[1] == ("光学器件/模组", 1, 0.63, True, "歌尔股份; PICO", dt.datetime(2024, 1, 29))
    assert rows[2] == ("=1+1", 0, None, None, None, None)  # unknown stays empty; text is not a formula
    assert ws["A3"].data_type == "s" and isinstance(rows[1][1], int)
    assert ws["A1"].font.bold and ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width >= 2 * len("光学器件/模组") - 1  # CJK counts double
    assert list(book["说明 About"].iter_rows(values_only=True)) == [("项目 item", "内容 value"),
                                                                   ("地区 region", "370200 青岛市")]


def test_a_report_workbook_shows_floats_without_binary_noise(tmp_path: Path) -> None:
    """7.1 − 3.8 in binary is 3.2999999999999998; a report shows 3.3 (an export keeps every digit)."""
    frame = pd.DataFrame({"gap": [7.1 - 3.8, 15760.3 - 14373.999999999999 - 0.000000000001, 1 / 3],
                          "n": [1, 2, 3]})
    out = write_report_workbook(tmp_path / "r.xlsx", {"t": frame}, [], "en")
    cells = [r[0] for r in openpyxl.load_workbook(out).worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert cells[0] == 3.3 and cells[1] == pytest.approx(1386.3, abs=1e-9) and cells[1] == round(cells[1], 9)
    assert cells[2] == float(f"{1 / 3:.12g}")  # a real fraction keeps 12 significant digits
