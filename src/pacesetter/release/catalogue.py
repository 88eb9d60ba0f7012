"""Indicator names as releases publish them (``indicators.yaml``), matched to the catalogue.

A release names an indicator in words (规上工业增加值, 社零); the file maps each published name
and its synonyms to the catalogue id of each kind of figure about it. Validated on load: an id
must exist in the catalogue with a kind that fits, and no name may be given twice. A name not
found is proposed as a new indicator, never matched by guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from pacesetter.data.catalogue import catalogue
from pacesetter.errors import ConfigError
from pacesetter.model.declarative import config_error, read_yaml
from pacesetter.model.periods import Period

FigureKind = Literal["level", "level_month", "growth", "growth_month", "growth_mom", "share",
                     "contribution_share", "pull", "pp_change", "pp_change_month", "share_change", "index"]
# the catalogue kind an id of each figure kind must have
_CATALOGUE_KIND = {"level": ("level", "count"), "level_month": ("level",), "growth": ("growth",),
                   "growth_month": ("growth",), "growth_mom": ("growth",), "index": ("index",),
                   "share": ("share",), "contribution_share": ("contribution_share",),
                   "pull": ("pp_change",), "pp_change": ("pp_change",), "pp_change_month": ("pp_change",),
                   "share_change": ("pp_change",)}
FILE = Path(str(resources.files("pacesetter.release") / "indicators.yaml"))
# words around a name that do not change what it names: the region said in passing, 同比, 累计 ...
_PREFIX = re.compile(r"^(?:全市|全省|全国|全区|本市|其中[:：]?|全年|累计|实现|完成|的)+")
_SUFFIX = re.compile(r"(?:同比|累计|比上年|比上年同期|增速|增幅|总量|规模|实现|完成|的)+$")


class Entry(BaseModel):
    """One indicator as published: its usual name, synonyms and the catalogue id per figure kind."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    synonyms: list[str] = []
    ids: dict[FigureKind, str] = Field(min_length=1)
    share_of: str | None = None  # the total a share id is of (a published name of another entry)


_ENTRIES = TypeAdapter(list[Entry])


@dataclass(frozen=True)
class Match:
    """The catalogue id a published name and figure kind map to (None: a new indicator), and the name."""

    indicator_id: str | None
    name: str
    known: bool  # the name is in the file (even if it has no id of this kind)


def normalise(name: str) -> str:
    """A published name without the words around it that do not change what it names."""
    text = re.sub(r"\s+", "", name)
    text = text.replace("（", "(").replace("）", ")")
    text = _SUFFIX.sub("", _PREFIX.sub("", text))
    return text


def load(path: Path | None = None) -> tuple[Entry, ...]:
    """Read and validate the names file (the shipped one when ``path`` is None)."""
    source = path or FILE
    try:
        entries = _ENTRIES.validate_python(read_yaml(source))
    except ValidationError as exc:
        raise config_error(source, exc) from exc
    kinds = {str(e["id"]): str(e["kind"]) for e in catalogue()}
    seen: dict[str, str] = {}
    for entry in entries:
        for name in (entry.name, *entry.synonyms):
            key = normalise(name)
            if seen.get(key, entry.name) != entry.name:
                raise ConfigError(f"{source}: {name!r} is given for {seen[key]!r} and {entry.name!r}")
            seen[key] = entry.name
        if ("share" in entry.ids) != (entry.share_of is not None):
            raise ConfigError(f"{source}: {entry.name}: a share id and share_of go together")
        for kind, indicator in entry.ids.items():
            if indicator not in kinds:
                raise ConfigError(f"{source}: {entry.name}: {indicator!r} is not in the indicator catalogue")
            if kinds[indicator] not in _CATALOGUE_KIND[kind]:
                raise ConfigError(f"{source}: {entry.name}: {indicator!r} is a {kinds[indicator]} "
                                  f"indicator, not a {kind} one")
    for entry in entries:
        if entry.share_of is not None and normalise(entry.share_of) not in seen:
            raise ConfigError(f"{source}: {entry.name}: share_of {entry.share_of!r} names no entry")
    return tuple(entries)


@cache
def _index() -> dict[str, Entry]:
    return {normalise(n): e for e in load() for n in (e.name, *e.synonyms)}


def match(name: str, kind: FigureKind, of: str | None = None) -> Match:
    """The catalogue id of a figure of ``kind`` about the published ``name`` (a share, its change
    or a pull: of or on ``of``).

    The name matches a published name or synonym exactly once the words around it are removed
    (全市, 同比, 累计 ...); anything else is a new indicator, named as published. A share, and a
    pull, matches only when the total it is of (on) is the entry's ``share_of`` (by any of its names).
    """
    index = _index()
    entry = index.get(normalise(name))
    if entry is None:
        return Match(None, normalise(name) or name, False)
    if kind in ("share", "share_change"):
        total = index.get(normalise(of or ""))
        if total is None or entry.share_of is None or index.get(normalise(entry.share_of)) is not total:
            return Match(None, f"{entry.name}占{of}比重" if of else f"{entry.name}比重", True)
    if kind == "pull" and (entry.share_of is None or index.get(normalise(of or "")) is not index.get(
            normalise(entry.share_of))):
        return Match(None, f"{entry.name}拉动{of or ''}", True)
    # a single month's rate is its own series: never matched to the year-to-date one
    return Match(entry.ids.get(kind), entry.name, True)


def holds(indicator_id: str, period: str) -> bool:
    """Whether the catalogue's series can hold a figure of ``period`` (its ``period_kinds``, where
    it names them): 一般公共预算支出 of 8月份 is no figure of the year-to-date series."""
    kinds = _period_kinds().get(indicator_id)
    return kinds is None or Period.parse(period).kind in kinds


@cache
def _period_kinds() -> dict[str, tuple[str, ...]]:
    return {str(e["id"]): tuple(str(k) for k in kinds) for e in catalogue()
            if isinstance(kinds := e.get("period_kinds"), list)}
