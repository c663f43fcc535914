"""R024 Price close to winning bid: the second-lowest bid is unusually close to the winner's."""

from __future__ import annotations

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.indicators.second_lowest import entries_for
from phalang.engines.redflags.settings import RuleOptions, Settings
from phalang.engines.redflags.stats import lower_fence, quartiles

INFO = RuleInfo(
    code="R024",
    name_en="Price close to winning bid",
    name_th="ราคาเสนออันดับสองใกล้เคียงราคาที่ชนะผิดปกติ",
    summary_en=(
        "The difference (second-lowest valid bid − winning bid) / winning bid is at or below the "
        "lower fence Q1 − 1.5 IQR of all such differences. The winner and the second-lowest "
        "bidder are flagged too."
    ),
    summary_th=(
        "ส่วนต่าง (ราคาเสนอต่ำสุดอันดับสอง − ราคาที่ชนะ) / ราคาที่ชนะ ต่ำกว่าหรือเท่ากับรั้วล่าง "
        "Q1 − 1.5 IQR ของส่วนต่างทั้งหมด ผู้ชนะและผู้เสนอราคาอันดับสองถูกระบุด้วย"
    ),
    why_en=(
        "Colluding bidders can fake competition: a partner submits a bid priced just above the "
        "pre-arranged winner's."
    ),
    why_th=("ผู้ยื่นที่ฮั้วกันสามารถสร้างการแข่งขันปลอมได้ โดยให้พวกเดียวกันเสนอราคาสูงกว่าผู้ชนะที่ตกลงกันไว้เพียงเล็กน้อย"),
    settings={"threshold": "(lower fence)"},
    groups=("OCID", "Tenderer"),
)


class R024(Rule):
    code = "R024"
    info = INFO
    # Read from the second-lowest-bid pass (no fold of its own); coverage reports these.
    needs = ("bids", "awards")
    properties = ("threshold",)

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.threshold = options.optional_decimal("threshold")

    def finalize(self, partial: Partial, currency: str | None) -> None:
        entries = entries_for(partial, currency)
        meta = partial.meta.setdefault("R024", {})
        if self.threshold is None:
            q1, q3 = quartiles([e[1] for e in entries])
            meta["q1"], meta["q3"] = q1, q3
            fence = lower_fence(q1, q3)
        else:
            q1, fence = 1.0, self.threshold  # a set threshold bypasses the quartile guard
        meta["lower_fence"] = fence
        # Differences are never negative: if Q1 is 0, a fence would flag a quarter of processes
        # for having a tie, so the rule says nothing.
        if not (q1 > 0.0 and fence > 0.0):
            return
        for ocid, ratio, winner, loser in entries:
            if ratio <= fence:
                partial.flag("OCID", ocid, "R024", ratio)
                partial.flag("Tenderer", winner, "R024", 0.0)
                partial.flag("Tenderer", loser, "R024", 0.0)
