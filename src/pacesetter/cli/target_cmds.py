"""`pacesetter target`: candidate enterprises for a chain's gaps, industry opportunities, and a
candidate turned into a 招商 (investment-promotion) task."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from pacesetter.cli.options import UsageError, console, state
from pacesetter.i18n import t

if TYPE_CHECKING:  # pandas and the engine load only in the commands that run
    from pacesetter.workspace.structure import Candidates, Opportunities

# help text: cli.target.* in the catalogue, filled in when the command loads (cli.lazy.localise)
target_app = typer.Typer(no_args_is_help=True)

RegionOpt = typer.Option("370200", "--region", "-r")
RegistryOpt = typer.Option(None, "--registry")


def _say(text: str) -> None:
    console.print(escape(text), highlight=False, soft_wrap=True)


def _format(fmt: str, output: Path | None, allowed: tuple[str, ...], lang: str) -> None:
    """Check --format and -o before any work is done."""
    if fmt not in allowed:
        raise UsageError(t("analysis.format_must", lang, choices=", ".join(allowed)))
    if fmt == "xlsx" and output is None:
        raise UsageError(t("analysis.needs_output", lang, fmt=fmt))
    if fmt == "xlsx" and output is not None and output.suffix.lower() != ".xlsx":
        raise UsageError(t("cli.target.xlsx_suffix", lang, path=output))
    if fmt != "xlsx" and output is not None:  # a file asked for and never written would be silently lost
        raise UsageError(t("cli.target.output_needs_xlsx", lang, fmt=fmt, path=output))


def _written(found: Candidates | Opportunities, fmt: str, output: Path | None, lang: str) -> bool:
    """Print ``found`` as JSON or write it to the xlsx ``output``; False for a table (the caller's)."""
    if fmt == "json":
        console.print_json(json.dumps(found.to_json(lang), ensure_ascii=False))
    elif fmt == "xlsx" and output is not None:
        found.write_xlsx(output, lang)
        _say(t("cli.wrote", lang, path=output))
    else:
        return False
    return True


@target_app.command("candidates")
def candidates(
    ctx: typer.Context,
    chain: str = typer.Option(..., "--chain"),
    region: str = RegionOpt,
    top: int = typer.Option(20, "--top", min=1),
    registry: Path | None = RegistryOpt,
    fmt: str = typer.Option("table", "--format"),
    output: Path | None = typer.Option(None, "-o", "--output"),
    weights: str | None = typer.Option(None, "--weights"),
) -> None:
    """Candidate enterprises for each gap of a chain, with the reasons of their scores."""
    lang = state(ctx).lang
    _format(fmt, output, ("table", "json", "xlsx"), lang)
    ws = state(ctx).workspace(must_exist=True)
    found = ws.structure.candidates(chain, region, registry=registry, top=top, weights=weights)
    if not _written(found, fmt, output, lang):
        _print_candidates(found, lang)


def _print_candidates(found: Candidates, lang: str) -> None:
    for line in found.notes(lang):
        _say(line)
    chain = found.spec.name_zh if lang == "zh" else found.spec.name_en
    gaps = found.gaps()
    if not found.spec.identified:  # no source names the chain: it has no segments to be gaps
        _say(t("chains.diagnose.unconfirmed", lang, region=found.region_name(found.city, lang), chain=chain))
        return
    if not gaps:
        _say(t("target.no_gaps", lang, region=found.region_name(found.city, lang), chain=chain))
        return
    table = found.table(lang)
    segment_col, rank_col = t("target.column.segment", lang), t("target.column.rank", lang)
    shown = [t(f"target.column.{k}", lang) for k in ("rank", "enterprise", "enterprise_id", "region",
                                                     "industry", "score", "reasons")]
    for i, g in enumerate(gaps, start=1):
        name = found.segment_name(str(g["segment_id"]), lang)
        status = t(f"target.status.{g['status']}", lang)
        title = t("target.gap_title", lang, rank=i, segment=name, status=status)
        console.print()
        _say(f"{title} · {chain}")
        if note := found.gap_note(g, lang):
            _say(note)
        rows = table[table[segment_col] == name].sort_values(rank_col)
        if rows.empty:
            continue
        out = Table(show_lines=True)
        for j, col in enumerate(shown):
            out.add_column(col, overflow="fold", no_wrap=j in (0, 2, 5), min_width=40 if j == 6 else None)
        for r in rows[shown].itertuples(index=False):
            out.add_row(*(escape(f"{v:.2f}" if isinstance(v, float) else str(v)) for v in r))
        console.print(out)


@target_app.command("opportunities")
def opportunities(
    ctx: typer.Context,
    region: str = RegionOpt,
    registry: Path | None = RegistryOpt,
    top: int = typer.Option(20, "--top", min=1),
    fmt: str = typer.Option("table", "--format"),
    output: Path | None = typer.Option(None, "-o", "--output"),
) -> None:
    """Industries the city could grow into: relatedness density × product complexity, by quadrant."""
    lang = state(ctx).lang
    _format(fmt, output, ("table", "json", "xlsx"), lang)
    found = state(ctx).workspace(must_exist=True).structure.opportunities(region, registry=registry)
    if not _written(found, fmt, output, lang):
        _print_opportunities(found, lang, top)


def _print_opportunities(found: Opportunities, lang: str, top: int) -> None:
    _say(found.title(lang))
    for line in found.notes(lang):
        _say(line)
    table = found.table(lang).head(top)
    out = Table()
    for col in table.columns:
        out.add_column(str(col), overflow="fold")
    for r in table.itertuples(index=False):
        out.add_row(*(escape("—" if v != v else f"{v:.2f}" if isinstance(v, float) else str(v)) for v in r))
    console.print(out)


@target_app.command("assign")
def assign(
    ctx: typer.Context,
    chain: str = typer.Option(..., "--chain"),
    segment: str = typer.Option(..., "--segment"),
    enterprise: str = typer.Option(..., "--enterprise"),
    owner: str = typer.Option(..., "--owner"),
    due: str = typer.Option(..., "--due"),
    region: str = RegionOpt,
    registry: Path | None = RegistryOpt,
) -> None:
    """Turn a candidate into a 招商 task on the gap it fills (traced target → task → project)."""
    st = state(ctx)
    lang = st.lang
    try:
        when = dt.date.fromisoformat(due)
    except ValueError:
        raise UsageError(t("cli.target.bad_due", lang, due=due)) from None
    ws = st.workspace(must_exist=True)
    task = ws.structure.assign(chain, segment, enterprise, region=region, owner=owner, due=when,
                               registry=registry, lang=lang)
    target = task["target"]
    assert isinstance(target, dict)
    name = target.get("name_en") if lang == "en" and target.get("name_en") else target.get("name_zh")
    seg = next(s for s in st.workspace().chains.taxonomy().chain(chain).segments if s.id == segment)
    _say(t("target.assign.done", lang, task=task["id"], enterprise=name or target["enterprise_id"],
           segment=seg.name_zh if lang == "zh" else seg.name_en, enterprise_id=target["enterprise_id"]))


def attach(app: typer.Typer) -> None:
    """Attach the target commands to the root app."""
    app.add_typer(target_app, name="target")
