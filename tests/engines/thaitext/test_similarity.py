"""similarity() and rank_similar(): suggesting possible duplicate reports."""

from __future__ import annotations

from phalang.engines.thaitext import rank_similar, similarity

REPORT = "ถนนคอนกรีตหมู่ 5 ตำบลหนองบัว สร้างเสร็จไม่ถึงปีก็แตกร้าว ผู้รับเหมาใช้ปูนไม่ครบ"


def test_identical_after_normalisation_is_one() -> None:
    assert similarity(REPORT, "  " + REPORT.replace("5", "๕") + " ") == 1.0


def test_unrelated_texts_score_low() -> None:
    assert similarity(REPORT, "ขอความช่วยเหลือเรื่องอาหารสำหรับผู้สูงอายุในชุมชน") < 0.2
    assert similarity(REPORT, "") == 0.0


def test_rewording_scores_above_unrelated() -> None:
    reworded = "ถนน คสล. หมู่ที่ 5 ต.หนองบัว แตกร้าวหลังสร้างเสร็จ สงสัยผู้รับเหมาใช้ปูนน้อย"
    unrelated = "ไฟส่องสว่างริมถนนในหมู่บ้านดับมาหลายเดือนแล้ว"
    assert similarity(REPORT, reworded) > 0.4
    assert similarity(REPORT, reworded) > similarity(REPORT, unrelated) + 0.2


def test_rank_similar_puts_the_duplicate_first() -> None:
    candidates = {
        1: "ไฟส่องสว่างริมถนนในหมู่บ้านดับมาหลายเดือน",
        2: "ถนนคอนกรีต ต.หนองบัว หมู่ 5 แตกร้าว ผู้รับเหมาใช้ปูนไม่ครบ",
        3: "ถนนคอนกรีต ต.บางพลีใหญ่ ฝุ่นเยอะ",
        4: "ขอความช่วยเหลือเรื่องอาหารสำหรับผู้สูงอายุ",
    }
    ranked = rank_similar(REPORT, candidates, limit=2)
    assert ranked[0][0] == 2
    assert len(ranked) == 2
    assert all(0.0 <= score <= 1.0 for _, score in ranked)
    assert rank_similar(REPORT, candidates, min_score=0.99) == []
    assert rank_similar(REPORT, []) == []
