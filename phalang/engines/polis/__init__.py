"""Pol.is-compatible opinion math: vote matrix, PCA, opinion groups, statement statistics.

Pure Python (numpy, scipy), no Django. See docs/engines/polis.md for the API and algorithm.
"""

from .io import PolisInputError, read_export
from .model import Conversation, Group, Result, State, analyze
from .votes import Statements, Votes

__all__ = [
    "Conversation",
    "Group",
    "PolisInputError",
    "Result",
    "State",
    "Statements",
    "Votes",
    "analyze",
    "read_export",
]
