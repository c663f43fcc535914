"""TH08 Tenderers who bid together unusually often (ผู้ยื่นที่มักยื่นคู่กัน)."""

from __future__ import annotations

from typing import Any

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process, string_ids
from phalang.engines.redflags.settings import RuleOptions, Settings

INFO = RuleInfo(
    code="TH08",
    name_en="Tenderers who bid together unusually often",
    name_th="ผู้ยื่นข้อเสนอที่มักยื่นแข่งคู่กันผิดปกติ",
    summary_en=(
        "Two tenderers submitted bids in the same process at least 3 times, and in at least 80% "
        "(the threshold) of the processes entered by the less active of the two. Processes "
        "with more than 10 tenderers are not paired. Both are flagged; the value is the "
        "largest number of processes shared with one partner."
    ),
    summary_th=(
        "ผู้ยื่นสองรายยื่นข้อเสนอในโครงการเดียวกันอย่างน้อย 3 ครั้ง และคิดเป็นอย่างน้อยร้อยละ 80 (เกณฑ์) "
        "ของโครงการทั้งหมดที่รายที่ยื่นน้อยกว่าเข้าร่วม ไม่จับคู่ในโครงการที่มีผู้ยื่นเกิน 10 ราย "
        "ระบุทั้งสองราย ค่าที่ได้คือจำนวนโครงการที่ยื่นร่วมกับคู่ที่บ่อยที่สุด"
    ),
    why_en=(
        "Companies that always appear together may be one owner's companies, or a cartel "
        "taking turns to win while the other bids to make the competition look real (ฮั้ว)."
    ),
    why_th=(
        "บริษัทที่ปรากฏคู่กันเสมออาจมีเจ้าของเดียวกัน หรือเป็นกลุ่มฮั้วที่ผลัดกันชนะ โดยอีกรายยื่นเพื่อให้ดูเหมือนมีการแข่งขันจริง"
    ),
    settings={"threshold": "0.8", "minimum_processes": "3", "maximum_tenderers": "10"},
    groups=("Tenderer",),
    source="Phalang",
    unit="share",
)


class TH08(Rule):
    code = "TH08"
    info = INFO
    needs = ("bids",)
    properties = ("threshold", "minimum_processes", "maximum_tenderers")

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        super().__init__(options, settings)
        self.threshold = options.decimal("threshold", 0.8)
        self.minimum = options.integer("minimum_processes", 3)
        self.maximum = options.integer("maximum_tenderers", 10)

    def fold(self, process: Process, partial: Partial) -> None:
        bids = process.submitted_bids
        if not bids:
            return
        ids: set[str] = set()
        for bid in bids:
            ids.update(string_ids(bid.get("tenderers")))
        if not ids:
            return
        state: tuple[dict[str, int], dict[tuple[str, str], int]] | None
        state = partial.state.get("TH08")
        if state is None:
            state = ({}, {})
            partial.state["TH08"] = state
        entered, pairs = state
        for ident in ids:
            entered[ident] = entered.get(ident, 0) + 1
        if 2 <= len(ids) <= self.maximum:
            ordered = sorted(ids)
            for i, first in enumerate(ordered):
                for second in ordered[i + 1 :]:
                    pair = (first, second)
                    pairs[pair] = pairs.get(pair, 0) + 1

    def merge(self, mine: Any, theirs: Any) -> Any:
        for own, other in zip(mine, theirs, strict=True):
            for key, count in other.items():
                own[key] = own.get(key, 0) + count
        return mine

    def finalize(self, partial: Partial, currency: str | None) -> None:
        empty: tuple[dict[str, int], dict[tuple[str, str], int]] = ({}, {})
        entered, pairs = partial.state.get("TH08") or empty
        for (first, second), together in pairs.items():
            if together < self.minimum:
                continue
            if together / min(entered[first], entered[second]) >= self.threshold:
                for ident in (first, second):
                    current = partial.groups["Tenderer"].get(ident, {}).get("TH08", 0.0)
                    if together > current:
                        partial.flag("Tenderer", ident, "TH08", float(together))
