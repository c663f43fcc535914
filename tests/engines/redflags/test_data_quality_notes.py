"""Data problems are data-quality notes (DQ01, DQ02), not red flags: TH09 never calls an award
made before the bids closed "too fast", TH01 never reads a reference price that merely repeats
the award as bidders knowing the price."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from phalang.engines.redflags import RULES, load_settings, run


def _process(ocid: str, end: str, award: str, reference: float, awarded: float) -> dict[str, Any]:
    return {"ocid": ocid,
            "tender": {"tenderPeriod": {"endDate": end}, "value": {"amount": reference, "currency": "THB"}},
            "awards": [{"status": "active", "date": award, "value": {"amount": awarded, "currency": "THB"}}]}


def test_an_award_before_the_deadline_is_a_note_and_copied_reference_prices_are_notes() -> None:
    results = run([
        _process("early", "2023-06-30T00:00:00Z", "2022-09-01T00:00:00Z", 1000, 990),
        _process("copied", "2023-01-01T00:00:00Z", "2023-01-20T00:00:00Z", 1000, 1000),
        _process("close", "2023-01-01T00:00:00Z", "2023-01-02T00:00:00Z", 1000, 995),
    ], load_settings())
    early, copied, close = (results.groups["OCID"].get(o, {}) for o in ("early", "copied", "close"))
    assert early.get("DQ01") == 302.0 and "TH09" not in early
    assert copied.get("DQ02") == 1.0 and "TH01" not in copied
    # A real decision within a day and a price 0.5% under the reference stay red flags.
    assert close == {"TH09": 1.0, "TH01": 0.995}


def test_notes_are_marked_as_quality_and_rules_as_flags() -> None:
    assert {c for c, info in RULES.items() if info.kind == "quality"} == {"DQ01", "DQ02"}
    assert RULES["TH06"].unit == "money" and RULES["TH09"].unit == "days"


def test_on_real_publishers_data_each_flag_is_true_to_its_explanation(shared_data: Path) -> None:
    from phalang.opendata import ocds

    by_ocid: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = defaultdict(lambda: ([], []))
    problems: list[ocds.Problem] = []
    for path in ocds.expand([shared_data / "ocds" / "real-examples"]):
        for item in ocds.read(path, problems):
            by_ocid[item.ocid][1 if item.compiled else 0].append(item.data)
    compiled = [ocds.compile_releases(releases, published) for releases, published in by_ocid.values()]
    results = run(compiled, load_settings())
    flagged = results.groups["OCID"]
    assert all(codes["TH09"] >= 0 for codes in flagged.values() if "TH09" in codes)
    assert all(codes["TH01"] < 1.0 for codes in flagged.values() if "TH01" in codes)
    assert any("DQ02" in codes for codes in flagged.values())  # the copies are still visible, as notes
