"""Statements moderated out (comments.csv ``moderated`` = -1) take no part in the results."""

from __future__ import annotations

import numpy as np

from phalang.engines.polis import Statements, Votes, analyze

from .helpers import two_camps


def _with_spam(votes: Votes) -> Votes:
    # Statement 99: everyone agrees with it, so unmoderated it would top the consensus.
    people = np.unique(votes.participant)
    return Votes(
        np.concatenate([votes.participant, people]),
        np.concatenate([votes.statement, np.full(len(people), 99)]),
        np.concatenate([votes.value, np.ones(len(people), dtype=np.int8)]),
        np.concatenate([votes.timestamp, np.arange(len(people)) + 1e6]),  # type: ignore[list-item]
    )


def test_moderated_out_statement_is_absent_from_every_output() -> None:
    votes = _with_spam(two_camps())
    kept = analyze(votes)
    assert kept.consensus["agree"][0]["comment"] == 99  # the control: it would be on top

    result = analyze(votes, Statements.from_moderation([99, 0], [-1, 1]))
    listed = [e["comment"] for e in result.consensus["agree"] + result.consensus["disagree"]]
    listed += [e["comment"] for g in result.groups for e in g.representative]
    assert 99 not in listed
    assert 99 not in result.group_informed_consensus
    assert 99 not in result.priority
    assert result.n_statements == 12
    column = result.state.statement_ids.index(99)
    assert all(row[column] == 0.0 for row in result.state.components)


def test_moderation_does_not_change_the_groups_here() -> None:
    votes = _with_spam(two_camps())
    plain = analyze(two_camps(), groups=2)
    moderated = analyze(votes, Statements.from_moderation([99], [-1]), groups=2)
    assert plain.participant_groups() == moderated.participant_groups()
