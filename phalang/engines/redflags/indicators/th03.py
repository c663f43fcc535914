"""TH03 Fewer than three bidders (ผู้ยื่นข้อเสนอน้อยกว่า 3 ราย)."""

from __future__ import annotations

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process, string_ids
from phalang.engines.redflags.settings import RuleOptions, Settings

INFO = RuleInfo(
    code="TH03",
    name_en="Fewer than three bidders",
    name_th="ผู้ยื่นข้อเสนอน้อยกว่า 3 ราย",
    summary_en=(
        "A competitive procedure (open or selective) received bids from 1 or 2 distinct "
        "tenderers, fewer than the minimum of 3. Tenderers are counted from /bids/details, or "
        "from /tender/numberOfTenderers when there are no bid details. The value is the count. "
        "A single bidder that R018 already flags is not flagged again."
    ),
    summary_th=(
        "การจัดซื้อแบบแข่งขัน (open หรือ selective) มีผู้ยื่นข้อเสนอเพียง 1 หรือ 2 ราย น้อยกว่าขั้นต่ำ 3 ราย "
        "นับจากรายการข้อเสนอ (bids/details) หรือจาก numberOfTenderers เมื่อไม่มีรายการข้อเสนอ ค่าที่ได้คือจำนวนผู้ยื่น "
        "ผู้ยื่นรายเดียวที่ R018 ระบุแล้วจะไม่ถูกระบุซ้ำ"
    ),
    why_en=(
        "With only one or two bidders, prices are easier to fix and a pre-arranged winner is "
        "easier to hide. Few bidders in an open procedure can mean the specifications or the "
        "notice kept others out."
    ),
    why_th=(
        "เมื่อมีผู้ยื่นเพียงหนึ่งหรือสองราย การกำหนดราคาและการล็อกผู้ชนะทำได้ง่ายขึ้น "
        "ผู้ยื่นน้อยในการประกวดราคาแบบเปิดอาจหมายถึงการเขียนคุณลักษณะหรือประกาศที่กีดกันรายอื่น"
    ),
    settings={"minimum_tenderers": "3", "procurement_methods": "open|selective"},
    source="Phalang",
    unit="count",
)


class TH03(Rule):
    code = "TH03"
    info = INFO
    properties = ("minimum_tenderers", "procurement_methods")

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.minimum = options.integer("minimum_tenderers", 3)
        self.methods = frozenset(options.pipes("procurement_methods", "open|selective"))
        self.needs = ("tender",) if self.methods else ()
        # R018 (Cardinal's) flags the same fact for one tenderer: one process, one flag for it.
        r018 = settings.rules.get("R018")
        self.r018_methods: frozenset[str] | None = (
            frozenset(r018.pipes("procurement_methods", "open|selective")) if r018 is not None else None)

    def fold(self, process: Process, partial: Partial) -> None:
        if not process.matches_methods(self.methods):
            return
        bids = process.submitted_bids
        if bids:
            ids: set[str] = set()
            for bid in bids:
                ids.update(string_ids(bid.get("tenderers")))
            count = len(ids)
        else:
            number = process.tender.get("numberOfTenderers")
            count = number if type(number) is int else 0
        if count == 1 and self.r018_methods is not None:
            number = process.tender.get("numberOfTenderers")
            if type(number) is int and number == 1 and process.matches_methods(self.r018_methods):
                return  # R018's flag
        if 1 <= count < self.minimum:
            partial.flag("OCID", process.ocid, "TH03", float(count))
