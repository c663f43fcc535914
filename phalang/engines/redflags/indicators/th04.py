"""TH04 Contract value above the award (มูลค่าสัญญาสูงกว่าราคาที่ตกลง)."""

from __future__ import annotations

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process, money
from phalang.engines.redflags.settings import RuleOptions, Settings

INFO = RuleInfo(
    code="TH04",
    name_en="Contract value above the award",
    name_th="มูลค่าสัญญาสูงกว่าราคาที่ตกลงจ้าง",
    summary_en=(
        "A contract (not cancelled) is worth more than its award (/contracts/awardID), in the "
        "same currency, times the threshold (1.0). The value is the largest contract / award."
    ),
    summary_th=(
        "สัญญา (ที่ไม่ถูกยกเลิก) มีมูลค่าสูงกว่าผลการตัดสิน (awardID) ในสกุลเงินเดียวกัน คูณเกณฑ์ (1.0) "
        "ค่าที่ได้คือ มูลค่าสัญญา / มูลค่าที่ตกลง ที่สูงที่สุด"
    ),
    why_en=(
        "Competition sets the price at award. Raising it when the contract is signed gives the "
        "winner money no competitor was offered, a common way to pay back a bribe."
    ),
    why_th=(
        "ราคาถูกกำหนดโดยการแข่งขันตอนตัดสินผล การเพิ่มราคาตอนลงนามสัญญาคือการให้เงินผู้ชนะ "
        "ที่คู่แข่งไม่เคยได้รับข้อเสนอ ซึ่งเป็นวิธีที่พบบ่อยในการตอบแทนสินบน"
    ),
    settings={"threshold": "1.0"},
    source="Phalang",
    unit="ratio",
)


class TH04(Rule):
    code = "TH04"
    info = INFO
    needs = ("awards", "contracts")
    properties = ("threshold",)

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.threshold = options.decimal("threshold", 1.0)

    def fold(self, process: Process, partial: Partial) -> None:
        contracts = process.contracts
        awards = process.awards
        if not contracts or not awards:
            return
        priced: dict[str, tuple[float, str]] = {}
        for award in awards:
            if type(award) is dict and award.get("id") is not None:
                value = money(award.get("value"))
                if value is not None and value[0] > 0.0:
                    priced[str(award["id"])] = value
        worst = 0.0
        for contract in contracts:
            if type(contract) is not dict or contract.get("status") == "cancelled":
                continue
            award_id = contract.get("awardID")
            reference = priced.get(str(award_id)) if award_id is not None else None
            value = money(contract.get("value"))
            if reference is None or value is None or value[1] != reference[1]:
                continue
            worst = max(worst, value[0] / reference[0])
        if worst > self.threshold:
            partial.flag("OCID", process.ocid, "TH04", worst)
