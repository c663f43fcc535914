"""The public form, proxy entry, volunteer sign-up, and the API's create and bilingual 422."""

from __future__ import annotations

from phalang.aid.models import HelpRequest, VolunteerProfile
from tests.aid.conftest import PLACE


def test_public_form_without_account(client, group) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/aid/")
    assert page.status_code == 200 and "ขอความช่วยเหลือ" in page.content.decode()
    resp = client.post("/aid/", {"need": "oxygen", "people": 2, "breathing": "on", "place_text": PLACE,
                                 "address": "บ้านเลขที่ 5 ซอยวัดรอบเวียง", "phone": "0812345678", "consent": "on"})
    assert resp.status_code == 303 and resp["Location"] == "/aid/received/"
    html = client.get(resp["Location"]).content.decode()
    assert 'id="receipt"' in html
    req = HelpRequest.objects.get()
    assert req.urgency == 4 and req.channel == "web" and req.consent_share and req.proxy_by is None
    receipt = html.split('id="receipt"')[1].split(">")[1].split("<")[0]
    status = client.post("/aid/status/", {"receipt": receipt})
    assert status.status_code == 200 and "ใหม่" in status.content.decode()
    assert client.post("/aid/status/", {"receipt": "1111-2222-3333-4444-5555"}).status_code == 404
    bad = client.post("/aid/", {"need": "food", "people": 1})
    assert "กรุณาระบุตำบล" in bad.content.decode() and HelpRequest.objects.count() == 1


def test_proxy_entry_records_the_proxy(client, group, make_volunteer) -> None:  # type: ignore[no-untyped-def]
    shopkeeper = make_volunteer("shop")
    client.force_login(shopkeeper.user)
    resp = client.post("/aid/proxy/", {"need": "food", "people": 1, "place_text": PLACE, "proxy_detail": "shop",
                                       "address": "ร้านชำหน้าวัด"})
    assert resp.status_code == 303
    req = HelpRequest.objects.get()
    assert req.channel == "staff" and req.proxy_by == shopkeeper.user and req.proxy_detail == "shop"
    client.logout()
    assert client.get("/aid/proxy/").status_code == 302  # log in first


def test_volunteer_sign_up(client, group) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/aid/volunteer/", {
        "username": "newvol", "display_name": "อาสาใหม่", "password": "long-enough-pass", "organisation": group.slug,
        "place_text": PLACE, "radius_km": 10, "skills": ["driver"], "vehicle": "car", "vehicle_capacity": 10,
        "available_days": ["0", "1"], "available_from": "08:00", "available_until": "18:00",
        "max_tasks_per_day": 2})
    assert resp.status_code == 302 and resp["Location"] == "/aid/tasks/"
    vol = VolunteerProfile.objects.get(user__username__startswith="newvol.")
    assert not vol.verified and vol.available_days == "01" and vol.home_subdistrict.name_th == "รอบเวียง"
    assert "รอกลุ่มอาสายืนยันตัวตน" in client.get("/aid/tasks/").content.decode()


def test_api_create_and_422(client, group) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/api/v1/aid/requests", {"need": "medicine", "place_text": PLACE, "answers": {"spo2": 91},
                                                    "phone": "0811234567", "address": "9 หมู่ 2"},
                       content_type="application/json")
    assert resp.status_code == 201 and resp.json()["urgency"] == 4 and len(resp.json()["receipt"]) == 24
    status = client.post("/api/v1/aid/requests/status", {"receipt": resp.json()["receipt"]},
                         content_type="application/json")
    assert status.json()["state"] == "new"
    bad = client.post("/api/v1/aid/requests", {"need": "medicine"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["fields"][0]["field"] == "place"
    assert bad.json()["message_th"] and bad.json()["message_en"]
    wrong = client.post("/api/v1/aid/requests", {"need": "gold"}, content_type="application/json")
    assert wrong.status_code == 422
