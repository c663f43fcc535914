"""Small conversations for the Pol.is engine tests."""

from __future__ import annotations

import numpy as np

from phalang.engines.polis import Votes


def two_camps(n_per_camp: int = 30, n_statements: int = 12, seed: int = 0) -> Votes:
    """Two camps who disagree on every statement, each participant voting on all of them,
    with a little noise so that not every point coincides."""
    rng = np.random.default_rng(seed)
    p, s, v = [], [], []
    for person in range(2 * n_per_camp):
        camp = 1 if person < n_per_camp else -1
        for statement in range(n_statements):
            value = camp if statement % 2 == 0 else -camp
            if rng.random() < 0.15:
                value = int(rng.choice([-1, 0, 1]))
            p.append(person)
            s.append(statement)
            v.append(value)
    return Votes.from_arrays(p, s, v, np.arange(len(p), dtype=float))
