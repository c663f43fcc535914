"""Every rule explains itself in Thai and English, and has its entry in the user guide."""

from __future__ import annotations

import pytest

from phalang.engines.redflags import RULES, load_settings, run
from phalang.engines.redflags.stats import lower_fence, quantile, quartiles
from tests.conftest import ROOT

GUIDE = ROOT / "docs" / "engines" / "redflags.md"


@pytest.mark.parametrize("code", list(RULES))
def test_rule_explains_itself(code: str) -> None:
    info = RULES[code]
    assert info.code == code
    for text in (
        info.name_en,
        info.name_th,
        info.summary_en,
        info.summary_th,
        info.why_en,
        info.why_th,
    ):
        assert text.strip()
    # The Thai strings are Thai.
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in info.why_th + info.name_th)
    assert f"## {code} " in GUIDE.read_text(encoding="utf-8")


def test_results_carry_explanations() -> None:
    release = {"ocid": "x", "tender": {"procurementMethod": "open", "numberOfTenderers": 1}}
    flags = run([release], load_settings(text="[R018]\n[TH03]\n")).for_ocid("x")
    # A single bidder is R018's; TH03 does not flag it again (test_flags_state_what_they_measured).
    assert [(f.code, f.value) for f in flags] == [("R018", 1.0)]
    assert flags[0].info.name_th == "มีผู้ยื่นข้อเสนอเพียงรายเดียว"


def test_quartiles_are_type_8_as_in_cardinal() -> None:
    # Cardinal's documented Meta example: q1 66.6667, q3 100.0, lower fence 16.6667.
    q1, q3 = quartiles([0.0, 0.0] + [100.0] * 7)
    assert round(q1, 4) == 66.6667 and q3 == 100.0
    assert round(lower_fence(q1, q3), 4) == 16.6667
    assert quantile([], 0.5) != quantile([], 0.5)  # NaN when empty
