"""The one exception hierarchy of Pacesetter.

Every error has a stable ``code`` (also the i18n key) so that the CLI and the
API can render it in Chinese or English and scripts can rely on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Self

from pacesetter.i18n import t


class PacesetterError(Exception):
    """Root of every error Pacesetter raises on purpose."""

    code = "error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.key: str | None = None
        self.values: dict[str, object] = {}

    @classmethod
    def said(cls, key: str, /, **values: object) -> Self:
        """The error with message ``key`` of the catalogue, rendered in a language by :meth:`text`.

        A value may be language-dependent: ``{period:zh}`` / ``{period:en}`` in the catalogue
        call its ``__format__`` with the language (see :class:`~pacesetter.model.periods.Period`).
        """
        error = cls()
        error.key, error.values = key, values
        error.args = (error.text("en"),)
        return error

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (zh or en); an error raised without a key keeps its one message."""
        if self.key:
            return t(self.key, lang, **{k: in_language(v, lang) for k, v in self.values.items()})
        return str(self)


class ConfigError(PacesetterError):
    """A settings value or a declarative file (YAML) is invalid."""

    code = "config.invalid"


class InputError(PacesetterError, ValueError):
    """User data is invalid."""

    code = "input.invalid"


class UnitError(InputError):
    """A unit is unknown or does not fit the indicator."""

    code = "input.unit"


class NotFoundError(PacesetterError, LookupError):
    """A region, indicator, chain or record does not exist."""

    code = "not_found"


class ProvenanceError(PacesetterError):
    """A figure lacks its source, or synthetic data would mix with real data."""

    code = "provenance"


class ConflictError(PacesetterError):
    """A record changed since it was read (optimistic concurrency)."""

    code = "conflict"


class AuthError(PacesetterError):
    """Sign-in failed; the one message for every cause, so that names are not revealed."""

    code = "auth.failed"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a user's file: where it is and which rule it breaks.

    Its message is ``key`` of the catalogue filled from ``values``, rendered in a language by
    :meth:`text`; a value that is itself worded in a language (a :class:`PacesetterError` raised
    with ``said``, or a :class:`Said`) is rendered in the same language. ``message`` is a message
    already worded (an issue a server sent), for an issue without ``key``.
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    rule: str
    value: object
    message: str = ""
    key: str = ""
    values: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        """The message alone, in ``lang`` (zh or en)."""
        if not self.key:
            return self.message
        return t(self.key, lang, **{k: in_language(v, lang) for k, v in self.values.items()})

    def render(self, lang: str = "en") -> str:
        """One line a person can act on, in ``lang``: file, sheet, row, column, rule, message, value."""
        where = [self.file]
        if self.sheet:
            where.append(t("io.issue.sheet", lang, sheet=self.sheet))
        if self.row is not None:
            where.append(t("io.issue.row", lang, row=self.row))
        if self.column:
            where.append(t("io.issue.column", lang, column=self.column))
        place = t("io.issue.sep", lang).join(where)
        if self.value is None:  # no cell value to show (a missing column, a whole file): no "(value: None)"
            return t("io.issue.line_no_value", lang, where=place, rule=self.rule, message=self.text(lang))
        value = self.value.isoformat() if isinstance(self.value, dt.date) else self.value  # as shown
        return t("io.issue.line", lang, where=place, rule=self.rule, message=self.text(lang), value=value)


@dataclass(frozen=True, slots=True)
class Bilingual:
    """A name a message shows in the reader's language (``{name:zh}`` / ``{name:en}``, or as an
    item of a listed tuple, see :func:`in_language`)."""

    zh: str
    en: str

    def __format__(self, spec: str) -> str:
        return self.zh if spec == "zh" else self.en if spec == "en" else format(self.en, spec)


class Said:
    """A message of the catalogue not yet in a language (``key`` filled from ``values``, like
    :meth:`PacesetterError.said`): a value of another message, rendered in that message's
    language by :func:`in_language`."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values: object) -> None:
        self.key, self.values = key, values

    def __repr__(self) -> str:
        return f"Said({self.key!r}, **{self.values!r})"

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (zh or en)."""
        return t(self.key, lang, **{k: in_language(v, lang) for k, v in self.values.items()})


def in_language(value: object, lang: str) -> object:
    """``value`` as a message in ``lang`` shows it: a :class:`Said` or an error with a catalogue
    key rendered in ``lang``; a list of them as sentences (``a; b``); a tuple listed as ``lang``
    lists things (``a、b``), each item rendered so or, if not a string, formatted with ``lang`` (a
    column's header in that language); anything else as it is."""
    if isinstance(value, Said | PacesetterError):
        return value.text(lang)
    if isinstance(value, list):
        return t("cli.sentence_sep", lang).join(str(in_language(v, lang)) for v in value)
    if isinstance(value, tuple):
        return t("cli.list_sep", lang).join(
            str(in_language(v, lang)) if isinstance(v, str | Said | PacesetterError) else format(v, lang)
            for v in value)
    return value


class ImportRejected(InputError):
    """An import found problems; nothing was written. Carries every issue."""

    code = "import.rejected"

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        head = "\n".join(i.render() for i in issues[:5])
        more = f"\n… and {len(issues) - 5} more" if len(issues) > 5 else ""
        super().__init__(f"{len(issues)} problem(s); nothing was imported.\n{head}{more}")


class DatabaseBusy(PacesetterError):
    """Another process held the database file for longer than we were willing to wait."""

    code = "store.busy"

    def __init__(self, path: object, pid: int | None, command: str | None, waited: float) -> None:
        self.path, self.pid, self.command, self.waited = path, pid, command, waited
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        """Who holds the file and what to do, in ``lang`` (zh or en); an unknown holder is said so."""
        unknown = t("common.unknown", lang)
        kill = t("io.busy_kill", lang, pid=self.pid) if self.pid is not None else t("io.busy_end", lang)
        return t("io.busy", lang, path=self.path, pid=unknown if self.pid is None else self.pid,
                 command=self.command or unknown, waited=self.waited, kill=kill)


class NotADatabase(InputError):
    """The file given as the database is not a Pacesetter database; it was left untouched.

    ``kind`` says what it is instead (a key of ``io.file_kind`` in the catalogue), ``detail`` adds
    what is known (e.g. the schema versions).
    """

    code = "store.not_a_database"

    def __init__(self, path: object, kind: str, detail: str = "", *, todo: str | None = None) -> None:
        self.path, self.kind, self.detail, self.todo = path, kind, detail, todo  # todo: a message key
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        """What the file is, that it was not changed, and what to do, in ``lang`` (zh or en)."""
        detail = t("io.not_a_database_detail", lang, detail=self.detail) if self.detail else ""
        newer = self.kind in ("newer_duckdb", "newer_schema")
        todo = t(self.todo or ("io.not_a_database_newer" if newer else "io.not_a_database_todo"), lang)
        return t("io.not_a_database", lang, path=self.path, what=t(f"io.file_kind.{self.kind}", lang),
                 detail=detail, todo=todo)
