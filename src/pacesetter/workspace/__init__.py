"""The front door: :class:`Workspace`, which the command line, the web, the API and notebooks all call.

New logic is written behind the Workspace (in the analysis packages it calls), never in a face.
"""

from pacesetter.store.connect import refuse_unless_duckdb, remove_database
from pacesetter.workspace.core import Workspace, demo, open, write_template

__all__ = ["Workspace", "demo", "open", "refuse_unless_duckdb", "remove_database", "write_template"]
