"""TH02 Award above the reference price (ราคาที่ได้สูงกว่าราคากลาง)."""

from __future__ import annotations

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process
from phalang.engines.redflags.settings import RuleOptions, Settings

INFO = RuleInfo(
    code="TH02",
    name_en="Award above the reference price",
    name_th="ราคาที่ได้สูงกว่าราคากลาง",
    summary_en=(
        "The active awards add up to more than the reference price (/tender/value) times the "
        "threshold (1.0). The value is awards / reference price."
    ),
    summary_th="มูลค่ารวมของผู้ชนะสูงกว่าราคากลาง (tender/value) คูณเกณฑ์ (1.0) ค่าที่ได้คือ มูลค่าที่ได้ / ราคากลาง",
    why_en=(
        "The reference price is the buyer's own estimate of a fair price. Paying more needs a "
        "written reason; without one, it can mean an inflated price shared with the winner."
    ),
    why_th=(
        "ราคากลางคือราคาที่หน่วยงานประเมินว่าเป็นธรรม การจ่ายสูงกว่านั้นต้องมีเหตุผลเป็นลายลักษณ์อักษร "
        "หากไม่มี อาจหมายถึงการตั้งราคาสูงเกินจริงแล้วแบ่งผลประโยชน์กับผู้ชนะ"
    ),
    settings={"threshold": "1.0", "procurement_methods": ""},
    source="Phalang",
    unit="ratio",
)


class TH02(Rule):
    code = "TH02"
    info = INFO
    needs = ("tender", "awards")
    properties = ("threshold", "procurement_methods")

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.threshold = options.decimal("threshold", 1.0)
        self.methods = frozenset(options.pipes("procurement_methods"))

    def fold(self, process: Process, partial: Partial) -> None:
        if "value" not in process.tender or not process.matches_methods(self.methods):
            return
        ratio = process.award_reference_ratio()
        if ratio is not None and ratio > self.threshold:
            partial.flag("OCID", process.ocid, "TH02", ratio)
