"""Make the PDF release fixture of tests/release from the project's own Word output (issue 16).

Run once from the repository root: ``python scripts/make_release_pdf.py``. It builds the demo
database in a temporary folder, writes the bulletin of the synthetic region 990100 for 2023-08
(zh) as Word (``tests/release/fixtures/bulletin_990100_2023-08.docx``) and converts that file
to PDF (``…/bulletin_990100_2023-08.pdf``) with LibreOffice headless (``soffice --headless
--convert-to pdf``), so the PDF carries a text layer laid out by a word processor, as a
bureau's PDF does. Without ``soffice`` it prints the bulletin's HTML with headless Chromium
instead and says so. Both files are committed; the tests read them and never run this script.
The figures are the demo's synthetic ones.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pacesetter.workspace import demo

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "release" / "fixtures"
REGION, PERIOD = "990100", "2023-08"
STEM = f"bulletin_{REGION}_{PERIOD}"


def to_pdf(docx: Path, html: str, out: Path, work: Path, *, timeout: int = 300) -> str | None:
    """Write ``out``: the Word file ``docx`` converted with LibreOffice headless (its own profile
    in ``work``, never the user's), else ``html`` printed with headless Chromium. Returns how,
    or None when neither is installed. (benchmarks/extract_bench.py makes its PDF with it too.)"""
    if soffice := shutil.which("soffice"):
        profile = f"-env:UserInstallation=file://{work / 'lo-profile'}"
        command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx)]
        subprocess.run(command, check=True, timeout=timeout, capture_output=True)
        shutil.move(work / f"{docx.stem}.pdf", out)
        return "LibreOffice headless from the .docx"
    if chromium := shutil.which("chromium") or shutil.which("chromium-browser"):
        page = work / f"{docx.stem}.html"
        page.write_text(html, encoding="utf-8")
        flags = ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu"]
        command = [chromium, *flags, f"--print-to-pdf={out}", "--no-pdf-header-footer", page.as_uri()]
        subprocess.run(command, check=True, timeout=timeout, capture_output=True)
        return "headless Chromium from the HTML (no soffice here)"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=FIXTURES, help="folder for the .docx and .pdf")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    docx, pdf = args.out / f"{STEM}.docx", args.out / f"{STEM}.pdf"
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        ws = demo(work / "demo.duckdb", force=True)
        try:
            bulletin = ws.bulletin(REGION, PERIOD, "zh")
        finally:
            ws.close()
        docx.write_bytes(bulletin.docx())
        how = to_pdf(docx, bulletin.html(), pdf, work)
    if how is None:
        print("neither soffice nor chromium is installed: no PDF made", file=sys.stderr)
        return 1
    print(f"{docx.relative_to(ROOT) if docx.is_relative_to(ROOT) else docx}")
    print(f"{pdf.relative_to(ROOT) if pdf.is_relative_to(ROOT) else pdf} ({how})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
