"""Who wins from whom, the pure part: suppliers that keep winning from one buyer, co-bidders that
never beat each other, the composite risk score, and the network drawing's geometry."""

from __future__ import annotations

from phalang.engines.redflags.network import layout, never_beat, repeat_winners, risk_ranking


def test_a_supplier_keeps_winning_with_3_wins_and_half_the_buyers_processes() -> None:
    # Buyer 1: supplier 10 wins 3 of 4; supplier 11 wins 1. Buyer 2: supplier 10 wins 3 of 7.
    awards = [(1, 1, 10), (2, 1, 10), (3, 1, 10), (4, 1, 11)]
    awards += [(100 + i, 2, 10 if i < 3 else 20 + i) for i in range(7)]
    assert repeat_winners(awards) == [(1, 10, 3, 4)]
    # Two wins are not enough, whatever the share.
    assert repeat_winners([(1, 1, 10), (2, 1, 10)]) == []


def test_co_bidders_that_never_beat_each_other() -> None:
    # 10 and 11 bid together three times; 12 won each time: they never beat each other.
    bids = [(p, t, t == 12) for p in (1, 2, 3) for t in (10, 11, 12)]
    # 10 and 13 bid together three times, and 10 won once: not a pair.
    bids += [(p, t, p == 4 and t == 10) for p in (4, 5, 6) for t in (10, 13)]
    assert never_beat(bids) == [(10, 11, 3)]


def test_risk_score_is_the_flagged_share_plus_a_tenth_per_own_flag() -> None:
    ranked = risk_ranking({1: 10, 2: 5, 3: 4}, {1: 5, 2: 1, 3: 4}, {2: 3})
    # 1: 5 of 10 flagged; 2: 1 of 5 plus three kinds of own flag; equal scores: more processes first.
    assert [(r.entity, r.score) for r in ranked] == [(1, 0.5), (2, 0.5)]  # 3 has too few processes
    assert ranked[1].share == 0.2 and ranked[1].own_flags == 3


def test_the_drawing_puts_counterparts_on_a_circle_sized_by_processes() -> None:
    nodes = layout("เทศบาลตำบลทดสอบ", [(1, "บริษัท ก จำกัด และชื่อยาวมาก", "supplier", 4), (2, "ข", "co-bidder", 1)])
    assert [n.role for n in nodes] == ["self", "supplier", "co-bidder"]
    assert float(nodes[1].r) > float(nodes[2].r) and float(nodes[1].edge_width) > float(nodes[2].edge_width)
    assert len(nodes[1].label) <= 14 and nodes[1].label.endswith("…")
    for node in nodes:
        assert 0 <= float(node.x) <= 400 and 0 <= float(node.y) <= 250
