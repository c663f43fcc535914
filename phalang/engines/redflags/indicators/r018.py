"""R018 Single bid received: only one tenderer in a competitive procedure."""

from __future__ import annotations

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process
from phalang.engines.redflags.settings import RuleOptions, Settings

INFO = RuleInfo(
    code="R018",
    name_en="Single bid received",
    name_th="มีผู้ยื่นข้อเสนอเพียงรายเดียว",
    summary_en=(
        "/tender/numberOfTenderers is 1 and the procurement method is competitive "
        "(open or selective by default)."
    ),
    summary_th=(
        "จำนวนผู้ยื่นข้อเสนอ (numberOfTenderers) เท่ากับ 1 ในวิธีจัดซื้อที่ควรมีการแข่งขัน "
        "(ค่าเริ่มต้น: ประกาศเชิญชวนทั่วไป หรือ คัดเลือกจากผู้ผ่านคุณสมบัติ)"
    ),
    why_en=(
        "In a procedure meant to be competitive, a single bidder can mean that competition was "
        "suppressed, the ideal outcome for a corrupt buyer and a pre-arranged winner."
    ),
    why_th=(
        "ในการจัดซื้อที่ควรมีการแข่งขัน การมีผู้ยื่นเพียงรายเดียวอาจหมายถึงการกีดกันคู่แข่ง "
        "ซึ่งเป็นผลลัพธ์ที่หน่วยงานที่ทุจริตและผู้ชนะที่ตกลงกันไว้ต้องการ"
    ),
    settings={"procurement_methods": "open|selective"},
    unit="bidders",
)


class R018(Rule):
    code = "R018"
    info = INFO
    needs = ("tender",)
    properties = ("procurement_methods",)

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.methods = frozenset(options.pipes("procurement_methods", "open|selective"))

    def fold(self, process: Process, partial: Partial) -> None:
        number = process.tender.get("numberOfTenderers")
        # Only a JSON integer 1 counts (Cardinal reads it as an unsigned integer).
        if type(number) is int and number == 1 and process.matches_methods(self.methods):
            partial.flag("OCID", process.ocid, "R018", 1.0)
