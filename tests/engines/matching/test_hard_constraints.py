"""Every assignment the CLI and the API make satisfies every hard constraint."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from phalang.engines.matching import Weights, check_matching, feasible_pairs, is_feasible, match
from tests.engines.matching.helpers import random_instance, run_match_cli, write_instance


@pytest.mark.parametrize("objective", ["weighted", "distance"])
@pytest.mark.parametrize("seed", range(6))
def test_cli_assignments_satisfy_the_checker(tmp_path: Path, objective: str, seed: int) -> None:
    requests, volunteers = random_instance(seed, 120, 50)
    write_instance(tmp_path, requests, volunteers)
    result = run_match_cli(tmp_path, "--objective", objective)
    assert check_matching(requests, volunteers, result) == []
    # The instance must actually exercise the constraints, not be trivially empty.
    assert 0 < len(result["assignments"]) < len(requests)


def test_exclusions_unavailable_and_held_load_are_respected() -> None:
    requests, volunteers = random_instance(7, 80, 30, spread_km=5)
    # The first volunteer is off today, the second already holds all but one task.
    volunteers[0] = dataclasses.replace(volunteers[0], available=False)
    volunteers[1] = dataclasses.replace(volunteers[1], capacity=3, load=2)
    plain = match(requests, volunteers, objective="distance")
    exclusions = [(a.request, a.volunteer) for a in plain.assignments[:10]]
    result = match(requests, volunteers, objective="distance", exclusions=exclusions)
    assert check_matching(requests, volunteers, result, exclusions) == []
    made = {(a.request, a.volunteer) for a in result.assignments}
    assert not made & set(exclusions)
    assert sum(a.volunteer == volunteers[0].id for a in result.assignments) == 0
    assert sum(a.volunteer == volunteers[1].id for a in result.assignments) <= 1


def test_exclusions_through_the_cli(tmp_path: Path) -> None:
    requests, volunteers = random_instance(3, 40, 20, spread_km=5)
    write_instance(tmp_path, requests, volunteers)
    first = run_match_cli(tmp_path, "--objective", "distance")
    banned = [(a["request"], a["volunteer"]) for a in first["assignments"]]
    (tmp_path / "ex.csv").write_text(
        "request,volunteer\n" + "".join(f"{r},{v}\n" for r, v in banned), encoding="utf-8"
    )
    second = run_match_cli(
        tmp_path, "--objective", "distance", "--exclusions", str(tmp_path / "ex.csv")
    )
    assert check_matching(requests, volunteers, second, banned) == []


def test_checker_catches_each_kind_of_violation() -> None:
    requests, volunteers = random_instance(1, 30, 10)
    good = match(requests, volunteers).to_dict()
    assert check_matching(requests, volunteers, good) == []
    a = good["assignments"][0]
    far = next(v for v in volunteers if v.id != a["volunteer"])
    cases = {
        "assigned 2 times": {**good, "assignments": [*good["assignments"], a]},
        "missing from the result": {**good, "assignments": good["assignments"][1:]},
        "excluded": good,
    }
    for needle, tampered in cases.items():
        exclusions = [(a["request"], a["volunteer"])] if needle == "excluded" else []
        found = check_matching(requests, volunteers, tampered, exclusions)
        assert any(needle in p for p in found), (needle, found)
    moved = {**a, "volunteer": far.id}
    found = check_matching(
        requests, volunteers, {**good, "assignments": [moved, *good["assignments"][1:]]}
    )
    assert found  # wrong distance at least, usually radius, vehicle or skills too


def test_single_pair_check_agrees_with_the_bulk_one() -> None:
    requests, volunteers = random_instance(21, 40, 20)
    bulk = feasible_pairs(requests, volunteers)
    pairs = set(zip(bulk.request.tolist(), bulk.volunteer.tolist(), strict=True))
    for i, r in enumerate(requests):
        for j, v in enumerate(volunteers):
            assert is_feasible(r, v) == ((i, j) in pairs), (r.id, v.id)
    assert pairs  # some pairs are feasible, some not
    assert len(pairs) < len(requests) * len(volunteers)


def test_negative_weights_are_refused() -> None:
    with pytest.raises(ValueError, match="fairness"):
        Weights(fairness=-1)


def test_empty_inputs() -> None:
    assert match([], []).to_dict()["assignments"] == []
    lonely = random_instance(0, 3, 1)[0]
    assert match(lonely, []).unassigned == [r.id for r in lonely]
