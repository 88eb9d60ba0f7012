"""What each enterprise registry in use covers, and the coverage statement every diagnosis carries.

The declarations live in ``coverage.yaml``: the curated list (named firms: presence only),
the listed-company registry (listed firms, at label resolution) and a registry file
(declared complete for the industries it codes). Only a complete registry can make a
segment "absent" (缺失); otherwise an empty segment is "not covered" (未掌握).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from pacesetter.i18n import t

_DECLARED = Path(__file__).with_name("coverage.yaml")


def declarations() -> dict[str, dict[str, object]]:
    """The registries' declarations by id (curated, listed, registry_file)."""
    raw: dict[str, dict[str, object]] = yaml.safe_load(_DECLARED.read_text(encoding="utf-8"))
    return raw


def coverage_lines(counts: Mapping[str, int], lang: str = "zh") -> list[str]:
    """One line per registry in use (``counts``: registry id → enterprises): name, size, scope."""
    out = []
    for rid, n in counts.items():
        d = declarations()[rid]
        unit = t("chains.coverage.firms", lang, n=n)
        out.append(f"{d['name_' + lang]} ({unit}): {d['scope_' + lang]}")
    return out


def registry_statement(n_segments: int, n_not_covered: int, counts: Mapping[str, int],
                       lang: str = "zh") -> str:
    """The coverage a diagnosis rests on, in one paragraph: registries, then segments not covered."""
    registries = t("chains.clause_sep", lang).join(coverage_lines(counts, lang))
    return t("chains.coverage.rests_on", lang, registries=registries, n=n_segments, not_covered=n_not_covered)
