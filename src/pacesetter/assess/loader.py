"""Load and validate assessment frameworks from YAML.

Shipped frameworks sit in ``assess/frameworks/`` and load exactly as a user's
do; a user passes a file path or extra folders to search. A framework may
``extends: other-id`` and override top-level keys; cycles are refused. Every
error names the file, the key path (with its line) and the rule broken, in the catalogue's
words (``analysis_errors``): pydantic's own messages are English only, so its error types are
worded there too.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pydantic import ValidationError

from pacesetter.assess.config import Framework, Problem, check_framework
from pacesetter.errors import ConfigError, NotFoundError, PacesetterError, Said, UnitError
from pacesetter.model.declarative import read_yaml, rule_broken, rule_type
from pacesetter.model.units import normalise_unit


def shipped_dir() -> Path:
    """The folder of the frameworks that ship with Pacesetter."""
    return Path(str(resources.files("pacesetter.assess") / "frameworks"))


def _search_dirs(dirs: Sequence[Path] | None) -> list[Path]:
    return [*(dirs or []), shipped_dir()]


def list_frameworks(dirs: Sequence[Path] | None = None) -> pd.DataFrame:
    """Frameworks found in ``dirs`` then the shipped folder.

    Columns: id, name_zh, name_en, path. An id found twice keeps the first (user) file.
    """
    rows: dict[str, dict[str, str]] = {}
    for folder in _search_dirs(dirs):
        for path in sorted(folder.glob("*.yaml")):
            raw = _read_yaml(path)
            fid = str(raw.get("id", path.stem))
            rows.setdefault(fid, {"id": fid, "name_zh": str(raw.get("name_zh", "")),
                                  "name_en": str(raw.get("name_en", "")), "path": str(path)})
    return pd.DataFrame(list(rows.values()), columns=["id", "name_zh", "name_en", "path"])


def find_framework(name: str, dirs: Sequence[Path] | None = None) -> Path:
    """The file of framework ``name`` (an id or a path), or :class:`NotFoundError`."""
    candidate = Path(name)
    if candidate.suffix in (".yaml", ".yml"):
        if not candidate.exists():
            raise NotFoundError.said("analysis_errors.framework_file_missing", path=candidate)
        return candidate
    known = list_frameworks(dirs)
    hit = known[known["id"] == name]
    if hit.empty:
        raise NotFoundError.said("analysis_errors.framework_not_found", name=name, known=tuple(known["id"]))
    return Path(hit.iloc[0]["path"])


def load_framework(name: str | Path, dirs: Sequence[Path] | None = None) -> Framework:
    """Parse, resolve ``extends`` and validate a framework; raise :class:`ConfigError` on any problem."""
    path = find_framework(str(name), dirs)
    raw = _resolve(path, dirs, chain=[])
    try:
        fw = Framework.model_validate(raw)
    except ValidationError as exc:
        lines = [_render(path, ".".join(str(p) for p in err["loc"]), rule_type(err), rule_broken(err))
                 for err in exc.errors()]
        raise ConfigError.said("analysis_errors.framework_invalid", lines=lines) from None
    problems = check_framework(fw)
    if problems:
        raise ConfigError.said("analysis_errors.framework_invalid",
                               lines=[_render(path, *problem) for problem in problems])
    return fw


def check_against_catalogue(fw: Framework, catalogue: pd.DataFrame, source: str = "") -> None:
    """Refuse indicators the store does not know, or whose unit cannot be converted.

    ``catalogue`` has the columns id and unit (the store's ``indicators`` table).
    """
    units = dict(zip(catalogue["id"], catalogue["unit"], strict=True))
    problems: list[Problem] = []
    for gi, group in enumerate(fw.groups):
        for ii, spec in enumerate(group.indicators):
            key = f"groups[{gi}].indicators[{ii}]"
            if spec.id not in units:
                problems.append((f"{key}.id", "unknown_indicator",
                                 Said("analysis_errors.unknown_indicator", indicator=spec.id)))
                continue
            try:
                store_unit = normalise_unit(str(units[spec.id]))
            except UnitError as exc:
                problems.append((f"{key}.unit", "unit_mismatch", exc))
                continue
            if store_unit.dimension != normalise_unit(spec.unit).dimension:
                problems.append((f"{key}.unit", "unit_mismatch",
                                 Said("analysis_errors.store_unit", indicator=spec.id, unit=spec.unit,
                                      store_unit=store_unit.symbol)))
    if problems:
        where = Path(source or fw.id)
        raise ConfigError.said("analysis_errors.framework_store",
                               lines=[_render(where, *problem) for problem in problems])


def _resolve(path: Path, dirs: Sequence[Path] | None, chain: list[str]) -> dict[str, Any]:
    raw = _read_yaml(path)
    parent = raw.pop("extends", None)
    if parent is None:
        return raw
    me = str(raw.get("id", path.stem))
    if parent in [*chain, me]:
        cycle = " → ".join([*chain, me, str(parent)])
        raise ConfigError.said("analysis_errors.framework_invalid", lines=[
            _render(path, "extends", "cycle", Said("analysis_errors.cycle", cycle=cycle))])
    base = _resolve(find_framework(str(parent), dirs), dirs, [*chain, me])
    return {**base, **raw}


def _read_yaml(path: Path) -> dict[str, Any]:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError.said("analysis_errors.not_mapping", path=path)
    return data


def _render(path: Path, key: str, rule: str, message: Said | PacesetterError) -> Said:
    """One problem of a framework file: where (file, key path, line), the rule and the message."""
    line = _line_of(path, key)
    where = (Said("analysis_errors.where_line", path=path, key=key, line=line) if line
             else Said("analysis_errors.where", path=path, key=key))
    return Said("analysis_errors.framework_line", where=where, rule=rule, message=message)


def _line_of(path: Path, key: str) -> int | None:
    """The 1-based line of a dotted key path such as ``groups.0.indicators.1.id``."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    parts = [p for p in key.replace("[", ".").replace("]", "").split(".") if p]
    for part in parts:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if k.value == part]
            if not match:
                break
            node = match[0]
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
        else:
            break
    return node.start_mark.line + 1 if node is not None else None
