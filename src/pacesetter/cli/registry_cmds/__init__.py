"""Registry commands: projects, tasks, parks, policies, `trace` and `audit`."""

from __future__ import annotations

import typer

from pacesetter.cli.registry_cmds._common import help_text
from pacesetter.cli.registry_cmds.places import parks_app, policies_app
from pacesetter.cli.registry_cmds.projects import projects_app
from pacesetter.cli.registry_cmds.supervision import audit_log, tasks_app, trace_app


def attach(app: typer.Typer) -> None:
    """Attach the registry groups to the root app."""
    app.add_typer(projects_app, name="projects")
    app.add_typer(tasks_app, name="tasks")
    app.add_typer(parks_app, name="parks")
    app.add_typer(policies_app, name="policies")
    app.add_typer(trace_app, name="trace")
    app.command("audit", help=help_text("audit"))(audit_log)
