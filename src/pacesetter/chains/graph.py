"""Segment graphs: edges run from a segment's inputs (``depends_on``) to the segment.

Functions take plain mappings ``{segment_id: [ids it depends on]}`` so that the
taxonomy loader can use them before any model object exists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

DependsOn = Mapping[str, Sequence[str]]


def find_cycle(depends_on: DependsOn) -> list[str] | None:
    """A dependency cycle as ``[a, b, ..., a]``, or None when the graph is acyclic."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in depends_on.get(node, ()):
            if state.get(dep) == 1:
                return [*path[path.index(dep):], dep]
            if dep not in state and (found := visit(dep)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in depends_on:
        if start not in state and (found := visit(start)):
            return found
    return None


def dependents(depends_on: DependsOn) -> dict[str, list[str]]:
    """For each segment, the segments that use it directly (its downstream neighbours)."""
    out: dict[str, list[str]] = {s: [] for s in depends_on}
    for seg, deps in depends_on.items():
        for dep in deps:
            out.setdefault(dep, []).append(seg)
    return out


def downstream(depends_on: DependsOn) -> dict[str, set[str]]:
    """For each segment, every segment that depends on it directly or transitively."""
    users = dependents(depends_on)
    memo: dict[str, set[str]] = {}

    def reach(node: str) -> set[str]:
        if node not in memo:
            found: set[str] = set()
            for user in users.get(node, ()):
                found.add(user)
                found |= reach(user)
            memo[node] = found
        return memo[node]

    return {s: reach(s) for s in depends_on}


def segment_weights(
    depends_on: DependsOn, critical: set[str], critical_multiplier: float
) -> dict[str, float]:
    """Weight of each segment: (1 + number of transitive dependents) × multiplier if critical.

    The weight is the segment's criticality from the graph: a link that much of the
    chain depends on, or that is flagged as a chokepoint (卡脖子), weighs more in the
    completeness index and in the ranking of links to fill.
    """
    down = downstream(depends_on)
    return {
        s: (1 + len(down[s])) * (critical_multiplier if s in critical else 1.0) for s in depends_on
    }
