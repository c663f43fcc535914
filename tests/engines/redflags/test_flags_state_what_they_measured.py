"""Trial-od findings on the engine: a flag's value is what it measured, with the limit it applied
(R003 stored 1.0 for every short tender and the page showed "(1 วัน)"); one bidder listed twice
under two party ids is one bidder for R044; a single bidder is one flag, not R018 and TH03."""

from __future__ import annotations

import pytest

from phalang.engines.redflags import load_settings, run


def _tender(ocid: str, start: str, end: str, details: str | None = None) -> dict:
    tender: dict = {"id": "t", "procurementMethod": "open", "tenderPeriod": {"startDate": start, "endDate": end}}
    if details:
        tender["procurementMethodDetails"] = details
    return {"ocid": ocid, "tender": tender}


def test_r003_value_is_the_real_tender_period_and_the_flag_carries_the_limit_it_applied() -> None:
    releases = [
        # 10 Jan 09:00 to 12 Jan 16:30 (+07:00): 2 days 7.5 hours.
        _tender("th", "2024-01-10T09:00:00+07:00", "2024-01-12T16:30:00+07:00"),
        _tender("md", "2017-06-23T00:00:00Z", "2017-07-03T00:00:00Z"),  # 10 days
        _tender("almost", "2017-01-03T00:00:00Z", "2017-01-17T23:00:00Z"),  # 14 days 23 hours: under 15
        _tender("exact", "2017-01-03T00:00:00Z", "2017-01-18T00:00:00Z"),  # 15 days: not short
        _tender("licit", "2017-01-03T00:00:00Z", "2017-01-10T00:00:00Z", details="Licitación"),  # 7 days
    ]
    settings = load_settings(text="[R003]\n[R003.procurement_method_details]\nLicitación = 5\n")
    results = run(releases, settings)
    flagged = {key: flags["R003"] for key, flags in results.groups["OCID"].items()}
    assert set(flagged) == {"th", "md", "almost"}
    assert flagged["th"] == pytest.approx(2 + 7.5 / 24)
    assert flagged["md"] == 10.0
    assert flagged["almost"] == pytest.approx(14 + 23 / 24)
    # The limit it applied, per process (a per-method limit is the one the page must state).
    [flag] = results.for_ocid("th")
    assert flag.threshold == 15
    assert run([releases[0]], load_settings(text="[R003]\nthreshold = 3\n")).for_ocid("th")[0].threshold == 3
    # Cardinal's own output object keeps the same keys; the value is the period in days.
    assert results.to_cardinal(meta=False)["OCID"]["md"] == {"R003": 10.0}


def test_r003_threshold_is_the_documented_default_of_15_days() -> None:
    from phalang.engines.redflags import RULES
    from tests.conftest import ROOT

    guide = (ROOT / "docs" / "engines" / "redflags.md").read_text(encoding="utf-8")
    section = guide[guide.index("## R003 "):guide.index("## R018 ")]
    assert "threshold = 15" in section and RULES["R003"].settings["threshold"] == "15"
    # A 14-day tender is shorter than 15 days: flagged, and it says so.
    [flag] = run([_tender("x", "2017-01-03T10:00:00Z", "2017-01-17T10:00:00Z")], load_settings()).for_ocid("x")
    assert (flag.code, flag.value, flag.threshold) == ("R003", 14.0, 15)


def _party(pid: str, scheme: str | None, ident: str | None, **extra: object) -> dict:
    party: dict = {"id": pid, "name": 'ЧП "ОКСИМЕД"', "roles": ["tenderer", "supplier"],
                   "address": {"streetAddress": "ВУЛИЦЯ ОЛЕНИ ПЧІЛКИ, 5", "locality": "м.Київ",
                               "countryName": "Украина"},
                   "contactPoint": {"telephone": "+38099 319-72-19", "email": "oxymed2@ukr.net"}, **extra}
    if scheme:
        party["identifier"] = {"scheme": scheme, "id": ident}
    return party


def test_r044_one_legal_identity_under_two_party_ids_is_one_bidder() -> None:
    # Ukraine ocds-be6bcu-UA-2016-06-02-000468-c: the one bidder, from records/ and releases/.
    same = {"ocid": "same", "tender": {"id": "t"}, "parties": [
        _party("UA-EDR-40133709", "UA-EDR", "40133709"), _party("3129e2cf", "UA-EDR", " 40133709 ")]}
    # Two firms with their own registration numbers at one address: still R044.
    two = {"ocid": "two", "tender": {"id": "t"}, "parties": [
        _party("A", "UA-EDR", "40133709"), _party("B", "UA-EDR", "40133710")]}
    # The same firm listed twice, and a second firm sharing its phone: the process and all three ids.
    third = _party("C", "UA-EDR", "50000001", name="ТОВ Інша")
    third["address"] = {}
    mixed = {"ocid": "mixed", "tender": {"id": "t"}, "parties": [
        _party("A1", "UA-EDR", "40133709"), _party("A2", "UA-EDR", "40133709"), third]}
    # Listed twice without an identifier, or once with and once without: one bidder by its name.
    unnamed = {"ocid": "unnamed", "tender": {"id": "t"}, "parties": [
        _party("U1", None, None), _party("U2", None, None)]}
    half = {"ocid": "half", "tender": {"id": "t"}, "parties": [
        _party("H1", "UA-EDR", "40133709"), _party("H2", None, None)]}
    results = run([same, two, mixed, unnamed, half], load_settings(text="[R044]\n"))
    assert set(results.groups["OCID"]) == {"two", "mixed"}
    assert set(results.groups["Tenderer"]) == {"A", "B", "A1", "A2", "C"}


def test_a_single_bidder_is_r018_not_also_th03() -> None:
    one = {"ocid": "one", "tender": {"procurementMethod": "open", "numberOfTenderers": 1}}
    two = {"ocid": "two", "tender": {"procurementMethod": "open", "numberOfTenderers": 2}}
    # One bidder in the bid details, no numberOfTenderers: R018 cannot see it, TH03 does.
    details = {"ocid": "details", "tender": {"procurementMethod": "open"},
               "bids": {"details": [{"id": "b", "status": "valid", "tenderers": [{"id": "T"}]}]}}
    both = run([one, two, details], load_settings(text="[R018]\n[TH03]\n")).groups["OCID"]
    assert both == {"one": {"R018": 1.0}, "two": {"TH03": 2.0}, "details": {"TH03": 1.0}}
    # Without R018, TH03 alone still counts the single bidder.
    alone = run([one], load_settings(text="[TH03]\n")).groups["OCID"]
    assert alone == {"one": {"TH03": 1.0}}
