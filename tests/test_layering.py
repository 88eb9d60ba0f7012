"""Dependencies flow one way: model ← store/io ← analysis ← workspace ← api/web/cli (VISION.md).

A lint written as a test: it parses every module's imports (absolute and
relative) and fails on an arrow pointing the wrong way. Analysis packages may
use each other only along the edges listed in ``SIDEWAYS``, which must stay
acyclic. The package root may reach the Workspace only lazily. And SQL lives in
the store: no analysis module runs a query itself.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "pacesetter"
LAYER = {
    "__init__": 0, "errors": 0, "settings": 0, "i18n": 0, "model": 1, "store": 2, "io": 3, "data": 4,
    "render": 4, "assess": 5, "monitor": 5, "chains": 5, "registry": 5, "release": 5,
    "releases": 5, "structure": 5, "target": 5, "engine": 5, "workspace": 6, "testing": 7, "api": 7,
    "web": 7,
    "cli": 8, "__main__": 9,
}
# Analysis packages that build on another analysis package (never the reverse).
SIDEWAYS = {("chains", "engine"), ("structure", "engine"),  # the engine knows no chain (issue 17)
            ("registry", "chains"), ("target", "chains"),
            ("target", "structure"),
            ("monitor", "release"),  # the bulletin writes in the release grammar
            ("errors", "i18n"),  # an error's words in zh and en come from the catalogue
            ("web", "api")}  # the pages build on the API's server state, sign-in and error format
ROOT = SRC / "__init__.py"
FILES = [p for p in sorted(SRC.rglob("*.py")) if p != ROOT]

# Packages that ask the store for data and never run SQL themselves: the analysis, and the
# front door and faces above it.
ANALYSIS = ("assess", "monitor", "release", "chains", "registry", "structure", "target", "releases", "data",
            "render", "workspace", "api", "web", "cli")
# Where SQL may run, and why:
# - store/: the embedded database; every query and write of the store lives here (VISION).
# - io/: import validation runs inside DuckDB over the staged user file, before the store sees it.
# - engine/: the DuckDB engine runs enterprise-scale SQL over registry files (and, read-only, a store
#   table given as a registry source).
# - testing.py: fixture builders set up and inspect throwaway stores for tests and plugin authors.
SQL_ALLOWED = ("store", "io", "engine", "testing")
# Calls that run SQL or move rows in or out of a DuckDB connection.
SQL_CALLS = frozenset({"execute", "executemany", "sql", "query", "register", "unregister",
                       "fetchall", "fetchone", "fetchdf"})
# A string that starts like a statement. Each keyword needs the word that makes it SQL,
# so that prose ("with a figure", "Create a project") and action names ("update") pass.
SQL_START = re.compile(
    r"""\s*(?:
        SELECT\b.*\bFROM\b
      | INSERT\s+(?:OR\s+\w+\s+)?INTO\b
      | UPDATE\s+\S+\s+SET\b
      | DELETE\s+FROM\b
      | (?:CREATE|ALTER|DROP)\s+(?:OR\s+REPLACE\s+)?(?:(?:TEMP|TEMPORARY|UNIQUE)\s+)?
        (?:TABLE|VIEW|INDEX|SEQUENCE|SCHEMA|MACRO|TYPE|FUNCTION)\b
      | WITH\s+(?:RECURSIVE\s+)?\S+\s+AS\s*(?:(?:NOT\s+)?MATERIALIZED\s*)?\(
    )""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Import:
    """One import of a pacesetter module, by the top-level package it reaches."""

    package: str  # "cli", "store", ...; "__init__" for a name of the package root itself
    line: int
    in_function: bool
    type_only: bool  # under ``if TYPE_CHECKING:``


def _package_of(rel: Path) -> list[str]:
    """The dotted package a file lives in, e.g. chains/placements.py → [pacesetter, chains]."""
    return ["pacesetter", *rel.parent.parts]


def _top(module: list[str], names: list[str]) -> list[str]:
    """Top-level packages that ``from <module> import <names>`` (or ``import <module>``) reaches."""
    if module[0] != "pacesetter":
        return []
    if len(module) > 1:
        return [module[1]]
    # `from pacesetter import cli` names a subpackage; `from pacesetter import __version__` the root
    return [n if n in LAYER or (SRC / n).is_dir() or (SRC / f"{n}.py").is_file() else "__init__"
            for n in names]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def parse_imports(source: str, rel: Path | str) -> list[Import]:
    """Every import of a pacesetter module in ``source``, the text of ``SRC / rel``."""
    package = _package_of(Path(rel))
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool, type_only: bool) -> None:
        if isinstance(node, ast.Import):
            found.extend(Import(t, node.lineno, in_function, type_only)
                         for alias in node.names for t in _top(alias.name.split("."), []))
            return
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                up = node.level - 1
                assert up < len(package), f"{rel}:{node.lineno}: relative import beyond the package"
                base = package[: len(package) - up]
            else:
                base = []
            module = base + (node.module.split(".") if node.module else [])
            found.extend(Import(t, node.lineno, in_function, type_only)
                         for t in _top(module, [a.name for a in node.names]))
            return
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, in_function, True)
            for child in node.orelse:
                visit(child, in_function, type_only)
            return
        nested = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for child in ast.iter_child_nodes(node):
            visit(child, nested, type_only)

    visit(ast.parse(source), False, False)
    return found


def wrong_way(rel: Path | str, imports: list[Import]) -> list[str]:
    """Imports of a module at ``SRC / rel`` that point to its own layer or above."""
    own = Path(rel).parts[0].removesuffix(".py")
    assert own in LAYER, f"{own} is not placed in a layer; add it to LAYER"
    out = []
    for imp in imports:
        if imp.package == own:
            continue
        if imp.package not in LAYER:
            out.append(f"{rel}:{imp.line}: imports unknown package {imp.package}")
        elif LAYER[imp.package] >= LAYER[own] and (own, imp.package) not in SIDEWAYS:
            out.append(f"{rel}:{imp.line} ({own}, layer {LAYER[own]}) imports {imp.package} "
                       f"(layer {LAYER[imp.package]})")
    return out


def root_breaches(imports: list[Import]) -> list[str]:
    """Imports of the package root other than layer-0 modules and a lazy (or type-only) Workspace."""
    return [
        f"__init__.py:{imp.line}: imports {imp.package}"
        + (" at module level; load it lazily in __getattr__" if imp.package == "workspace" else "")
        for imp in imports
        if LAYER.get(imp.package) != 0
        and not (imp.package == "workspace" and (imp.in_function or imp.type_only))
    ]


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, text) of every string literal but docstrings; f-string fields read as ``x``."""
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            out.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values)
            out.append((node.lineno, str(text)))
    return out


def sql_uses(source: str) -> list[tuple[int, str]]:
    """(line, what) of every SQL call and SQL statement text in ``source``."""
    tree = ast.parse(source)
    found = {(n.lineno, f".{n.func.attr}(...) call") for n in ast.walk(tree)
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in SQL_CALLS}
    found |= {(line, f"SQL text {text.strip()[:40]!r}") for line, text in _strings(tree)
              if SQL_START.match(text)}
    return sorted(found)


def _rel(p: Path) -> str:
    return str(p.relative_to(SRC))


# --- the rules over the source tree -----------------------------------------------------------


def test_sideways_edges_are_acyclic() -> None:
    assert not {(b, a) for a, b in SIDEWAYS} & SIDEWAYS


def test_sql_places_are_layers() -> None:
    assert set(ANALYSIS) <= set(LAYER) and set(SQL_ALLOWED) <= set(LAYER)
    assert not set(ANALYSIS) & set(SQL_ALLOWED)


@pytest.mark.parametrize("path", FILES, ids=_rel)
def test_no_import_points_the_wrong_way(path: Path) -> None:
    rel = path.relative_to(SRC)
    assert not wrong_way(rel, parse_imports(path.read_text(encoding="utf-8"), rel))


def test_package_root_reaches_the_workspace_only_lazily() -> None:
    assert not root_breaches(parse_imports(ROOT.read_text(encoding="utf-8"), "__init__.py"))


@pytest.mark.parametrize(
    "path", [p for pkg in ANALYSIS for p in sorted((SRC / pkg).rglob("*.py"))], ids=_rel
)
def test_only_the_store_runs_sql(path: Path) -> None:
    uses = sql_uses(path.read_text(encoding="utf-8"))
    assert not uses, "ask pacesetter.store instead:\n" + "\n".join(
        f"{_rel(path)}:{line}: {what}" for line, what in uses)


# --- the rules can fail: the parsers on literal sources ---------------------------------------


@pytest.mark.parametrize(("source", "package"), [
    ("from pacesetter import cli", "cli"),
    ("import pacesetter.cli", "cli"),
    ("import pacesetter.cli.main as m", "cli"),
    ("from pacesetter.web.views import page", "web"),
    ("from .. import workspace", "workspace"),
    ("from ..cli.main import app", "cli"),
    ("def f():\n    from pacesetter.api import app", "api"),
])
def test_upward_imports_from_chains_are_reported(source: str, package: str) -> None:
    imports = parse_imports(source, "chains/placements.py")
    assert [i.package for i in imports] == [package]
    assert wrong_way("chains/placements.py", imports)


@pytest.mark.parametrize(("source", "package"), [
    ("from . import diagnostics", "chains"),
    ("from .taxonomy import Taxonomy", "chains"),
    ("from ..store import queries", "store"),
    ("from .. import errors", "errors"),
    ("from pacesetter import __version__", "__init__"),
    ("import pacesetter", None),
    ("import pandas", None),
])
def test_downward_and_own_imports_from_chains_pass(source: str, package: str | None) -> None:
    imports = parse_imports(source, "chains/placements.py")
    assert [i.package for i in imports] == ([package] if package else [])
    assert not wrong_way("chains/placements.py", imports)


def test_relative_imports_resolve_against_the_package_of_an_init() -> None:
    imports = parse_imports("from . import main\nfrom .. import store", "cli/__init__.py")
    assert [i.package for i in imports] == ["cli", "store"]


@pytest.mark.parametrize(("source", "breach"), [
    ("import pacesetter.workspace", True),
    ("from pacesetter.workspace import open", True),
    ("from pacesetter.store import connect", True),
    ("def __getattr__(name):\n    from pacesetter import cli", True),
    ("def __getattr__(name):\n    import pacesetter.workspace as front", False),
    ("if TYPE_CHECKING:\n    from pacesetter.workspace import Workspace", False),
    ("from pacesetter.errors import InputError", False),
    ("from . import settings", False),
])
def test_root_rule(source: str, breach: bool) -> None:
    assert bool(root_breaches(parse_imports(source, "__init__.py"))) is breach


@pytest.mark.parametrize("source", [
    'con.execute("SELECT 1")',
    "rows = cur.fetchall()",
    'con.register("frame_df", frame)',
    'duckdb.sql("FROM t")',
    'Q = "SELECT id FROM chains"',
    'Q = """\n  select id\n  from chains"""',
    "q = f'UPDATE \"{table}\" SET a = ?'",
    'q = "INSERT INTO audit_log VALUES (?)"',
    'q = "delete from task_projects"',
    'q = "CREATE OR REPLACE TEMP VIEW v AS SELECT 1"',
    'q = "WITH a AS (SELECT 1) SELECT * FROM a"',
    'q = "DROP VIEW IF EXISTS v"',
    'q = "ALTER TABLE t ADD COLUMN c INT"',
])
def test_sql_is_reported(source: str) -> None:
    assert sql_uses(source)


@pytest.mark.parametrize("source", [
    'action = "update"',
    'note = "delete"',
    'msg = " with a figure for at least " + str(n)',
    'def f():\n    """Create a project, then select the rows from the sheet."""',
    'msg = "Insert a new record at version 1"',
    'frame.merge(other, on="id")',
])
def test_prose_is_not_sql(source: str) -> None:
    assert not sql_uses(source)
