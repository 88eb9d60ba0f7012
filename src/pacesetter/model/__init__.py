"""Domain types: pure data, importing nothing else from Pacesetter but errors."""

from pacesetter.model.entities import Chain, Enterprise, Park, Policy, Project, Segment, Target
from pacesetter.model.indicators import Indicator
from pacesetter.model.observations import Observation
from pacesetter.model.periods import Period
from pacesetter.model.regions import Region

__all__ = [
    "Chain", "Enterprise", "Indicator", "Observation", "Park", "Period", "Policy", "Project",
    "Region", "Segment", "Target",
]
