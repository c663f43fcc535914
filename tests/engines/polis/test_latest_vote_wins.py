"""A participant who changes their vote counts once, with their latest vote."""

from __future__ import annotations

from phalang.engines.polis import Conversation, Votes, analyze
from phalang.engines.polis.matrix import VoteMatrix


def test_latest_timestamp_wins_even_when_rows_are_out_of_order() -> None:
    votes = Votes.from_records(
        [
            (1, 10, -1, 300.0),  # latest: disagree
            (1, 10, 1, 100.0),
            (1, 10, 0, 200.0),
            (2, 10, 1, 50.0),
        ]
    )
    matrix = VoteMatrix.from_votes(votes)
    assert matrix.n_votes == 2
    assert matrix.codes[0, 0] == 1  # code 1 = disagree

    result = analyze(votes)
    everyone = result.consensus["agree"] + result.consensus["disagree"]
    assert all(e["n_votes"] <= 2 for e in everyone)


def test_without_timestamps_the_later_row_wins() -> None:
    matrix = VoteMatrix.from_votes(Votes.from_records([(1, 10, 1), (1, 10, -1), (1, 11, 0)]))
    assert matrix.codes.toarray().tolist() == [[1, 2]]


def test_an_incremental_vote_replaces_the_old_one() -> None:
    conv = Conversation(Votes.from_records([(1, 10, 1, 1.0), (2, 10, 1, 2.0)]))
    conv.add_votes(Votes.from_records([(1, 10, -1, 3.0), (3, 11, 0, 4.0)]))
    dense = conv.matrix.codes.toarray()
    assert conv.matrix.participant_ids.tolist() == [1, 2, 3]
    assert conv.matrix.statement_ids.tolist() == [10, 11]
    assert dense.tolist() == [[1, 0], [3, 0], [0, 2]]
    assert conv.matrix.n_votes == 3
