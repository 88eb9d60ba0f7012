"""Industry codes onto groups and GB/T 4754-2017 levels, as small join tables.

Prefix matching is done once here, in Python, over every code GB/T 4754-2017 defines (about
4,000 with and without section letters): every engine then joins the enterprises onto the
mapping by exact code, a hash join, and all engines place enterprises alike by construction.
A registry label outside GB/T 4754 is placed only by a prefix equal to the whole label.
"""

from __future__ import annotations

import bisect
import csv
import functools
from importlib import resources

import numpy as np
import pandas as pd

from pacesetter.engine.base import Level
from pacesetter.errors import InputError

# digits of each GB/T 4754-2017 level (section is a letter looked up from the division)
_DIGITS = {"division": 2, "group": 3, "class": 4}


def digits(code: str) -> str:
    """The code without a leading section letter: "C3973" → "3973"; other labels unchanged."""
    return code[1:] if len(code) > 1 and code[0].isalpha() and code[1:].isdigit() else code


def is_membership(groups: pd.DataFrame) -> bool:
    """Whether ``groups`` names its enterprises (enterprise_id, group) rather than code prefixes."""
    return "enterprise_id" in groups.columns


def member_mapping(groups: pd.DataFrame) -> pd.DataFrame:
    """Pairs (enterprise_id as text, group_idx) of an explicit membership, each pair once;
    group_idx is the group's position in ``group_names(groups)``."""
    names = {g: i for i, g in enumerate(group_names(groups))}
    pairs = pd.DataFrame({"enterprise_id": groups["enterprise_id"].astype(str).to_numpy(dtype=object),
                          "group_idx": groups["group"].astype(str).map(names).to_numpy(dtype=np.int32)})
    return pairs.drop_duplicates(ignore_index=True)


def group_mapping(groups: pd.DataFrame, *, lettered: bool = True) -> pd.DataFrame:
    """Pairs (code, group_idx): every code a registry may hold (:func:`universe`, and each prefix
    given, so that a registry label names a group of its own) with every group one of whose
    prefixes it starts with, once; group_idx is the group's position in ``group_names(groups)``.
    ``lettered=False`` (a registry known to hold digits only) leaves out "C3973" and the like.
    """
    missing = {"code_prefix", "group"} - set(groups.columns)
    if missing:
        raise InputError.said("engine.errors.groups_columns", missing=", ".join(sorted(missing)))
    pairs = tuple(zip(groups["code_prefix"].astype(str), groups["group"].astype(str), strict=True))
    return _group_mapping(pairs, lettered).copy()


@functools.lru_cache(maxsize=16)
def _group_mapping(pairs: tuple[tuple[str, str], ...], lettered: bool) -> pd.DataFrame:
    """:func:`group_mapping` of (prefix, group) pairs, kept for the next call with the same groups."""
    position = {g: i for i, g in enumerate(dict.fromkeys(g for _, g in pairs))}
    plain, letters = _plain_codes(), _sections_of()
    found: set[tuple[str, int]] = set()
    for prefix, group in pairs:
        d = digits(prefix)
        if d.isdigit() or not d:  # the GB/T codes under the prefix, each plain and with its letter
            lo, hi = bisect.bisect_left(plain, d), bisect.bisect_left(plain, d + ":")  # ":" follows "9"
            found.update((code, position[group]) for p in plain[lo:hi]
                         for code in ((p, letters[p] + p) if lettered else (p,)))
        else:  # a label: itself only
            found.add((prefix, position[group]))
    rows = sorted(found)
    return pd.DataFrame({"code": np.asarray([c for c, _ in rows], dtype=object),
                         "group_idx": np.asarray([g for _, g in rows], dtype=np.int32)})


@functools.cache
def _plain_codes() -> list[str]:
    """The GB/T 4754-2017 codes in digits, sorted (for prefix ranges)."""
    return sorted(_sections_of())


def group_names(groups: pd.DataFrame) -> list[str]:
    """The distinct groups in first-seen order (the order of the result rows)."""
    return list(dict.fromkeys(groups["group"].astype(str)))


def level_mapping(level: Level) -> pd.DataFrame:
    """Pairs (code, industry): every GB/T 4754-2017 code (:func:`universe`) with its industry at
    ``level`` ("section", "division", "group" or "class"; "as_is" needs no mapping).

    A code coarser than the level (a division "39" at class level) has no industry there and
    is left out, as is every code outside GB/T 4754-2017.
    """
    rows = []
    for code in universe():
        d = digits(code)
        if level == "section":
            rows.append((code, _sections()[d[:2]]))
        elif len(d) >= _DIGITS[level]:
            rows.append((code, d[:_DIGITS[level]]))
    return pd.DataFrame(rows, columns=["code", "industry"])


@functools.cache
def universe() -> tuple[str, ...]:
    """Every GB/T 4754-2017 division, group and class code, plain ("3973") and with its
    section letter ("C3973"): the codes an engine places by prefix."""
    return tuple(code for plain, section in _sections_of().items() for code in (plain, section + plain))


def _sections() -> dict[str, str]:
    """Division (2 digits) → section letter."""
    return {code: section for code, section in _sections_of().items() if len(code) == 2}


@functools.cache
def _sections_of() -> dict[str, str]:
    """Every GB/T 4754-2017 code in digits → its section letter, from the table shipped with the data."""
    path = resources.files("pacesetter.data").joinpath("external", "gbt4754_2017", "gbt4754_2017.csv")
    with path.open(encoding="utf-8") as fh:
        rows = csv.reader(fh)
        head = next(rows)
        section, code = head.index("section"), head.index("code")
        return {row[code]: row[section] for row in rows if row[code].isdigit()}
