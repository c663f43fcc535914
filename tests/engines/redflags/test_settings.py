"""The settings file reads like Cardinal's, and refuses what it does not know."""

from __future__ import annotations

import pytest

from phalang.engines.redflags import SettingsError, load_settings
from phalang.engines.redflags.indicators import RULE_CLASSES
from phalang.engines.redflags.runner import Engine


def test_sections_enable_rules_in_registry_order() -> None:
    settings = load_settings(text="[TH01]\n[R058]\n[R003]\n")
    assert settings.enabled == ["R003", "R058", "TH01"]


def test_no_file_enables_every_rule() -> None:
    assert load_settings().enabled == list(RULE_CLASSES)


def test_top_level_and_exclusions() -> None:
    settings = load_settings(
        text=(
            "currency = THB\n"
            "no_price_comparison_procurement_methods = Random Selection|Sorteo de Obras|\n"
            "[exclusions]\nprocurement_method_details = EXC\n[R024]\n"
        )
    )
    assert settings.currency == "THB"
    assert settings.no_price_comparison_procurement_methods == (
        "Random Selection",
        "Sorteo de Obras",
    )
    assert settings.excluded_procurement_method_details == ("EXC",)


def test_comments_and_case_preserved_keys() -> None:
    settings = load_settings(
        text=(
            "; a comment\n# another\n[R003]\nthreshold = 15 # default\n"
            "[R003.procurement_method_details]\nLicitación = 10\n"
        )
    )
    engine = Engine(settings)
    rule = engine.rules[0]
    assert rule.threshold == 15  # type: ignore[attr-defined]
    assert rule.per_details == {"Licitación": 10}  # type: ignore[attr-defined]


def test_prepare_sections_are_ignored() -> None:
    text = "[defaults]\ncurrency = USD\n[codelists.bid_status]\nqualified = valid\n[R018]\n"
    assert load_settings(text=text).enabled == ["R018"]


@pytest.mark.parametrize(
    "text",
    [
        "[R003]\nthreshhold = 3\n",  # typo in a property
        "[R999]\n",  # unknown rule
        "bogus = 1\n",  # unknown top-level property
        "[R003]\nthreshold = soon\n",  # not a number
        "[exclusions]\nprocurement_methods = x\n",
        "[R003.unknown]\nx = 1\n",
    ],
)
def test_refuses_unknown_or_malformed(text: str) -> None:
    with pytest.raises(SettingsError):
        Engine(load_settings(text=text))
