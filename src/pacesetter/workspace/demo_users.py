"""The demo's users: a demo admin and one user per role, for trying the server (``make demo``).

Made in the demo database only (the one holding the synthetic scenario), because their passwords
are printed: a chain chief of the demo chain and a district officer of the demo district with the
most live projects, so that their scopes show something. Passwords are random per build.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from pacesetter.errors import InputError
from pacesetter.model.access import Role
from pacesetter.store import scenario_queries

if TYPE_CHECKING:
    from pacesetter.workspace.core import Workspace


@dataclass(frozen=True)
class DemoUser:
    """A demo user as made: name, role, password and scope."""

    name: str
    role: Role
    password: str
    chains: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()


def make_demo_users(ws: Workspace) -> tuple[list[DemoUser], str]:
    """Add the demo users to the demo database of ``ws``; them and an API token of the demo admin.

    Refused (nothing written) when the database holds no synthetic scenario, i.e. is not the demo.
    """
    if scenario_queries.scenario_as_of(ws.con) is None:
        raise InputError.said("cli.demo_users.not_demo", path=ws.path)
    scoped = ws.projects.list().dropna(subset=["chain_id", "district_code"])
    busiest = scoped.groupby(["chain_id", "district_code"]).size()
    chain, district = cast(tuple[str, str], busiest.idxmax())  # a (chain, district) pair of the index
    users = [DemoUser(f"demo-{role.value.replace('_', '-')}", role, secrets.token_urlsafe(9),
                      (chain,) if role is Role.CHAIN_CHIEF else (),
                      (district,) if role is Role.DISTRICT_OFFICER else ())
             for role in Role]
    for user in users:
        ws.users.add(user.name, user.role.value, user.password, chains=user.chains, districts=user.districts)
    admin = next(u for u in users if u.role is Role.ADMIN)
    return users, ws.users.token(admin.name, label="demo", days=30)
