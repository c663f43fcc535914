"""The inputs of the opinion engine: vote events and statements, as plain numpy arrays.

The Django app builds these from its tables, the CLI from a Pol.is export folder. Vote values
follow the Pol.is export convention: 1 agree, -1 disagree, 0 pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

AGREE = 1
DISAGREE = -1
PASS = 0


def _array(values: Iterable[float] | NDArray[np.generic], dtype: type[np.generic]) -> NDArray:  # type: ignore[type-arg]
    return np.asarray(values if isinstance(values, np.ndarray) else list(values), dtype=dtype)


@dataclass(frozen=True)
class Votes:
    """Vote events, one per array position.

    ``timestamp`` orders the events (the latest vote per participant and statement wins);
    when it is ``None`` the array order is the time order.
    """

    participant: NDArray[np.int64]
    statement: NDArray[np.int64]
    value: NDArray[np.int8]
    timestamp: NDArray[np.float64] | None = None

    def __post_init__(self) -> None:
        n = len(self.participant)
        if len(self.statement) != n or len(self.value) != n:
            raise ValueError("participant, statement and value must have the same length")
        if self.timestamp is not None and len(self.timestamp) != n:
            raise ValueError("timestamp must have the same length as the votes")
        if n and not np.isin(self.value, (AGREE, DISAGREE, PASS)).all():
            raise ValueError("vote values must be 1 (agree), -1 (disagree) or 0 (pass)")

    def __len__(self) -> int:
        return len(self.participant)

    @classmethod
    def from_arrays(
        cls,
        participant: Iterable[int] | NDArray[np.integer],
        statement: Iterable[int] | NDArray[np.integer],
        value: Iterable[int] | NDArray[np.integer],
        timestamp: Iterable[float] | NDArray[np.floating] | None = None,
    ) -> Votes:
        return cls(
            participant=_array(participant, np.int64),
            statement=_array(statement, np.int64),
            value=_array(value, np.int8),
            timestamp=None if timestamp is None else _array(timestamp, np.float64),
        )

    @classmethod
    def from_records(
        cls, records: Iterable[tuple[int, int, int] | tuple[int, int, int, float]]
    ) -> Votes:
        """Build from ``(participant, statement, value[, timestamp])`` tuples."""
        rows = list(records)
        if rows and len(rows[0]) == 4:
            p, s, v, t = zip(*rows, strict=True)  # type: ignore[misc]
            return cls.from_arrays(p, s, v, t)
        if rows:
            p, s, v = zip(*rows, strict=True)  # type: ignore[misc]
            return cls.from_arrays(p, s, v)
        return cls.from_arrays([], [], [])


@dataclass(frozen=True)
class Statements:
    """The statements (Pol.is "comments") known to the conversation.

    Only the moderation state matters to the math: statements moderated out are dropped from
    every computation. A statement not listed here but voted on counts as in.
    """

    moderated_out: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def from_moderation(cls, ids: Iterable[int], moderated: Iterable[int]) -> Statements:
        """Pol.is convention: ``moderated`` is 1 in, 0 not yet moderated, -1 out."""
        return cls(frozenset(int(i) for i, m in zip(ids, moderated, strict=True) if int(m) == -1))
