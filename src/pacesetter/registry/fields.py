"""Typed fields of the registry tables: reading cell or command-line values, and record checks."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping

from pacesetter.data.places import district_rules
from pacesetter.errors import InputError, Said
from pacesetter.registry.lifecycle import (
    Problem,
    as_date,
    check_finite,
    parse_amount,
    parse_stage,
    refused,
)
from pacesetter.registry.repository import Repository
from pacesetter.store import lookups

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")

# Editable fields of parks and policies and the kind of value each holds.
PARK_FIELDS = {
    "name_zh": "text", "name_en": "text", "district": "text", "chain_ids": "list", "area_mu": "float",
    "capacity_mu": "float", "occupied_mu": "float", "facts": "text", "source": "text",
}
POLICY_FIELDS = {
    "name_zh": "text", "year": "int", "issuer": "text", "issued": "date", "expires": "date",
    "chain_ids": "list", "park_ids": "list", "instruments": "list", "amount_yi": "amount",
    "summary": "text", "source": "text",
}


def read_date(value: object) -> dt.date | None:
    """A date cell or text (2024-05-01, 2024/5/1, 2024年5月1日); blank is ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return as_date(value)
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InputError.said("registry_errors.date", value=value)


def read_int(value: object) -> int | None:
    """A whole number; blank is ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise InputError.said("registry_errors.not_whole", value=value)


def read_float(value: object) -> float | None:
    """A plain number (e.g. an area in 亩); blank is ``None``."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        number = float(str(value).strip())
    except ValueError:
        raise InputError.said("registry_errors.not_number", value=value) from None
    if not math.isfinite(number):  # inf, nan, 1e400: no area or count is
        raise InputError.said("registry_errors.not_finite", value=value)
    return number


def read_text(value: object) -> str | None:
    """Stripped text; blank is ``None``."""
    text = "" if value is None else str(value).strip()
    return text or None


def read_list(value: object) -> list[str] | None:
    """Items separated by ; , or 、 (either width); blank is ``None``."""
    items = [s for s in re.split(r"[;；,，、]\s*", read_text(value) or "") if s]
    return items or None


_READERS: dict[str, Callable[[object], object]] = {
    "text": read_text, "date": read_date, "amount": parse_amount, "float": read_float,
    "stage": lambda v: parse_stage(str(v)) if read_text(v) else None, "list": read_list,
    "int": read_int,
}
RULES = {kind: f"{kind}.invalid" for kind in _READERS} | {"stage": "stage.unknown"}


def read_value(kind: str, raw: object) -> object:
    """Read ``raw`` as a value of ``kind``; raise :class:`InputError` naming the expected form."""
    return _READERS[kind](raw)


def parse_assignments(kinds: Mapping[str, str], assignments: list[str]) -> dict[str, object]:
    """``["completed_yi=8亿元", "expires=2026-12-31"]`` → typed values; every bad one is reported."""
    out: dict[str, object] = {}
    problems: list[Said] = []
    for item in assignments:
        field, sep, raw = item.partition("=")
        field = field.strip()
        if not sep or field not in kinds:
            problems.append(Said("registry_errors.assignment_form", item=item, fields=tuple(kinds)))
            continue
        try:
            out[field] = read_value(kinds[field], raw)
        except InputError as exc:
            problems.append(Said("registry_errors.assignment_value", field=field, error=exc))
    if problems:
        raise InputError.said("registry_errors.problems", problems=problems)
    return out


def check_name(record: Mapping[str, object]) -> list[Problem]:
    """A record (project, park, policy) needs a name that is not blank."""
    name = record.get("name_zh")
    if isinstance(name, str) and name.strip():
        return []
    return [Problem("name_zh", "name.required", name, Said("registry.problems.name_required"))]


# Fields of a project that name records of other tables: (table, field, what).
_REFS = (("chains", "chain_id", "chain"), ("parks", "park_id", "park"), ("segments", "segments", "segment"),
         ("enterprises", "investor_id", "enterprise"))
REF_TABLES = tuple(table for table, _, _ in _REFS)


def _as_ids(value: object) -> list[str]:
    if value is None or isinstance(value, float):
        return []
    if isinstance(value, str):
        return [v for v in value.split(";") if v]
    return [str(v) for v in value]  # type: ignore[attr-defined]


def check_refs(
    values: Mapping[str, object], current: Mapping[str, object] | None, exists: Callable[[str, str], bool],
) -> list[Problem]:
    """Ids of chains, parks, segments, investors and the parent project that ``values`` name must
    exist (``exists(table, id)``), the parent not being the project itself; values as stored
    (``current``) are not judged again."""
    problems = []
    itself = {values.get("id"), *((current.get("id"), current.get("alias")) if current else ())} - {None}
    for table, field, what in (*_REFS, ("projects", "parent_id", "parent")):
        if field not in values:
            continue
        ids = _as_ids(values[field])
        if current is not None and ids == _as_ids(current.get(field)):
            continue
        for one in ids:
            if field == "parent_id" and one in itself:
                problems.append(Problem(field, "parent.self", one, Said("registry.problems.parent_self")))
            elif field == "parent_id" and not exists(table, one):
                problems.append(Problem(field, "parent.unknown", one,
                                        Said("registry.problems.parent_unknown", parent=one)))
            elif not exists(table, one):
                problems.append(_unknown_ref(field, table, what, one))
    return problems


def _unknown_ref(field: str, table: str, what: str, one: str) -> Problem:
    """``field`` names ``one``, which ``table`` does not hold."""
    return Problem(field, f"{what}.unknown", one, Said("registry.problems.ref_unknown", id=one, table=table,
                                                       what=Said(f"registry.problems.what.{what}")))


def check_district(values: Mapping[str, object]) -> list[Problem]:
    """A district written as a code (digits) must be a GB/T 2260 district code of the city (as
    ``users add --district`` requires); a code of no district was stored as a text nothing places."""
    text = values.get("district")
    if not isinstance(text, str) or not text.strip().isdigit():
        return []
    rules = district_rules()
    if not rules.not_districts([text.strip()]):
        return []
    return [Problem("district", "district.unknown", text,
                    Said("users.errors.unknown_districts", districts=text.strip(), city=rules.city))]


EARLIEST_POLICY_YEAR = 1949  # no policy of the city's registry is older


def check_place_values(
    table: str, changes: Mapping[str, object], exists: Callable[[str, str], bool], today: dt.date,
) -> list[Problem]:
    """Values a park or policy edit may not hold: instruments outside the five, chains and parks
    the store does not know, a policy year before 1949 or after next year."""
    from pacesetter.registry.coverage import ALL_CHAINS, INSTRUMENTS, normalise_instrument

    problems = []
    for one in _as_ids(changes.get("instruments")):
        if normalise_instrument(one) is None:
            problems.append(Problem("instruments", "instrument.unknown", one, Said(
                "registry.problems.value_unknown", field="instruments", value=one, allowed=INSTRUMENTS)))
    for field, ref, what in (("chain_ids", "chains", "chain"), ("park_ids", "parks", "park")):
        for one in _as_ids(changes.get(field)):
            if not (field == "chain_ids" and one in ALL_CHAINS) and not exists(ref, one):
                problems.append(_unknown_ref(field, ref, what, one))
    year = changes.get("year")
    latest = today.year + 1
    if table == "policies" and isinstance(year, int) and not EARLIEST_POLICY_YEAR <= year <= latest:
        problems.append(Problem("year", "year.range", year, Said(
            "registry.problems.year_range", value=year, earliest=EARLIEST_POLICY_YEAR, latest=latest)))
    return problems


def check_place(table: str, record: Mapping[str, object]) -> list[Problem]:
    """Problems with a park (occupied area within capacity) or a policy (expiry after issue)."""
    numbers = ("area_mu", "capacity_mu", "occupied_mu", "amount_yi")
    problems = check_finite(record, numbers)
    for name in numbers:
        value = record.get(name)
        if isinstance(value, int | float) and value < 0:
            problems.append(Problem(name, "amount.negative", value,
                                    Said("registry.problems.negative", name=name)))
    cap, used = record.get("capacity_mu"), record.get("occupied_mu")
    if table == "parks" and isinstance(cap, float) and isinstance(used, float) and used > cap:
        problems.append(Problem("occupied_mu", "occupancy.exceeds_capacity", used,
                                Said("registry.problems.exceeds_capacity", used=used, cap=cap)))
    issued, expires = as_date(record.get("issued")), as_date(record.get("expires"))
    if table == "policies" and issued and expires and expires < issued:
        problems.append(Problem("expires", "date.order", expires,
                                Said("registry.problems.expires_early", expires=expires, issued=issued)))
    return problems


def edit_place(
    repo: Repository, table: str, record_id: str, changes: Mapping[str, object], *,
    expected_version: int, note: str | None = None,
) -> dict[str, object]:
    """Edit a park or policy after checking the merged record; raise :class:`InputError` on problems."""
    kinds = {"parks": PARK_FIELDS, "policies": POLICY_FIELDS}[table]
    unknown = sorted(set(changes) - set(kinds))
    if unknown:
        raise InputError.said("registry_errors.cannot_edit", fields=tuple(unknown),
                              table=Said(f"registry_errors.table.{table}"), editable=tuple(kinds))
    if isinstance(typed := changes.get("instruments"), list):  # 基金 → fund, as the coverage reads them
        from pacesetter.registry.coverage import normalise_instrument

        codes = [normalise_instrument(i) or i for i in typed]
        changes = {**changes, "instruments": list(dict.fromkeys(codes))}
    with repo.atomic():
        merged = {**repo.get(table, record_id), **changes}
        problems = (check_name(merged) + check_place(table, merged) + check_district(changes)
                    + check_place_values(table, changes, lambda t, one: lookups.id_exists(repo.con, t, one),
                                         dt.date.today()))
        if problems:
            raise refused(record_id, problems)
        return repo.update(table, record_id, changes, expected_version=expected_version, note=note)
