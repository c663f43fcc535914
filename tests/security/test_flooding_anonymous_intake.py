"""Audit item 10: anonymous reports, help requests, follows and votes had no rate limit (40
reports from one client in 0.2 s). Each is now limited per client, with a clear Thai message."""

from __future__ import annotations

import json

from phalang.lib.ratelimit import LIMITS
from phalang.watch.models import Report

A = {"REMOTE_ADDR": "203.0.113.50"}
B = {"REMOTE_ADDR": "198.51.100.60"}


def post_json(client, url: str, body: dict, who: dict):  # type: ignore[no-untyped-def, type-arg]
    return client.post(url, json.dumps(body), content_type="application/json", **who)


def test_report_flood_is_stopped_per_client(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    body = {"category": "other", "description": "ถนนหน้าวัดเป็นหลุมลึก รถล้มบ่อย"}
    codes = [post_json(client, "/api/v1/reports", body, A).status_code for _ in range(LIMITS["report"].count + 5)]
    assert codes.count(201) == LIMITS["report"].count and codes[-1] == 429
    last = post_json(client, "/api/v1/reports", body, A)
    assert "กรุณารอ" in last.json()["message_th"] and last.json()["message_en"] and last["Retry-After"]
    web = client.post("/report/", {"category": "other", "description": body["description"], "anonymity": "anonymous"},
                      **A)
    assert "กรุณารอ" in web.content.decode()
    assert Report.objects.count() == LIMITS["report"].count
    assert post_json(client, "/api/v1/reports", body, B).status_code == 201  # another client is not affected


def test_help_request_flood_is_stopped(client, gazetteer, settings, make_org) -> None:  # type: ignore[no-untyped-def]
    from phalang.aid.models import HelpRequest
    from phalang.places.models import Province

    group = make_org("aid-group", kind="volunteer_group", province=Province.objects.get(name_th="เชียงราย"))
    group.verified = True
    group.save()

    settings.PHALANG_LIMITS = {"help_request": "3/3600"}
    codes = [post_json(client, "/api/v1/aid/requests", {"need": "food", "details": f"ข้าวหมด {i}", "place_text": "ต.รอบเวียง อ.เมืองเชียงราย จ.เชียงราย", "phone": f"08112345{i:02d}", "address": f"บ้านเลขที่ {i}"}, A).status_code
             for i in range(5)]
    assert codes[:3] == [201] * 3 and codes[3:] == [429, 429]
    assert HelpRequest.objects.count() == 3


def test_follow_flood_is_stopped(client, make_org, settings) -> None:  # type: ignore[no-untyped-def]
    from phalang.coalition import actions

    settings.PHALANG_LIMITS = {"follow": "2/3600"}
    actions.create_campaign(organisation=make_org("watchdog"), slug="flood-cr", title="จับตาจัดซื้อ",
                            issue="ผู้เสนอราคารายเดียว", goals="เปิดเผยสัญญา")
    pages = [client.post("/coalition/campaigns/flood-cr/", {"channel": "sms", "address": f"08123456{n:02d}"},
                         **A).content.decode() for n in range(4)]
    assert ["กรุณารอ" in page for page in pages] == [False, False, True, True]
    assert "กรุณารอ" not in client.post("/coalition/campaigns/flood-cr/", {"channel": "sms", "address": "0899999999"},
                                        **B).content.decode()


def test_web_rsvp_flood_is_stopped(client, make_org, settings) -> None:  # type: ignore[no-untyped-def]
    """Each web sign-up messages the address typed in: a script may not use the form to spam."""
    from datetime import timedelta

    from django.utils import timezone

    from phalang.coalition import actions
    from phalang.coalition.models import Rsvp

    settings.PHALANG_LIMITS = {"rsvp": "2/3600"}
    event = actions.create_event(organisation=make_org("watchdog"), title="เวทีชาวบ้าน",
                                 starts_at=timezone.now() + timedelta(days=3))
    url = f"/coalition/events/{event.public_id}/"
    pages = [client.post(url, {"channel": "sms", "address": f"08123456{n:02d}"}, **A).content.decode()
             for n in range(4)]
    assert ["กรุณารอ" in page for page in pages] == [False, False, True, True]
    assert Rsvp.objects.count() == 2
    assert "กรุณารอ" not in client.post(url, {"channel": "sms", "address": "0899999999"}, **B).content.decode()


def test_vote_flood_is_stopped(client, make_org, settings) -> None:  # type: ignore[no-untyped-def]
    from phalang.deliberation import actions
    from phalang.deliberation.models import Vote

    settings.PHALANG_LIMITS = {"vote": "3/3600"}
    conv = actions.create_conversation(organisation=make_org("talk"), topic="อนาคตชุมชน", description="ทดสอบ",
                                       seeds=["ทุกซอยควรมีไฟส่องสว่าง", "ควรเก็บขยะทุกวัน", "ควรห้ามจอดบนทางเท้า",
                                              "ตลาดควรย้ายออก", "งบชุมชนควรเปิดเผย"], is_open=True)
    codes = []
    for statement in conv.statements.all():
        client.cookies.clear()  # a fresh participant each time: the limit is per client, not per cookie
        codes.append(post_json(client, f"/api/v1/talk/conversations/{conv.pk}/votes",
                               {"statement": statement.pk, "vote": 1}, A).status_code)
    assert codes == [201, 201, 201, 429, 429]
    assert Vote.objects.count() == 3
