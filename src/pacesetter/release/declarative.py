"""Declarative files (YAML) read and validated: an error names the file, the key path and the rule.

Shared by the release grammar and city profiles here and by the bulletin's sections and warning
rules (monitor/), so that every declarative file reports its errors the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from pacesetter.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


def read_yaml(path: Path) -> object:
    """Parse a YAML file; a syntax error becomes :class:`ConfigError` naming the file."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read YAML: {exc}") from exc


def config_error(path: Path, exc: ValidationError) -> ConfigError:
    """A :class:`ConfigError` naming the file, each key path and the rule broken."""
    lines = [
        f"{path}: {'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}"
        for err in exc.errors()
    ]
    return ConfigError("\n".join(lines))


def load_validated(path: Path, model: type[M]) -> M:
    """Read ``path`` and validate it as ``model``; errors name the file, key path and rule."""
    try:
        return model.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise config_error(path, exc) from exc
