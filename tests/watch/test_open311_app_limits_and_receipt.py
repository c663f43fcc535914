"""Code review of the Open311 POST:

1. The limit counted per app and ``device_id``, and the app chooses ``device_id``: one api_key
   filed without limit by varying it. Now every app also has one ceiling over all its devices
   (``report_app``), and a request without ``device_id`` counts per connecting client.
2. The answer carried the citizen's receipt to the app's server. A receipt lets its holder read
   the case's conversation and write as the reporter; the app is not the citizen. The answer now
   holds the service_request_id and a notice, no receipt.
3. ``media_url`` was silently dropped, so an app believed its photo arrived. It is refused, in the
   spec's 400, saying it is not supported (Phalang fetches nothing from other servers)."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree as ET
from django.test import Client

from phalang.lib import ratelimit
from phalang.watch import receipts
from phalang.watch.models import Report

KEY = "k3y-for-the-fixmystreet-style-app-000000"
OTHER = "another-apps-key-1111111111111111111111"
FORM = {"service_code": "public_service", "lat": "13.6100", "long": "100.7200",
        "description": "ท่อระบายน้ำหน้าตลาดอุดตัน น้ำท่วมขังทุกครั้งที่ฝนตก"}


@pytest.fixture
def keyed(settings):  # type: ignore[no-untyped-def]
    settings.PHALANG = {**settings.PHALANG, "OPEN311_API_KEYS": {"street-app": KEY, "other-app": OTHER}}
    return Client(enforce_csrf_checks=True)


def test_varying_device_id_meets_the_apps_ceiling(keyed, gazetteer, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PHALANG_LIMITS = {"report_app": "4/3600"}
    for n in range(4):
        response = keyed.post("/open311/v2/requests.json", {**FORM, "api_key": KEY, "device_id": f"phone-{n}"})
        assert response.status_code == 201, response.content
    refused = keyed.post("/open311/v2/requests.json", {**FORM, "api_key": KEY, "device_id": "phone-new"})
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    [error] = refused.json()
    assert error["code"] == 429 and "street-app" in error["description"] and "รอ" in error["description"]
    xml = keyed.post("/open311/v2/requests.xml", {**FORM, "api_key": KEY, "device_id": "phone-xml"})
    assert xml.status_code == 429 and ET.fromstring(xml.content).find("error/code").text == "429"
    assert Report.objects.count() == 4
    # Another app has its own ceiling.
    assert keyed.post("/open311/v2/requests.json", {**FORM, "api_key": OTHER, "device_id": "x"}).status_code == 201


def test_the_ceiling_is_above_one_device_and_configured() -> None:
    assert ratelimit.LIMITS["report_app"].count > ratelimit.LIMITS["report"].count


def test_no_device_id_counts_per_connecting_client(keyed, gazetteer, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PHALANG_LIMITS = {"report": "2/3600"}
    codes = [keyed.post("/open311/v2/requests.json", {**FORM, "api_key": KEY}, REMOTE_ADDR="198.51.100.7").status_code
             for _ in range(3)]
    assert codes == [201, 201, 429]
    assert keyed.post("/open311/v2/requests.json", {**FORM, "api_key": KEY},
                      REMOTE_ADDR="198.51.100.8").status_code == 201


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_answer_holds_no_receipt(keyed, gazetteer, monkeypatch, fmt) -> None:  # type: ignore[no-untyped-def]
    made: list[str] = []
    real = receipts.generate

    def remember() -> str:
        made.append(real())
        return made[-1]

    monkeypatch.setattr(receipts, "generate", remember)
    response = keyed.post(f"/open311/v2/requests.{fmt}", {**FORM, "api_key": KEY})
    assert response.status_code == 201, response.content
    body = response.content.decode()
    assert made and made[-1] not in body and made[-1].replace("-", "") not in body
    assert "receipt>" not in body and '"receipt"' not in body
    report = Report.objects.get()
    if fmt == "json":
        [row] = response.json()
        assert set(row) == {"service_request_id", "service_notice", "account_id"}
        assert row["service_request_id"] == report.public_id
        assert "LINE" in row["service_notice"]  # where a citizen who wants a receipt can report


def test_media_url_is_refused_not_dropped(keyed, gazetteer) -> None:  # type: ignore[no-untyped-def]
    response = keyed.post("/open311/v2/requests.json", {**FORM, "api_key": KEY,
                                                          "media_url": "https://example.org/pothole.jpg"})
    assert response.status_code == 400
    errors = response.json()
    assert all(e["code"] == 400 for e in errors) and any("media_url" in e["description"] for e in errors)
    assert not Report.objects.exists()
    # Empty, it is no media: the request is filed.
    assert keyed.post("/open311/v2/requests.json", {**FORM, "api_key": KEY, "media_url": ""}).status_code == 201
