"""Options and helpers the registry commands share."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import typer
from rich.table import Table

from pacesetter.cli.options import console
from pacesetter.registry.excel import COLUMNS
from pacesetter.registry.lifecycle import stage_label

ActorOption = typer.Option(None, "--actor", help="Who makes the change (default: your login name).")
AsOfOption = typer.Option(None, "--as-of", help="Judge as of this date, e.g. 2025-06-30 (default today; "
                          "on the demo its scenario's fixed date, 2026-06-30).")
VersionOption = typer.Option(None, "--version",
                             help="The version you read (refuses the change if the record moved on).")
SetOption = typer.Option(..., "--set", help="field=value, repeatable (e.g. completed_yi=8亿元).")


def parse_date(text: str | None, what: str = "date") -> dt.date | None:
    """An ISO date from the command line, or a usage error."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{what} must be YYYY-MM-DD, got {text!r}") from None


def as_of_date(as_of: str | None) -> dt.date | None:
    """``--as-of``, or None: the workspace's default (today, or the demo scenario's fixed date)."""
    return parse_date(as_of, "--as-of")


# The marker of a synthetic value in a table cell or line, and the footnote that explains it.
SYNTHETIC_MARK = " *"
SYNTHETIC_NOTE = {
    "zh": "* 合成数据：演示情景按固定种子生成，不是公布的数字；"
          "`pacesetter init --demo --no-synthetic` 建立不含合成数据的演示库",
    "en": "* synthetic: made up by the demo scenario from a fixed seed, not a published figure; "
          "`pacesetter init --demo --no-synthetic` builds the demo without it",
}


def marked(value: object, synthetic: object) -> str:
    """A cell with the synthetic marker when ``synthetic`` is true."""
    return cell(value) + (SYNTHETIC_MARK if synthetic is True or synthetic == 1 else "")


def mark_synthetic(df: pd.DataFrame, column: str, flag: str = "synthetic") -> tuple[pd.DataFrame, bool]:
    """``column`` marked where ``flag`` is true, ``flag`` dropped; and whether any row was marked."""
    flags = df[flag].fillna(False).astype(bool) if flag in df else pd.Series(False, index=df.index)
    out = df.drop(columns=[flag], errors="ignore")
    out[column] = [marked(v, f) for v, f in zip(out[column], flags, strict=True)]
    return out, bool(flags.any())


def synthetic_note(lang: str, shown: bool = True) -> None:
    """Print the synthetic footnote when a synthetic value was ``shown``."""
    if shown:
        console.print(SYNTHETIC_NOTE["en" if lang == "en" else "zh"], markup=False)


def cell(value: object) -> str:
    """A table cell: — for unknown, dates without midnight times, lists joined by ;."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return "—"
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d %H:%M:%S}" if value != value.normalize() else f"{value:%Y-%m-%d}"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list | tuple | np.ndarray):
        return ";".join(map(str, value))
    return str(value)


# Chinese column labels shown above the field names in tables (CSV and JSON keep the field names).
LABELS = {c.field: c.zh for c in COLUMNS} | {
    "name_zh": "名称", "light_zh": "灯", "days_overdue": "逾期天数", "pace_lag_pp": "滞后序时进度(百分点)",
    "reasons": "原因", "projects": "项目数", "amount_known": "金额已知项目数", "n_segments": "环节数",
    "missing": "缺失", "weak": "薄弱", "completeness": "完整度", "segments_known": "已填环节项目数",
    "gap_projects": "补缺口项目数", "current": "当前", "reached": "累计到达", "conversion": "转化率",
    "median_days": "停留天数中位数", "timed": "有日期项目数", "kind_zh": "口径",
    "counts_as_new": "计为新签约", "counted_yi": "计入金额(亿元)", "signed_on": "签约日期", "reason": "说明",
    "title": "任务", "owner": "责任人", "owner_kind": "责任类型", "due": "截止日期", "status": "状态",
    "escalation": "督办级别", "level": "级别", "level_zh": "督办措施", "recorded": "已记录级别",
    "changed_at": "时间", "actor": "操作人", "action": "操作", "before": "修改前", "after": "修改后",
    "issuer": "发布机构", "chain_ids": "产业链", "instruments": "政策工具", "amount_yi": "金额(亿元)",
    "expires": "失效日期", "year": "年份", "area_mu": "面积(亩)",
    "district_code": "区县代码", "district_zh": "区县", "district_en": "区县", "texts": "原文所在地",
    "alias": "简号", "completed_synthetic": "合成完成额项目数",
}


def show(df: pd.DataFrame, title: str, fmt: str = "table") -> None:
    """Print a frame as a table (bilingual headers), CSV or JSON (field names)."""
    if fmt == "csv":  # plain text, never wrapped to the terminal width
        typer.echo(df.to_csv(index=False), nl=False)
        return
    if fmt == "json":
        typer.echo(df.to_json(orient="records", force_ascii=False, date_format="iso"))
        return
    table = Table(title=title)
    for col in df.columns:
        label = f"{LABELS[col]}\n{col}" if col in LABELS else str(col)
        table.add_column(label, overflow="fold", no_wrap=col == "id")
    for row in df.itertuples(index=False):
        table.add_row(*[cell(v) for v in row])
    console.print(table)


def stage_names(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The stage column in words of ``lang`` (开工 / started)."""
    out = df.copy()
    out["stage"] = out["stage"].map(lambda s: stage_label(s, lang))
    return out


def print_trace(tasks: list[dict[str, object]]) -> bool:
    """Tasks with their gap and indicator, and the projects each produced; synthetic ones marked.

    Returns whether a synthetic task or link was shown (the caller prints the footnote).
    """
    if not tasks:
        console.print("no task leads to this yet (尚未关联任务)")
    for t in tasks:
        gap = f"{t['chain_zh'] or t['chain_id'] or '—'}"
        if t["segment_id"]:
            gap += f" / {t['segment_zh'] or t['segment_id']}"
        console.print(f"task 任务 {marked(t['id'], t.get('synthetic'))} {t['title']} "
                      f"[{t['owner']}, due {cell(t['due'])}, {t['status']}]"
                      f"\n  → gap 缺口: {gap}\n  → indicator 指标: "
                      f"{t['indicator_zh'] or t['indicator_id'] or '—'}", markup=False)
        for p in t.get("projects", []):  # type: ignore[attr-defined]
            console.print(f"  ← project 项目 {p['id']} {p.get('alias') or ''} {p['name_zh']} "
                          f"({stage_label(p['stage'])}){SYNTHETIC_MARK if p.get('synthetic') else ''}",
                          markup=False)
    return any(t.get("synthetic") for t in tasks)


def show_audit(df: pd.DataFrame) -> None:
    """Audit entries of one record."""
    show(df[["changed_at", "actor", "action", "before", "after", "note"]], "audit 变更记录")

