"""POST Service Request as GeoReport v2 says: form-encoded, no CSRF token (an app's server is
not a browser), an ``api_key`` the site issued, and the spec's error list for every refusal.
The report is filed through the same action as every other channel, anonymously."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree as ET
from django.test import Client

from phalang.audit.models import AuditEntry
from phalang.lib.crypto import decrypt
from phalang.watch.models import Report

KEY = "k3y-for-the-fixmystreet-style-app-000000"


@pytest.fixture
def keyed(settings):  # type: ignore[no-untyped-def]
    settings.PHALANG = {**settings.PHALANG, "OPEN311_API_KEYS": {"street-app": KEY}}
    return Client(enforce_csrf_checks=True)


FORM = {"service_code": "public_service", "lat": "13.6100", "long": "100.7200",
        "description": "ท่อระบายน้ำหน้าตลาดอุดตัน น้ำท่วมขังทุกครั้งที่ฝนตก"}


def test_an_app_files_a_request_with_its_key(keyed, gazetteer) -> None:  # type: ignore[no-untyped-def]
    response = keyed.post("/open311/v2/requests.json", {**FORM, "api_key": KEY, "email": "a@example.org",
                                                          "first_name": "สมชาย", "phone": "0812345678"})
    assert response.status_code == 201, response.content
    row = response.json()[0]
    report = Report.objects.get(public_id=row["service_request_id"])
    assert row["service_notice"] and row["account_id"] is None
    assert "receipt" not in row  # the citizen's receipt stays with Phalang (test_open311_app_limits_and_receipt.py)
    assert report.channel == "api" and report.channel_detail == "open311:street-app"
    assert report.province is not None and report.province.name_th == "สมุทรปราการ"
    # Filed anonymously: the app's personal fields are not kept (the reporter never chose to share them).
    assert report.anonymity == "anonymous" and decrypt(report.contact_enc) == ""
    assert decrypt(report.reporter_name_enc) == ""
    assert AuditEntry.objects.filter(action="report.file", target_id=str(report.pk)).exists()
    xml = keyed.post("/open311/v2/requests.xml", {**FORM, "api_key": KEY})
    assert xml.status_code == 201
    assert ET.fromstring(xml.content).find("request/service_request_id").text


@pytest.mark.parametrize("key", ["", "wrong-key", KEY + "x"])
def test_a_missing_or_wrong_key_is_refused_in_the_specs_words(keyed, gazetteer, key) -> None:  # type: ignore[no-untyped-def]
    data = {**FORM, **({"api_key": key} if key else {})}
    response = keyed.post("/open311/v2/requests.json", data)
    assert response.status_code == 403 and response.json()[0]["code"] == 403
    assert "api_key" in response.json()[0]["description"]
    assert not Report.objects.exists()


def test_no_keys_configured_means_no_filing(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/open311/v2/requests.json", {**FORM, "api_key": ""})
    assert response.status_code == 403 and response.json()[0]["code"] == 403


@pytest.mark.parametrize(("change", "word"), [
    ({"service_code": ""}, "service_code"),
    ({"service_code": "corruption-of-the-moon"}, "service_code"),
    ({"lat": "", "long": ""}, "location"),
    ({"lat": "north", "long": "100.7"}, "lat"),
    ({"description": "สั้น"}, "description"),
])
def test_bad_fields_are_400_in_the_specs_list(keyed, gazetteer, change, word) -> None:  # type: ignore[no-untyped-def]
    response = keyed.post("/open311/v2/requests.json", {**FORM, "api_key": KEY, **change})
    assert response.status_code == 400, response.content
    errors = response.json()
    assert all(e["code"] == 400 for e in errors) and any(word in e["description"] for e in errors)
    assert not Report.objects.exists()


def test_an_address_string_is_a_location(keyed, gazetteer) -> None:  # type: ignore[no-untyped-def]
    response = keyed.post("/open311/v2/requests.json", {
        **FORM, "lat": "", "long": "", "api_key": KEY, "address_string": "ตลาดบางพลี อ.บางพลี จ.สมุทรปราการ"})
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert report.district is not None and report.district.name_th == "บางพลี"
