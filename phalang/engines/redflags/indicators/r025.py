"""R025 Excessive unsuccessful bids: a frequent bidder that rarely wins."""

from __future__ import annotations

from typing import Any

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process
from phalang.engines.redflags.settings import RuleOptions, Settings
from phalang.engines.redflags.stats import lower_fence, quantile, quartiles

INFO = RuleInfo(
    code="R025",
    name_en="Excessive unsuccessful bids",
    name_th="ยื่นข้อเสนอบ่อยแต่แทบไม่เคยชนะ",
    summary_en=(
        "For each tenderer, ratio = processes won / processes with a valid bid. A tenderer is "
        "flagged if its number of such processes is at or above the 75th percentile and its "
        "ratio is at or below the lower fence Q1 − 1.5 IQR."
    ),
    summary_th=(
        "สำหรับผู้ยื่นแต่ละราย อัตราส่วน = จำนวนโครงการที่ชนะ / จำนวนโครงการที่ยื่นข้อเสนอที่ผ่านคุณสมบัติ "
        "ถูกระบุเมื่อจำนวนโครงการที่ยื่นสูงกว่าหรือเท่ากับเปอร์เซ็นไทล์ที่ 75 "
        "และอัตราส่วนต่ำกว่าหรือเท่ากับรั้วล่าง Q1 − 1.5 IQR"
    ),
    why_en=(
        "A colluding company can fake competition by submitting bids it intends to lose, often "
        "at inflated prices, wherever its partner is bidding."
    ),
    why_th=(
        "บริษัทที่ฮั้วกันสามารถสร้างการแข่งขันปลอม โดยยื่นข้อเสนอที่ตั้งใจให้แพ้ "
        "(มักตั้งราคาสูงเกินจริง) ในทุกโครงการที่พวกเดียวกันเข้าร่วม"
    ),
    settings={"percentile": "75", "threshold": "(lower fence)"},
    groups=("Tenderer",),
)


class R025(Rule):
    code = "R025"
    info = INFO
    needs = ("bids", "awards")
    properties = ("percentile", "threshold")

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.percentile = options.integer("percentile", 75)
        self.threshold = options.optional_decimal("threshold")

    def fold(self, process: Process, partial: Partial) -> None:
        awards = process.complete_awards
        if awards is None or len(awards) != 1:
            return
        suppliers = awards[0].get("suppliers")
        if type(suppliers) is not list or len(suppliers) != 1:
            return
        supplier = suppliers[0].get("id") if type(suppliers[0]) is dict else None
        if type(supplier) is not str:
            return
        valid: set[str] = set()
        for bid in process.details or ():
            if type(bid) is not dict or bid.get("status") != "valid":
                continue
            tenderers = bid.get("tenderers")
            if type(tenderers) is list and len(tenderers) == 1 and type(tenderers[0]) is dict:
                ident = tenderers[0].get("id")
                if type(ident) is str:
                    valid.add(ident)
        if not valid:
            return
        # tenderer -> [processes won, processes with a valid bid]; once per process.
        counts: dict[str, list[int]] = partial.state.setdefault("R025", {})
        for ident in valid:
            pair = counts.get(ident)
            if pair is None:
                counts[ident] = [int(ident == supplier), 1]
            else:
                pair[0] += ident == supplier
                pair[1] += 1

    def merge(self, mine: Any, theirs: Any) -> Any:
        for ident, (won, total) in theirs.items():
            pair = mine.get(ident)
            if pair is None:
                mine[ident] = [won, total]
            else:
                pair[0] += won
                pair[1] += total
        return mine

    def finalize(self, partial: Partial, currency: str | None) -> None:
        counts: dict[str, list[int]] = partial.state.get("R025", {})
        meta = partial.meta.setdefault("R025", {})
        top = quantile(sorted(float(t) for _, t in counts.values()), self.percentile / 100)
        if self.threshold is None:
            q1, q3 = quartiles([w / t for w, t in counts.values()])
            meta["q1"], meta["q3"] = q1, q3
            fence = lower_fence(q1, q3)
        else:
            q1, fence = 1.0, self.threshold
        meta["upper_fence"] = top
        meta["lower_fence"] = fence
        # If Q1 is 0, most tenderers never win and the rule would flag most top tenderers.
        if not (q1 > 0.0 and fence > 0.0):
            return
        for ident, (won, total) in counts.items():
            ratio = won / total
            if total >= top and ratio <= fence:
                partial.flag("Tenderer", ident, "R025", ratio)
