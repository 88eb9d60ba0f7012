"""Monitoring commands: bulletin, warnings, needed.

Every word comes from the catalogue: help from ``cli.<command>`` (filled in when the command loads,
see :func:`pacesetter.cli.lazy.localise`), messages from ``analysis.*``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from pacesetter.cli.formats import check_output_file, output_format
from pacesetter.cli.options import console, err_console, state
from pacesetter.errors import InputError
from pacesetter.i18n import t
from pacesetter.model.periods import Period

FORMATS = ("md", "html", "docx")
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx"}


def _date(text: str) -> dt.date:
    """The --as-of date; an InputError (in both languages) when it is not YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise InputError.said("analysis.as_of_bad", text=repr(text)) from exc


def _lang(ctx: typer.Context, lang: str | None) -> str:
    chosen = lang or state(ctx).lang
    if chosen not in ("zh", "en"):
        raise typer.BadParameter(t("analysis.lang_must", state(ctx).lang))  # the root checked its own
    return chosen


def _format(value: str, choices: tuple[str, ...], lang: str) -> None:
    if value not in choices:
        raise typer.BadParameter(t("analysis.format_must", lang, choices=", ".join(choices)))


def _synthetic_banner(lang: str) -> None:
    console.print(f"[bold yellow]{escape(t('analysis.synthetic', lang))}[/]")


def bulletin(
    ctx: typer.Context,
    region: str = typer.Option("370200", "--region"),
    period: str = typer.Option(..., "--period"),
    lang: str | None = typer.Option(None, "--lang"),
    fmt: str | None = typer.Option(None, "--format"),
    output: Path | None = typer.Option(None, "-o", "--output"),
    templates: Path | None = typer.Option(None, "--templates"),
    sections: Path | None = typer.Option(None, "--sections"),
    as_of: str | None = typer.Option(None, "--as-of"),
    profile: str | None = typer.Option(None, "--profile"),
) -> None:
    """Write the monthly bulletin of a region (markdown to stdout, or a file in the format its
    extension names)."""
    language = _lang(ctx, lang)
    if fmt is not None:
        _format(fmt, FORMATS, language)
    check_output_file(output, SUFFIXES, language)  # never Markdown under a name such as .xlsx
    fmt = output_format(fmt, output, SUFFIXES, default="md", contradicts="analysis.format_contradicts",
                        lang=language)
    if fmt == "docx" and output is None:
        raise typer.BadParameter(t("analysis.needs_output", language, fmt=fmt))
    rendered = state(ctx).workspace().bulletin(region, period, language, sections=sections,
                                               templates=templates, as_of=_date(as_of) if as_of else None,
                                               profile=profile)
    if fmt == "docx":
        assert output is not None
        output.write_bytes(rendered.docx())
    else:
        text = rendered.markdown if fmt == "md" else rendered.html()
        if output is None:
            typer.echo(text, nl=False)
            return
        output.write_text(text, encoding="utf-8")
    err_console.print(t("analysis.bulletin.wrote", language, path=output, n=len(rendered.figures)),
                      markup=False, highlight=False)


def warnings(
    ctx: typer.Context,
    region: str = typer.Option("370200", "--region"),
    period: str = typer.Option(..., "--period"),
    rules: Path | None = typer.Option(None, "--rules"),
    lang: str | None = typer.Option(None, "--lang"),
    fmt: str = typer.Option("table", "--format"),
) -> None:
    """List the early-warning alerts of a region for a month, and the checks that could not run."""
    language = _lang(ctx, lang)
    _format(fmt, ("table", "json"), language)
    ws = state(ctx).workspace()
    reg = ws.region(region)
    month = Period.parse_month(period)
    report = ws.warnings(region, period, language, rules=rules)
    if fmt == "json":
        payload = {"region": region, "period": str(month), "synthetic": bool(reg["synthetic"]),
                   "alerts": [dataclasses.asdict(a) for a in report.alerts],
                   "checked": report.checked,
                   "not_checked": [{"check": w, "reason": r} for w, r in report.skipped]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        return
    if reg["synthetic"]:
        _synthetic_banner(language)
    name = str(reg["name_zh" if language == "zh" else "name_en"])
    title = t("analysis.warnings.title", language, name=name, period=month.label(language))
    table = Table(title=escape(title))
    for col in ("severity", "rule", "period", "reason"):
        table.add_column(t(f"analysis.warnings.{col}", language), overflow="fold")
    sources: list[str] = []
    for a in report.alerts:
        marks = "".join(f" [{_footnote(sources, s)}]" for s in a.sources)
        table.add_row(t(f"analysis.warnings.level.{a.severity}", language), a.rule_name or a.rule_id,
                      a.period, escape(a.message + marks))
    if report.alerts:
        console.print(table)
        console.print(t("analysis.sources", language), markup=False)
        for n, src in enumerate(sources, start=1):
            console.print(f"[{n}] {src}", markup=False, highlight=False, soft_wrap=True)
    else:  # no alert from no check at all is not an all-clear
        console.print(t("analysis.warnings.none" if report.checked else "analysis.warnings.nothing_checked",
                        language))
    by_reason: dict[str, list[str]] = {}
    for check in report.not_checked:  # the rule and the indicator in words (not their ids)
        by_reason.setdefault(check.reason, []).append(check.text)
    sep = "、" if language == "zh" else ", "
    for reason, whats in by_reason.items():
        console.print(t("analysis.warnings.not_checked", language, reason=reason, what=sep.join(whats)),
                      style="dim", markup=False)


def _footnote(notes: list[str], text: str) -> int:
    if text not in notes:
        notes.append(text)
    return notes.index(text) + 1


def needed(
    ctx: typer.Context,
    indicator: str = typer.Option(..., "--indicator"),
    period: str = typer.Option(..., "--period"),
    target: float | None = typer.Option(None, "--target"),
    region: str = typer.Option("370200", "--region"),
    weights_from: str | None = typer.Option(None, "--weights-from"),
    lang: str | None = typer.Option(None, "--lang"),
) -> None:
    """Print the growth the remaining months need for the annual target, with its sources."""
    from pacesetter.monitor.needed import cited_source

    language = _lang(ctx, lang)
    ws = state(ctx).workspace()
    reg = ws.region(region)
    report = ws.needed(indicator, period, target=target, region=region, weights_from=weights_from,
                       lang=language)
    if reg["synthetic"]:
        _synthetic_banner(language)
    console.print(report.text, markup=False, highlight=False)
    for key, obs in report.cited:
        console.print(t("analysis.needed.cited", language, what=t(f"analysis.needed.{key}", language),
                        period=obs.period.label(language), source=cited_source(obs, language)),
                      markup=False, highlight=False, soft_wrap=True)


def attach(app: typer.Typer) -> None:
    """Attach the monitoring commands to the root app."""
    app.command("bulletin")(bulletin)
    app.command("warnings")(warnings)
    app.command("needed")(needed)
