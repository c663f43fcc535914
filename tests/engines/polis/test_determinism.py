"""The same votes and seed give the same result, byte for byte."""

from __future__ import annotations

import orjson

from phalang.engines.polis import analyze
from phalang.engines.polis.synthetic import conversation


def test_same_seed_same_result() -> None:
    votes = conversation(600, 40, 12_000, n_groups=3, seed=4).votes
    first = analyze(votes, seed=7)
    second = analyze(votes, seed=7)
    assert orjson.dumps(first.to_dict()) == orjson.dumps(second.to_dict())
    assert first.state.to_json() == second.state.to_json()


def test_input_order_does_not_matter_when_timestamps_are_given() -> None:
    votes = conversation(300, 30, 6_000, n_groups=2, seed=5).votes
    reverse = slice(None, None, -1)
    shuffled = type(votes)(
        votes.participant[reverse],
        votes.statement[reverse],
        votes.value[reverse],
        votes.timestamp[reverse],  # type: ignore[index]
    )
    assert analyze(votes).to_dict() == analyze(shuffled).to_dict()
