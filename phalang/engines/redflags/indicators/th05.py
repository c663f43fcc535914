"""TH05 Direct purchase at the end of the fiscal year (เฉพาะเจาะจงช่วงปลายปีงบประมาณ)."""

from __future__ import annotations

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process
from phalang.engines.redflags.settings import RuleOptions, Settings, SettingsError

INFO = RuleInfo(
    code="TH05",
    name_en="Direct purchase at the end of the fiscal year",
    name_th="จัดซื้อจัดจ้างวิธีเฉพาะเจาะจงช่วงปลายปีงบประมาณ",
    summary_en=(
        "The procurement method is direct (เฉพาะเจาะจง) and the process is dated in August or "
        "September, the last two months of the Thai fiscal year (October–September). The date "
        "is the earliest active award's, else the tender period start, else the release date."
    ),
    summary_th=(
        "วิธีจัดซื้อเป็นแบบเฉพาะเจาะจง (direct) และลงวันที่ในเดือนสิงหาคมหรือกันยายน ซึ่งเป็นสองเดือนสุดท้ายของปีงบประมาณ "
        "(ตุลาคม–กันยายน) ใช้วันที่ตัดสินผลครั้งแรก หรือวันเริ่มรับข้อเสนอ หรือวันที่เผยแพร่ข้อมูล ตามลำดับ"
    ),
    why_en=(
        "Budget not spent by 30 September is lost, so agencies rush to spend it. Rushed direct "
        "purchases skip competition exactly when oversight is thinnest."
    ),
    why_th=(
        "งบประมาณที่ใช้ไม่ทันวันที่ 30 กันยายนจะถูกตัดคืน หน่วยงานจึงเร่งใช้เงิน "
        "การซื้อแบบเฉพาะเจาะจงที่เร่งรีบจึงข้ามการแข่งขันในช่วงที่การตรวจสอบเบาบางที่สุด"
    ),
    settings={"procurement_methods": "direct", "months": "8|9"},
    source="Phalang",
)


class TH05(Rule):
    code = "TH05"
    info = INFO
    needs = ("tender",)
    properties = ("procurement_methods", "months")

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.methods = frozenset(options.pipes("procurement_methods", "direct"))
        try:
            self.months = frozenset(int(m) for m in options.pipes("months", "8|9"))
        except ValueError:
            raise SettingsError("[TH05] months: expected numbers such as 8|9") from None

    def fold(self, process: Process, partial: Partial) -> None:
        if process.procurement_method() not in self.methods:
            return
        date = process.earliest_award_date()
        if date is None:
            period = process.tender.get("tenderPeriod")
            start = period.get("startDate") if type(period) is dict else None
            date = start if type(start) is str else process.release.get("date")
        if type(date) is not str or len(date) < 7 or date[4] != "-":
            return
        month = date[5:7]
        if month.isdigit() and int(month) in self.months:
            partial.flag("OCID", process.ocid, "TH05", 1.0)
