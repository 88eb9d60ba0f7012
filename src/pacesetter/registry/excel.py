"""Projects in and out of Excel in the layout bureaus use.

One row per project, Chinese headers, the stage as a Chinese word (签约, 开工 …),
dates as real Excel dates, amounts in 亿元. An import checks every cell and
every row against the lifecycle rules and the store, collects every problem
(file, sheet, row, column, rule, value) and writes nothing unless all is well;
then it creates and updates projects through the audited repository in one
transaction. The ``版本`` column carries each row's version, so a sheet exported
before somebody else's change cannot overwrite that change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast
from zipfile import BadZipFile

import openpyxl
import pandas as pd
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from pacesetter.errors import ImportRejected, InputError, Issue, Said
from pacesetter.registry.fields import REF_TABLES, RULES, check_district, check_refs, read_text, read_value
from pacesetter.registry.lifecycle import (
    as_date,
    check_project,
    check_transition,
    plan_transition,
    stage_label,
    synthetic_fields,
)
from pacesetter.registry.repository import Repository, last_change
from pacesetter.store import lookups, scenario_queries

SHEET = "项目"
SYNTHETIC_COMMENT = ("合成数据：演示情景生成，不是公布的数字 / "
                     "synthetic: made up by the demo scenario, not a published figure")


@dataclass(frozen=True, slots=True)
class SheetColumn:
    """A column of the bureau sheet: store field, Chinese header, kind of value."""

    field: str
    zh: str
    kind: str = "text"  # text | date | amount | stage | list | int
    required: bool = False


COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("id", "项目编号"),
    SheetColumn("name_zh", "项目名称", required=True),
    SheetColumn("investor", "投资方"),
    SheetColumn("investor_id", "投资企业代码"),
    SheetColumn("chain_id", "产业链代码"),
    SheetColumn("segments", "细分环节", "list"),
    SheetColumn("park_id", "园区代码"),
    SheetColumn("district", "所在区市"),
    SheetColumn("stage", "项目阶段", "stage", required=True),
    SheetColumn("stage_date", "阶段日期", "date"),
    SheetColumn("investment_yi", "总投资(亿元)", "amount"),
    SheetColumn("completed_yi", "已完成投资(亿元)", "amount"),
    SheetColumn("expected_output_yi", "预计年产值(亿元)", "amount"),
    SheetColumn("expected_tax_yi", "预计年税收(亿元)", "amount"),
    SheetColumn("planned_signed", "计划签约日期", "date"),
    SheetColumn("actual_signed", "实际签约日期", "date"),
    SheetColumn("planned_started", "计划开工日期", "date"),
    SheetColumn("actual_started", "实际开工日期", "date"),
    SheetColumn("planned_producing", "计划投产日期", "date"),
    SheetColumn("actual_producing", "实际投产日期", "date"),
    SheetColumn("planned_at_capacity", "计划达产日期", "date"),
    SheetColumn("actual_at_capacity", "实际达产日期", "date"),
    SheetColumn("actual_terminated", "终止日期", "date"),
    SheetColumn("parent_id", "增资所属项目"),
    SheetColumn("source", "来源"),
    SheetColumn("note", "备注"),
    SheetColumn("version", "版本", "int"),
)
_BY_FIELD = {c.field: c for c in COLUMNS}


# --- export ------------------------------------------------------------------------------
def write_projects(projects: pd.DataFrame, path: Path) -> int:
    """Write ``projects`` (store columns) to ``path`` in the bureau layout; return the row count.

    A synthetic value (the demo's scenario) is written in grey italics with a comment saying so.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append([c.zh for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row, record in enumerate(projects.to_dict("records"), start=2):
        ws.append([_export_value(c, record.get(c.field)) for c in COLUMNS])
        fake = synthetic_fields({str(k): v for k, v in record.items()})
        for i, c in enumerate(COLUMNS, start=1):
            if c.field in fake:
                marked = ws.cell(row=row, column=i)
                marked.font = Font(italic=True, color="808080")
                marked.comment = Comment(SYNTHETIC_COMMENT, "pacesetter")
    for i, c in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = 30 if c.field in ("name_zh", "source", "note") else 14
        if c.kind == "date":
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "C2"
    wb.save(path)
    return len(projects)


def _export_value(c: SheetColumn, value: object) -> object:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if c.kind == "date":
        return as_date(value)
    if c.kind == "stage":
        return stage_label(str(value), "zh")
    if c.kind == "list":
        items = cast(Collection[object], value)  # a list cell: a list or a NumPy array
        return ";".join(str(v) for v in items) if len(items) else None
    return value


# --- import ------------------------------------------------------------------------------
@dataclass
class ImportSummary:
    """What an import did."""

    created: list[str]
    updated: list[str]
    unchanged: list[str]


def read_projects_sheet(path: Path) -> tuple[str, list[tuple[int, dict[str, object]]], list[Issue]]:
    """Parse the sheet: (sheet name, [(excel row, values by field)], cell-level issues)."""
    file = str(path)
    # why it cannot be read, in the user's words (not the library's English)
    why = ("missing" if not path.exists() else "not_xlsx" if path.suffix.lower() not in (".xlsx", ".xlsm")
           else None)
    try:
        if why is not None:
            raise ValueError(why)
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except (OSError, InvalidFileException, BadZipFile, KeyError, ValueError):
        return "", [], [Issue(file, None, None, None, "file.unreadable", path.name,
                              key=f"registry.problems.unreadable_{why or 'damaged'}",
                              values={"suffix": path.suffix or "—"})]
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = list(next(rows, ()))
    issues: list[Issue] = []
    fields: dict[int, SheetColumn] = {}
    for i, h in enumerate(header):
        name = read_text(h)
        if name is None:
            continue
        col = _match(name)
        if col is None:
            issues.append(Issue(file, ws.title, 1, name, "header.unknown", name,
                                key="registry.problems.header_unknown",
                                values={"columns": tuple(c.zh for c in COLUMNS)}))
        elif col.field in {c.field for c in fields.values()}:
            issues.append(Issue(file, ws.title, 1, name, "header.duplicate", name,
                                key="registry.problems.header_duplicate"))
        else:
            fields[i] = col
    for c in COLUMNS:
        if c.required and c not in fields.values():
            issues.append(Issue(file, ws.title, 1, c.zh, "header.missing", None,
                                key="registry.problems.header_missing", values={"column": c.zh}))
    parsed: list[tuple[int, dict[str, object]]] = []
    for r, cells in enumerate(rows, start=2):
        if all(v is None or str(v).strip() == "" for v in cells):
            continue
        values: dict[str, object] = {}
        for i, col in fields.items():
            raw = cells[i] if i < len(cells) else None
            try:
                values[col.field] = read_value(col.kind, raw)
            except InputError as exc:
                issues.append(Issue(file, ws.title, r, col.zh, RULES[col.kind], raw,
                                    key="registry.problems.cell", values={"reason": exc}))
        parsed.append((r, values))
    wb.close()
    return ws.title, parsed, issues


def _match(header: str) -> SheetColumn | None:
    m = re.fullmatch(r".*\(([a-z_]+)\)", header)
    key = m[1] if m else header
    return next((c for c in COLUMNS if key in (c.field, c.zh)), None)


def import_projects(repo: Repository, path: Path, *, today: dt.date) -> ImportSummary:
    """Validate the whole sheet, then create/update its projects in one audited transaction.

    Raise :class:`ImportRejected` with every issue (and write nothing) if any
    cell, row or store check fails.
    """
    file = str(path)
    sheet, rows, issues = read_projects_sheet(path)
    known = {table: lookups.ids(repo.con, table) for table in REF_TABLES}
    store = repo.frame("projects", include_deleted=True).set_index("id", drop=False)
    known["projects"] = set(store.index) | {str(v["id"]) for _, v in rows if v.get("id")}  # or in the file
    seen: set[str] = set()
    names, new_names = scenario_queries.live_project_names(repo.con), dict[str, int]()  # name → first row
    for r, values in rows:
        def issue(field: str, rule: str, value: object, said: Said, r: int = r) -> None:
            issues.append(Issue(file, sheet, r, _BY_FIELD[field].zh if field in _BY_FIELD else field,
                                rule, value, key=said.key, values=said.values))
        for c in COLUMNS:
            if c.required and c.field in values and values[c.field] is None:
                issue(c.field, "required", None, Said("registry.problems.required", column=c.zh))
        pid = values.get("id")
        if pid and pid in seen:
            issue("id", "id.duplicate", pid, Said("registry.problems.id_duplicate"))
        seen.add(str(pid))
        current = _current(store, pid)
        name = values.get("name_zh")
        if current is None and isinstance(name, str):  # a new project: its name must be new too
            if name in names:
                issue("name_zh", "name.taken", name,
                      Said("registry.problems.name_taken", id=names[name][0], alias=names[name][1]))
            elif name in new_names:
                issue("name_zh", "name.repeated", name,
                      Said("registry.problems.name_repeated", row=new_names[name]))
            new_names.setdefault(name, r)
        for p in check_refs(values, current, lambda table, one: one in known[table]) + check_district(values):
            issue(p.field, p.rule, p.value, p.said)
        if current is not None:
            _check_against_store(repo, current, values, today, issue)
        merged = {**(current or {}), **values}
        if merged.get("stage") is not None:
            for p in check_project(merged, today):
                issue(p.field, p.rule, p.value, p.said)
    if issues:
        raise ImportRejected(issues)
    return _write(repo, rows, store, today)



def _current(store: pd.DataFrame, pid: object) -> dict[str, object] | None:
    if not pid or pid not in store.index:
        return None
    return {str(k): v for k, v in store.loc[str(pid)].to_dict().items()}


def _check_against_store(
    repo: Repository, current: Mapping[str, object], values: Mapping[str, object], today: dt.date,
    issue: Callable[[str, str, object, Said], None],
) -> None:
    """Stale versions (naming who changed the record last), deleted records, lifecycle skips."""
    pid = current["id"]
    if current["deleted"]:
        issue("id", "id.deleted", pid, Said("registry.problems.id_deleted", id=pid))
    version = values.get("version")
    if version is not None and version != current["version"]:
        last = last_change(repo.con, "projects", str(pid))
        said = (Said("registry.problems.version_stale", version=version, id=pid, stored=current["version"])
                if last is None else
                Said("registry.problems.version_stale_by", version=version, id=pid, stored=current["version"],
                     actor=last[0], at=last[1]))
        issue("version", "version.stale", version, said)
    stage = values.get("stage")
    if stage is not None and stage != current["stage"]:
        on = as_date(values.get(f"actual_{stage}")) or as_date(values.get("stage_date"))
        for p in check_transition(current, stage, on, today):  # type: ignore[arg-type]
            issue("stage" if p.field == "stage" else "stage_date", p.rule, p.value, p.said)


def _write(
    repo: Repository, rows: list[tuple[int, dict[str, object]]], store: pd.DataFrame, today: dt.date
) -> ImportSummary:
    summary = ImportSummary([], [], [])
    with repo.atomic():
        for _, values in rows:
            changes = {k: v for k, v in values.items() if k != "version"}
            current = _current(store, values.get("id"))
            if current is None:
                changes["id"] = changes.get("id") or repo.next_id("projects", "P")
                repo.create("projects", changes, note="import")
                summary.created.append(str(changes["id"]))
                continue
            pid = str(current["id"])
            stage = changes.get("stage")
            if stage is not None and stage != current["stage"]:  # a validated lifecycle move
                on = as_date(changes.get(f"actual_{stage}")) or as_date(changes.get("stage_date"))
                moves = plan_transition(current, stage, on, today)  # type: ignore[arg-type]
                changes |= {k: v for k, v in moves.items() if changes.get(k) is None}
            after = repo.update("projects", pid, {k: v for k, v in changes.items() if k != "id"},
                                expected_version=int(str(current["version"])), action="import")
            (summary.updated if after["version"] != current["version"] else summary.unchanged).append(pid)
    return summary
