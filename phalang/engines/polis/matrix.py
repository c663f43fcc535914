"""The sparse vote matrix: participants × statements, latest vote per cell.

Cells hold ``vote + 2`` (1 disagree, 2 pass, 3 agree) so that a pass is a stored entry and an
unseen statement is an absent one; a dense participants × statements matrix is never built.
Rows are participants, columns statements, each mapped to and from the caller's ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .votes import Votes

CODE_DISAGREE = 1
CODE_PASS = 2
CODE_AGREE = 3


def _dense_ids(ids: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Sorted distinct ids and each element's index among them (``np.unique`` semantics).

    Database ids are small non-negative integers, so a presence table does in linear time
    what sorting millions of votes would (measured: 5 M votes, ~1 s → ~0.05 s).
    """
    if len(ids) and ids.min() >= 0 and ids.max() < max(4 * len(ids), 1 << 20):
        present = np.zeros(int(ids.max()) + 1, dtype=bool)
        present[ids] = True
        index = np.cumsum(present, dtype=np.int64) - 1
        return np.flatnonzero(present).astype(np.int64), index[ids]
    distinct, inverse = np.unique(ids, return_inverse=True)
    return distinct.astype(np.int64), inverse.ravel().astype(np.int64)


def _latest(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    n_cols: int,
    timestamp: NDArray[np.float64] | None,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The latest event per cell: (cell keys ``row * n_cols + col`` ascending, their positions)."""
    n = len(rows)
    if timestamp is None or n == 0 or bool(np.all(np.diff(timestamp) >= 0)):
        order = np.arange(n, dtype=np.int64)
    else:
        order = np.argsort(timestamp, kind="stable").astype(np.int64)
    cell = rows[order] * np.int64(n_cols) + cols[order]
    n_rows = int(rows.max()) + 1 if n else 0
    rank_bits = max(int(n).bit_length(), 1)
    if n_rows * n_cols < (1 << (62 - rank_bits)):
        # Pack (cell, time rank) into one int64 and sort values, not indices: a run of equal
        # cells ends with its latest vote.
        packed = np.sort((cell << np.int64(rank_bits)) | np.arange(n, dtype=np.int64))
        cells = packed >> np.int64(rank_bits)
        last = np.ones(n, dtype=bool)
        last[:-1] = cells[1:] != cells[:-1]
        ranks = packed[last] & np.int64((1 << rank_bits) - 1)
        return cells[last], order[ranks]
    # np.unique reports the first hit; in reversed time order that is the latest vote.
    cells, first = np.unique(cell[::-1], return_index=True)
    return cells, order[n - 1 - first]


@dataclass
class VoteMatrix:
    """Latest votes as a CSR matrix of codes, plus the row and column ids."""

    codes: sp.csr_matrix
    participant_ids: NDArray[np.int64]
    statement_ids: NDArray[np.int64]
    # id → row / column, built on the first incremental update and kept up to date after.
    _lookups: dict[str, dict[int, int]] = field(default_factory=dict, repr=False)

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.participant_ids), len(self.statement_ids))

    @property
    def n_votes(self) -> int:
        return int(self.codes.nnz)

    @classmethod
    def from_votes(cls, votes: Votes) -> VoteMatrix:
        participants, rows = _dense_ids(votes.participant)
        statements, cols = _dense_ids(votes.statement)
        n_rows, n_cols = len(participants), len(statements)
        cells, positions = _latest(rows, cols, n_cols, votes.timestamp)
        # Cells come sorted row-major, which is exactly CSR order: no COO detour.
        cell_rows = cells // n_cols
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(cell_rows, minlength=n_rows), out=indptr[1:])
        codes = (votes.value[positions] + 2).astype(np.int8)
        matrix = sp.csr_matrix(
            (codes, (cells % n_cols).astype(np.int32), indptr), shape=(n_rows, n_cols)
        )
        return cls(matrix, participants.astype(np.int64), statements.astype(np.int64))

    def add(self, votes: Votes) -> None:
        """Apply vote events newer than all earlier ones; each replaces its cell's old vote."""
        if len(votes) == 0:
            return
        rows = self._index(votes.participant, "participant_ids")
        cols = self._index(votes.statement, "statement_ids")
        n_rows, n_cols = self.shape
        cells, positions = _latest(rows, cols, n_cols, votes.timestamp)
        rows, cols = cells // n_cols, cells % n_cols
        if self.codes.shape != (n_rows, n_cols):
            self.codes.resize((n_rows, n_cols))
        new_codes = (votes.value[positions] + 2).astype(np.int8)
        old = np.asarray(self.codes[rows, cols]).ravel().astype(np.int8)
        # Adding the difference overwrites the cell; a code is never 0, so no entry vanishes.
        delta = sp.csr_matrix((new_codes - old, (rows, cols)), shape=(n_rows, n_cols))
        self.codes = (self.codes + delta).tocsr()
        self.codes.sort_indices()

    def _index(self, ids: NDArray[np.int64], attribute: str) -> NDArray[np.int64]:
        known: NDArray[np.int64] = getattr(self, attribute)
        lookup = self._lookups.get(attribute)
        if lookup is None or len(lookup) != len(known):
            lookup = self._lookups[attribute] = {int(v): i for i, v in enumerate(known.tolist())}
        fresh = [v for v in dict.fromkeys(ids.tolist()) if v not in lookup]
        for v in fresh:
            lookup[v] = len(lookup)
        if fresh:
            setattr(self, attribute, np.concatenate([known, np.asarray(fresh, dtype=np.int64)]))
        return np.fromiter((lookup[v] for v in ids.tolist()), dtype=np.int64, count=len(ids))

    def row_of_entries(self) -> NDArray[np.int64]:
        """The row index of every stored entry, aligned with ``codes.data``."""
        return np.repeat(np.arange(self.codes.shape[0], dtype=np.int64), np.diff(self.codes.indptr))
