"""The HTTP face of Pacesetter: a REST API over the Workspace (``pacesetter serve``)."""

from pacesetter.api.app import create_app
from pacesetter.api.state import ServerSettings

__all__ = ["ServerSettings", "create_app"]
