"""Assessment: frameworks, target attainment, peer standing, composite indices, uncertainty.

Frameworks are YAML files (``frameworks/*.yaml``, or a user's own) validated by
:func:`load_framework`. The computing functions take plain frames and return
plain frames; :func:`compute_assessment` runs them all for one framework and year.
"""

from pacesetter.assess.attainment import compute_attainment
from pacesetter.assess.composite import compute_composite
from pacesetter.assess.loader import list_frameworks, load_framework
from pacesetter.assess.peers import compute_peer_standing
from pacesetter.assess.report import compute_assessment
from pacesetter.assess.uncertainty import compute_rank_uncertainty

__all__ = [
    "compute_assessment", "compute_attainment", "compute_composite", "compute_peer_standing",
    "compute_rank_uncertainty", "list_frameworks", "load_framework",
]
