"""Release documents in every format (GBK HTML with a table, .docx, PDF with and without a text
layer, text) read with positions and header facts; a URL fetched from a real local HTTP server."""

from __future__ import annotations

import glob
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pacesetter.errors import InputError
from pacesetter.release.checks import check
from pacesetter.release.documents import parse_document, read_document
from pacesetter.release.extract import extract
from pacesetter.release.fetch import fetch

FIXTURES = Path(__file__).parent / "fixtures"
HTML = FIXTURES / "release_gbk.html"
GROWTH, YTD = "above_size_industry_va_growth", "2023-01..2023-08"
LINES = ["2023年1-8月份全市经济运行情况（测试样例）", "发布单位：样例市统计局 发布时间：2023-09-18",
         "1-8月份，全市规模以上工业增加值同比增长3.6%，比1-7月份加快0.3个百分点。",
         "全市固定资产投资下降3.2%，降幅比1-7月份收窄0.5个百分点。"]


def _proposals(path_or_doc: object) -> dict[tuple[str | None, str | None], tuple[float, dict[str, int]]]:
    doc = read_document(path_or_doc) if isinstance(path_or_doc, Path) else path_or_doc
    found = check(extract(doc, "370200", source="test", regions={}), {})  # type: ignore[arg-type]
    return {(p.indicator_id, p.period): (p.value, dict(p.position)) for p in found.proposals
            if p.region_code == "370200"}


def test_gbk_html_with_a_table() -> None:
    doc = read_document(HTML)
    assert (doc.kind, doc.encoding, doc.publisher, str(doc.published)) == ("html", "gb18030", "样例市统计局",
                                                                            "2023-09-18")
    assert doc.title == "2023年1-8月份全市主要经济指标（测试样例）"
    assert not any("99.9" in p for p in doc.paragraphs)  # the script is no text
    got = _proposals(HTML)
    assert got[(GROWTH, YTD)] == (3.6, {"paragraph": 4, "sentence": 1})
    assert got[("above_size_industry_va_growth_month", "2023-08")][0] == 5.0
    assert got[("above_size_industry_va", "2023-08")] == (412.5, {"table": 1, "row": 3, "column": 3})
    assert got[("above_size_industry_va", "2023-01..2023-08")][0] == 3301.2  # "3,301.2"
    assert got[("retail_sales_growth", "2023-01..2023-08")] == (-1.5, {"table": 1, "row": 4, "column": 6})
    assert got[("fai_growth", "2023-01..2023-08")][0] == -3.2
    proposals = extract(doc, "370200", source="t", regions={}).proposals
    nation = [p for p in proposals if p.region_code == "000000"]
    assert [(p.indicator_id, p.value, p.approximate) for p in nation] == [
        ("above_size_industry_va_growth", 3.9, True)]


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    for line in LINES:
        d.add_paragraph(line)
    table = d.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("指标", "1-8月（亿元）", "增长(%)"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("社会消费品零售总额", "3512.4", "5.1"), strict=True):
        cell.text = text
    path = tmp_path / "release.docx"
    d.save(str(path))
    doc = read_document(path)
    assert (doc.kind, doc.publisher) == ("docx", "样例市统计局")
    got = _proposals(path)
    assert got[(GROWTH, YTD)] == (3.6, {"paragraph": 3, "sentence": 1})
    assert got[("retail_sales", "2023-01..2023-08")] == (3512.4, {"table": 1, "row": 2, "column": 2})
    assert got[("retail_sales_growth", "2023-01..2023-08")][0] == 5.1


def _cjk_font() -> str:
    fonts = [p for p in glob.glob("/usr/share/fonts/**/*CJK*Regular*", recursive=True) if "Sans" in p]
    if not fonts:
        pytest.skip("no CJK font (fonts-noto-cjk) on this machine")
    return fonts[0]


def _pdf(path: Path, lines: list[str] | None) -> Path:
    """A one-page PDF: the lines as text (matplotlib's PDF backend, TrueType embedded), or an image only."""
    import matplotlib as mpl
    from matplotlib import font_manager
    from matplotlib.backends.backend_pdf import FigureCanvasPdf
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8.27, 11.69))
    FigureCanvasPdf(fig)
    if lines is None:
        ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
        ax.imshow([[0, 1], [1, 0]], cmap="gray")  # a "scan": pixels, no text layer
        ax.set_axis_off()
    else:
        font = font_manager.FontProperties(fname=_cjk_font())
        for i, line in enumerate(lines):
            fig.text(0.06, 0.95 - 0.03 * i, line, fontproperties=font, fontsize=10)
    with mpl.rc_context({"pdf.fonttype": 42}):
        fig.savefig(path)
    return path


def test_pdf_with_a_text_layer(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "release.pdf", LINES)
    doc = read_document(path)
    assert (doc.kind, doc.publisher) == ("pdf", "样例市统计局")
    got = _proposals(path)
    assert got[("above_size_industry_va_growth", "2023-01..2023-08")] == (
        3.6, {"paragraph": 3, "sentence": 1, "page": 1})
    assert got[("fai_growth", "2023-01..2023-08")][0] == -3.2


def test_a_scan_is_refused_in_words(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "scan.pdf", None)
    with pytest.raises(InputError) as err:
        read_document(path)
    assert "扫描件" in err.value.text("zh") and "without a text layer" in err.value.text("en")


def test_plain_text_and_unknown_formats(tmp_path: Path) -> None:
    path = tmp_path / "release.txt"
    path.write_text("\n".join(LINES), encoding="gb18030")
    doc = read_document(path)
    assert (doc.kind, doc.encoding, doc.title) == ("text", "gb18030", LINES[0])
    with pytest.raises(InputError, match="unknown format"):
        parse_document(b"\x00\x01", "release.bin")


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, directory=str(FIXTURES), **kwargs)  # type: ignore[arg-type]

    def guess_type(self, path: str | object) -> str:
        return "text/html"  # no charset: the page's <meta> tells, as on many government sites

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_url_is_fetched_and_read_like_the_file(server: str) -> None:
    got = fetch(f"{server}/{HTML.name}")
    doc = parse_document(got.content, got.url, got.content_type)
    assert (doc.encoding, doc.publisher) == ("gb18030", "样例市统计局")  # from the page, not the host
    assert _proposals(doc) == _proposals(HTML)
    with pytest.raises(InputError, match="HTTP 404"):
        fetch(f"{server}/missing.html")
    with pytest.raises(InputError, match="larger than"):
        fetch(f"{server}/{HTML.name}", max_bytes=100)


def test_offline_is_said_in_words() -> None:
    with socket.socket() as s:  # a port nobody listens on: bound, then closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(InputError) as err:
        fetch(f"http://127.0.0.1:{port}/release.html", timeout=2)
    assert "offline" in err.value.text("en") and "离线" in err.value.text("zh")
