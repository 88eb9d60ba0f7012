"""The one exception hierarchy of Pacesetter.

Every error has a stable ``code`` (also the i18n key) so that the CLI and the
API can render it in Chinese or English and scripts can rely on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from pacesetter.i18n import t


class PacesetterError(Exception):
    """Root of every error Pacesetter raises on purpose."""

    code = "error"

    def __init__(self, message: str = "", *, zh: str | None = None) -> None:
        super().__init__(message)
        self.zh = zh

    @classmethod
    def said(cls, key: str, /, **values: object) -> Self:
        """The error with message ``key`` of the catalogue: its English text, and its Chinese one."""
        return cls(t(key, "en", **values), zh=t(key, "zh", **values))

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (zh or en); errors without a Chinese wording keep their one message."""
        return self.zh if lang == "zh" and self.zh else str(self)


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


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a user's file: where it is and which rule it breaks."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    rule: str
    value: object
    message: str
    message_zh: str = ""  # the same message in Chinese, where the rule provides one

    def render(self, lang: str = "en") -> str:
        """One line a person can act on: file, sheet, row, column, rule, value.

        In Chinese (``lang="zh"``) the place and, where the rule provides it, the
        message are Chinese; a rule without a Chinese message keeps its English one.
        """
        zh = lang == "zh"
        sheet, row, column = ("工作表 {}", "第{}行", "列 {}") if zh else ("sheet {}", "row {}", "column {}")
        where = [self.file]
        if self.sheet:
            where.append(sheet.format(self.sheet))
        if self.row is not None:
            where.append(row.format(self.row))
        if self.column:
            where.append(column.format(self.column))
        if zh:
            message = self.message_zh or self.message
            return f"{'，'.join(where)}：[{self.rule}] {message}（值：{self.value!r}）"
        return f"{', '.join(where)}: [{self.rule}] {self.message} (value: {self.value!r})"


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
        zh = lang == "zh"
        pid = str(self.pid) if self.pid is not None else ("未知" if zh else "unknown")
        command = self.command or ("未知" if zh else "unknown")
        if zh:
            return (f"数据库 {self.path} 正被另一个进程占用（PID {pid}，命令：{command}），"
                    f"已等待 {self.waited:g} 秒。请等该命令结束后重试，或用 --wait 秒数 等待更久"
                    + (f"；若该进程已无响应，可结束它（kill {pid}）。" if self.pid is not None else "。"))
        return (f"the database {self.path} is held by another process (PID {pid}, command: {command}); "
                f"waited {self.waited:g} s. Try again when that command has finished, or wait longer "
                "with --wait SECONDS"
                + (f"; if that process hangs, end it (kill {pid})." if self.pid is not None else "."))


# What a file given as the database is instead, in (zh, en): NotADatabase's ``kind``.
_NOT_A_DATABASE_KINDS = {
    "directory": ("一个文件夹", "a folder"),
    "empty": ("一个空文件", "an empty file"),
    "unreadable": ("一个无法读取的文件（没有读取权限）", "a file that cannot be read (no permission)"),
    "text": ("一个文本文件（如 CSV）", "a text file (such as a CSV)"),
    "zip": ("一个 Excel 工作簿（.xlsx）或其他 zip 压缩文件", "an Excel workbook (.xlsx) or another zip file"),
    "ole": ("一个旧版 Office 文件（如 .xls 或 .doc）", "an old Office file (such as .xls or .doc)"),
    "sqlite": ("一个 SQLite 数据库", "an SQLite database"),
    "binary": ("一个无法识别的文件，不是 DuckDB 数据库", "a file of unknown kind, not a DuckDB database"),
    "corrupt": ("一个已损坏的 DuckDB 数据库", "a damaged DuckDB database"),
    "foreign": ("另一个程序的 DuckDB 数据库（没有 Pacesetter 的表）",
                "a DuckDB database of another program (without Pacesetter's tables)"),
    "newer_duckdb": ("由更新版本的 DuckDB 写入的数据库，本程序无法读取",
                     "a database written by a newer DuckDB than this installation can read"),
    "older_duckdb": ("由过旧的 DuckDB 开发版写入的数据库，本程序无法读取",
                     "a database written by an old development version of DuckDB that this one cannot read"),
    "newer_schema": ("由更新版本的 Pacesetter 写入的数据库", "a database written by a newer Pacesetter"),
}


class NotADatabase(InputError):
    """The file given as the database is not a Pacesetter database; it was left untouched.

    ``kind`` says what it is instead (a key of the table above), ``detail`` adds what is known
    (e.g. the schema versions).
    """

    code = "store.not_a_database"

    def __init__(self, path: object, kind: str, detail: str = "") -> None:
        self.path, self.kind, self.detail = path, kind, detail
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        """What the file is, that it was not changed, and what to do, in ``lang`` (zh or en)."""
        zh = lang == "zh"
        what = _NOT_A_DATABASE_KINDS[self.kind][0 if zh else 1]
        detail = f"（{self.detail}）" if zh and self.detail else f" ({self.detail})" if self.detail else ""
        newer = self.kind in ("newer_duckdb", "newer_schema")
        if zh:
            todo = ("请用写入它的新版 Pacesetter 打开，或先升级本机的 Pacesetter。" if newer else
                    "请用 --db 指向 Pacesetter 数据库：新建一个可用 `pacesetter --db 新文件.duckdb init`"
                    "（加 --demo 载入示例数据），`make demo` 之后可用 --db out/demo.duckdb。")
            return f"{self.path} 不是 Pacesetter 数据库：它是{what}{detail}。该文件未被改动。{todo}"
        todo = ("Open it with the newer Pacesetter that wrote it, or upgrade this one first." if newer else
                "Point --db at a Pacesetter database: create a new one with `pacesetter --db new.duckdb "
                "init` (add --demo for the demo data), or after `make demo` use --db out/demo.duckdb.")
        return (f"{self.path} is not a Pacesetter database: it is {what}{detail}. "
                f"The file was left untouched. {todo}")
