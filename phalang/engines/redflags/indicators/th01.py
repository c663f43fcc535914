"""TH01 Winning price close to the reference price (ราคาที่ได้ใกล้ราคากลาง)."""

from __future__ import annotations

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process
from phalang.engines.redflags.settings import RuleOptions, Settings

INFO = RuleInfo(
    code="TH01",
    name_en="Winning price close to the reference price",
    name_th="ราคาที่ได้ใกล้เคียงราคากลางมาก",
    summary_en=(
        "The active awards add up to at least 99% (the threshold) and at most 100% of the "
        "reference price (/tender/value). The value is awards / reference price."
    ),
    summary_th=(
        "มูลค่ารวมของผู้ชนะอยู่ระหว่างร้อยละ 99 (เกณฑ์) ถึง 100 ของราคากลาง (tender/value) "
        "ค่าที่ได้คือ มูลค่าที่ได้ / ราคากลาง"
    ),
    why_en=(
        "Real competition usually pushes the price well below the reference price. A winning "
        "price within 1% of it suggests the bidders knew the reference price and did not "
        "compete, or agreed among themselves who would win."
    ),
    why_th=(
        "การแข่งขันจริงมักทำให้ราคาต่ำกว่าราคากลางพอสมควร ราคาที่ชนะห่างจากราคากลางไม่ถึงร้อยละ 1 "
        "ชี้ว่าผู้ยื่นอาจรู้ราคากลางและไม่ได้แข่งขันกันจริง หรือตกลงกันไว้แล้วว่าใครจะชนะ"
    ),
    settings={"threshold": "0.99", "procurement_methods": ""},
    source="Phalang",
)


class TH01(Rule):
    code = "TH01"
    info = INFO
    needs = ("tender", "awards")
    properties = ("threshold", "procurement_methods")

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.threshold = options.decimal("threshold", 0.99)
        self.methods = frozenset(options.pipes("procurement_methods"))

    def fold(self, process: Process, partial: Partial) -> None:
        if "value" not in process.tender or not process.matches_methods(self.methods):
            return
        ratio = process.award_reference_ratio()
        # A price the buyer set itself is meant to equal the reference price.
        if ratio is not None and self.threshold <= ratio <= 1.0 and self.compares_prices(process):
            partial.flag("OCID", process.ocid, "TH01", ratio)
