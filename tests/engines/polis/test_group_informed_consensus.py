"""Group-informed consensus: the product over groups of (agrees + 1) / (votes + 2)."""

from __future__ import annotations

import numpy as np
import pytest

from phalang.engines.polis import Votes, analyze
from phalang.engines.polis.stats import Tally, group_informed_consensus


def test_formula_on_hand_counts() -> None:
    # Statement 0: group A 3 agree, 1 disagree, 1 pass; group B 0 agree, 2 disagree.
    # (3+1)/(5+2) × (0+1)/(2+2) = 4/7 × 1/4 = 1/7.
    # Statement 1: nobody in A voted, B 2 agree of 2: (0+1)/(0+2) × (2+1)/(2+2) = 3/8.
    tally = Tally(
        agree=np.array([[3.0, 0.0], [0.0, 2.0]]),
        disagree=np.array([[1.0, 0.0], [2.0, 0.0]]),
        passed=np.array([[1.0, 0.0], [0.0, 0.0]]),
        seen=np.array([[5.0, 0.0], [2.0, 2.0]]),
    )
    assert group_informed_consensus(tally) == pytest.approx([1 / 7, 3 / 8])


def test_end_to_end_on_two_obvious_groups() -> None:
    # Participants 0-7 agree with statements 0-7 and disagree with 8-15; 8-15 the reverse.
    # Statement 16 splits them: group 0-7 three agree, others pass; group 8-15 all disagree.
    records = []
    for person in range(16):
        camp = 1 if person < 8 else -1
        for statement in range(16):
            records.append((person, statement, camp if statement < 8 else -camp))
    for person in range(8):
        records.append((person, 16, 1 if person < 3 else 0))
    for person in range(8, 16):
        records.append((person, 16, -1))
    result = analyze(Votes.from_records(records), groups=2)
    groups = result.participant_groups()
    assert len({groups[p] for p in range(8)}) == 1 and len({groups[p] for p in range(8, 16)}) == 1
    assert result.group_informed_consensus[16] == pytest.approx(
        round((3 + 1) / (8 + 2) * (0 + 1) / (8 + 2), 6)
    )
    # Statement 0: one camp all agree, the other all disagree: 9/10 × 1/10.
    assert result.group_informed_consensus[0] == pytest.approx(0.09)
