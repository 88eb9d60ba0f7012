"""A griffe extension: the Sphinx roles of Pacesetter's docstrings, read as Markdown code.

Docstrings write ``:class:`~pacesetter.workspace.Workspace``` and ``:meth:`advance```, as
Sphinx does; mkdocstrings renders Markdown, where those would print as typed. This turns
each role into inline code (the last dotted part after ``~``, ``name()`` for functions and
methods) and a reST ``::`` before a literal block into ``:``. Docstrings in ``src/`` stay
as they are; only the pages change.
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Extension, Object

_ROLE = re.compile(r":(?P<role>class|func|meth|attr|mod|data|exc|obj):`(?P<target>[^`]+)`")
_CALLABLE = {"func", "meth"}


def _code(match: re.Match[str]) -> str:
    target = match["target"]
    if target.startswith("~"):
        target = target[1:].rsplit(".", 1)[-1]
    if match["role"] in _CALLABLE and not target.endswith(")"):
        target += "()"
    return f"`{target}`"


def rewrite(text: str) -> str:
    """The docstring with its Sphinx roles as inline code and ``::`` as ``:``."""
    text = _ROLE.sub(_code, text)
    return re.sub(r"(?<=\S)::$", ":", text, flags=re.MULTILINE)


class SphinxRoles(Extension):
    """Rewrite every docstring as it is loaded."""

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = rewrite(obj.docstring.value)
