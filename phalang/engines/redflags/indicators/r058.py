"""R058 Heavily discounted bid: the winning bid is unusually far below the second-lowest."""

from __future__ import annotations

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.indicators.second_lowest import entries_for
from phalang.engines.redflags.settings import RuleOptions, Settings
from phalang.engines.redflags.stats import quartiles, upper_fence

INFO = RuleInfo(
    code="R058",
    name_en="Heavily discounted bid",
    name_th="ราคาที่ชนะต่ำกว่าราคาอันดับสองมากผิดปกติ",
    summary_en=(
        "The difference (second-lowest valid bid − winning bid) / winning bid is at or above the "
        "upper fence Q3 + 1.5 IQR of all such differences. The winner is flagged too."
    ),
    summary_th=(
        "ส่วนต่าง (ราคาเสนอต่ำสุดอันดับสอง − ราคาที่ชนะ) / ราคาที่ชนะ สูงกว่าหรือเท่ากับรั้วบน "
        "Q3 + 1.5 IQR ของส่วนต่างทั้งหมด ผู้ชนะถูกระบุด้วย"
    ),
    why_en=(
        "A bidder can win with a price far below everyone else's and then deliver poor goods or "
        "claw the money back through contract changes, if the buyer's quality checks are weak."
    ),
    why_th=(
        "ผู้ยื่นอาจชนะด้วยราคาที่ต่ำกว่ารายอื่นมาก แล้วส่งมอบของคุณภาพต่ำ "
        "หรือขอเพิ่มเงินภายหลังผ่านการแก้ไขสัญญา หากหน่วยงานตรวจคุณภาพไม่เข้มงวด"
    ),
    settings={"threshold": "(upper fence)"},
    groups=("OCID", "Tenderer"),
)


class R058(Rule):
    code = "R058"
    info = INFO
    # Read from the second-lowest-bid pass (no fold of its own); coverage reports these.
    needs = ("bids", "awards")
    properties = ("threshold",)

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.threshold = options.optional_decimal("threshold")

    def finalize(self, partial: Partial, currency: str | None) -> None:
        entries = entries_for(partial, currency)
        meta = partial.meta.setdefault("R058", {})
        if self.threshold is None:
            q1, q3 = quartiles([e[1] for e in entries])
            meta["q1"], meta["q3"] = q1, q3
            fence = upper_fence(q1, q3)
        else:
            fence = self.threshold
        meta["upper_fence"] = fence
        # A fence of 0 would flag every process (differences are never negative).
        if not fence > 0.0:
            return
        for ocid, ratio, winner, _ in entries:
            if ratio >= fence:
                partial.flag("OCID", ocid, "R058", ratio)
                partial.flag("Tenderer", winner, "R058", 0.0)
