"""The NBS input-output tables of China and employment by sector, as CSV files (GPL-3.0-or-later).

See NOTICE for origin and conversion. Only paths are returned: reading and analysis live in
Pacesetter (``pacesetter.structure.io``), which stays free of this package's licence.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__version__ = "0.1.0"


def names() -> list[str]:
    """The tables shipped, e.g. ``china_2020_42`` (and ``china_employment``)."""
    folder = resources.files(__name__) / "tables"
    return sorted(p.name.removesuffix(".csv") for p in folder.iterdir() if p.name.endswith(".csv"))


def path(name: str) -> Path:
    """The CSV file of table ``name``; LookupError naming the tables when there is none."""
    if name not in names():
        raise LookupError(f"no table {name!r}; the tables are {', '.join(names())}")
    return Path(str(resources.files(__name__) / "tables" / f"{name}.csv"))
