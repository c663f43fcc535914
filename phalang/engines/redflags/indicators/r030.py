"""R030 Late bid won: a bid received after the deadline was awarded."""

from __future__ import annotations

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process, string_ids

INFO = RuleInfo(
    code="R030",
    name_en="Late bid won",
    name_th="ข้อเสนอที่ยื่นหลังกำหนดเวลาได้รับการคัดเลือก",
    summary_en=(
        "A valid bid's date is after /tender/tenderPeriod/endDate and one of its tenderers is "
        "a supplier of an active award. Those tenderers are flagged too."
    ),
    summary_th="ข้อเสนอที่ผ่านคุณสมบัติลงวันที่หลังวันปิดรับข้อเสนอ และผู้ยื่นข้อเสนอนั้นเป็นผู้ได้รับการคัดเลือก ผู้ยื่นรายนั้นถูกระบุด้วย",
    why_en=(
        "Accepting a bid after the deadline lets a favoured company see or hear about the "
        "other bids first, then undercut them."
    ),
    why_th="การรับข้อเสนอหลังหมดเวลาทำให้บริษัทที่ได้รับการเอื้อประโยชน์รู้ราคาของรายอื่นก่อน แล้วเสนอราคาตัดหน้า",
    groups=("OCID", "Tenderer"),
)


class R030(Rule):
    code = "R030"
    info = INFO
    needs = ("bids", "awards", "tender")

    def fold(self, process: Process, partial: Partial) -> None:
        details = process.details
        awards = process.awards
        if not details or awards is None:
            return
        period = process.tender.get("tenderPeriod")
        end = period.get("endDate") if type(period) is dict else None
        if type(end) is not str:
            return
        suppliers: set[str] = set()
        for award in awards:
            if type(award) is dict and award.get("status") == "active":
                suppliers.update(string_ids(award.get("suppliers")))
        if not suppliers:
            return
        for bid in details:
            if type(bid) is not dict or bid.get("status") != "valid":
                continue
            date = bid.get("date")
            # Cardinal compares the date strings as text, which is right for one time zone.
            if type(date) is str and date > end:
                for ident in string_ids(bid.get("tenderers")):
                    if ident in suppliers:
                        partial.flag("OCID", process.ocid, "R030", 1.0)
                        partial.flag("Tenderer", ident, "R030", 1.0)
