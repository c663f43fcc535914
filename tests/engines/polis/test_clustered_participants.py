"""Who is clustered: min(7, n_statements) votes, topped up to the 15 most active, and once
clustered always clustered."""

from __future__ import annotations

import numpy as np

from phalang.engines.polis import Statements, Votes, analyze
from phalang.engines.polis.clusters import select_participants


def test_threshold_is_seven_votes_or_every_statement() -> None:
    counts = np.array([7, 6, 20, 3, 8] + [9] * 15)
    chosen = select_participants(counts, n_statements=40, previous=None)
    assert chosen.tolist() == [True, False, True, False, True] + [True] * 15
    # With only 5 statements, voting on all 5 is enough.
    chosen = select_participants(np.array([5, 4] + [5] * 20), n_statements=5, previous=None)
    assert chosen[0] and not chosen[1]


def test_topped_up_to_the_fifteen_most_active() -> None:
    counts = np.array([9, 8, 1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 2, 2, 1, 1, 0, 6, 5])
    chosen = select_participants(counts, n_statements=50, previous=None)
    assert chosen.sum() == 15
    assert chosen[[0, 1, 7, 8, 18]].all()  # 9, 8 and the 6s
    assert not chosen[17]  # never someone with no votes
    # Ties go to the earlier participant: of the 2-vote voters, rows 3, 12 and 13 make it.
    assert chosen[[3, 12]].all() and not chosen[14]


def test_once_clustered_always_clustered() -> None:
    # 20 participants vote on 10 statements; participant 0 votes on 7 of them, 3 of which are
    # later moderated out, leaving 4: below the threshold, but they stay clustered.
    records: list[tuple[int, int, int, float]] = []
    for person in range(20):
        for statement in range(10 if person else 7):
            records.append(
                (person, statement, 1 if (person + statement) % 3 else -1, float(len(records)))
            )
    votes = Votes.from_records(records)
    first = analyze(votes)
    assert first.participant_groups()[0] is not None
    moderated = Statements.from_moderation([0, 1, 2], [-1, -1, -1])
    assert analyze(votes, moderated).participant_groups()[0] is None  # the control
    assert analyze(votes, moderated, previous_state=first.state).participant_groups()[0] is not None
