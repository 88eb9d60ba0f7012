"""Pacesetter: steer a city's industrial development with sourced figures.

The front door::

    import pacesetter
    ws = pacesetter.demo("demo.duckdb")      # or pacesetter.open("my.duckdb")
    ws.overview("370200", "330200")          # Qingdao against Ningbo, every figure sourced

Everything else hangs off the :class:`~pacesetter.workspace.Workspace`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pacesetter.errors import ImportRejected, InputError, NotFoundError, PacesetterError

if TYPE_CHECKING:
    from pacesetter.workspace import Workspace, demo, open

__version__ = "0.1.0"
__all__ = ["ImportRejected", "InputError", "NotFoundError", "PacesetterError", "Workspace", "__version__",
           "demo", "open"]
_FRONT_DOOR = ("Workspace", "demo", "open")


def __getattr__(name: str) -> Any:
    """Load the Workspace on first use, so that ``import pacesetter`` stays light (PEP 562)."""
    if name in _FRONT_DOOR:
        import pacesetter.workspace as front

        return getattr(front, name)
    raise AttributeError(f"module 'pacesetter' has no attribute {name!r}")
