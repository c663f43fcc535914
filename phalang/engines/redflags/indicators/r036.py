"""R036 Lowest bid disqualified, while the award criterion is price only."""

from __future__ import annotations

from typing import Any

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process, is_number

INFO = RuleInfo(
    code="R036",
    name_en="Lowest bid disqualified",
    name_th="ข้อเสนอราคาต่ำสุดถูกตัดสิทธิ์",
    summary_en=(
        "There is an active award and a valid bid with an amount, and the lowest submitted bid "
        "is disqualified."
    ),
    summary_th="มีการคัดเลือกผู้ชนะแล้ว และมีข้อเสนอที่ผ่านคุณสมบัติพร้อมราคา แต่ข้อเสนอที่ราคาต่ำที่สุดกลับถูกตัดสิทธิ์",
    why_en=(
        "A corrupt buyer can steer a price-only award to a chosen company by disqualifying "
        "cheaper bids."
    ),
    why_th="หน่วยงานที่ทุจริตสามารถเอื้อให้บริษัทที่เลือกไว้ชนะในการตัดสินด้วยราคา โดยตัดสิทธิ์ข้อเสนอที่ถูกกว่า",
)


class R036(Rule):
    code = "R036"
    info = INFO
    needs = ("bids", "awards")

    def fold(self, process: Process, partial: Partial) -> None:
        bids = process.submitted_bids
        # Single-bid processes cannot be flagged, but they still decide the first currency seen.
        if not bids or not self.compares_prices(process):
            return
        if not process.has_active_award():
            return
        # currency -> [lowest amount, lowest is disqualified, has a valid bid with an amount]
        lowest: dict[str, list[Any]] = {}
        first: str | None = None
        for bid in bids:
            value = bid.get("value")
            if type(value) is not dict:
                continue
            amount = value.get("amount")
            currency = value.get("currency")
            if not is_number(amount) or type(currency) is not str:
                continue
            if first is None:
                first = currency
            status = bid["status"]
            entry = lowest.get(currency)
            if entry is None:
                lowest[currency] = [amount, status == "disqualified", status == "valid"]
                continue
            if amount < entry[0]:
                entry[0] = amount
                entry[1] = status == "disqualified"
            if status == "valid":
                entry[2] = True
        if first is None:
            return
        partial.observe(first)
        flagged = [c for c, (_, disqualified, valid) in lowest.items() if disqualified and valid]
        if flagged:
            # Whether it counts depends on the main currency, known only at the end.
            state: dict[str, list[str]] = partial.state.setdefault("R036", {})
            for currency in flagged:
                state.setdefault(currency, []).append(process.ocid)

    def merge(self, mine: Any, theirs: Any) -> Any:
        for currency, ocids in theirs.items():
            mine.setdefault(currency, []).extend(ocids)
        return mine

    def finalize(self, partial: Partial, currency: str | None) -> None:
        if currency is None:
            return
        for ocid in partial.state.get("R036", {}).get(currency, ()):
            partial.flag("OCID", ocid, "R036", 1.0)
