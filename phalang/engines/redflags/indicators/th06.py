"""TH06 Split purchases (แบ่งซื้อแบ่งจ้าง).

Thai procurement law sets lighter procedures below value thresholds, and forbids splitting
a purchase to get under them (พ.ร.บ.การจัดซื้อจัดจ้างฯ พ.ศ. 2560). This rule finds groups of
small purchases that look like one purchase split up.
"""

from __future__ import annotations

from collections import deque
from datetime import date
from typing import Any

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process, money
from phalang.engines.redflags.settings import RuleOptions, Settings

INFO = RuleInfo(
    code="TH06",
    name_en="Split purchases",
    name_th="แบ่งซื้อแบ่งจ้าง",
    summary_en=(
        "The same buyer awarded the same supplier, for items of the same 2-digit "
        "classification, at least 2 purchases within 90 days, each under 500,000 (the "
        "threshold) but together above it. The value is the largest such total that includes "
        "the process."
    ),
    summary_th=(
        "หน่วยงานเดียวกันจ้างผู้ขายรายเดียวกัน ด้วยสินค้าหมวดเดียวกัน (รหัสจัดประเภท 2 หลักแรก) อย่างน้อย 2 ครั้ง "
        "ภายใน 90 วัน แต่ละครั้งต่ำกว่า 500,000 บาท (เกณฑ์) แต่รวมกันเกินเกณฑ์ ค่าที่ได้คือยอดรวมที่สูงที่สุดที่นับโครงการนี้"
    ),
    why_en=(
        "Below the threshold, a buyer may pick a supplier with little or no competition. "
        "Splitting one large purchase into several small ones dodges the competitive "
        "procedure the law requires, and often steers the whole amount to one friend."
    ),
    why_th=(
        "ต่ำกว่าวงเงินที่กำหนด หน่วยงานเลือกผู้ขายได้โดยแทบไม่ต้องแข่งขัน การแบ่งการซื้อครั้งใหญ่ออกเป็นหลายครั้ง "
        "จึงเป็นการหลบเลี่ยงวิธีแข่งขันที่กฎหมายกำหนด และมักเป็นการส่งเงินทั้งก้อนให้พวกพ้องรายเดียว"
    ),
    settings={"threshold": "500000", "window_days": "90", "digits": "2", "minimum_purchases": "2"},
    source="Phalang",
    unit="money",
)

# One purchase: (day number, amount, ocid)
Purchase = tuple[int, float, str]
Key = tuple[str, str, str]  # (buyer, supplier, classification prefix)


def _day(text: object) -> int | None:
    if type(text) is not str or len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10]).toordinal()
    except ValueError:
        return None


def _classification(items: object, digits: int) -> str | None:
    if type(items) is not list:
        return None
    for item in items:
        classification = item.get("classification") if type(item) is dict else None
        code = classification.get("id") if type(classification) is dict else None
        if type(code) is str and code:
            return code[:digits]
        if type(code) is int:
            return str(code)[:digits]
    return None


class TH06(Rule):
    code = "TH06"
    info = INFO
    needs = ("awards", "buyer")
    properties = ("threshold", "window_days", "digits", "minimum_purchases")

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.threshold = options.decimal("threshold", 500_000.0)
        self.window = options.integer("window_days", 90)
        self.digits = options.integer("digits", 2)
        self.minimum = options.integer("minimum_purchases", 2)

    def fold(self, process: Process, partial: Partial) -> None:
        awards = process.active_awards
        if not awards:
            return
        buyer = process.buyer_id()
        if buyer is None:
            return
        # Within one process, the awards to one supplier in one class are one purchase.
        found: dict[tuple[str, Key], list[Any]] = {}
        for award in awards:
            supplier = process.single_supplier(award)
            value = money(award.get("value"))
            day = _day(award.get("date"))
            if supplier is None or value is None or value[0] <= 0.0 or day is None:
                continue
            group = _classification(award.get("items"), self.digits)
            if group is None:
                group = _classification(process.tender.get("items"), self.digits)
            if group is None:
                continue
            partial.observe_any(value[1])
            entry = found.get((value[1], (buyer, supplier, group)))
            if entry is None:
                found[(value[1], (buyer, supplier, group))] = [day, value[0]]
            else:
                entry[0] = min(entry[0], day)
                entry[1] += value[0]
        if not found:
            return
        state: dict[str, dict[Key, list[Purchase]]] = partial.state.setdefault("TH06", {})
        for (currency, key), (day, amount) in found.items():
            if amount < self.threshold:
                state.setdefault(currency, {}).setdefault(key, []).append(
                    (day, amount, process.ocid)
                )

    def merge(self, mine: Any, theirs: Any) -> Any:
        for currency, groups in theirs.items():
            own = mine.setdefault(currency, {})
            for key, purchases in groups.items():
                if key in own:
                    own[key].extend(purchases)
                else:
                    own[key] = purchases
        return mine

    def finalize(self, partial: Partial, currency: str | None) -> None:
        groups = partial.state.get("TH06", {}).get(currency or "", {})
        for purchases in groups.values():
            if len(purchases) < self.minimum:
                continue
            for ocid, total in self._split(sorted(purchases)):
                partial.flag("OCID", ocid, "TH06", total)

    def _split(self, purchases: list[Purchase]) -> list[tuple[str, float]]:
        """Each purchase in a qualifying window, with the largest qualifying window total.

        Windows end at each purchase and reach back window_days; both ends only move forward,
        so a monotonic queue gives every purchase the best window containing it in O(n).
        """
        n = len(purchases)
        starts = [0] * n
        totals = [0.0] * n
        left = 0
        running = 0.0
        for right in range(n):
            running += purchases[right][1]
            while purchases[right][0] - purchases[left][0] > self.window:
                running -= purchases[left][1]
                left += 1
            starts[right] = left
            qualifies = right - left + 1 >= self.minimum and running > self.threshold
            totals[right] = running if qualifies else 0.0
        flagged: list[tuple[str, float]] = []
        best: deque[int] = deque()  # window ends, by decreasing total
        end = 0
        for i in range(n):
            # Windows ending at `end` contain i while their start is at or before i.
            while end < n and starts[end] <= i:
                while best and totals[best[-1]] <= totals[end]:
                    best.pop()
                best.append(end)
                end += 1
            while best and best[0] < i:
                best.popleft()
            if best and totals[best[0]] > 0.0:
                flagged.append((purchases[i][2], totals[best[0]]))
        return flagged
