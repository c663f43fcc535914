"""Price rules use one main currency: the configured one, else the first one seen."""

from __future__ import annotations

from phalang.engines.redflags import load_settings, run


def _lowest_disqualified(ocid: str, currency: str) -> dict:
    money = lambda amount: {"amount": amount, "currency": currency}  # noqa: E731
    return {
        "ocid": ocid,
        "bids": {
            "details": [
                {"status": "disqualified", "value": money(1)},
                {"status": "valid", "value": money(2)},
            ]
        },
        "awards": [{"status": "active"}],
    }


def test_first_currency_seen_is_the_main_currency() -> None:
    releases = [_lowest_disqualified("usd", "USD"), _lowest_disqualified("cad", "CAD")]
    results = run(releases, load_settings(text="[R036]\n"))
    assert results.currency == "USD"
    assert results.groups["OCID"] == {"usd": {"R036": 1.0}}


def test_configured_currency_wins() -> None:
    releases = [_lowest_disqualified("usd", "USD"), _lowest_disqualified("cad", "CAD")]
    results = run(releases, load_settings(text="currency = CAD\n[R036]\n"))
    assert results.groups["OCID"] == {"cad": {"R036": 1.0}}
