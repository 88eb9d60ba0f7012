"""`pacesetter parks …` and `pacesetter policies …`."""

from __future__ import annotations

import typer

from pacesetter.cli.options import console, state
from pacesetter.cli.registry_cmds._common import (
    ActorOption,
    AsOfOption,
    SetOption,
    VersionOption,
    as_of_date,
    cell,
    help_text,
    say,
    show,
    stage_names,
)

parks_app = typer.Typer(help=help_text("parks"), no_args_is_help=True)
policies_app = typer.Typer(help=help_text("policies"), no_args_is_help=True)


@parks_app.command("edit", help=help_text("parks_edit"))
def parks_edit(ctx: typer.Context, park_id: str, assignments: list[str] = SetOption,
               version: int | None = VersionOption, actor: str | None = ActorOption) -> None:
    """Edit a park (e.g. capacity_mu, occupied_mu)."""
    p = state(ctx).workspace().parks.edit(park_id, assignments, version=version, actor=actor)
    console.print(say("msg.version", id=park_id, version=p["version"]))


@policies_app.command("edit", help=help_text("policies_edit"))
def policies_edit(ctx: typer.Context, policy_id: str, assignments: list[str] = SetOption,
                  version: int | None = VersionOption, actor: str | None = ActorOption) -> None:
    """Edit a policy (e.g. instruments=fund;subsidy, expires=2026-12-31)."""
    p = state(ctx).workspace().policies.edit(policy_id, assignments, version=version, actor=actor)
    console.print(say("msg.version", id=policy_id, version=p["version"]))



# --- parks and policies ------------------------------------------------------------------
@parks_app.command("list", help=help_text("parks_list"))
def parks_list(ctx: typer.Context) -> None:
    """List parks."""
    df = state(ctx).workspace().parks.list()
    show(df[["id", "name_zh", "district", "chain_ids", "area_mu", "version"]], say("title.parks"))


@parks_app.command("show", help=help_text("parks_show"))
def parks_show(ctx: typer.Context, park_id: str) -> None:
    """A park: district, focus chains, area, occupancy where known, its projects and policies."""
    parks = state(ctx).workspace().parks
    park = parks.get(park_id)
    share = parks.occupancy(park_id)
    occupancy = say("msg.unknown") if share is None else f"{share * 100:.1f}%"
    console.print(say("msg.park_line", name=park["name_zh"], district=park["district"] or "—",
                      chains=cell(park["chain_ids"]), area=cell(park["area_mu"]), occupancy=occupancy),
                  markup=False)
    if park["facts"]:
        console.print(say("msg.park_facts", facts=park["facts"], source=park["source"]), markup=False)
    projects = parks.projects(park_id)
    show(stage_names(projects[["id", "name_zh", "stage", "investment_yi"]], state(ctx).lang),
         say("title.park_projects", n=len(projects)))
    enterprises = parks.enterprises(park_id)
    show(enterprises, say("title.park_enterprises", n=len(enterprises)))
    policies = parks.policies(park_id)[["id", "name_zh", "issuer", "instruments"]]
    policies["instruments"] = policies["instruments"].map(instrument_names)
    show(policies, say("title.policies"))


@policies_app.command("list", help=help_text("policies_list"))
def policies_list(ctx: typer.Context) -> None:
    """List policies and funds."""
    df = state(ctx).workspace().policies.list()
    df["instruments"] = df["instruments"].map(instrument_names)
    show(df[["id", "name_zh", "year", "issuer", "chain_ids", "instruments", "amount_yi", "expires"]],
         say("title.policies"))


def instrument_names(codes: object) -> object:
    """Instrument codes (fund) in words of this run's language (基金); unknown codes kept as they are;
    none coded (an empty list or no value): 未掌握 / not covered."""
    import numpy as np

    from pacesetter.registry.coverage import INSTRUMENTS

    if not isinstance(codes, list | tuple | np.ndarray) or len(codes) == 0:
        return say("instrument_none")
    return [say(f"instrument.{c}") if c in INSTRUMENTS else c for c in codes]


@policies_app.command("coverage", help=help_text("policies_coverage"))
def policies_coverage(ctx: typer.Context, as_of: str | None = AsOfOption) -> None:
    """Chains × policy instruments; chains no instrument reaches are marked, and how many of a
    chain's policies are coded: where some are not, a count is at least (≥) and a 0 unknown (—)."""
    import pandas as pd

    from pacesetter.registry.coverage import INSTRUMENTS

    ws, lang = state(ctx).workspace(), state(ctx).lang
    df = ws.policies.coverage(as_of_date(as_of))
    names = ws.table("chains").set_index("id")[f"name_{lang}"]  # the chain's name in this run's language
    df["name_zh"] = df["chain_id"].map(names).fillna(df["name_zh"])
    partly = df["uncoded"] > 0
    for tool in INSTRUMENTS:  # uncoded policies may add to a count: it is a floor
        df[tool] = [f"≥{n}" if p and n is not pd.NA else n for n, p in zip(df[tool], partly, strict=True)]
    df = df.rename(columns={i: say(f"instrument.{i}") for i in INSTRUMENTS})
    unknown = df["uncovered"].isna()
    counts = {"uncovered": int(df["uncovered"].fillna(False).sum()), "unknown": int(unknown.sum()),
              "chains": len(df)}
    df["uncovered"] = [
        say("msg.uncovered_unknown") if u else say("msg.uncovered_none") if bool(v)
        else say("msg.coded_of", coded=int(n - k), policies=int(n))
        for u, v, n, k in zip(unknown, df["uncovered"], df["policies"], df["uncoded"], strict=True)]
    show(df, say("title.coverage"))
    console.print(say("msg.coverage_summary", **counts))
    console.print(say("msg.coverage_partial", partial=int((partly & ~unknown).sum())))

