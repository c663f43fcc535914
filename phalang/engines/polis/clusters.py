"""Who is clustered, base clusters, opinion groups and the choice of how many groups.

The two-level scheme follows the Pol.is papers (Small et al. 2021, "Polis: Scaling
deliberation by mapping high dimensional opinion spaces"): up to 100 base clusters by k-means
on the projected participants, then opinion groups by k-means over the base-cluster centres
weighted by their sizes, with k chosen by silhouette and changed only after it wins several
updates in a row. Everything here is deterministic for a given seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment
from scipy.spatial import cKDTree

# Pol.is's clustering parameters (conversation options in the Pol.is math service):
MIN_VOTES = 7  # clustered once a participant has voted on min(7, n_statements) statements
MIN_CLUSTERED = 15  # ...topped up with the most active participants to at least 15
BASE_K = 100  # base clusters
MAX_GROUPS = 5  # opinion groups: k from 2 to min(5, 2 + n_base // 12)
BASE_PER_EXTRA_GROUP = 12
K_STREAK = 4  # a new k is adopted after winning this many updates in a row
MAX_ITER = 100
# Lloyd stops early once the centres move less than this fraction of the data's variance,
# the convention of scikit-learn's KMeans (tol=1e-4); on 100,000 participants exact
# convergence takes the full 100 iterations for a handful of boundary flips.
TOLERANCE = 1e-4
WARMUP_POINTS = 20_000
# Ours: fresh starts per k for the opinion groups (cheap, at most 100 points), and how much
# better (lower weighted inertia) a fresh solution must be before it replaces the warm one.
GROUP_RESTARTS = 10
SWITCH_MARGIN = 0.1

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def select_participants(
    votes_per_participant: IntArray, n_statements: int, previous: NDArray[np.bool_] | None
) -> NDArray[np.bool_]:
    """Who is clustered: enough votes, or among the 15 most active, or clustered before."""
    threshold = min(MIN_VOTES, n_statements)
    chosen = (votes_per_participant >= threshold) & (votes_per_participant > 0)
    if previous is not None:
        chosen |= previous
    missing = MIN_CLUSTERED - int(chosen.sum())
    if missing > 0:
        # Most votes first; ties go to the earlier row, so the choice is deterministic.
        order = np.lexsort((np.arange(len(chosen)), -votes_per_participant))
        extra = [i for i in order if not chosen[i] and votes_per_participant[i] > 0][:missing]
        chosen[extra] = True
    return chosen


def _distances(points: FloatArray, centres: FloatArray) -> FloatArray:
    d: FloatArray = np.sqrt(((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2))
    return d


def assign(points: FloatArray, centres: FloatArray) -> IntArray:
    return _two_nearest(points, centres)[0]


def _two_nearest(
    points: FloatArray, centres: FloatArray
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Index of the nearest centre, its distance, and the distance to the second nearest."""
    if len(points) * len(centres) <= 200_000:
        d = _distances(points, centres)
        rows = np.arange(len(points))
        nearest = np.argmin(d, axis=1)
        best = d[rows, nearest]
        d[rows, nearest] = np.inf
        return nearest.astype(np.int64), best, d.min(axis=1)
    # A k-d tree over the (at most 100) centres answers 100,000 points in a fraction of the
    # time a dense distance table takes.
    dist, idx = cKDTree(centres).query(points, k=2)
    return np.asarray(idx[:, 0], dtype=np.int64), np.asarray(dist[:, 0]), np.asarray(dist[:, 1])


def kmeans(
    points: FloatArray, weights: FloatArray, centres: FloatArray, max_iter: int = MAX_ITER
) -> tuple[FloatArray, IntArray]:
    """Weighted Lloyd iterations from the given centres until no point changes cluster.

    Assignment uses Hamerly's bounds (Hamerly 2010, "Making k-means even faster"): a point
    whose distance to its centre is below a lower bound on its distance to any other centre
    keeps its cluster without a look, which is exact and, after the first iterations,
    skips nearly every point. An emptied cluster keeps its centre (it may win points back);
    callers drop it at the end.
    """
    centres = centres.copy()
    n, k = len(points), len(centres)
    if k == 1:
        centres[0] = (weights @ points) / weights.sum()
        return centres, np.zeros(n, dtype=np.int64)
    total = weights.sum()
    mean = (weights @ points) / total
    spread = float((weights @ ((points - mean) ** 2)).sum() / total / points.shape[1])
    labels = np.zeros(n, dtype=np.int64)
    upper = np.zeros(n)  # ≥ distance to own centre
    lower = np.zeros(n)  # ≤ distance to every other centre
    stale = np.ones(n, dtype=bool)
    for iteration in range(max_iter + 1):
        todo = np.flatnonzero(stale)
        changed = False
        if len(todo):
            nearest, best, second = _two_nearest(points[todo], centres)
            changed = bool(np.any(nearest != labels[todo]))
            labels[todo], upper[todo], lower[todo] = nearest, best, second
        if iteration > 0 and not changed:
            break
        if iteration == max_iter:
            break
        mass = np.bincount(labels, weights=weights, minlength=k)
        filled = mass > 0
        moved = centres.copy()
        for axis in range(points.shape[1]):
            sums = np.bincount(labels, weights=weights * points[:, axis], minlength=k)
            centres[filled, axis] = sums[filled] / mass[filled]
        shift = np.sqrt(((centres - moved) ** 2).sum(axis=1))
        if float((shift**2).sum()) <= TOLERANCE * spread:
            break
        # Move the bounds by how far the centres moved, then look only where they cross.
        upper += shift[labels]
        lower -= shift.max()
        stale = upper > lower
        if stale.any():
            idx = np.flatnonzero(stale)
            upper[idx] = np.sqrt(((points[idx] - centres[labels[idx]]) ** 2).sum(axis=1))
            stale[idx] = upper[idx] > lower[idx]
    return centres, labels


def kmeans_plus_plus(
    points: FloatArray,
    weights: FloatArray,
    k: int,
    rng: np.random.Generator,
    start: FloatArray | None = None,
) -> FloatArray:
    """k-means++ seeding (Arthur & Vassilvitskii 2007), weighted, optionally extending ``start``."""
    chosen = [] if start is None else list(start)
    if not chosen:
        chosen.append(points[rng.choice(len(points), p=weights / weights.sum())])
    distance, _ = cKDTree(np.asarray(chosen)).query(points, k=1)
    nearest = np.asarray(distance, dtype=np.float64) ** 2
    while len(chosen) < k:
        mass = weights * nearest
        total = mass.sum()
        if total <= 0:
            break  # every point already is a centre
        pick = points[rng.choice(len(points), p=mass / total)]
        chosen.append(pick)
        nearest = np.minimum(nearest, ((points - pick) ** 2).sum(axis=1))
    return np.asarray(chosen, dtype=np.float64)


def inertia(
    points: FloatArray, weights: FloatArray, centres: FloatArray, labels: IntArray
) -> float:
    return float((weights * ((points - centres[labels]) ** 2).sum(axis=1)).sum())


@dataclass
class BaseClusters:
    centres: FloatArray  # (n_base, 2)
    sizes: FloatArray  # participants per base cluster
    labels: IntArray  # base cluster of each clustered participant


def base_clusters(points: FloatArray, previous: FloatArray | None) -> BaseClusters:
    """k-means with k = min(100, distinct points), warm-started from the previous centres.

    A cold start takes the first k distinct participants (in row order, i.e. by participant
    id) as centres, as Pol.is does; new centres, when more are needed, come the same way.
    Pol.is's own groups are close to k-means optima in our projection, and of those this
    start lands nearest to theirs on every shared conversation (docs/engines/polis.md).
    """
    if len(points) == 0:
        return BaseClusters(np.zeros((0, 2)), np.zeros(0), np.zeros(0, dtype=np.int64))
    distinct, first, inverse, weights = _distinct_rows(points)
    k = min(BASE_K, len(distinct))
    in_order = np.argsort(first, kind="stable")
    if previous is None or len(previous) == 0:
        init = distinct[in_order[:k]]
        if len(distinct) > WARMUP_POINTS:
            # Converge on the earliest participants first; the full run then needs a few
            # iterations instead of dozens (100,000 participants: ~60 → ~10).
            head = in_order[:WARMUP_POINTS]
            init, _ = kmeans(distinct[head], weights[head], init)
    elif len(previous) >= k:
        init = previous[:k]
    else:
        taken = {tuple(c) for c in previous}
        fresh = [distinct[i] for i in in_order if tuple(distinct[i]) not in taken]
        init = np.vstack([previous, np.asarray(fresh[: k - len(previous)]).reshape(-1, 2)])
    centres, labels = kmeans(distinct, weights, init)
    sizes = np.bincount(labels, weights=weights, minlength=len(centres)).astype(np.float64)
    keep = sizes > 0
    renumber = np.cumsum(keep) - 1
    return BaseClusters(centres[keep], sizes[keep], renumber[labels][inverse].astype(np.int64))


def _distinct_rows(points: FloatArray) -> tuple[FloatArray, IntArray, IntArray, FloatArray]:
    """``np.unique(points, axis=0)`` with first positions, inverse and counts, via lexsort
    (several times faster than unique's structured-array path on 100,000 rows)."""
    order = np.lexsort(points.T[::-1])
    ordered = points[order]
    new = np.ones(len(points), dtype=bool)
    new[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
    group = np.cumsum(new) - 1
    inverse = np.empty(len(points), dtype=np.int64)
    inverse[order] = group
    starts = np.flatnonzero(new)
    first = np.minimum.reduceat(order, starts) if len(starts) else np.zeros(0, dtype=np.int64)
    counts = np.diff(np.append(starts, len(points))).astype(np.float64)
    return ordered[starts], first.astype(np.int64), inverse, counts


def max_groups(n_base: int) -> int:
    return min(MAX_GROUPS, 2 + n_base // BASE_PER_EXTRA_GROUP, n_base)


def _canonical_order(centres: FloatArray) -> IntArray:
    """Cold-start groups are numbered along the first principal component."""
    return np.lexsort((centres[:, 1], centres[:, 0])).astype(np.int64)


def group_clusters(
    base: BaseClusters, k: int, previous: FloatArray | None, seed: int
) -> tuple[FloatArray, IntArray]:
    """Opinion groups: weighted k-means over base-cluster centres. Returns centres and the
    group of each base cluster."""
    points, weights = base.centres, base.sizes
    rng = np.random.default_rng([seed, 3, k])
    best: tuple[float, FloatArray, IntArray] | None = None
    for _ in range(GROUP_RESTARTS):
        centres, labels = kmeans(points, weights, kmeans_plus_plus(points, weights, k, rng))
        if len(np.unique(labels)) < k:
            continue
        score = inertia(points, weights, centres, labels)
        if best is None or score < best[0] - 1e-12:
            best = (score, centres, labels)
    if previous is not None and len(previous) == k:
        centres, labels = kmeans(points, weights, previous)
        if len(np.unique(labels)) == k:
            warm = inertia(points, weights, centres, labels)
            if best is None or best[0] >= (1 - SWITCH_MARGIN) * warm:
                return centres, labels
            # A clearly better solution exists: take it, keeping group numbers where they match.
            cost = ((previous[:, None, :] - best[1][None, :, :]) ** 2).sum(axis=2)
            old, new = linear_sum_assignment(cost)
            order = new[np.argsort(old)]
            return _relabel(best[1], best[2], order)
    if best is None:
        # Fewer distinct centres than k: take the k heaviest base clusters as groups.
        init = points[np.argsort(-weights, kind="stable")[:k]]
        centres, labels = kmeans(points, weights, init)
        return _relabel(centres, labels, _canonical_order(centres))
    return _relabel(best[1], best[2], _canonical_order(best[1]))


def match_numbers(
    centres: FloatArray, labels: IntArray, old: FloatArray
) -> tuple[FloatArray, IntArray]:
    """Renumber groups so that each takes the number of the nearest old group (one to one);
    groups left over take the numbers that remain."""
    cost = ((old[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    old_ids, new_ids = linear_sum_assignment(cost)
    number = np.full(len(centres), -1, dtype=np.int64)
    number[new_ids] = old_ids
    spare = iter(sorted(set(range(len(centres))) - set(int(i) for i in old_ids)))
    for g in range(len(centres)):
        if number[g] < 0:
            number[g] = next(spare)
    order = np.argsort(number)
    return _relabel(centres, labels, order.astype(np.int64))


def _relabel(centres: FloatArray, labels: IntArray, order: IntArray) -> tuple[FloatArray, IntArray]:
    """Put group ``order[i]`` at position i."""
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return centres[order], rank[labels]


def silhouette(points: FloatArray, weights: FloatArray, labels: IntArray) -> float:
    """Mean silhouette (Rousseeuw 1987) of the participants, each standing at its base centre.

    A base cluster of weight w counts as w coincident participants, so this equals the plain
    silhouette over participants with their positions snapped to the base-cluster centres.
    """
    groups = np.unique(labels)
    if len(groups) < 2:
        return 0.0
    d = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    # Weighted distance sums from each point to each group.
    member = (labels[:, None] == groups[None, :]).astype(np.float64)
    sums = d @ (member * weights[:, None])
    group_weight = weights @ member
    own = np.searchsorted(groups, labels)
    rows = np.arange(len(points))
    own_weight = group_weight[own]
    a = np.divide(sums[rows, own], own_weight - 1, out=np.zeros(len(points)), where=own_weight > 1)
    others = sums / group_weight[None, :]
    others[rows, own] = np.inf
    b = others.min(axis=1)
    s = np.divide(b - a, np.maximum(a, b), out=np.zeros(len(points)), where=np.maximum(a, b) > 0)
    s[own_weight <= 1] = 0.0  # a lone participant's silhouette is 0 by convention
    return float((s * weights).sum() / weights.sum())


@dataclass
class KChoice:
    """The group count in force, and a challenger with its winning streak."""

    current: int
    candidate: int
    streak: int


def smooth_k(best: int, previous: KChoice | None, allowed: range) -> KChoice:
    if previous is None or previous.current not in allowed:
        return KChoice(best, best, 0)
    if best == previous.current:
        return KChoice(best, best, 0)
    streak = previous.streak + 1 if best == previous.candidate else 1
    if streak >= K_STREAK:
        return KChoice(best, best, 0)
    return KChoice(previous.current, best, streak)
