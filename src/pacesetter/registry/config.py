"""Load the registry's declarative rule files (lights, escalation, counting) with clear errors."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from pacesetter.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


def shipped_rules(name: str) -> Path:
    """The path of a shipped rule file, e.g. ``lights.yaml``."""
    return Path(str(resources.files("pacesetter.registry") / "rules" / name))


def load_rules(path: Path, model: type[M]) -> M:
    """Parse ``path`` into ``model``; :class:`ConfigError` names the file, key path and rule."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: [yaml] cannot parse: {exc}") from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        lines = [
            f"{path}, key {'.'.join(str(p) for p in err['loc']) or '(top)'}: [{err['type']}] {err['msg']}"
            for err in exc.errors()
        ]
        raise ConfigError("invalid rules:\n" + "\n".join(lines)) from None
