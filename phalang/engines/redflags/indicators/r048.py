"""R048 Heterogeneous supplier: a supplier of unusually many kinds of items."""

from __future__ import annotations

from typing import Any

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process
from phalang.engines.redflags.settings import RuleOptions, Settings
from phalang.engines.redflags.stats import quartiles, upper_fence

INFO = RuleInfo(
    code="R048",
    name_en="Heterogeneous supplier",
    name_th="ผู้ขายที่ขายสินค้าหลากหลายประเภทผิดปกติ",
    summary_en=(
        "For each supplier, variety = number of distinct first-level item classifications (first "
        "2 digits) across its active awards. Flagged if the variety is at or above the upper "
        "fence Q3 + 1.5 IQR among suppliers awarded in at least 20 processes."
    ),
    summary_th=(
        "สำหรับผู้ขายแต่ละราย ความหลากหลาย = จำนวนหมวดสินค้าระดับแรก (2 หลักแรกของรหัสจัดประเภท) ที่ไม่ซ้ำกันในสัญญาที่ได้รับ "
        "ถูกระบุเมื่อสูงกว่าหรือเท่ากับรั้วบน Q3 + 1.5 IQR ของผู้ขายที่ได้รับการคัดเลือกอย่างน้อย 20 โครงการ"
    ),
    why_en=(
        "A company that supplies everything from medicine to road works is unlikely to be a "
        "real specialist: it may be a front that wins through connections and subcontracts the "
        "work, costing value for money and quality."
    ),
    why_th=(
        "บริษัทที่ขายทุกอย่างตั้งแต่ยาไปจนถึงงานถนนไม่น่าจะเชี่ยวชาญจริง อาจเป็นบริษัทตัวแทนที่ชนะด้วยเส้นสาย "
        "แล้วจ้างช่วงต่อ ทำให้รัฐได้ของไม่คุ้มค่าและคุณภาพต่ำ"
    ),
    settings={"threshold": "(upper fence)", "digits": "2", "minimum_contracting_processes": "20"},
    groups=("Tenderer",),
)


class R048(Rule):
    code = "R048"
    info = INFO
    needs = ("awards",)
    properties = ("threshold", "digits", "minimum_contracting_processes")

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.threshold = options.optional_integer("threshold")
        self.digits = options.integer("digits", 2)
        self.minimum = options.integer("minimum_contracting_processes", 20)

    def fold(self, process: Process, partial: Partial) -> None:
        awards = process.awards
        if not awards:
            return
        seen: set[str] = set()
        state: dict[str, list[Any]] | None = None
        for award in awards:
            if type(award) is not dict or award.get("status") != "active":
                continue
            items = award.get("items")
            suppliers = award.get("suppliers")
            # With several suppliers we cannot tell who supplies which item.
            if type(items) is not list or type(suppliers) is not list or len(suppliers) != 1:
                continue
            supplier = suppliers[0].get("id") if type(suppliers[0]) is dict else None
            if type(supplier) is not str:
                continue
            for item in items:
                classification = item.get("classification") if type(item) is dict else None
                code = classification.get("id") if type(classification) is dict else None
                if type(code) is not str:
                    continue
                if state is None:
                    state = partial.state.setdefault("R048", {})
                entry = state.get(supplier)
                if entry is None:
                    entry = [0, set()]
                    state[supplier] = entry
                if supplier not in seen:
                    seen.add(supplier)
                    entry[0] += 1
                entry[1].add(code[: self.digits])

    def merge(self, mine: Any, theirs: Any) -> Any:
        for supplier, (count, codes) in theirs.items():
            entry = mine.get(supplier)
            if entry is None:
                mine[supplier] = [count, codes]
            else:
                entry[0] += count
                entry[1] |= codes
        return mine

    def finalize(self, partial: Partial, currency: str | None) -> None:
        state: dict[str, list[Any]] = partial.state.get("R048", {})
        varieties = {s: float(len(codes)) for s, (n, codes) in state.items() if n >= self.minimum}
        meta = partial.meta.setdefault("R048", {})
        if self.threshold is None:
            q1, q3 = quartiles(list(varieties.values()))
            meta["q1"], meta["q3"] = q1, q3
            fence = upper_fence(q1, q3)
        else:
            fence = float(self.threshold)
        meta["upper_fence"] = fence
        for supplier, variety in varieties.items():
            if variety >= fence:
                partial.flag("Tenderer", supplier, "R048", variety)
