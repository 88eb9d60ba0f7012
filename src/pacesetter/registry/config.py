"""Load the registry's declarative rule files (lights, escalation, counting) with clear errors."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from pacesetter.errors import ConfigError, Said

M = TypeVar("M", bound=BaseModel)


def shipped_rules(name: str) -> Path:
    """The path of a shipped rule file, e.g. ``lights.yaml``."""
    return Path(str(resources.files("pacesetter.registry") / "rules" / name))


def load_rules(path: Path, model: type[M]) -> M:
    """Parse ``path`` into ``model``; :class:`ConfigError` names the file, key path and rule."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError.said("registry_errors.rules_missing", path=path) from None
    except OSError as exc:
        raise ConfigError.said("registry_errors.rules_unreadable", path=path, error=exc) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)  # where a MarkedYAMLError found the problem
        if mark is None:
            raise ConfigError.said("registry_errors.rules_yaml", path=path, error=exc) from None
        raise ConfigError.said("registry_errors.rules_yaml_at", path=path, line=mark.line + 1,
                               column=mark.column + 1, error=getattr(exc, "problem", None) or exc) from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        lines = [  # pydantic's own message (err["msg"]) is in English only
            Said("registry_errors.rules_line", path=path, type=err["type"], error=err["msg"],
                 key=".".join(str(p) for p in err["loc"]) or Said("registry_errors.rules_top"))
            for err in exc.errors()
        ]
        raise ConfigError.said("registry_errors.rules_invalid", lines=lines) from None
