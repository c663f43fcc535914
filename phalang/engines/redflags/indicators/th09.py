"""TH09 Decision period too short or too long (ระยะเวลาพิจารณาผลผิดปกติ)."""

from __future__ import annotations

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process, parse_date_lenient, whole_days
from phalang.engines.redflags.settings import RuleOptions, Settings

INFO = RuleInfo(
    code="TH09",
    name_en="Decision period too short or too long",
    name_th="ระยะเวลาพิจารณาผลสั้นหรือยาวผิดปกติ",
    summary_en=(
        "The decision period, from the bid deadline (/tender/tenderPeriod/endDate) to the "
        "earliest active award's date, is shorter than 5 or longer than 100 whole days (both "
        "are settings). The value is the period in days. An award dated before the deadline "
        "is not flagged: it is data-quality note DQ01."
    ),
    summary_th=(
        "ระยะเวลาพิจารณาผล ตั้งแต่วันปิดรับข้อเสนอ (tenderPeriod/endDate) ถึงวันตัดสินผลครั้งแรก "
        "สั้นกว่า 5 วันหรือยาวกว่า 100 วัน (ปรับค่าได้) ค่าที่ได้คือจำนวนวัน "
        "วันตัดสินผลที่อยู่ก่อนวันปิดรับข้อเสนอไม่ถือเป็นธงแดง แต่เป็นหมายเหตุคุณภาพข้อมูล DQ01"
    ),
    why_en=(
        "Evaluating bids properly takes time, so a decision within days suggests the winner "
        "was chosen in advance. A very long decision period leaves room for negotiating with "
        "bidders behind closed doors, or for pressure until others withdraw."
    ),
    why_th=(
        "การพิจารณาข้อเสนออย่างรอบคอบต้องใช้เวลา การตัดสินภายในไม่กี่วันจึงชี้ว่าอาจเลือกผู้ชนะไว้ก่อนแล้ว "
        "ส่วนการพิจารณาที่ยาวนานผิดปกติเปิดช่องให้ต่อรองลับกับผู้ยื่น หรือกดดันจนรายอื่นถอนตัว"
    ),
    settings={"minimum_days": "5", "maximum_days": "100", "procurement_methods": ""},
    source="Phalang",
    unit="days",
)


class TH09(Rule):
    code = "TH09"
    info = INFO
    needs = ("tender", "awards")
    properties = ("minimum_days", "maximum_days", "procurement_methods")

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.minimum = options.integer("minimum_days", 5, minimum=None)
        self.maximum = options.integer("maximum_days", 100, minimum=None)
        self.methods = frozenset(options.pipes("procurement_methods"))

    def fold(self, process: Process, partial: Partial) -> None:
        period = process.tender.get("tenderPeriod")
        if type(period) is not dict or "endDate" not in period:
            return
        awarded = process.earliest_award_date()
        if awarded is None or not process.matches_methods(self.methods):
            return
        end = parse_date_lenient(period["endDate"])
        decided = parse_date_lenient(awarded)
        if end is None or decided is None:
            return
        if decided < end:
            return  # an award before the deadline is a dating error in the data (DQ01)
        days = whole_days(decided - end)
        if days < self.minimum or days > self.maximum:
            partial.flag("OCID", process.ocid, "TH09", float(days))
