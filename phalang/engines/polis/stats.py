"""Statement statistics: what each group stands for, what everyone shares, what to show next.

Proportions carry a pseudocount of one success and one failure (a uniform Beta(1, 1) prior),
so a statement with few votes never looks unanimous. Significance is a one-sided z-test at
90%, as in Pol.is's representativeness ("repness") and consensus statistics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

Z_90 = 1.2816  # Φ⁻¹(0.90): one-sided z at 90% confidence
MAX_REPRESENTATIVE = 5  # statements listed per group (Pol.is shows up to 5)
MAX_CONSENSUS = 5  # per direction
# The headings' promises, as thresholds (docs/engines/polis.md "What the headings promise"):
# "almost everyone agrees" lists a statement only if at least 4 in 5 of those who voted on it
# agreed (passes count as votes, as in the percentage shown), and significantly above one half.
CONSENSUS_MIN_SHARE = 0.8
# "Bridging: every group leans towards agreeing": in every group of at least BRIDGING_MIN_GROUP
# people, at least BRIDGING_MIN_VOTES voted on it and at least 3 in 5 of them agreed. Ranked by
# Pol.is's group-informed consensus.
BRIDGING_MIN_SHARE = 0.6
BRIDGING_MIN_GROUP = 5
BRIDGING_MIN_VOTES = 5
MAX_BRIDGING = 5
# Comment priority (Pol.is math service): new statements get a boost that halves every 5 votes.
NEW_BOOST = 8.0
NEW_HALF_LIFE = 5.0

FloatArray = NDArray[np.float64]


@dataclass
class Tally:
    """Vote counts per (group, statement); ``seen`` includes passes."""

    agree: FloatArray
    disagree: FloatArray
    passed: FloatArray
    seen: FloatArray


def tally(
    codes: sp.csr_matrix, row_of_entry: NDArray[np.int64], row_group: NDArray[np.int64], k: int
) -> tuple[Tally, Tally]:
    """Counts per group (shape (k, n_statements); rows in group −1 are skipped) and over
    everyone (shape (1, n_statements)), in one pass over the votes."""
    m = codes.shape[1]
    group = row_group[row_of_entry]
    group = np.where(group >= 0, group, k)  # slot k collects the unclustered
    # One histogram over (group, vote, statement) cells.
    cell = (group * 3 + (codes.data.astype(np.int64) - 1)) * m + codes.indices
    counts = np.bincount(cell, minlength=(k + 1) * 3 * m).reshape(k + 1, 3, m).astype(np.float64)
    disagree, passed, agree = counts[:, 0], counts[:, 1], counts[:, 2]  # codes 1, 2, 3
    groups = Tally(agree[:k], disagree[:k], passed[:k], (agree + disagree + passed)[:k])
    everyone = Tally(
        agree.sum(axis=0, keepdims=True),
        disagree.sum(axis=0, keepdims=True),
        passed.sum(axis=0, keepdims=True),
        (agree + disagree + passed).sum(axis=0, keepdims=True),
    )
    return groups, everyone


def proportion(successes: FloatArray, n: FloatArray) -> FloatArray:
    out: FloatArray = (successes + 1) / (n + 2)
    return out


def proportion_z(successes: FloatArray, n: FloatArray) -> FloatArray:
    """z of the smoothed proportion against 1/2: (p − ½) / √(¼ / n′), with n′ = n + 2."""
    out: FloatArray = 2 * np.sqrt(n + 2) * (proportion(successes, n) - 0.5)
    return out


def two_proportion_z(s1: FloatArray, n1: FloatArray, s2: FloatArray, n2: FloatArray) -> FloatArray:
    """Pooled two-proportion z-test of p1 > p2, on the smoothed counts."""
    a, m, b, n = s1 + 1, n1 + 2, s2 + 1, n2 + 2
    pooled = (a + b) / (m + n)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / m + 1 / n))
    out: FloatArray = np.divide(
        a / m - b / n, spread, out=np.zeros(np.broadcast(a, b).shape), where=spread > 0
    )
    return out


def _entry(statement: int, direction: str, **values: float) -> dict[str, Any]:
    return {"comment": statement, "direction": direction, **{k: _num(v) for k, v in values.items()}}


def _num(v: float) -> float | int:
    f = float(v)
    return int(f) if f.is_integer() and abs(f) < 2**53 else round(f, 6)


def representative(
    groups: Tally, statement_ids: NDArray[np.int64], active: NDArray[np.bool_]
) -> list[list[dict[str, Any]]]:
    """Per group, the statements that set it apart from the other clustered participants."""
    out = []
    for g in range(groups.agree.shape[0]):
        na, nd, ns = groups.agree[g], groups.disagree[g], groups.seen[g]
        rest_seen = groups.seen.sum(axis=0) - ns
        stats: dict[str, dict[str, FloatArray]] = {}
        for direction, mine in (("agree", na), ("disagree", nd)):
            theirs = getattr(groups, direction).sum(axis=0) - mine
            p = proportion(mine, ns)
            stats[direction] = {
                "p_success": p,
                "p_test": proportion_z(mine, ns),
                "repness": p / proportion(theirs, rest_seen),
                "repness_test": two_proportion_z(mine, ns, theirs, rest_seen),
            }
        # Each statement speaks for the group in the direction whose difference is clearer.
        agree_wins = stats["agree"]["repness_test"] > stats["disagree"]["repness_test"]
        chosen = {
            name: np.where(agree_wins, stats["agree"][name], stats["disagree"][name])
            for name in stats["agree"]
        }
        metric = chosen["repness"] * chosen["repness_test"] * chosen["p_success"] * chosen["p_test"]
        significant = (chosen["p_test"] > Z_90) & (chosen["repness_test"] > Z_90)
        voted = active & (ns > 0)
        pool = np.flatnonzero(voted & significant)
        if len(pool) == 0:
            # Nothing significant: show the group's strongest agreement, flagged as such.
            pool = np.flatnonzero(voted & agree_wins)
            limit = 1
        else:
            limit = MAX_REPRESENTATIVE
        picked = sorted(pool, key=lambda j: (-metric[j], int(statement_ids[j])))[:limit]
        picked.sort(key=lambda j: not agree_wins[j])  # agreements first, as Pol.is lists them
        out.append(
            [
                _entry(
                    int(statement_ids[j]),
                    "agree" if agree_wins[j] else "disagree",
                    n_agree=na[j],
                    n_disagree=nd[j],
                    n_votes=ns[j],
                    **{name: v[j] for name, v in chosen.items()},
                )
                | {"significant": bool(significant[j])}
                for j in picked
            ]
        )
    return out


def consensus(
    everyone: Tally, statement_ids: NDArray[np.int64], active: NDArray[np.bool_]
) -> dict[str, list[dict[str, Any]]]:
    """Statements almost everyone agrees (or disagrees) with: a raw share of at least
    CONSENSUS_MIN_SHARE, and significantly above one half."""
    na, nd, ns = everyone.agree[0], everyone.disagree[0], everyone.seen[0]
    out: dict[str, list[dict[str, Any]]] = {}
    for direction, mine in (("agree", na), ("disagree", nd)):
        p, z = proportion(mine, ns), proportion_z(mine, ns)
        share = np.divide(mine, ns, out=np.zeros_like(mine), where=ns > 0)
        candidates = np.flatnonzero(active & (ns > 0) & (z > Z_90) & (share >= CONSENSUS_MIN_SHARE))
        ranked = sorted(candidates, key=lambda j: (-p[j], -z[j], int(statement_ids[j])))[
            :MAX_CONSENSUS
        ]
        out[direction] = [
            _entry(
                int(statement_ids[j]),
                direction,
                n_agree=na[j],
                n_disagree=nd[j],
                n_votes=ns[j],
                p_success=p[j],
                p_test=z[j],
            )
            for j in ranked
        ]
    return out


def group_informed_consensus(groups: Tally) -> FloatArray:
    """Π over groups of (agrees + 1) / (votes + 2): high only if every group tends to agree."""
    out: FloatArray = np.prod(proportion(groups.agree, groups.seen), axis=0)
    return out


def bridging(
    groups: Tally, sizes: NDArray[np.int64], statement_ids: NDArray[np.int64], active: NDArray[np.bool_],
    gic: FloatArray,
) -> list[dict[str, Any]]:
    """Statements every sizeable group leans towards agreeing with (see BRIDGING_MIN_SHARE),
    best group-informed consensus first. Empty with fewer than two sizeable groups."""
    big = np.flatnonzero(sizes >= BRIDGING_MIN_GROUP)
    if len(big) < 2:
        return []
    agree, seen = groups.agree[big], groups.seen[big]
    share = np.divide(agree, seen, out=np.zeros_like(agree), where=seen > 0)
    ok = active & np.all((seen >= BRIDGING_MIN_VOTES) & (share >= BRIDGING_MIN_SHARE), axis=0)
    ranked = sorted(np.flatnonzero(ok), key=lambda j: (-gic[j], int(statement_ids[j])))[:MAX_BRIDGING]
    return [
        {
            "comment": int(statement_ids[j]),
            "gic": round(float(gic[j]), 6),
            "groups": {str(int(g)): round(float(share[i, j]), 4) for i, g in enumerate(big)},
        }
        for j in ranked
    ]


def extremity(center: FloatArray, components: FloatArray, n_statements: int) -> FloatArray:
    """How far from the centre a participant who agreed with only this statement would land."""
    out: FloatArray = (
        np.sqrt(n_statements) * np.abs(1 - center) * np.linalg.norm(components, axis=0)
    )
    return out


def priority(everyone: Tally, extremity_: FloatArray) -> FloatArray:
    """Pol.is's comment priority: favour statements that are agreed with, rarely passed,
    opinion-revealing (extreme) and new. Squared, as Pol.is samples in proportion to it."""
    a = proportion(everyone.agree[0], everyone.seen[0])
    p = proportion(everyone.passed[0], everyone.seen[0])
    importance = (1 - p) * (extremity_ + 1) * a
    boost = 1 + NEW_BOOST * 2 ** (-everyone.seen[0] / NEW_HALF_LIFE)
    out: FloatArray = (importance * boost) ** 2
    return out
