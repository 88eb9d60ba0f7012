"""Progress of a long job (an import, an export), for a progress bar or for a notebook's ``print``.

An import reports through one plain callable, ``progress(message)``. The messages it sends
are :class:`Step` objects: each is a ``str`` (so ``progress=print`` or a logger keeps
working) that also names its phase and, while a file is read, the rows and bytes read so far,
which a bar (the CLI's) turns into a percentage and time left.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str], None]


class Step(str):
    """A progress message that also carries its phase and counts.

    ``phase`` is read, validate, write, save or generate (shown as ``io.phase.<phase>`` of the
    catalogue); ``rows`` the number of rows read or written so far; ``done`` of ``total`` how far
    the phase is (bytes of a file read, rows of a sheet written; None where the phase has no
    measure, e.g. an Excel file read whole).
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
