"""One message catalogue: every user-facing string by id, in zh and en.

The texts live in ``messages/zh/*.yml`` and ``messages/en/*.yml``, a file per area (nested keys
are joined with dots: ``cli.show.title``), with ``str.format`` placeholders; ``tests/test_i18n.py``
holds both languages to the same keys and placeholders. Data values (names, quotes, publishers)
are not messages: they come from the data in the language the data has.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

LANGS = ("zh", "en")
# libyaml's safe loader where PyYAML has it: every command reads the catalogue, ten times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _flatten(tree: dict[str, object], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = str(value)
    return out


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every message of ``lang`` by id."""
    if lang not in LANGS:
        raise ValueError(f"no messages in {lang!r}; the languages are {', '.join(LANGS)}")
    out: dict[str, str] = {}
    folder = resources.files("pacesetter.i18n") / "messages" / lang
    for part in sorted(folder.iterdir(), key=lambda p: p.name):
        if part.name.endswith(".yml"):
            found = _flatten(yaml.load(part.read_text(encoding="utf-8"), Loader=_LOADER) or {})
            if clash := set(found) & set(out):
                raise ValueError(f"messages {sorted(clash)} are defined twice ({lang}/{part.name})")
            out.update(found)
    return out


def t(key: str, lang: str, /, **values: object) -> str:
    """The message ``key`` in ``lang`` with its placeholders filled from ``values``."""
    return catalogue(lang)[key].format(**values)
