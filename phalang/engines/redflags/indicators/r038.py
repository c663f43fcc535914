"""R038 Excessive disqualified bids, per buyer, procuring entity or tenderer."""

from __future__ import annotations

from typing import Any

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process
from phalang.engines.redflags.settings import RuleOptions, Settings
from phalang.engines.redflags.stats import quartiles, upper_fence

INFO = RuleInfo(
    code="R038",
    name_en="Excessive disqualified bids",
    name_th="ตัดสิทธิ์ข้อเสนอในสัดส่วนสูงผิดปกติ",
    summary_en=(
        "For each buyer, procuring entity and tenderer, ratio = disqualified bids / submitted "
        "bids. It is flagged if the ratio is at or above the upper fence Q3 + 1.5 IQR of its "
        "group. Organizations with fewer than 2 submitted bids are left out."
    ),
    summary_th=(
        "สำหรับหน่วยงานผู้ซื้อ หน่วยงานผู้ดำเนินการจัดซื้อ และผู้ยื่นแต่ละราย อัตราส่วน = ข้อเสนอที่ถูกตัดสิทธิ์ / ข้อเสนอที่ยื่นทั้งหมด "
        "ถูกระบุเมื่ออัตราส่วนสูงกว่าหรือเท่ากับรั้วบน Q3 + 1.5 IQR ของกลุ่ม ไม่นับองค์กรที่มีข้อเสนอน้อยกว่า 2 รายการ"
    ),
    why_en=(
        "A corrupt buyer can favour chosen companies by disqualifying the others' bids; a "
        "colluding company can fake competition with bids it knows will be disqualified."
    ),
    why_th=(
        "หน่วยงานที่ทุจริตสามารถเอื้อบริษัทที่เลือกไว้โดยตัดสิทธิ์ข้อเสนอของรายอื่น "
        "ส่วนบริษัทที่ฮั้วกันอาจยื่นข้อเสนอที่รู้อยู่แล้วว่าจะถูกตัดสิทธิ์เพื่อสร้างการแข่งขันปลอม"
    ),
    settings={
        "threshold": "(upper fence)",
        "minimum_submitted_bids": "2",
        "minimum_contracting_processes": "2",
    },
    groups=("Buyer", "ProcuringEntity", "Tenderer"),
)

GROUP_INDEX = {"Buyer": 0, "ProcuringEntity": 1, "Tenderer": 2}


class R038(Rule):
    code = "R038"
    info = INFO
    needs = ("bids",)
    properties = ("threshold", "minimum_submitted_bids", "minimum_contracting_processes")

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.threshold = options.optional_decimal("threshold")
        self.minimum_bids = options.integer("minimum_submitted_bids", 2)
        self.minimum_processes = options.integer("minimum_contracting_processes", 2)

    def fold(self, process: Process, partial: Partial) -> None:
        bids = process.submitted_bids
        if not bids:
            return
        state = partial.state.get("R038")
        if state is None:
            state = partial.state["R038"] = ({}, {}, {})
        buyers, entities, tenderers = state
        disqualified = 0
        for bid in bids:
            out = int(bid["status"] == "disqualified")
            disqualified += out
            parties = bid.get("tenderers")
            if type(parties) is list:
                for party in parties:
                    ident = party.get("id") if type(party) is dict else None
                    if type(ident) is str:
                        _add(tenderers, ident, out, 1)
        buyer = process.buyer_id()
        if buyer is not None:
            _add(buyers, buyer, disqualified, len(bids))
        entity = process.procuring_entity_id()
        if entity is not None:
            _add(entities, entity, disqualified, len(bids))

    def merge(self, mine: Any, theirs: Any) -> Any:
        for own, other in zip(mine, theirs, strict=True):
            for ident, (out, total) in other.items():
                _add(own, ident, out, total)
        return mine

    def finalize(self, partial: Partial, currency: str | None) -> None:
        state: tuple[dict[str, list[int]], ...] = partial.state.get("R038") or ({}, {}, {})
        meta = partial.meta.setdefault("R038", {})
        for group, index in GROUP_INDEX.items():
            # Cardinal compares the buyer's and procuring entity's minimum with their number of
            # submitted bids, not of contracting processes; we keep that for identical results.
            minimum = self.minimum_bids if group == "Tenderer" else self.minimum_processes
            ratios = {
                ident: out / total
                for ident, (out, total) in state[index].items()
                if total >= minimum
            }
            if not ratios:
                continue
            if self.threshold is None:
                q1, q3 = quartiles(list(ratios.values()))
                meta[f"{group}_q1"], meta[f"{group}_q3"] = q1, q3
                fence = upper_fence(q1, q3)
            else:
                fence = self.threshold
            meta[f"{group}_upper_fence"] = fence
            # If 75% have no disqualified bids, the fence is 0 and would flag everyone.
            if not fence > 0.0:
                continue
            for ident, ratio in ratios.items():
                if ratio >= fence:
                    partial.flag(group, ident, "R038", ratio)


def _add(counts: dict[str, list[int]], ident: str, out: int, total: int) -> None:
    pair = counts.get(ident)
    if pair is None:
        counts[ident] = [out, total]
    else:
        pair[0] += out
        pair[1] += total
