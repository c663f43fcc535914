"""The opinion model end to end: votes in, groups and statement statistics out.

``analyze`` recomputes from all votes; ``Conversation`` keeps the vote matrix in memory and
updates after new votes. Both warm-start from a previous ``State`` (components, base-cluster
and group centres, who is clustered, the group-count streak), which is plain JSON so the
Django app can store it between updates.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from . import clusters, pca, stats
from .matrix import VoteMatrix
from .votes import Statements, Votes

STATE_VERSION = 1


@dataclass
class State:
    """What one update hands to the next. JSON-serialisable through ``to_json``/``from_json``."""

    statement_ids: list[int] = field(default_factory=list)
    components: list[list[float]] = field(default_factory=list)  # 2 × len(statement_ids)
    clustered: list[int] = field(default_factory=list)  # participant ids, once in always in
    base_centres: list[list[float]] = field(default_factory=list)
    group_centres: dict[str, list[list[float]]] = field(default_factory=dict)  # by str(k)
    k: int = 0  # group count in force (silhouette choice, smoothed)
    k_candidate: int = 0
    k_streak: int = 0
    version: int = STATE_VERSION

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> State:
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"unsupported polis state version {data.get('version')!r}")
        return cls(**data)


@dataclass
class Group:
    id: int
    size: int
    centre: tuple[float, float]
    representative: list[dict[str, Any]]


@dataclass
class Result:
    """One analysis. Arrays are aligned with ``participant_ids``; group −1 means not clustered."""

    k: int
    participant_ids: NDArray[np.int64]
    participant_group: NDArray[np.int64]
    projection: NDArray[np.float64]  # (n_participants, 2)
    groups: list[Group]
    consensus: dict[str, list[dict[str, Any]]]
    group_informed_consensus: dict[int, float]
    bridging: list[dict[str, Any]]
    priority: dict[int, float]
    silhouette: dict[int, float]  # by k, for every k tried
    k_by_silhouette: int  # this update's winner, before smoothing
    n_statements: int
    state: State

    def participant_groups(self) -> dict[int, int | None]:
        return {
            int(p): (int(g) if g >= 0 else None)
            for p, g in zip(self.participant_ids, self.participant_group, strict=True)
        }

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON shape (ids as strings where they are object keys)."""
        return {
            "k": self.k,
            "participant_groups": {str(p): g for p, g in self.participant_groups().items()},
            "groups": [
                {
                    "id": g.id,
                    "size": g.size,
                    "centre": list(g.centre),
                    "representative": g.representative,
                }
                for g in self.groups
            ],
            "consensus": self.consensus,
            "group_informed_consensus": {
                str(c): v for c, v in self.group_informed_consensus.items()
            },
            "bridging": self.bridging,
            "priority": {str(c): v for c, v in self.priority.items()},
            "silhouette": {str(k): v for k, v in self.silhouette.items()},
            "k_by_silhouette": self.k_by_silhouette,
            "n_participants": len(self.participant_ids),
            "n_statements": self.n_statements,
        }


def analyze(
    votes: Votes,
    statements: Statements | None = None,
    previous_state: State | None = None,
    seed: int = 0,
    groups: int | None = None,
) -> Result:
    """Recompute the model from every vote event, warm-starting from ``previous_state``."""
    matrix = VoteMatrix.from_votes(votes)
    moderated_out = statements.moderated_out if statements else frozenset()
    return compute(matrix, moderated_out, previous_state, seed, groups)


class Conversation:
    """A conversation held in memory for incremental updates.

    ``add_votes`` takes events newer than all earlier ones; ``update`` recomputes, warm-started
    from the last state, and keeps the new state.
    """

    def __init__(
        self,
        votes: Votes,
        statements: Statements | None = None,
        state: State | None = None,
        seed: int = 0,
    ) -> None:
        self.matrix = VoteMatrix.from_votes(votes)
        self.moderated_out: set[int] = set(statements.moderated_out) if statements else set()
        self.state = state
        self.seed = seed

    def add_votes(self, votes: Votes) -> None:
        self.matrix.add(votes)

    def moderate(self, statement_id: int, out: bool) -> None:
        (self.moderated_out.add if out else self.moderated_out.discard)(statement_id)

    def update(self, groups: int | None = None) -> Result:
        result = compute(self.matrix, frozenset(self.moderated_out), self.state, self.seed, groups)
        self.state = result.state
        return result


def _align(
    ids: NDArray[np.int64], previous_ids: list[int]
) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
    """For each id, whether it was in ``previous_ids`` and at which position."""
    prev = np.asarray(previous_ids, dtype=np.int64)
    if len(prev) == 0:
        return np.zeros(len(ids), dtype=bool), np.zeros(len(ids), dtype=np.int64)
    sorter = np.argsort(prev, kind="stable")
    pos = np.clip(np.searchsorted(prev, ids, sorter=sorter), 0, len(prev) - 1)
    found = prev[sorter[pos]] == ids
    return found, sorter[pos]


def compute(
    matrix: VoteMatrix,
    moderated_out: frozenset[int],
    previous: State | None,
    seed: int,
    groups: int | None,
) -> Result:
    if groups is not None and groups < 1:
        raise ValueError("groups must be at least 1")
    active = ~np.isin(
        matrix.statement_ids, np.fromiter(moderated_out, dtype=np.int64, count=len(moderated_out))
    )
    centred = pca.centre(matrix, active)

    prev_components = None
    if previous is not None and previous.components:
        found, where = _align(matrix.statement_ids, previous.statement_ids)
        prev_components = np.zeros((pca.N_COMPONENTS, len(found)))
        prev_components[:, found] = np.asarray(previous.components)[:, where[found]]
    components = pca.principal_components(centred, prev_components, seed)
    projection = pca.project(centred, components)

    was_clustered = None
    if previous is not None and previous.clustered:
        was_clustered, _ = _align(matrix.participant_ids, previous.clustered)
    clustered = clusters.select_participants(
        centred.votes_per_participant, centred.n_active, was_clustered
    )
    rows = np.flatnonzero(clustered)

    prev_base = np.asarray(previous.base_centres).reshape(-1, 2) if previous else None
    base = clusters.base_clusters(projection[rows], prev_base)
    n_base = len(base.centres)

    allowed = range(2, clusters.max_groups(n_base) + 1)
    silhouettes: dict[int, float] = {}
    solutions: dict[int, tuple[NDArray[np.float64], NDArray[np.int64]]] = {}
    wanted = list(allowed) + ([groups] if groups is not None and groups not in allowed else [])
    for k in wanted:
        if k > n_base:
            continue
        prev_centres = None
        if previous is not None and str(k) in previous.group_centres:
            prev_centres = np.asarray(previous.group_centres[str(k)]).reshape(-1, 2)
        solutions[k] = clusters.group_clusters(base, k, prev_centres, seed)
        if k in allowed:
            silhouettes[k] = clusters.silhouette(base.centres, base.sizes, solutions[k][1])

    best = max(silhouettes, key=lambda k: (silhouettes[k], -k)) if silhouettes else min(n_base, 1)
    prev_choice = (
        clusters.KChoice(previous.k, previous.k_candidate, previous.k_streak) if previous else None
    )
    choice = (
        clusters.smooth_k(best, prev_choice, allowed)
        if silhouettes
        else clusters.KChoice(best, best, 0)
    )
    k = choice.current if groups is None else min(groups, n_base)

    if (
        k >= 2
        and previous is not None
        and previous.k not in (0, k)
        and str(previous.k) in previous.group_centres
    ):
        # The group count changed: keep the numbers of the groups that carry on.
        solutions[k] = clusters.match_numbers(
            *solutions[k], np.asarray(previous.group_centres[str(previous.k)]).reshape(-1, 2)
        )
    if k >= 2:
        group_centres, base_group = solutions[k]
    elif k == 1:
        weights = base.sizes / base.sizes.sum()
        group_centres, base_group = (
            (weights @ base.centres)[None, :],
            np.zeros(n_base, dtype=np.int64),
        )
    else:
        group_centres, base_group = np.zeros((0, 2)), np.zeros(0, dtype=np.int64)

    row_group = np.full(len(matrix.participant_ids), -1, dtype=np.int64)
    if k >= 1:
        row_group[rows] = base_group[base.labels]

    codes = matrix.codes
    group_tally, everyone = stats.tally(codes, matrix.row_of_entries(), row_group, k)
    ids = matrix.statement_ids
    live = np.flatnonzero(active & (everyone.seen[0] > 0))
    rep = stats.representative(group_tally, ids, active)
    gic = stats.group_informed_consensus(group_tally if k >= 1 else everyone)
    prio = stats.priority(everyone, stats.extremity(centred.center, components, centred.n_active))
    sizes = np.bincount(row_group[row_group >= 0], minlength=k)

    state = State(
        statement_ids=[int(i) for i in ids],
        components=[[float(v) for v in row] for row in components],
        clustered=[int(p) for p in matrix.participant_ids[rows]],
        base_centres=base.centres.tolist(),
        group_centres={str(kk): sol[0].tolist() for kk, sol in solutions.items()},
        k=choice.current,
        k_candidate=choice.candidate,
        k_streak=choice.streak,
    )
    return Result(
        k=k,
        participant_ids=matrix.participant_ids.copy(),
        participant_group=row_group,
        projection=projection,
        groups=[
            Group(
                g, int(sizes[g]), (float(group_centres[g][0]), float(group_centres[g][1])), rep[g]
            )
            for g in range(k)
        ],
        consensus=stats.consensus(everyone, ids, active),
        group_informed_consensus={int(ids[j]): round(float(gic[j]), 6) for j in live},
        bridging=stats.bridging(group_tally, sizes, ids, active, gic) if k >= 2 else [],
        priority={int(ids[j]): round(float(prio[j]), 6) for j in live},
        silhouette={kk: round(v, 6) for kk, v in silhouettes.items()},
        k_by_silhouette=int(best),
        n_statements=centred.n_active,
        state=state,
    )
