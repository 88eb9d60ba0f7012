"""Declarative files (YAML) read and validated: an error names the file, the key path and the rule.

Shared by the release grammar and city profiles, the bulletin's sections and warning rules, the
assessment frameworks, the registry's rule files and the chain thresholds, so that every
declarative file reports its errors the same way, in the user's language (pydantic's own
messages are English only).
"""

from __future__ import annotations

import re
import reprlib
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from pacesetter.errors import ConfigError, PacesetterError, Said

M = TypeVar("M", bound=BaseModel)

# pydantic's error types → the rule of the catalogue (input.error.rule.<rule>) that says them in a
# language; pydantic's own message is English only
_RULES = {
    "missing": "missing", "extra_forbidden": "extra_forbidden", "literal_error": "literal_error",
    "float_parsing": "number", "float_type": "number", "int_parsing": "number", "int_type": "number",
    "int_from_float": "number", "string_type": "text", "bool_parsing": "bool", "bool_type": "bool",
    "list_type": "list", "tuple_type": "list", "dict_type": "mapping", "model_type": "mapping",
    "model_attributes_type": "mapping", "greater_than": "greater_than", "greater_than_equal": "at_least",
    "less_than": "less_than", "less_than_equal": "at_most", "union_tag_invalid": "literal_error",
    "union_tag_not_found": "tag_missing", "too_short": "too_short", "too_long": "too_long",
    "string_pattern_mismatch": "pattern",
}


def read_yaml(path: Path) -> object:
    """Parse a YAML file; a missing file or a syntax error becomes :class:`ConfigError` naming the
    file (and the line and column of the error)."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError.said("input.error.file_missing", path=path) from None
    except OSError as exc:
        raise ConfigError.said("input.error.file_unreadable", path=path, reason=exc.strerror or "") from None
    except yaml.YAMLError as exc:
        if (mark := getattr(exc, "problem_mark", None)) is None:
            raise ConfigError.said("input.error.yaml", path=path) from None
        raise ConfigError.said("input.error.yaml_at", path=path, line=mark.line + 1,
                               column=mark.column + 1) from None


def rule_broken(err: ErrorDetails) -> Said:
    """What one pydantic error says, in the catalogue: a validator's own error (raised with
    ``said``, in the language of the message), else the rule of its type with the value given
    (shortened: a whole mapping would bury the message)."""
    ctx = err.get("ctx") or {}
    if (error := ctx.get("error")) is not None:  # as the validator words it (a plain ValueError: English)
        return Said("input.error.rule.said",
                    error=error if isinstance(error, PacesetterError) else str(error))
    rule = _RULES.get(err["type"], "other")
    # pydantic lists the choices in English ("'a', 'b' or 'c'"): the choices alone, listed by the message
    choices = str(ctx.get("expected") or ctx.get("expected_tags") or "")
    expected = tuple(x.strip("'") for x in re.split(r", | or ", choices) if x) or (
        (str(ctx["pattern"]),) if "pattern" in ctx else ())
    limit = next((ctx[k] for k in ("gt", "ge", "lt", "le", "min_length", "max_length") if k in ctx), None)
    # a wrong kind: its tag, not the whole entry
    value = repr(ctx["tag"]) if "tag" in ctx else reprlib.repr(err.get("input"))
    return Said(f"input.error.rule.{rule}", type=err["type"], value=value, expected=expected, limit=limit,
                key=str(ctx.get("discriminator", "")).strip("'"))


def rule_type(err: ErrorDetails) -> str:
    """The code of the rule an error breaks: pydantic's type, ``value_error`` for a validator's own."""
    return "value_error" if (err.get("ctx") or {}).get("error") is not None else err["type"]


def config_error(path: Path, exc: ValidationError) -> ConfigError:
    """A :class:`ConfigError` naming the file, each key path and the rule broken."""
    lines = [Said("input.error.line", key=".".join(str(p) for p in err["loc"]) or Said("input.error.top"),
                  type=rule_type(err), rule=rule_broken(err))
             for err in exc.errors()]
    return ConfigError.said("input.error.invalid", path=path, lines=lines)


def load_validated(path: Path, model: type[M]) -> M:
    """Read ``path`` and validate it as ``model``; errors name the file, key path and rule."""
    try:
        return model.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise config_error(path, exc) from exc
