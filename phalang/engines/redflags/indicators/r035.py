"""R035 All except winning bid disqualified."""

from __future__ import annotations

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process, string_ids
from phalang.engines.redflags.settings import RuleOptions, Settings

INFO = RuleInfo(
    code="R035",
    name_en="All except winning bid disqualified",
    name_th="ตัดสิทธิ์ทุกข้อเสนอยกเว้นของผู้ชนะ",
    summary_en=(
        "Exactly one tenderer has valid bids, it is the only supplier of the active awards, "
        "and at least 1 (the threshold) other tenderer had a bid disqualified. The value is the "
        "number of those other tenderers; the winner is flagged too."
    ),
    summary_th=(
        "มีผู้ยื่นเพียงรายเดียวที่ข้อเสนอผ่านคุณสมบัติ และเป็นผู้ได้รับการคัดเลือกเพียงรายเดียว "
        "ขณะที่ผู้ยื่นรายอื่นอย่างน้อย 1 ราย (เกณฑ์) ถูกตัดสิทธิ์ ค่าที่ได้คือจำนวนผู้ยื่นที่ถูกตัดสิทธิ์ ผู้ชนะถูกระบุด้วย"
    ),
    why_en="A corrupt buyer can hand the contract to a chosen company by disqualifying everyone else.",
    why_th="หน่วยงานที่ทุจริตสามารถมอบสัญญาให้บริษัทที่เลือกไว้ โดยตัดสิทธิ์ผู้ยื่นรายอื่นทั้งหมด",
    settings={"threshold": "1"},
    groups=("OCID", "Tenderer"),
    unit="count",
)


class R035(Rule):
    code = "R035"
    info = INFO
    needs = ("bids", "awards")
    properties = ("threshold",)

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.threshold = max(options.integer("threshold", 1), 1)

    def fold(self, process: Process, partial: Partial) -> None:
        awards = process.complete_awards
        if not awards:
            return
        valid: set[str] = set()
        disqualified: set[str] = set()
        for bid in process.details or ():
            if type(bid) is not dict:
                continue
            status = bid.get("status")
            if status == "valid":
                valid.update(string_ids(bid.get("tenderers")))
            elif status == "disqualified":
                disqualified.update(string_ids(bid.get("tenderers")))
        if len(valid) != 1 or not disqualified:
            return
        suppliers: set[str] = set()
        for award in awards:
            suppliers.update(string_ids(award.get("suppliers")))
        if valid != suppliers:
            return
        others = len(disqualified - valid)
        if others >= self.threshold:
            partial.flag("OCID", process.ocid, "R035", float(others))
            partial.flag("Tenderer", next(iter(valid)), "R035", 0.0)
