"""Who wins from whom, read from the database for the engine's pure functions
(``phalang.engines.redflags.network``): an organisation's network, the suppliers that keep winning
from one buyer, co-bidders that never beat each other, and the composite risk ranking."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from phalang.engines.redflags import RULES
from phalang.engines.redflags.network import (
    HEIGHT,
    WIDTH,
    Node,
    Risk,
    layout,
    never_beat,
    repeat_winners,
    risk_ranking,
)
from phalang.opendata.models import ContractingProcess, Entity, Flag, ProcessParty

NEIGHBOURS = 6  # per kind (counterparts, co-bidders): the drawing stays readable on a phone
RED_FLAGS = [code for code, info in RULES.items() if info.kind == "flag"]


@dataclass
class Network:
    nodes: list[Node]
    width: int
    height: int
    repeat: list[dict[str, Any]]
    never_beat: list[dict[str, Any]]
    # Its ten most frequent co-bidders: ``entity_id``, ``entity__name`` (as stored, may be "") and ``n``.
    co_bidders: list[dict[str, Any]] = field(default_factory=list)

    @property
    def centre(self) -> Node:
        return self.nodes[0]

    @property
    def others(self) -> list[Node]:
        return self.nodes[1:]


def _names(ids: set[int]) -> dict[int, str]:
    return {pk: name or f"#{pk}" for pk, name in Entity.objects.filter(pk__in=ids).values_list("pk", "name")}


def entity_network(entity: Entity, suppliers: Counter[int], buyers: Counter[int]) -> Network:
    """The organisation's network: ``suppliers`` (of its purchases) and ``buyers`` (of its sales)
    count processes together, as ``figures.counterparts`` reads them (its page reads them once for
    the list, the chart and this). Three queries: the bids of the processes it bid in (its
    co-bidders are counted from these), the awards of its buyers, and the names."""
    bid = ProcessParty.objects.filter(entity=entity, role="tenderer").values_list("process_id", flat=True)
    # Co-bidders that never beat each other, among the processes this organisation bid in.
    parties = list(ProcessParty.objects.filter(process_id__in=bid, role__in=("tenderer", "supplier"))
                   .values_list("process_id", "entity_id", "role"))
    together: dict[int, set[int]] = {}
    for process_id, entity_id, role in parties:
        if role == "tenderer" and entity_id != entity.pk:
            together.setdefault(entity_id, set()).add(process_id)
    co_bidders = Counter({k: len(together[k]) for k in sorted(together)})
    counterparts = [(k, "supplier", n) for k, n in suppliers.most_common(NEIGHBOURS)]
    counterparts += [(k, "buyer", n) for k, n in buyers.most_common(NEIGHBOURS)]
    counterparts = sorted(counterparts, key=lambda c: -c[2])[:NEIGHBOURS]
    counterparts += [(k, "co-bidder", n) for k, n in co_bidders.most_common(NEIGHBOURS)]

    # Suppliers that keep winning: over the awards of this buyer, or of the buyers this supplier sold to.
    buyer_ids = {entity.pk, *buyers}
    awards = list(ProcessParty.objects.filter(role="supplier", process__buyer_id__in=buyer_ids)
                  .values_list("process_id", "process__buyer_id", "entity_id"))
    repeat = [r for r in repeat_winners(awards) if entity.pk in (r[0], r[1])]
    winners = {(p, e) for p, e, role in parties if role == "supplier"}
    bids = [(p, e, (p, e) in winners) for p, e, role in parties if role == "tenderer"]
    pairs = [r for r in never_beat(bids) if entity.pk in (r[0], r[1])]

    # The ten most frequent co-bidders, for the page's list (among equals, the lowest id first).
    top = sorted(co_bidders.items(), key=lambda c: (-c[1], c[0]))[:10]
    stored = dict(Entity.objects.filter(pk__in={k for k, _role, _n in counterparts} | {k for k, _n in top}
                                        | {r[0] for r in repeat} | {r[1] for r in repeat}
                                        | {r[0] for r in pairs} | {r[1] for r in pairs}).values_list("pk", "name"))
    names = {pk: name or f"#{pk}" for pk, name in stored.items()}
    nodes = layout(str(entity), [(k, names.get(k, f"#{k}"), role, n) for k, role, n in counterparts])
    return Network(
        nodes, WIDTH, HEIGHT,
        [{"buyer": b, "buyer_name": names.get(b, str(entity)), "supplier": s, "supplier_name": names.get(s, str(entity)),
          "won": n, "of": total, "share": n / total} for b, s, n, total in repeat],
        [{"other": b if a == entity.pk else a, "other_name": names.get(b if a == entity.pk else a, ""),
          "together": n} for a, b, n in pairs],
        [{"entity_id": k, "entity__name": stored.get(k, ""), "n": n} for k, n in top])


def _flagged_processes() -> Any:
    return Flag.objects.filter(code__in=RED_FLAGS, process__isnull=False).values("process_id")


def risk(role: str) -> list[tuple[Risk, str]]:
    """The composite risk ranking of buyers (``role="buyer"``) or suppliers, with their names."""
    flagged_ids = _flagged_processes()
    if role == "buyer":
        base = ContractingProcess.objects.filter(buyer__isnull=False)
        processes = dict(base.values("buyer_id").annotate(n=Count("id")).values_list("buyer_id", "n"))
        flagged = dict(base.filter(pk__in=flagged_ids).values("buyer_id").annotate(n=Count("id"))
                       .values_list("buyer_id", "n"))
        groups: tuple[str, ...] = ("Buyer", "ProcuringEntity")
    else:
        base_roles = ProcessParty.objects.filter(role="supplier")
        processes = dict(base_roles.values("entity_id").annotate(n=Count("process", distinct=True))
                         .values_list("entity_id", "n"))
        flagged = dict(base_roles.filter(process_id__in=flagged_ids).values("entity_id")
                       .annotate(n=Count("process", distinct=True)).values_list("entity_id", "n"))
        groups = ("Tenderer",)
    own = dict(Flag.objects.filter(code__in=RED_FLAGS, entity__isnull=False, group__in=groups)
               .values("entity_id").annotate(n=Count("code", distinct=True)).values_list("entity_id", "n"))
    ranked = risk_ranking(processes, flagged, own)[:50]
    names = _names({r.entity for r in ranked})
    return [(r, names.get(r.entity, "")) for r in ranked]
