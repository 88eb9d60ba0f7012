"""Dependencies flow one way: model ← store/io ← analysis ← api/web/cli (VISION.md).

A lint written as a test: it parses every module's imports and fails on an
arrow pointing the wrong way. Analysis packages may use each other only along
the edges listed in ``SIDEWAYS``, which must stay acyclic.
"""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "pacesetter"
LAYER = {
    "__init__": 0, "errors": 0, "settings": 0, "model": 1, "store": 2, "io": 3, "data": 4,
    "testing": 4, "assess": 5, "monitor": 5, "chains": 5, "registry": 5, "structure": 5,
    "target": 5, "engine": 5, "api": 6, "web": 6, "cli": 7, "__main__": 8,
}
# Analysis packages that build on another analysis package (never the reverse).
SIDEWAYS = {("engine", "chains"), ("registry", "chains"), ("target", "chains"),
            ("target", "structure")}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pacesetter."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("pacesetter.")}
    return found


def test_sideways_edges_are_acyclic() -> None:
    assert not {(b, a) for a, b in SIDEWAYS} & SIDEWAYS


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_no_import_points_the_wrong_way(path: Path) -> None:
    own = path.relative_to(SRC).parts[0].removesuffix(".py")
    assert own in LAYER, f"{own} is not placed in a layer; add it to LAYER"
    for dep in _imports(path) - {own}:
        assert dep in LAYER, f"{path}: imports unknown package {dep}"
        assert LAYER[dep] < LAYER[own] or (own, dep) in SIDEWAYS, (
            f"{path.relative_to(SRC)} ({own}, layer {LAYER[own]}) imports {dep} (layer {LAYER[dep]})"
        )
