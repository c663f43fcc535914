"""Data-quality notes (DQ01 …): problems with the published data itself, not red flags.

A rule's explanation must hold for every case it fires on. Where the data cannot support a
rule's reading (an award dated before the bids closed; a reference price that merely repeats
the award), the case is a note about the data, shown apart from the red flags and never
counted in a risk score.
"""

from __future__ import annotations

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process, money, parse_date_lenient, whole_days

DQ01_INFO = RuleInfo(
    code="DQ01",
    name_en="Award dated before the bid deadline",
    name_th="วันตัดสินผลอยู่ก่อนวันปิดรับข้อเสนอ",
    summary_en=(
        "The earliest active award's date is before the bid deadline "
        "(/tender/tenderPeriod/endDate). The value is how many whole days before."
    ),
    summary_th=(
        "วันที่ของการตัดสินผลครั้งแรกอยู่ก่อนวันปิดรับข้อเสนอ (tenderPeriod/endDate) "
        "ค่าที่ได้คือจำนวนวันเต็มที่ก่อนหน้า"
    ),
    why_en=(
        "A decision cannot come before the bids are in, so one of the two dates is wrong in the "
        "published data. The decision period (TH09) cannot be judged until it is corrected."
    ),
    why_th=(
        "ไม่อาจตัดสินผลก่อนปิดรับข้อเสนอได้ วันที่หนึ่งในสองวันนี้จึงผิดในข้อมูลที่เผยแพร่ "
        "และยังประเมินระยะเวลาพิจารณาผล (TH09) ไม่ได้จนกว่าจะแก้ไข"
    ),
    source="Phalang",
    kind="quality",
    unit="days",
)

DQ02_INFO = RuleInfo(
    code="DQ02",
    name_en="Reference price equals the award",
    name_th="ราคากลางเท่ากับมูลค่าที่ได้พอดี",
    summary_en=(
        "The active awards add up to exactly the reference price (/tender/value), in one "
        "currency. The value is awards / reference price (1.0)."
    ),
    summary_th=(
        "มูลค่ารวมของผู้ชนะเท่ากับราคากลาง (tender/value) พอดี ในสกุลเงินเดียวกัน "
        "ค่าที่ได้คือ มูลค่าที่ได้ / ราคากลาง (1.0)"
    ),
    why_en=(
        "Many publishers fill /tender/value with the awarded amount instead of the price set "
        "before bidding, so the two cannot be compared: whether the winner bid close to the "
        "reference price (TH01) cannot be told from this data."
    ),
    why_th=(
        "ผู้เผยแพร่หลายรายใส่มูลค่าที่ได้ลงในช่องราคากลาง แทนราคาที่ตั้งไว้ก่อนเสนอราคา "
        "จึงเทียบกันไม่ได้ และบอกไม่ได้จากข้อมูลนี้ว่าผู้ชนะเสนอราคาใกล้ราคากลางหรือไม่ (TH01)"
    ),
    source="Phalang",
    kind="quality",
    unit="ratio",
)


class DQ01(Rule):
    code = "DQ01"
    info = DQ01_INFO
    needs = ("tender", "awards")

    def fold(self, process: Process, partial: Partial) -> None:
        period = process.tender.get("tenderPeriod")
        if type(period) is not dict or "endDate" not in period:
            return
        awarded = process.earliest_award_date()
        end = parse_date_lenient(period["endDate"])
        decided = parse_date_lenient(awarded) if awarded is not None else None
        if end is not None and decided is not None and decided < end:
            partial.flag("OCID", process.ocid, "DQ01", float(whole_days(end - decided)))


class DQ02(Rule):
    code = "DQ02"
    info = DQ02_INFO
    needs = ("tender", "awards")

    def fold(self, process: Process, partial: Partial) -> None:
        if money(process.tender.get("value")) is None:
            return
        if process.award_reference_ratio() == 1.0:
            partial.flag("OCID", process.ocid, "DQ02", 1.0)
