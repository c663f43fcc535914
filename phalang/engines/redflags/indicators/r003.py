"""R003 Short submission period: the tender period is shorter than the legal minimum."""

from __future__ import annotations

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process, parse_rfc3339, whole_days
from phalang.engines.redflags.settings import RuleOptions, Settings

INFO = RuleInfo(
    code="R003",
    name_en="Short submission period",
    name_th="ระยะเวลายื่นข้อเสนอสั้นเกินไป",
    summary_en=(
        "The tender period (/tender/tenderPeriod) is shorter than the threshold (15 days unless "
        "set otherwise). The value is the length of the period, in days."
    ),
    summary_th=(
        "ช่วงเวลาเปิดรับข้อเสนอ (tenderPeriod) สั้นกว่าเกณฑ์ที่กำหนด (15 วัน หากไม่ได้ตั้งค่าอื่น) "
        "ค่าที่ได้คือความยาวของช่วงเวลานั้น นับเป็นวัน"
    ),
    why_en=(
        "A buyer who wants a chosen company to win can tell it about the tender early and give "
        "everyone else too little time to prepare a competitive bid."
    ),
    why_th=(
        "หน่วยงานที่ต้องการให้บริษัทที่เลือกไว้ได้งาน อาจบอกบริษัทนั้นล่วงหน้า "
        "แล้วให้เวลาผู้ยื่นรายอื่นน้อยจนเตรียมข้อเสนอแข่งขันไม่ทัน"
    ),
    settings={"threshold": "15", "procurement_methods": ""},
    unit="days",
    threshold_en="Limit applied to this process: a tender period shorter than {threshold} days is flagged.",
    threshold_th="เกณฑ์ที่ใช้กับโครงการนี้: ช่วงเวลาเปิดรับข้อเสนอที่สั้นกว่า {threshold} วันถือว่าสั้นเกินไป",
)


class R003(Rule):
    code = "R003"
    info = INFO
    needs = ("tender",)
    properties = ("threshold", "procurement_methods")
    subsections = ("procurement_method_details",)

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.threshold = options.integer("threshold", 15, minimum=None)
        self.methods = frozenset(options.pipes("procurement_methods"))
        self.per_details: dict[str, int] = {}
        for name, raw in options.subsections.get("procurement_method_details", {}).items():
            sub = RuleOptions("R003.procurement_method_details", {name: raw})
            self.per_details[name] = sub.integer(name, 0, minimum=None)

    def fold(self, process: Process, partial: Partial) -> None:
        if not process.matches_methods(self.methods):
            return
        period = process.tender.get("tenderPeriod")
        if type(period) is not dict:
            return
        start = parse_rfc3339(period.get("startDate"))
        if start is None:
            return
        end = parse_rfc3339(period.get("endDate"))
        if end is None:
            return
        threshold = self.threshold
        details = process.procurement_method_details()
        if details is not None and details in self.per_details:
            threshold = self.per_details[details]
        length = end - start
        # Compared in whole days, as Cardinal does (for a whole-day threshold, the same as the
        # real period being shorter); the value is the real period, so pages state a true fact.
        if whole_days(length) < threshold:
            partial.flag("OCID", process.ocid, "R003", length.total_seconds() / 86_400, threshold=threshold)
