"""TH07 A supplier's share of a buyer's spending is too high (ผู้ขายรายเดียวได้งานส่วนใหญ่)."""

from __future__ import annotations

from typing import Any

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process, money
from phalang.engines.redflags.settings import RuleOptions, Settings

INFO = RuleInfo(
    code="TH07",
    name_en="Supplier with a dominant share of a buyer's spending",
    name_th="ผู้ขายรายเดียวได้ส่วนแบ่งงบของหน่วยงานสูงผิดปกติ",
    summary_en=(
        "Among buyers with at least 10 awarded processes, a supplier received at least 50% "
        "(the threshold) of the buyer's awarded amount. Both the buyer and the supplier are "
        "flagged; the value is the share."
    ),
    summary_th=(
        "ในหน่วยงานที่มีการตัดสินผลอย่างน้อย 10 โครงการ ผู้ขายรายหนึ่งได้รับเงินตั้งแต่ร้อยละ 50 (เกณฑ์) "
        "ของยอดที่หน่วยงานนั้นจ่าย ระบุทั้งหน่วยงานและผู้ขาย ค่าที่ได้คือสัดส่วนนั้น"
    ),
    why_en=(
        "When one company wins most of an agency's money year after year, competition may be "
        "a formality: specifications written for it, or a relationship with the officials."
    ),
    why_th=(
        "เมื่อบริษัทเดียวได้เงินส่วนใหญ่ของหน่วยงานซ้ำแล้วซ้ำเล่า การแข่งขันอาจเป็นแค่พิธีกรรม "
        "เช่น เขียนคุณลักษณะให้บริษัทนั้น หรือมีความสัมพันธ์กับเจ้าหน้าที่"
    ),
    settings={"threshold": "0.5", "minimum_contracting_processes": "10"},
    groups=("Buyer", "Tenderer"),
    source="Phalang",
    unit="share",
)


class TH07(Rule):
    code = "TH07"
    info = INFO
    needs = ("awards", "buyer")
    properties = ("threshold", "minimum_contracting_processes")

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.threshold = options.decimal("threshold", 0.5)
        self.minimum = options.integer("minimum_contracting_processes", 10)

    def fold(self, process: Process, partial: Partial) -> None:
        awards = process.active_awards
        if not awards:
            return
        buyer = process.buyer_id()
        if buyer is None:
            return
        # currency -> buyer -> [awarded processes, {supplier: amount}]
        state: dict[str, dict[str, list[Any]]] | None = None
        counted: set[str] = set()
        for award in awards:
            supplier = process.single_supplier(award)
            value = money(award.get("value"))
            if supplier is None or value is None or value[0] <= 0.0:
                continue
            amount, currency = value
            partial.observe_any(currency)
            if state is None:
                state = partial.state.setdefault("TH07", {})
            entry = state.setdefault(currency, {}).get(buyer)
            if entry is None:
                entry = [0, {}]
                state[currency][buyer] = entry
            if currency not in counted:
                counted.add(currency)
                entry[0] += 1
            entry[1][supplier] = entry[1].get(supplier, 0.0) + amount

    def merge(self, mine: Any, theirs: Any) -> Any:
        for currency, buyers in theirs.items():
            own = mine.setdefault(currency, {})
            for buyer, (count, suppliers) in buyers.items():
                entry = own.get(buyer)
                if entry is None:
                    own[buyer] = [count, suppliers]
                    continue
                entry[0] += count
                totals = entry[1]
                for supplier, amount in suppliers.items():
                    totals[supplier] = totals.get(supplier, 0.0) + amount
        return mine

    def finalize(self, partial: Partial, currency: str | None) -> None:
        buyers = partial.state.get("TH07", {}).get(currency or "", {})
        for buyer, (count, suppliers) in buyers.items():
            if count < self.minimum:
                continue
            total = sum(suppliers.values())
            if total <= 0.0:
                continue
            for supplier, amount in suppliers.items():
                share = amount / total
                if share >= self.threshold:
                    _flag_max(partial, "Buyer", buyer, share)
                    _flag_max(partial, "Tenderer", supplier, share)


def _flag_max(partial: Partial, group: str, key: str, value: float) -> None:
    current = partial.groups[group].get(key, {}).get("TH07")
    if current is None or value > current:
        partial.flag(group, key, "TH07", value)
