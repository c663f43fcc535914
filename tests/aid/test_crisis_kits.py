"""A coordinator picks a crisis kit; forms and chat ask only that kit's questions, always with an address.

Before: a food request over LINE asked 6 COVID questions (oxygen, SpO2, fever...) and no address.
"""

from __future__ import annotations

import pytest

from phalang.aid import actions, chat, kits
from phalang.aid.models import HelpRequest
from tests.aid.conftest import CHIANG_MAI

COVID = {"breathing", "spo2", "chest_pain", "fever"}


def test_food_in_a_flood_asks_flood_questions_and_an_address(flood_group) -> None:  # type: ignore[no-untyped-def]
    asked = chat.questions_for("food", place_text=CHIANG_MAI)
    keys = [k for k, _text, _kind in asked]
    assert not COVID & set(keys)
    assert {"trapped", "no_food", "no_water"} <= set(keys)
    assert keys[-1] == "address" and asked[-1][2] == "text"
    assert all(text for _k, text, _kind in asked)  # Thai text for every question
    # Evacuation asks about the water and patients, not about food.
    evac = [k for k, _t, _kind in chat.questions_for("evacuation", place_text=CHIANG_MAI)]
    assert "water_rising" in evac and "patient_at_home" in evac and "no_food" not in evac


@pytest.mark.parametrize("slug", ["flood", "epidemic", "fire", "heat"])
def test_every_kit_has_needs_vehicles_words_and_thai_questions(slug: str, db) -> None:  # type: ignore[no-untyped-def]
    kit = kits.KITS[slug]
    assert kit.needs and kit.vehicles and kit.synonyms and kit.questions
    for need in kit.needs:
        asked = actions.intake_questions(need)
        assert asked[-1] is kits.ADDRESS_QUESTION  # always where to go
    for q in kit.questions_for():
        assert q.text_th and any("\u0e00" <= c <= "\u0e7f" for c in q.text_th)
    assert set(kit.needs_in_text(" ".join(kit.synonyms))) <= set(kit.needs)


def test_flood_kit_words() -> None:
    kit = kits.KITS["flood"]
    assert kit.needs_in_text("น้ำดื่ม, ถุงยังชีพ") == ["water", "food"]
    assert kit.needs_in_text("ต้องการเรือออกมา") == ["boat"]
    assert kit.needs_in_text("อพยพ ผู้ป่วยติดเตียง")[0] == "evacuation"
    assert kit.needs_in_text("ส่งโรงพยาบาล") == ["medical_transport"]  # not the "ยา" inside it
    assert [kits.urgency_from_text(w) for w in ("ด่วนมาก", "ด่วน", "ปกติ", "ด่วนมาก!!", "3", "urgent", "")] == \
        [4, 3, 1, 4, 3, 3, None]


def test_web_form_asks_the_groups_kit(client, flood_group) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/aid/", {"group": flood_group.slug}).content.decode()
    assert 'name="trapped"' in html and 'name="spo2"' not in html and 'name="breathing"' not in html
    assert 'value="boat"' in html and 'value="oxygen"' not in html
    assert 'name="address"' in html
    resp = client.post(f"/aid/?group={flood_group.slug}", {
        "need": "evacuation", "people": 3, "trapped": "on", "place_text": CHIANG_MAI, "address": "12 หมู่ 4"})
    assert resp.status_code == 303 and "รหัสติดตาม" in client.get(resp["Location"]).content.decode()
    req = HelpRequest.objects.get()
    assert req.urgency == 4 and req.kit == "flood" and req.vehicle_required == "truck"


def test_a_request_says_where_to_go(client, flood_group) -> None:  # type: ignore[no-untyped-def]
    resp = client.post(f"/aid/?group={flood_group.slug}", {"need": "food", "people": 1, "place_text": CHIANG_MAI,
                                                           "phone": "0812345678"})
    assert resp.status_code == 200 and HelpRequest.objects.count() == 0
    assert "กรุณาให้ที่อยู่ หรือปักหมุดตำแหน่ง" in resp.content.decode()  # tests/aid/test_address_or_location_required.py


def test_coordinator_picks_the_kit_and_adds_words(verified_client, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(flood_coordinator)
    url = f"/aid/coordinate/{flood_group.slug}/kit/"
    assert "น้ำท่วม" in client.get(url).content.decode()
    client.post(url, {"kit": "flood", "extra_words": "ข้าวสาร=food\nแพยาง=boat"})
    kit = actions.kit_for(flood_group)
    assert kit.needs_in_text("ขอแพยาง") == ["boat"] and kit.needs_in_text("ข้าวสาร 5 กก.") == ["food"]
    resp = client.post(url, {"kit": "flood", "extra_words": "ถังออกซิเจน=oxygen"}, follow=True)
    assert "oxygen" in resp.content.decode() and "ข้าวสาร" in str(actions.kit_for(flood_group).extra_synonyms)
