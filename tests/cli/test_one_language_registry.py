"""One language at a time for the registry commands (issue 13): projects, tasks, trace, parks,
policies and audit, their results and their --help, on the demo database in zh and in en."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from pacesetter.cli import lazy
from pacesetter.cli.options import console
from tests.cli.test_one_language import data_values, invoke, other_language

COMMANDS: list[tuple[str, ...]] = [
    ("projects", "lights"),
    ("projects", "list"),
    ("projects", "show", "P-0007"),
    ("tasks", "list", "--overdue"),
    ("tasks", "escalate"),
    ("trace", "project", "P-0007"),
    ("projects", "rollup", "--by", "district"),
    ("parks", "list"),
    ("policies", "list"),
    ("policies", "coverage"),
    ("audit",),
    ("projects", "funnel"),
    ("projects", "gaps"),
    ("projects", "signings"),
    ("projects", "history", "P-0007"),
    ("parks", "show", "park-d5c7ee6c"),
    ("tasks", "list"),
    ("tasks", "history", "T-0001"),
    ("trace", "gap", "ai"),
    ("trace", "indicator", "high_tech_mfg_va_growth"),
]
# every registry command and group whose --help is checked
HELPS: list[tuple[str, ...]] = [
    ("projects",), ("tasks",), ("trace",), ("parks",), ("policies",), ("audit",),
    *[("projects", c) for c in ("list", "show", "add", "advance", "edit", "delete", "restore", "history",
                                "lights", "funnel", "rollup", "gaps", "signings", "import", "export")],
    *[("tasks", c) for c in ("list", "add", "status", "link", "unlink", "escalate", "history")],
    *[("trace", c) for c in ("project", "gap", "indicator")],
    ("parks", "list"), ("parks", "show"), ("parks", "edit"),
    ("policies", "list"), ("policies", "coverage"), ("policies", "edit"),
]
# the modules that compute help text at import time, in the order they import each other
HELP_MODULES = ("_common", "places", "projects", "supervision")


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A console wide enough that no cell is folded (a folded data value could not be recognised)."""
    monkeypatch.setattr(console, "width", 2000)
    yield




@pytest.mark.parametrize("lang", ["zh", "en"])
def test_registry_results_speak_one_language(demo_db: Path, lang: str, wide: None) -> None:
    values = data_values(str(demo_db))
    for args in COMMANDS:
        assert other_language(invoke(demo_db, lang, *args), lang, values) == [], args


def help_in(lang: str) -> None:
    """Import the registry command modules again with help text in ``lang``.

    A command module reads its help from the catalogue when it is imported (a process runs in one
    language); a test process runs both, so it imports them again.
    """
    lazy.speak(lang)
    for name in HELP_MODULES:
        importlib.reload(importlib.import_module(f"pacesetter.cli.registry_cmds.{name}"))
    importlib.reload(importlib.import_module("pacesetter.cli.registry_cmds"))


@pytest.fixture
def default_help_after() -> Iterator[None]:
    """Leave the modules with help in the default language for the tests that follow."""
    yield
    help_in("zh")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_registry_help_speaks_one_language(
    demo_db: Path, lang: str, wide: None, default_help_after: None
) -> None:
    help_in(lang)
    for command in HELPS:
        # the usage line's command path is a command line, as in backticks
        text = invoke(demo_db, lang, *command, "--help").replace(" ".join(["pacesetter", *command]), " ")
        assert other_language(text, lang, ()) == [], command


def test_lights_say_why_in_the_chosen_language(demo_db: Path, wide: None) -> None:
    # P-0007's light in the demo scenario (as of 2026-06-30): the same reasons in each language
    zh, en = (invoke(demo_db, lang, "projects", "show", "P-0007") for lang in ("zh", "en"))
    assert "计划节点逾期：投产 逾期" in zh and "红灯" in zh
    assert "planned milestone overdue: in production" in en and "days overdue" in en
