"""Monitoring commands: bulletin, warnings, needed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import typer
from rich.table import Table

from pacesetter.cli.options import console, err_console, state
from pacesetter.errors import InputError
from pacesetter.model.periods import Period

FORMATS = ("md", "html", "docx")
_SEVERITY = {"zh": {"info": "提示", "warning": "关注", "high": "警示"},
             "en": {"info": "info", "warning": "warning", "high": "high"}}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"--as-of {text!r}: write a date as YYYY-MM-DD") from exc


def _lang(ctx: typer.Context, lang: str | None) -> str:
    chosen = lang or state(ctx).lang
    if chosen not in ("zh", "en"):
        raise typer.BadParameter("--lang must be zh or en")
    return chosen


def bulletin(
    ctx: typer.Context,
    region: str = typer.Option("370200", "--region", help="Region code (GB/T 2260)."),
    period: str = typer.Option(..., "--period", help="The month, e.g. 2022-08 (2022-02 for 1-2月)."),
    lang: str | None = typer.Option(None, "--lang", help="zh or en (default: the global --lang)."),
    fmt: str = typer.Option("md", "--format", help="md, html or docx."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write to this file (docx needs it)."),
    templates: Path | None = typer.Option(
        None, "--templates", help="Template override directory (per city: DIR/<region code>/)."),
    sections: Path | None = typer.Option(None, "--sections", help="A sections.yaml to use instead."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Use only figures released on or before this date (YYYY-MM-DD)."),
) -> None:
    """Write the monthly bulletin of a region, every number footnoted to its source.

    Example: pacesetter bulletin --region 370200 --period 2022-08 --lang zh --format docx -o b.docx
    """
    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    if fmt == "docx" and output is None:
        raise typer.BadParameter("--format docx needs -o FILE")
    language = _lang(ctx, lang)
    rendered = state(ctx).workspace().bulletin(region, period, language, sections=sections,
                                               templates=templates, as_of=_date(as_of) if as_of else None)
    if fmt == "docx":
        assert output is not None
        output.write_bytes(rendered.docx())
    else:
        text = rendered.markdown if fmt == "md" else rendered.html()
        if output is None:
            typer.echo(text, nl=False)
            return
        output.write_text(text, encoding="utf-8")
    err_console.print(f"wrote {output} ({len(rendered.figures)} footnoted figures)")


def warnings(
    ctx: typer.Context,
    region: str = typer.Option("370200", "--region", help="Region code (GB/T 2260)."),
    period: str = typer.Option(..., "--period", help="The month, e.g. 2022-08."),
    rules: Path | None = typer.Option(None, "--rules", help="A rules YAML file instead of the default."),
    lang: str | None = typer.Option(None, "--lang", help="zh or en."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
) -> None:
    """List early-warning alerts of a region for a month, each with what triggered it.

    Example: pacesetter warnings --region 370200 --period 2022-08
    """
    if fmt not in ("table", "json"):
        raise typer.BadParameter("--format must be table or json")
    language, zh = _lang(ctx, lang), _lang(ctx, lang) == "zh"
    ws = state(ctx).workspace()
    reg = ws.region(region)
    month = Period.parse_month(period)
    report = ws.warnings(region, period, language, rules=rules)
    if fmt == "json":
        payload = {"region": region, "period": str(month), "synthetic": bool(reg["synthetic"]),
                   "alerts": [dataclasses.asdict(a) for a in report.alerts],
                   "not_checked": [{"check": w, "reason": r} for w, r in report.skipped]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        return
    name = str(reg["name_zh" if zh else "name_en"])
    if reg["synthetic"]:
        console.print("[bold yellow]合成数据（示例地区，非真实统计）[/]" if zh
                      else "[bold yellow]Synthetic data (a sample region, not real statistics)[/]")
    table = Table(title=f"{name} {month.label(language)}: " + ("预警" if zh else "warnings"))
    for col in (("级别", "Severity"), ("规则", "Rule"), ("期间", "Period"), ("原因", "Reason")):
        table.add_column(col[0] if zh else col[1], overflow="fold")
    sources: list[str] = []
    for a in report.alerts:
        marks = "".join(f" [{_footnote(sources, s)}]" for s in a.sources)
        table.add_row(_SEVERITY[language][a.severity], a.rule_id, a.period, a.message + marks)
    if report.alerts:
        console.print(table)
        console.print("来源 Sources:" if zh else "Sources:")
        for n, src in enumerate(sources, start=1):
            console.print(f"[{n}] {src}", markup=False, highlight=False, soft_wrap=True)
    else:
        console.print("本期无预警。" if zh else "No alerts for this period.")
    by_reason: dict[str, list[str]] = {}
    for what, reason in report.skipped:
        by_reason.setdefault(reason, []).append(what)
    for reason, whats in by_reason.items():
        head = "未能检查" if zh else "Not checked"
        console.print(f"{head} ({reason}): {', '.join(whats)}", style="dim", markup=False)


def _footnote(notes: list[str], text: str) -> int:
    if text not in notes:
        notes.append(text)
    return notes.index(text) + 1


def needed(
    ctx: typer.Context,
    indicator: str = typer.Option(..., "--indicator", help="Year-to-date growth indicator id."),
    period: str = typer.Option(..., "--period", help="Last month of the year to date, e.g. 2022-08."),
    target: float | None = typer.Option(
        None, "--target", help="Annual growth target, %% (default: the targets table)."),
    region: str = typer.Option("370200", "--region", help="Region code (GB/T 2260)."),
    weights_from: str | None = typer.Option(
        None, "--weights-from",
        help="Level indicator whose last-year months weight the months (default: the id without _growth)."),
    lang: str | None = typer.Option(None, "--lang", help="zh or en."),
) -> None:
    """The growth the remaining months need to meet an annual target, and a verdict.

    Example: pacesetter needed --indicator above_size_industry_va_growth --target 6.0 --period 2022-08
    """
    language = _lang(ctx, lang)
    ws = state(ctx).workspace()
    reg = ws.region(region)
    needed = ws.needed(indicator, period, target=target, region=region, weights_from=weights_from,
                       lang=language)
    if reg["synthetic"]:
        console.print("[bold yellow]合成数据（示例地区，非真实统计）[/]" if language == "zh"
                      else "[bold yellow]Synthetic data (a sample region, not real statistics)[/]")
    console.print(needed.text, markup=False, highlight=False)
    what = {"ytd": ("累计增速", "year to date"), "best": ("最快增速", "best pace")}
    for key, obs in needed.cited:
        label = what[key][0 if language == "zh" else 1]
        console.print(f"{'来源' if language == 'zh' else 'Source'} ({label}, {obs.period.label(language)}): "
                      f"{obs.source}", markup=False, highlight=False, soft_wrap=True)


def attach(app: typer.Typer) -> None:
    """Attach the monitoring commands to the root app."""
    app.command("bulletin")(bulletin)
    app.command("warnings")(warnings)
    app.command("needed")(needed)
