"""Registry: projects, parks, policies and tasks — lifecycle, lights, supervision, audit.

The Python API in brief::

    from pacesetter.registry import Repository, advance_project, compute_funnel
    repo = Repository(con, actor="wang")            # every write audited, versioned
    advance_project(repo, "P1", "投产", dt.date(2024, 5, 1), today=dt.date.today())
    compute_funnel(repo.frame("projects"))
"""

from typing import Any

from pacesetter.registry.counting import compute_signings, load_counting_rules
from pacesetter.registry.coverage import compute_coverage
from pacesetter.registry.lifecycle import check_project, check_transition, parse_stage
from pacesetter.registry.lights import compute_lights, load_light_rules
from pacesetter.registry.projects import advance_project, filter_projects, save_project
from pacesetter.registry.repository import Repository
from pacesetter.registry.rollups import compute_funnel, compute_investment_vs_gaps, compute_rollup
from pacesetter.registry.tasks import add_task, compute_escalation, escalate, link_project, set_status
from pacesetter.registry.trace import trace_gap, trace_indicator, trace_project

__all__ = [
    "Repository", "add_task", "advance_project", "check_project", "check_transition", "compute_coverage",
    "compute_escalation", "compute_funnel", "compute_investment_vs_gaps", "compute_lights",
    "compute_rollup", "compute_signings", "escalate", "filter_projects", "import_projects",
    "link_project", "load_counting_rules", "load_light_rules", "parse_stage", "save_project",
    "set_status", "trace_gap", "trace_indicator", "trace_project", "write_projects",
]


def __getattr__(name: str) -> Any:
    """The Excel functions on first use: openpyxl is no load for a query (PEP 562)."""
    if name in ("import_projects", "write_projects"):
        from pacesetter.registry import excel

        return getattr(excel, name)
    raise AttributeError(f"module 'pacesetter.registry' has no attribute {name!r}")
