"""Gaps from the last user trial: words that fit the channel, and a place typed as people type it.

- By SMS, a place that is not found was refused with the web form's words, "ปักหมุด" (set a pin):
  an SMS has no map. The refusal says what to type instead, in one SMS each.
- "สารภี เชียงใหม่" (a subdistrict and its province, no district) was refused at volunteer sign-up
  while a spreadsheet row with the same place imports: the engine stops at the province because
  สารภี is also a district's name; the one subdistrict of that name there is the place.
- The help form's map warned about a far pin with the Watch report's words ("ส่งเรื่อง").
- ``phalang aid import --json`` prints Thai as Thai (not \\u0e.. escapes).
"""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from phalang.aid import actions
from tests.chat.helpers import sms_send


def test_sms_refusal_for_a_place_says_what_to_type(client, channels, settings, group) -> None:  # type: ignore[no-untyped-def]
    _line, _tg, sms = channels
    settings.SMS_SHARED_SECRET = "sms-secret-aid"
    before = len(sms.messages)
    sms_send(client, "ขอความช่วยเหลือ อาหาร 3 บ้านป้าแถวตลาด", sender="+66 89 555 4444")
    replies = [m["text"] for m in sms.messages[before:]]
    assert replies and not any("หมุด" in r for r in replies)  # no map on a phone that only sends SMS
    assert any("ตำบล อำเภอ จังหวัด" in r for r in replies)
    assert any("ขอความช่วยเหลือ อาหาร 3 ต." in r for r in replies)  # an example to copy
    assert all(len(r) <= 70 for r in replies)


def test_subdistrict_and_province_without_district_at_sign_up(flood_group, make_user) -> None:  # type: ignore[no-untyped-def]
    vol = actions.register_volunteer(make_user("saraphi"), flood_group, actions.VolunteerData(
        place_text="สารภี เชียงใหม่", vehicle="boat"))
    sub = vol.home_subdistrict
    assert (sub.name_th, sub.district.name_th, sub.district.province.name_th) == ("สารภี", "สารภี", "เชียงใหม่")
    assert (vol.home_lat, vol.home_lon) == (sub.lat, sub.lon)
    with pytest.raises(actions.AidInvalid):  # a province alone still says too little
        actions.register_volunteer(make_user("cm-only"), flood_group, actions.VolunteerData(
            place_text="เชียงใหม่", vehicle="boat"))


def test_subdistrict_and_province_in_a_help_request(group) -> None:  # type: ignore[no-untyped-def]
    req, _receipt = actions.file_help_request(actions.NewHelpRequest(
        need="food", place_text="สารภี เชียงใหม่", address="บ้านเลขที่ 5 หมู่ 1", phone="0815556666"))
    assert (req.subdistrict.name_th, req.district.name_th, req.province.name_th) == ("สารภี", "สารภี", "เชียงใหม่")


def test_the_help_form_warns_about_a_far_pin_in_its_own_words(client, group) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/aid/").content.decode()
    assert 'data-still-send="ส่งคำขอความช่วยเหลือได้ตามเดิม"' in html
    from django.contrib.staticfiles import finders

    script = open(finders.find("phalang/pin-map.js"), encoding="utf-8").read()
    assert "dataset.stillSend" in script  # the page's words, where it gives them


def test_import_json_keeps_thai(flood_group, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "rows.csv"
    path.write_text("ชื่อ,เบอร์,ตำบล,อำเภอ,จังหวัด,ความต้องการ\n"
                    "ป้าศรี,081-111-2222,ไม่มีตำบลนี้,ไม่มีอำเภอนี้,ไม่มีจังหวัดนี้,น้ำดื่ม\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("aid", "import", str(path), "--org", flood_group.slug, "--json")
    out = capsys.readouterr().out
    refused = json.loads(out)["refused"]
    assert refused and refused[0]["reason_th"].startswith("ไม่พบตำบล")
    assert "ไม่พบตำบล" in out and "ไม่มีตำบลนี้" in out  # as Thai, readable in a terminal or a log
    assert "\\u0e" not in out
