"""Progress of a long import, for a progress bar or for a notebook's ``print``.

An import reports through one plain callable, ``progress(message)``. The messages it sends
are :class:`Step` objects: each is a ``str`` (so ``progress=print`` or a logger keeps
working) that also names its phase and, while a file is read, the rows and bytes read so far,
which a bar (the CLI's) turns into a percentage and time left.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str], None]

# each phase of an import as shown to the user, as (zh, en)
PHASES = {
    "read": ("读取", "reading"),
    "validate": ("校验", "validating"),
    "write": ("写入", "writing"),
}


class Step(str):
    """A progress message that also carries its phase (a key of :data:`PHASES`) and counts.

    ``rows`` is the number of rows read so far; ``done`` of ``total`` the bytes read of the
    file's size (None where the phase has no measure, e.g. an Excel file read whole).
    """

    phase: str
    rows: int | None
    done: int | None
    total: int | None

    def __new__(cls, message: str, phase: str, *, rows: int | None = None, done: int | None = None,
                total: int | None = None) -> Step:
        step = super().__new__(cls, message)
        step.phase, step.rows, step.done, step.total = phase, rows, done, total
        return step
