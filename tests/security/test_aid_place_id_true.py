"""Audit item 13: ``true`` was accepted as a place id on ``POST /api/v1/aid/requests`` (a JSON
boolean quietly became province 1). Place ids are whole numbers or Thai names, nothing else."""

from __future__ import annotations

import pytest

from phalang.aid.models import HelpRequest

PLACE = "ต.รอบเวียง อ.เมืองเชียงราย จ.เชียงราย"


@pytest.fixture
def group(gazetteer, make_org):  # type: ignore[no-untyped-def]
    from phalang.places.models import Province

    org = make_org("aid-group", kind="volunteer_group", province=Province.objects.get(name_th="เชียงราย"))
    org.verified = True
    org.save()
    return org


@pytest.mark.parametrize("field", ["province", "district", "subdistrict"])
@pytest.mark.parametrize("value", [True, False, 1.5])
def test_a_boolean_is_not_a_place(client, group, field, value) -> None:  # type: ignore[no-untyped-def]
    body = {"need": "food", "details": "ข้าวสารหมดแล้ว", "place_text": PLACE, "phone": "0811234567",
            "address": "บ้านเลขที่ 8 หมู่ 2"}
    resp = client.post("/api/v1/aid/requests", {**body, field: value}, content_type="application/json")
    assert resp.status_code == 422, resp.content[:300]
    assert resp.json()["message_th"] and resp.json()["message_en"]
    assert not HelpRequest.objects.exists()
    assert client.post("/api/v1/aid/requests", body, content_type="application/json").status_code == 201


def test_a_boolean_is_not_a_place_on_reports_either(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/api/v1/reports", {"category": "other", "description": "ถนนหน้าวัดเป็นหลุมลึกมาก",
                                           "province": True}, content_type="application/json")
    assert resp.status_code == 422
