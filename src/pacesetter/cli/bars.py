"""The progress bar of a long job (an import, the demo, an Excel export, a synthetic registry).

The job reports through one plain callable (:data:`pacesetter.io.progress.Progress`) that the
command passes into the Workspace; the bar turns its :class:`~pacesetter.io.progress.Step`
messages into one line per phase, with rows, percentage and time left where the step has a
measure. It is drawn on stderr and only on a terminal (piped output stays clean), and it vanishes
when the job is done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from pacesetter.cli.options import err_console
from pacesetter.i18n import t
from pacesetter.io.progress import Step


def phase_label(lang: str) -> Callable[[Step], str]:
    """A step's line named by its phase (``io.phase.<phase>``: reading, validating, writing)."""
    return lambda step: t(f"io.phase.{step.phase}", lang)


@contextmanager
def progress_bar(lang: str, label: Callable[[Step], str] | None = None) -> Iterator[Callable[[str], None]]:
    """The callback a long job reports to, drawing its bar while the ``with`` block runs.

    ``label`` names a step's line (default: its phase). A message that is no :class:`Step` is a
    check within the current phase, said in English only, so it is shown in English mode only.
    """
    name = label or phase_label(lang)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                  TextColumn("{task.fields[rows]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                  console=err_console, transient=True, disable=not err_console.is_terminal) as bar:
        tasks: dict[str, TaskID] = {}
        labels: dict[str, str] = {}

        def show(msg: str) -> None:
            if not isinstance(msg, Step):
                if lang == "en" and tasks:
                    phase = list(tasks)[-1]
                    bar.update(tasks[phase], description=f"{labels[phase]}: {msg}")
                return
            labels[msg.phase] = name(msg)
            if msg.phase not in tasks:
                for done in tasks.values():  # the phase before is over
                    bar.update(done, total=1, completed=1)
                tasks[msg.phase] = bar.add_task(labels[msg.phase], total=None, rows="")
            rows = ""
            if msg.rows is not None:  # thousands separators in en only (UI.md)
                rows = t("cli.io.rows", lang, rows=f"{msg.rows:,}" if lang == "en" else str(msg.rows))
            bar.update(tasks[msg.phase], description=labels[msg.phase], rows=rows, completed=msg.done,
                       total=msg.total)

        yield show
