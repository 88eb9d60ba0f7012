"""Who may do what: the roles of a city's shared workplace, their scopes, and the rule matrix.

The matrix below is the one documented in ``docs/*/guide/access.md`` and the oracle of the scope
tests: a role grants *actions* on *resources*; a scoped role (chain chief, district officer)
reaches a registry record only when the record falls inside its scope. A record outside the
scope is treated as absent (the server answers 404), so its existence is not revealed.

Scope of a record, by resource:

- project: its ``chain_id`` (chain chief) and its ``district_code`` (district officer);
- task: its own ``chain_id`` or the chains of its linked projects (chain chief), the
  districts of its linked projects (district officer);
- park: its ``district_code`` (district officer; a chain chief reads parks and writes none).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """A user's role; the value is what the store and the API carry."""

    ADMIN = "admin"
    ANALYST = "analyst"
    CHAIN_CHIEF = "chain_chief"
    DISTRICT_OFFICER = "district_officer"
    VIEWER = "viewer"


class Action(StrEnum):
    """What a request does to a resource."""

    READ = "read"        # lists and records of the resource
    WRITE = "write"      # add, edit, lifecycle transitions, 督办 actions
    IMPORT = "import"    # file uploads into the store
    ADMIN = "admin"      # users, backup and restore


# Resources: city-level views (indicators, observations, overview, peers, assessment,
# monitoring, chains) are "city"; the registry resources are scoped for scoped roles.
CITY = "city"
SCOPED = ("projects", "tasks", "parks")
REGISTRY = ("projects", "tasks", "parks", "policies", "enterprises")
RESOURCES = (CITY, *REGISTRY, "audit", "data", "users")

# role -> resource -> actions; scoped grants are then narrowed by :func:`in_scope`.
MATRIX: dict[Role, dict[str, frozenset[Action]]] = {
    Role.ADMIN: {r: frozenset(Action) for r in RESOURCES},
    Role.ANALYST: {
        CITY: frozenset({Action.READ}),
        **{r: frozenset({Action.READ, Action.WRITE}) for r in REGISTRY},
        "audit": frozenset({Action.READ}),
        "data": frozenset({Action.READ, Action.IMPORT}),
    },
    Role.CHAIN_CHIEF: {
        CITY: frozenset({Action.READ}),
        "projects": frozenset({Action.READ, Action.WRITE}),
        "tasks": frozenset({Action.READ, Action.WRITE}),
        "parks": frozenset({Action.READ}), "policies": frozenset({Action.READ}),
        "enterprises": frozenset({Action.READ}),
    },
    Role.DISTRICT_OFFICER: {
        CITY: frozenset({Action.READ}),
        "projects": frozenset({Action.READ, Action.WRITE}),
        "tasks": frozenset({Action.READ, Action.WRITE}),
        "parks": frozenset({Action.READ, Action.WRITE}),
        "policies": frozenset({Action.READ}), "enterprises": frozenset({Action.READ}),
    },
    Role.VIEWER: {CITY: frozenset({Action.READ}), **{r: frozenset({Action.READ}) for r in REGISTRY}},
}


@dataclass(frozen=True)
class Principal:
    """A signed-in user as the server sees them: name, role and scope.

    ``chains`` holds chain ids (chain chief), ``districts`` GB/T 2260 district codes
    (district officer); both are empty for unscoped roles.
    """

    name: str
    role: Role
    chains: frozenset[str] = field(default_factory=frozenset)
    districts: frozenset[str] = field(default_factory=frozenset)

    def may(self, action: Action, resource: str) -> bool:
        """Whether the role grants ``action`` on ``resource`` at all (before scope)."""
        return action in MATRIX[self.role].get(resource, frozenset())

    @property
    def scoped(self) -> bool:
        """Whether registry records are narrowed to a scope (chain chief, district officer)."""
        return self.role in (Role.CHAIN_CHIEF, Role.DISTRICT_OFFICER)


@dataclass(frozen=True)
class RecordScope:
    """What a registry record touches, for scope checks: its chains and districts."""

    chains: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset()

    @classmethod
    def of(cls, chains: Iterable[str | None] = (), districts: Iterable[str | None] = ()) -> RecordScope:
        """Build from possibly-missing values (a record with no chain stays outside every chain)."""
        return cls(frozenset(c for c in chains if c), frozenset(d for d in districts if d))


def in_scope(who: Principal, action: Action, resource: str, record: RecordScope) -> bool:
    """Whether ``who`` may do ``action`` on ``record`` of ``resource``, scope considered.

    Unscoped roles reach every record their role grants. A chain chief reads every registry
    list (like a viewer) and writes projects and tasks that share one of their chains. A
    district officer reads and writes projects, parks and tasks of their districts only, and
    reads policies and enterprises as lists. A record the user cannot read answers 404 (its
    existence is not revealed); one they can read but not write answers 403.
    """
    if not who.may(action, resource):
        return False
    if not who.scoped or resource not in SCOPED:
        return True
    if who.role is Role.CHAIN_CHIEF:
        return action is Action.READ or bool(who.chains & record.chains)
    return bool(who.districts & record.districts)
