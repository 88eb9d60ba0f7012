"""Load the registry's declarative rule files (lights, escalation, counting) with clear errors."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from pacesetter.model.declarative import load_validated

M = TypeVar("M", bound=BaseModel)


def shipped_rules(name: str) -> Path:
    """The path of a shipped rule file, e.g. ``lights.yaml``."""
    return Path(str(resources.files("pacesetter.registry") / "rules" / name))


def load_rules(path: Path, model: type[M]) -> M:
    """Parse ``path`` into ``model``; :class:`ConfigError` names the file, key path and rule."""
    return load_validated(path, model)
