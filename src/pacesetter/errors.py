"""The one exception hierarchy of Pacesetter.

Every error has a stable ``code`` (also the i18n key) so that the CLI and the
API can render it in Chinese or English and scripts can rely on it.
"""

from __future__ import annotations

from dataclasses import dataclass


class PacesetterError(Exception):
    """Root of every error Pacesetter raises on purpose."""

    code = "error"


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
