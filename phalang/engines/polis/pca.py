"""Two-component PCA of the mean-centred vote matrix, kept sparse, and the participant projection.

A missing vote is filled with its column's mean, which is exactly zero once the matrix is
centred; so the centred matrix has the same sparsity pattern as the votes and is stored as
such. Components are the top eigenvectors of ``XᵀX``, found without forming it: Lanczos
(ARPACK) on a cold start, block power iteration from the previous components on an update.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.linalg import LinearOperator, eigsh

from .matrix import CODE_PASS, VoteMatrix

N_COMPONENTS = 2
# Warm start: block power iteration on the previous two components plus one extra vector
# (the extra one speeds convergence to the rate λ₄/λ₂).
WARM_BLOCK = 3
WARM_MAX_ITER = 20
# Relative residual ‖XᵀXq − λq‖/λ₁ at which the components count as converged: Lanczos on a
# cold start, and the looser warm one after an update. On the 100,000 × 5,000 benchmark,
# 1,000 new votes leave a residual near 2e-3; two iterations bring it under 1e-4, which moves
# projections by far less than the distance between base clusters (docs/bench-results/polis.md).
TOLERANCE = 1e-6
WARM_TOLERANCE = 1e-4
# Up to this many statements we solve the dense Gram matrix exactly. Kept small: on a busy
# 2-core machine multithreaded LAPACK took 1-4 s for 316 statements where Lanczos takes 20 ms.
DENSE_MAX_STATEMENTS = 60


@dataclass
class Centred:
    """The centred matrix restricted to active statements, and what it was built from."""

    x: sp.csr_matrix  # float64, same pattern as the votes; inactive columns hold zeros
    center: NDArray[np.float64]  # column means over the votes cast (0 where none)
    votes_per_participant: NDArray[np.int64]  # on active statements only
    active: NDArray[np.bool_]

    @property
    def n_columns(self) -> int:
        return len(self.active)

    @property
    def n_active(self) -> int:
        return int(self.active.sum())


def centre(matrix: VoteMatrix, active: NDArray[np.bool_]) -> Centred:
    codes = matrix.codes
    cols = codes.indices
    n_cols = codes.shape[1]
    values = codes.data.astype(np.float64)
    values -= CODE_PASS  # back to -1 / 0 / +1
    if active.all():
        on = None  # the common case: skip a mask over every vote
        counts: NDArray[np.float64] = np.bincount(cols, minlength=n_cols).astype(np.float64)
    else:
        on = active[cols]
        values *= on
        counts = np.bincount(cols, weights=on, minlength=n_cols).astype(np.float64)
    sums = np.bincount(cols, weights=values, minlength=n_cols)
    center = np.divide(sums, counts, out=np.zeros(n_cols), where=counts > 0)
    values -= center[cols]
    if on is not None:
        values *= on
        per_entry = on.astype(np.int64)
    x = sp.csr_matrix((values, cols, codes.indptr), shape=codes.shape)
    if on is None:
        votes = np.diff(codes.indptr).astype(np.int64)
    else:
        cumulative = np.concatenate([[0], np.cumsum(per_entry)])
        votes = cumulative[codes.indptr[1:]] - cumulative[codes.indptr[:-1]]
    return Centred(x, center, votes, active)


def _gram_operator(x: sp.csr_matrix, xt: sp.csc_matrix) -> LinearOperator:
    n = x.shape[1]
    return LinearOperator(
        (n, n), matvec=lambda v: xt @ (x @ v), matmat=lambda v: xt @ (x @ v), dtype=np.float64
    )  # type: ignore[no-untyped-call]


def _canonical_signs(
    components: NDArray[np.float64], previous: NDArray[np.float64] | None
) -> NDArray[np.float64]:
    """Fix each component's sign: along the previous one, else largest loading positive."""
    out = components.copy()
    for i in range(out.shape[0]):
        if previous is not None and float(out[i] @ previous[i]) != 0.0:
            flip = float(out[i] @ previous[i]) < 0
        else:
            flip = out[i, int(np.argmax(np.abs(out[i])))] < 0
        if flip:
            out[i] = -out[i]
    return out


def principal_components(
    centred: Centred, previous: NDArray[np.float64] | None, seed: int
) -> NDArray[np.float64]:
    """The top two principal directions, shape (2, n_statements); zero rows if too few data."""
    x = centred.x
    n_cols = x.shape[1]
    components = np.zeros((N_COMPONENTS, n_cols))
    if x.shape[0] < 2 or centred.n_active < 1:
        return components
    k = min(N_COMPONENTS, centred.n_active)
    if n_cols <= DENSE_MAX_STATEMENTS:
        # Small conversations: the dense Gram matrix is small, exact and fast.
        gram = (x.T @ x).toarray()
        _, vectors = scipy.linalg.eigh(gram, subset_by_index=[n_cols - k, n_cols - 1])
        top = vectors[:, ::-1].T
    else:
        top = _iterate(x, previous, seed, k)
    components[:k] = top
    components[:, ~centred.active] = 0.0
    return _canonical_signs(components, previous)


def _iterate(
    x: sp.csr_matrix, previous: NDArray[np.float64] | None, seed: int, k: int
) -> NDArray[np.float64]:
    rng = np.random.default_rng([seed, 1])
    n = x.shape[1]
    xt = x.T  # a CSC view: no copy of the votes
    if previous is not None and np.linalg.norm(previous[:k], axis=1).min() > 0:
        block = np.vstack([previous[:k], rng.standard_normal((WARM_BLOCK - k, n))]).T
        q, _ = np.linalg.qr(block)
        for _ in range(WARM_MAX_ITER):
            y = xt @ (x @ q)
            # Rayleigh-Ritz on the block, then check the residual of the top k.
            values, vectors = np.linalg.eigh(q.T @ y)
            order = np.argsort(values)[::-1]
            values, vectors = values[order], vectors[:, order]
            ritz = q @ vectors
            residual = np.linalg.norm(y @ vectors[:, :k] - ritz[:, :k] * values[:k], axis=0)
            if np.all(residual <= WARM_TOLERANCE * max(values[0], 1e-300)):
                return np.asarray(ritz[:, :k].T)
            q, _ = np.linalg.qr(y @ vectors)
        # Not converged from the warm start (the data moved a lot): fall through to Lanczos.
    operator = _gram_operator(x, xt)
    v0 = rng.standard_normal(n)
    if previous is not None and np.linalg.norm(previous[0]) > 0:
        v0 = previous[0] + previous[min(1, k - 1)] + 1e-3 * v0
    values, vectors = eigsh(operator, k=k, which="LA", v0=v0, tol=TOLERANCE)
    order = np.argsort(values)[::-1]
    return np.asarray(vectors[:, order].T)


def project(centred: Centred, components: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each participant from the statements they voted on, scaled by √(n_statements / n_votes).

    Pol.is keeps a moderated-out statement as a column of zeros rather than dropping it, so it
    counts in both n_statements and every participant's n_votes while adding nothing to the
    projection. We do the same: it damps the extrapolation for participants with few votes,
    and it is what lifts agreement with Pol.is's own groups on the Seattle conversation from
    ARI 0.58 to 0.88 (docs/engines/polis.md, "Fidelity").
    """
    raw = np.asarray(centred.x @ components.T)
    n_out = centred.n_columns - centred.n_active
    scale = np.sqrt(centred.n_columns / np.maximum(centred.votes_per_participant + n_out, 1))
    out: NDArray[np.float64] = raw * scale[:, None]
    return out
