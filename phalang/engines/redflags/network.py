"""Who wins from whom: the patterns and the drawing of an organisation's buyer–supplier network,
and an open composite risk score. Pure functions over plain tuples (no Django); the formulas are
in docs/engines/redflags.md ("Who wins from whom").
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

# A supplier "keeps winning" from a buyer: at least this many of the buyer's awarded processes,
# and at least this share of them.
REPEAT_MIN = 3
REPEAT_SHARE = 0.5
# Co-bidders that "never beat each other": in at least this many processes together, and in none
# of them did either win.
NEVER_BEAT_MIN = 3
# The composite risk ranking leaves out organisations with fewer processes than this: one
# flagged process out of one says little.
RISK_MIN_PROCESSES = 5
OWN_FLAG_WEIGHT = 0.1


def repeat_winners(awards: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int, int]]:
    """(buyer, supplier, processes won, buyer's awarded processes) for each supplier that keeps
    winning from one buyer; ``awards`` are (process, buyer, supplier) triples."""
    processes: dict[int, set[int]] = defaultdict(set)
    won: dict[tuple[int, int], set[int]] = defaultdict(set)
    for process, buyer, supplier in awards:
        processes[buyer].add(process)
        won[(buyer, supplier)].add(process)
    found = [(buyer, supplier, len(ps), len(processes[buyer])) for (buyer, supplier), ps in won.items()
             if buyer != supplier and len(ps) >= REPEAT_MIN and len(ps) >= REPEAT_SHARE * len(processes[buyer])]
    return sorted(found, key=lambda r: (-r[2] / r[3], -r[2], r[0], r[1]))


def never_beat(bids: Iterable[tuple[int, int, bool]]) -> list[tuple[int, int, int]]:
    """(tenderer, tenderer, processes together) for each pair that bid together at least
    NEVER_BEAT_MIN times and never won any of those processes; ``bids`` are (process, tenderer,
    won) triples."""
    by_process: dict[int, dict[int, bool]] = defaultdict(dict)
    for process, tenderer, won in bids:
        by_process[process][tenderer] = by_process[process].get(tenderer, False) or won
    together: dict[tuple[int, int], int] = defaultdict(int)
    beaten: set[tuple[int, int]] = set()
    for bidders in by_process.values():
        ids = sorted(bidders)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                together[(a, b)] += 1
                if bidders[a] or bidders[b]:
                    beaten.add((a, b))
    found = [(a, b, n) for (a, b), n in together.items() if n >= NEVER_BEAT_MIN and (a, b) not in beaten]
    return sorted(found, key=lambda r: (-r[2], r[0], r[1]))


@dataclass(frozen=True)
class Risk:
    entity: int
    processes: int
    flagged: int
    own_flags: int

    @property
    def share(self) -> float:
        return self.flagged / self.processes if self.processes else 0.0

    @property
    def score(self) -> float:
        """Share of its processes with a red flag, plus 0.1 for each kind of red flag raised on
        the organisation itself."""
        return round(self.share + OWN_FLAG_WEIGHT * self.own_flags, 4)


def risk_ranking(processes: dict[int, int], flagged: dict[int, int], own_flags: dict[int, int]) -> list[Risk]:
    """Organisations with at least RISK_MIN_PROCESSES processes, highest score first."""
    ranked = [Risk(e, n, flagged.get(e, 0), own_flags.get(e, 0)) for e, n in processes.items()
              if n >= RISK_MIN_PROCESSES]
    return sorted(ranked, key=lambda r: (-r.score, -r.processes, r.entity))


@dataclass
class Node:
    key: int
    label: str
    role: str  # "self", "buyer", "supplier", "co-bidder"
    processes: int
    x: str
    y: str
    r: str
    label_x: str
    label_y: str
    anchor: str
    edge_width: str
    name: str = ""  # in full, for the table beside the drawing


# viewBox units; the SVG scales to the column. Labels of 14 characters fit beside the circle.
WIDTH = 400
HEIGHT = 250
CENTRE = (200.0, 122.0)
RADIUS = 84.0
LABEL_CHARS = 14


def _n(value: float) -> str:
    return f"{value:.1f}"


def layout(label: str, neighbours: list[tuple[int, str, str, int]]) -> list[Node]:
    """The organisation in the middle and its counterparts (key, label, role, processes) on a
    circle around it; edge width and node size grow with the number of processes."""
    cx, cy = CENTRE
    nodes = [Node(0, label, "self", 0, _n(cx), _n(cy), "9.0", _n(cx), _n(cy + 20), "middle", "0")]
    most = max((n for *_rest, n in neighbours), default=1)
    for i, (key, name, role, count) in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(neighbours), 1)
        x, y = cx + RADIUS * math.cos(angle), cy + RADIUS * math.sin(angle)
        right = math.cos(angle) >= 0
        short = name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"
        nodes.append(Node(key, short, role, count, _n(x), _n(y), _n(4 + 4 * count / most),
                          _n(x + (8 if right else -8)), _n(y + 4), "start" if right else "end",
                          _n(1 + 5 * count / most), name))
    return nodes
