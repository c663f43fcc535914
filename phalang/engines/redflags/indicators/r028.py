"""R028 Identical bid prices: different tenderers bid exactly the same price."""

from __future__ import annotations

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process, is_number

INFO = RuleInfo(
    code="R028",
    name_en="Identical bid prices",
    name_th="ราคาเสนอเท่ากันทุกหลัก",
    summary_en=(
        "Submitted bids from different sets of tenderers have the same amount and currency. "
        "Those tenderers are flagged too."
    ),
    summary_th="ข้อเสนอที่ยื่นโดยผู้ยื่นต่างรายกันมีจำนวนเงินและสกุลเงินเท่ากันทุกหลัก ผู้ยื่นเหล่านั้นถูกระบุด้วย",
    why_en=(
        "A corrupt official can open bids early and tell the favoured company the lowest price, "
        "which it then matches exactly."
    ),
    why_th="เจ้าหน้าที่ที่ทุจริตอาจเปิดซองก่อนกำหนดแล้วบอกราคาต่ำสุดให้บริษัทที่ตนเลือก ซึ่งจะเสนอราคาเท่ากันพอดี",
    groups=("OCID", "Tenderer"),
)


class R028(Rule):
    code = "R028"
    info = INFO
    needs = ("bids",)

    def fold(self, process: Process, partial: Partial) -> None:
        bids = process.submitted_bids
        if len(bids) < 2 or not self.compares_prices(process):
            return
        seen: dict[tuple[float, str], frozenset[str]] = {}
        ocid = process.ocid
        for bid in bids:
            value = bid.get("value")
            tenderers = bid.get("tenderers")
            if type(value) is not dict or type(tenderers) is not list:
                continue
            amount = value.get("amount")
            currency = value.get("currency")
            if not is_number(amount) or type(currency) is not str:
                continue
            ids = frozenset(
                t["id"] for t in tenderers if type(t) is dict and type(t.get("id")) is str
            )
            if not ids:
                continue
            price = (float(amount), currency)  # type: ignore[arg-type]
            other = seen.get(price)
            # The same tenderers may submit several bids at one price.
            if other is not None and other != ids:
                partial.flag("OCID", ocid, "R028", 1.0)
                for ident in ids | other:
                    partial.flag("Tenderer", ident, "R028", 1.0)
            seen[price] = ids
