"""Synthetic conversations with latent opinion groups, for tests and benchmarks.

Each participant belongs to one hidden group; each group has a stance on each statement, and a
participant agrees, disagrees or passes with probabilities set by that stance. Activity and
statement popularity are skewed (a few participants and statements get most votes), as in real
Pol.is conversations. Repeat draws of the same cell act as changed votes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .votes import Votes

PASS_RATE = 0.1


@dataclass
class Synthetic:
    votes: Votes
    group_of: NDArray[np.int64]  # hidden group of participant id i (ids are 0..n-1)
    stance: NDArray[np.float64]  # (n_groups, n_statements), −1 all disagree … +1 all agree
    activity: NDArray[np.float64]
    popularity: NDArray[np.float64]


def _draw(
    rng: np.random.Generator,
    group_of: NDArray[np.int64],
    stance: NDArray[np.float64],
    activity: NDArray[np.float64],
    popularity: NDArray[np.float64],
    n_votes: int,
    first_timestamp: float,
) -> Votes:
    participant = rng.choice(len(activity), size=n_votes, p=activity / activity.sum())
    statement = rng.choice(len(popularity), size=n_votes, p=popularity / popularity.sum())
    s = stance[group_of[participant], statement]
    p_agree = (1 - PASS_RATE) * (1 + s) / 2
    u = rng.random(n_votes)
    value = np.where(u < p_agree, 1, np.where(u < 1 - PASS_RATE, -1, 0)).astype(np.int8)
    timestamp = first_timestamp + np.arange(n_votes, dtype=np.float64)
    return Votes(participant.astype(np.int64), statement.astype(np.int64), value, timestamp)


def conversation(
    n_participants: int, n_statements: int, n_votes: int, n_groups: int = 3, seed: int = 0
) -> Synthetic:
    rng = np.random.default_rng(seed)
    group_of = rng.integers(0, n_groups, size=n_participants).astype(np.int64)
    stance = rng.uniform(-1.0, 1.0, size=(n_groups, n_statements))
    # Log-normal activity and popularity: heavy-tailed like real conversations.
    activity = rng.lognormal(0.0, 1.0, size=n_participants)
    popularity = rng.lognormal(0.0, 0.7, size=n_statements)
    votes = _draw(rng, group_of, stance, activity, popularity, n_votes, 0.0)
    return Synthetic(votes, group_of, stance, activity, popularity)


def more_votes(base: Synthetic, n_votes: int, seed: int) -> Votes:
    """Further votes by the same participants with the same stances, after ``base``'s votes."""
    rng = np.random.default_rng([seed, 7])
    start = float(len(base.votes))
    return _draw(rng, base.group_of, base.stance, base.activity, base.popularity, n_votes, start)
