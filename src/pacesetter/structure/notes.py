"""Warnings of the structure analytics: a message code of the catalogue and the values it names."""

from __future__ import annotations

from dataclasses import dataclass, field

from pacesetter.i18n import t


@dataclass(frozen=True, slots=True)
class StructureWarning:
    """One caveat about a result, e.g. a region with too few observations for a stable RCA.

    ``code`` is a key of ``messages/*/structure.yml``; ``values`` fill its placeholders.
    """

    code: str
    values: dict[str, object] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        """The warning worded in ``lang`` (zh or en)."""
        return t(self.code, lang, **self.values)
