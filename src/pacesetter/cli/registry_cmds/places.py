"""`pacesetter parks …` and `pacesetter policies …`."""

from __future__ import annotations

import json

import typer

from pacesetter.cli.options import console, state
from pacesetter.cli.registry_cmds._common import (
    ActorOption,
    AsOfOption,
    SetOption,
    VersionOption,
    as_of_date,
    cell,
    show,
    stage_names,
)
from pacesetter.registry.coverage import INSTRUMENT_ZH, INSTRUMENTS

parks_app = typer.Typer(help="Parks 园区.", no_args_is_help=True)
policies_app = typer.Typer(help="Policies 政策: list and coverage of chains by instrument.",
                           no_args_is_help=True)


@parks_app.command("edit")
def parks_edit(ctx: typer.Context, park_id: str, assignments: list[str] = SetOption,
               version: int | None = VersionOption, actor: str | None = ActorOption) -> None:
    """Edit a park (e.g. capacity_mu, occupied_mu).

    Example: pacesetter parks edit park-d5c7ee6c --set capacity_mu=2181
    """
    p = state(ctx).workspace().parks.edit(park_id, assignments, version=version, actor=actor)
    console.print(f"{park_id}: version {p['version']}")


@policies_app.command("edit")
def policies_edit(ctx: typer.Context, policy_id: str, assignments: list[str] = SetOption,
                  version: int | None = VersionOption, actor: str | None = ActorOption) -> None:
    """Edit a policy (e.g. instruments=fund;subsidy, expires=2026-12-31).

    Example: pacesetter policies edit policy-8335cd34 --set instruments=fund
    """
    p = state(ctx).workspace().policies.edit(policy_id, assignments, version=version, actor=actor)
    console.print(f"{policy_id}: version {p['version']}")



# --- parks and policies ------------------------------------------------------------------
@parks_app.command("list")
def parks_list(ctx: typer.Context) -> None:
    """List parks."""
    df = state(ctx).workspace().parks.list()
    show(df[["id", "name_zh", "district", "chain_ids", "area_mu", "version"]], "parks 园区")


@parks_app.command("show")
def parks_show(ctx: typer.Context, park_id: str) -> None:
    """A park: district, focus chains, area, occupancy where known, its projects and policies.

    Example: pacesetter parks show park-d5c7ee6c   (the VR park 青岛市虚拟现实产业园)
    """
    parks = state(ctx).workspace().parks
    park = parks.get(park_id)
    share = parks.occupancy(park_id)
    occupancy = "—" if share is None else f"{share * 100:.1f}%"
    console.print(f"{park['name_zh']} ({park['district'] or '—'}) chains 产业链: {cell(park['chain_ids'])}; "
                  f"area 面积 {cell(park['area_mu'])} 亩; occupancy 入驻率 {occupancy}", markup=False)
    if park["facts"]:
        console.print(f"{park['facts']}\nsource 来源: {park['source']}", markup=False)
    projects = parks.projects(park_id)
    show(stage_names(projects[["id", "name_zh", "stage", "investment_yi"]], state(ctx).lang),
          f"projects 项目 ({len(projects)})")
    enterprises = parks.enterprises(park_id)
    show(enterprises, f"enterprises 企业 ({len(enterprises)})")
    show(parks.policies(park_id)[["id", "name_zh", "issuer", "instruments"]], "policies 政策")


@policies_app.command("list")
def policies_list(ctx: typer.Context) -> None:
    """List policies and funds."""
    df = state(ctx).workspace().policies.list()
    show(df[["id", "name_zh", "year", "issuer", "chain_ids", "instruments", "amount_yi", "expires"]],
          "policies 政策")


@policies_app.command("coverage")
def policies_coverage(ctx: typer.Context, as_of: str | None = AsOfOption) -> None:
    """Chains × policy instruments; chains no instrument reaches are marked.

    Example: pacesetter policies coverage
    """
    df = state(ctx).workspace().policies.coverage(as_of_date(as_of))
    df = df.rename(columns={t: f"{INSTRUMENT_ZH[t]} {t}" for t in INSTRUMENTS})
    unknown = df["uncovered"].isna()
    summary = {"uncovered": int(df["uncovered"].fillna(False).sum()), "unknown": int(unknown.sum()),
               "chains": len(df)}
    df["uncovered"] = ["未知 unknown (instruments not coded)" if u else
                       ("未见已编码政策 none known" if bool(v) else "")
                       for u, v in zip(unknown, df["uncovered"], strict=True)]
    show(df, "policy coverage 政策覆盖 (policies in force per chain and instrument; — unknown: not coded)")
    console.print(json.dumps(summary))

