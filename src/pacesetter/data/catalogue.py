"""The indicator catalogue (indicators.yaml) and its aliases in the researched CSVs."""

from __future__ import annotations

from functools import cache

import pandas as pd
import yaml

from pacesetter.data import data_path
from pacesetter.errors import ConfigError
from pacesetter.model.indicators import Indicator

# Keys of an entry that are not Indicator fields.
EXTRA_KEYS = ("aliases", "plan")


@cache
def catalogue() -> tuple[dict[str, object], ...]:
    """Every entry of indicators.yaml, validated against :class:`Indicator`."""
    path = data_path("indicators.yaml")
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    for i, entry in enumerate(entries):
        try:
            Indicator(**{k: v for k, v in entry.items() if k not in EXTRA_KEYS})
        except ValueError as exc:
            raise ConfigError.said("registry_errors.indicator_entry", path=path, entry=i, id=entry.get("id"),
                                       error=exc) from exc
    return tuple(entries)


def indicators_frame() -> pd.DataFrame:
    """The indicators table: id, name_zh, name_en, unit, frequency, kind, polarity, definition, agency."""
    rows = [{k: v for k, v in e.items() if k not in EXTRA_KEYS} for e in catalogue()]
    return pd.DataFrame(rows)


def aliases() -> dict[tuple[str, str], list[str]]:
    """(indicator_en, period_kind) of the researched CSVs -> indicator ids, in catalogue order.

    One pair maps to several ids only for a composite figure (the three-sector structure
    ``a:b:c`` feeds the primary, secondary and services shares).
    """
    out: dict[tuple[str, str], list[str]] = {}
    for entry in catalogue():
        for name, kind in entry.get("aliases") or []:  # type: ignore[attr-defined]
            out.setdefault((str(name), str(kind)), []).append(str(entry["id"]))
    return out


def units() -> dict[str, str]:
    """Indicator id -> unit."""
    return {str(e["id"]): str(e["unit"]) for e in catalogue()}
