"""The documentation: every example runs and prints what the pages show, the site builds strictly.

Each ``docs/examples/NAME.py`` runs as a reader runs it, in a folder holding a copy of the
demo database named ``demo.duckdb``, section by section; what each section prints must
equal ``docs/examples/out/NAME.txt``, which the pages show beneath the code. Then the
commands of ``docs/examples/NAME.sh`` run in the same folder.

After a change of output, regenerate the printed outputs and review the diff::

    PACESETTER_DOCS_UPDATE=1 .venv/bin/python -m pytest tests/test_docs.py
"""

from __future__ import annotations

import contextlib
import html
import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from typer.testing import CliRunner

import pacesetter
from pacesetter.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples"
OUTPUTS = EXAMPLES / "out"
LANGS = ("zh", "en")
UPDATE = os.environ.get("PACESETTER_DOCS_UPDATE") == "1"
MARKER = re.compile(r"^# --8<-- \[(start|end):([a-z][-_0-9a-z]*)\]$")
STEMS = sorted({p.stem for p in EXAMPLES.glob("*.py")} | {p.stem for p in EXAMPLES.glob("*.sh")})

# Published figures the quickstart must print (shared/data/macro/figures.csv):
# Qingdao 2024 GDP 16719.5 亿元, https://qzwfgc.com/products4/1127.html (2025 government work report);
# Ningbo 2024 GDP 18147.7 亿元, https://web.ncmc.nbtv.cn/cms/nbdst/xwdsg/nb/40256395.shtml (2024 bulletin);
# gap 16719.5 - 18147.7 = -1428.2 亿元.
HAND_KNOWN = {
    ("quickstart", "overview"): ["16719.5", "18147.7", "-1428.2", "https://qzwfgc.com/products4/1127.html"],
    ("quickstart", "bulletin"): ["# 青岛市2022年1-8月经济运行情况"],
    ("quickstart", "chains"): ["vr_optics"],
    # 1-8月 规上工业增加值 +3.6% (seed article), target 6.0%, equal months: (6.0 - 3.6 × 8/12) × 12/4 = 10.8
    ("quickstart", "needed"): ["10.8"],
}


def run_sections(path: Path) -> dict[str, str]:
    """Run an example as one script, keeping what each ``--8<--`` section prints."""
    chunks: list[tuple[str, list[str]]] = [("", [])]
    for line in path.read_text(encoding="utf-8").splitlines():
        marker = MARKER.match(line.strip())
        if marker:
            chunks.append((marker[2] if marker[1] == "start" else "", []))
        chunks[-1][1].append(line)  # keep every line, so tracebacks give the file's line numbers
    namespace: dict[str, object] = {"__name__": "__main__", "__file__": str(path)}
    printed: dict[str, str] = {}
    done = 0
    for name, lines in chunks:
        source = "\n" * done + "\n".join(lines)
        done += len(lines)
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(source, str(path), "exec"), namespace)
        if name:
            printed[name] = buffer.getvalue()
        else:
            assert not buffer.getvalue(), f"{path.name} prints outside a section; the pages would not show it"
    for value in namespace.values():
        if isinstance(value, pacesetter.Workspace):
            value.close()
    return printed


def render_outputs(printed: dict[str, str]) -> str:
    """The output file the pages include: each section's printout between its markers."""
    return "".join(f"# --8<-- [start:{name}]\n{text}# --8<-- [end:{name}]\n"
                   for name, text in printed.items())


def shell_commands(path: Path) -> list[list[str]]:
    """The ``pacesetter`` commands of an example script, as argument lists, in order."""
    commands = []
    for line in path.read_text(encoding="utf-8").splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0] == "pacesetter":
            commands.append(words[1:])
        elif words and words[0] != "export":
            raise AssertionError(f"{path.name}: only `export` and `pacesetter` lines run here: {line}")
    return commands


@pytest.mark.parametrize("stem", STEMS)
def test_example_runs_and_prints_what_the_pages_show(
        stem: str, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(demo_db.parent)  # demo_db: a private copy of the demo, named demo.duckdb
    assert demo_db.name == "demo.duckdb"
    script = EXAMPLES / f"{stem}.py"
    if script.exists():
        printed = run_sections(script)
        for (name, section), expected in HAND_KNOWN.items():
            if name == stem:
                for text in expected:
                    assert text in printed[section], f"{stem}:{section} should print {text!r}"
        golden = OUTPUTS / f"{stem}.txt"
        if UPDATE:
            golden.parent.mkdir(exist_ok=True)
            golden.write_text(render_outputs(printed), encoding="utf-8")
        assert golden.exists(), f"no {golden.relative_to(ROOT)}: run with PACESETTER_DOCS_UPDATE=1"
        assert render_outputs(printed) == golden.read_text(encoding="utf-8"), (
            f"{stem}.py prints something other than {golden.relative_to(ROOT)} shows; "
            "if the change is right, run with PACESETTER_DOCS_UPDATE=1 and review the diff")
    shell = EXAMPLES / f"{stem}.sh"
    if shell.exists():
        runner = CliRunner()
        env = {"PACESETTER_DB": "demo.duckdb", "COLUMNS": "120"}
        for args in shell_commands(shell):
            result = runner.invoke(app, args, env=env)
            assert result.exit_code == 0, (
                f"pacesetter {shlex.join(args)}\n{result.output}\n{result.exception!r}")


def test_mkdocs_build_is_strict_and_offline(tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                           "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    for lang in LANGS:
        quickstart = html.unescape(re.sub(r"<[^>]+>", "", pages[f"{lang}/quickstart.html"]))
        assert "ws.overview(" in quickstart and "-1428.2" in quickstart  # the example and its output
        assert "--8<--" not in quickstart
    assert "Workspace" in pages["en/reference.html"] and "NeededReport" in pages["en/reference.html"]
    external = re.compile(r"""<(?:link|script|img)\b[^>]*\b(?:href|src)=["']?(?:https?:)?//""")
    for name, page in pages.items():
        assert not external.search(page), f"{name} loads something from the network"


def test_every_page_has_its_mirror_and_is_in_the_nav() -> None:
    zh, en = ({p.relative_to(DOCS / lang).as_posix() for p in (DOCS / lang).rglob("*.md")} for lang in LANGS)
    assert zh == en, f"only in zh: {sorted(zh - en)}; only in en: {sorted(en - zh)}"

    def pages(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [p for v in node.values() for p in pages(v)]
        if isinstance(node, list):
            return [p for v in node for p in pages(v)]
        return []

    nav = pages(load_config(str(ROOT / "mkdocs.yml"))["nav"])
    on_disk = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")
               if not p.relative_to(DOCS).parts[0].startswith(("_", "examples"))}
    assert sorted(nav) == sorted(on_disk)
    assert [p.removeprefix("zh/") for p in nav if p.startswith("zh/")] == [
        p.removeprefix("en/") for p in nav if p.startswith("en/")]


@pytest.mark.parametrize("stem", STEMS)
def test_both_languages_show_the_same_example(stem: str) -> None:
    for lang in LANGS:
        text = "\n".join(p.read_text(encoding="utf-8") for p in (DOCS / lang).rglob("*.md"))
        for suffix in (".py", ".sh"):
            if (EXAMPLES / f"{stem}{suffix}").exists():
                assert f'"{stem}{suffix}:' in text, f"docs/{lang} never shows {stem}{suffix}"
