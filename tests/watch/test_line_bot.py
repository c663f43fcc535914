"""The whole LINE dialog, driven by signed webhooks; replies and photo downloads go over HTTP
to a fake LINE API server on loopback, through the real line-bot-sdk client."""

from __future__ import annotations

import json

from django.db import connection

from phalang.chat.loops import drain
from phalang.chat.models import DialogSession, InboundEvent
from phalang.messaging.models import OutboundMessage
from phalang.watch import vault
from phalang.watch.models import Evidence, Report
from tests.fakes import line as fl
from tests.watch.conftest import LINE_SECRET
from tests.watch.helpers import has_gps, jpeg_with_gps


def send(client, *events):  # type: ignore[no-untyped-def]
    body, headers = fl.signed_webhook(LINE_SECRET, list(events))
    resp = client.post("/webhooks/line", body, content_type="application/json",
                       HTTP_X_LINE_SIGNATURE=headers["X-Line-Signature"])
    assert resp.status_code == 200
    drain()


def last_texts(server, n=1):  # type: ignore[no-untyped-def]
    return server.texts()[-n:]


def test_report_by_line_from_menu_to_receipt(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user = fl.user_id()
    send(client, fl.follow_event(user=user))
    assert "พลัง" in last_texts(line)[0]
    send(client, fl.postback_event("act=report", user=user))
    reply = line.replies[-1]["messages"][0]
    assert "เลือกประเภท" in reply["text"]
    labels = [i["action"]["label"] for i in reply["quickReply"]["items"]]
    assert "การทุจริต" in labels and "ยกเลิก" in labels
    send(client, fl.postback_event("cat=corruption", user=user))
    send(client, fl.text_event("สั้น", user=user))
    assert "อย่างน้อย" in last_texts(line)[0]  # too short: asked again
    send(client, fl.text_event("เจ้าหน้าที่เรียกเก็บเงินใต้โต๊ะ 500 บาทเพื่อออกใบอนุญาต", user=user))
    send(client, fl.location_event(13.61, 100.72, user=user))
    assert "รูป" in last_texts(line)[0]
    photo_id = fl.message_id()
    line.add_content(photo_id, jpeg_with_gps())
    send(client, fl.image_event(message=photo_id, user=user))
    assert "ได้รับรูปที่ 1" in last_texts(line)[0]
    send(client, fl.postback_event("act=done", user=user))
    assert "ตรวจสอบก่อนส่ง" in last_texts(line)[0]
    assert Report.objects.count() == 0
    send(client, fl.text_event("ยืนยัน", user=user))
    receipt = last_texts(line, 3)[1]
    assert len(receipt) == 24

    report = Report.objects.get()
    assert report.channel == "line" and report.category.slug == "corruption"
    assert report.subdistrict.name_th == "บางพลีใหญ่"
    ev = Evidence.objects.get()
    assert ev.report == report and not has_gps(vault.read_public(ev))
    assert [r.path for r in line.requests if "content" in r.path] == [f"/v2/bot/message/{photo_id}/content"]
    # The LINE user id is nowhere in the database in clear text.
    with connection.cursor() as cur:
        for table in ("watch_report", "channels_inboundevent", "channels_dialogsession",
                      "channels_outboundmessage", "audit_auditentry"):
            cur.execute(f"SELECT * FROM {table}")
            assert user not in repr(cur.fetchall()), table
    # "My reports" finds it by the keyed hash.
    send(client, fl.postback_event("act=follow", user=user))
    send(client, fl.postback_event("act=mine", user=user))
    assert "การทุจริต" in last_texts(line)[0]


def test_cancel_and_back_work_at_every_step(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user = fl.user_id()
    send(client, fl.text_event("แจ้งเรื่อง", user=user))
    send(client, fl.postback_event("cat=environment", user=user))
    send(client, fl.text_event("ย้อนกลับ", user=user))
    assert "เลือกประเภท" in last_texts(line)[0]
    send(client, fl.postback_event("cat=environment", user=user))
    send(client, fl.text_event("ยกเลิก", user=user))
    assert "ยกเลิกแล้ว" in last_texts(line)[0]
    assert DialogSession.objects.get().state["step"] == "idle"
    assert Report.objects.count() == 0


def test_forged_or_missing_signature_is_401_and_writes_nothing(client, db, channels) -> None:  # type: ignore[no-untyped-def]
    body, headers = fl.signed_webhook("not-the-secret", [fl.text_event("แจ้งเรื่อง")])
    assert client.post("/webhooks/line", body, content_type="application/json",
                       HTTP_X_LINE_SIGNATURE=headers["X-Line-Signature"]).status_code == 401
    assert client.post("/webhooks/line", body, content_type="application/json").status_code == 401
    good_body, good = fl.signed_webhook(LINE_SECRET, [fl.text_event("แจ้งเรื่อง")])
    tampered = good_body.replace("แจ้งเรื่อง".encode(), "ยกเลิก".encode())
    assert client.post("/webhooks/line", tampered, content_type="application/json",
                       HTTP_X_LINE_SIGNATURE=good["X-Line-Signature"]).status_code == 401
    assert InboundEvent.objects.count() == 0


def test_connection_check_and_malformed_body(client, db, channels) -> None:  # type: ignore[no-untyped-def]
    body, headers = fl.signed_webhook(LINE_SECRET, [])
    assert client.post("/webhooks/line", body, content_type="application/json",
                       HTTP_X_LINE_SIGNATURE=headers["X-Line-Signature"]).status_code == 200
    junk = b'{"events": "nope"}'
    assert client.post("/webhooks/line", junk, content_type="application/json",
                       HTTP_X_LINE_SIGNATURE=fl.line_signature(LINE_SECRET, junk)).status_code == 400
    assert InboundEvent.objects.count() == 0


def test_redelivered_event_gives_one_report_and_one_reply(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user = fl.user_id()
    for ev in (fl.text_event("แจ้งเรื่อง", user=user), fl.postback_event("cat=other", user=user),
               fl.text_event("น้ำประปาไม่ไหลมาสามวันแล้วทั้งหมู่บ้าน", user=user),
               fl.postback_event("act=skip", user=user), fl.postback_event("act=done", user=user)):
        send(client, ev)
    confirm = fl.text_event("ยืนยัน", user=user)
    send(client, confirm)
    replies_before = len(line.replies)
    again = json.loads(json.dumps(confirm))
    again["deliveryContext"]["isRedelivery"] = True
    send(client, again)
    send(client, again)
    assert Report.objects.count() == 1
    assert len(line.replies) == replies_before
    assert OutboundMessage.objects.filter(state="sent").count() == len(line.replies)


def test_receipt_from_the_web_works_over_line_and_the_reverse(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    web = client.post("/api/v1/reports", {"category": "corruption", "description": "ผู้ใหญ่บ้านเก็บค่าหัวคิวแรงงาน",
                                          "anonymity": "anonymous"}, content_type="application/json").json()["receipt"]
    user = fl.user_id()
    send(client, fl.postback_event("act=follow", user=user))
    send(client, fl.text_event(web.replace("-", " "), user=user))
    status = line.replies[-1]["messages"][0]  # a status card; its plain text is the alternative text
    assert status["type"] == "flex" and status["altText"].startswith("สถานะ:")
    send(client, fl.postback_event("act=add", user=user))
    send(client, fl.text_event("เห็นอีกครั้งเมื่อวานที่ตลาด", user=user))
    report = Report.objects.get(channel="api")
    assert report.messages.get().body == "เห็นอีกครั้งเมื่อวานที่ตลาด"
    # ...and a LINE receipt on the web status page.
    for ev in (fl.text_event("แจ้งเรื่อง", user=user), fl.postback_event("cat=other", user=user),
               fl.text_event("ทางเท้าหน้าโรงพยาบาลพังเป็นหลุมใหญ่", user=user),
               fl.postback_event("act=skip", user=user), fl.postback_event("act=done", user=user),
               fl.postback_event("act=confirm", user=user)):
        send(client, ev)
    line_receipt = last_texts(line, 3)[1]
    page = client.post("/status/", {"receipt": line_receipt}, follow=True)
    assert page.status_code == 200 and "ทางเท้า" not in page.content.decode()  # the story is not echoed
    assert 'id="status"' in page.content.decode()


def test_line_summary_keeps_the_district_typed(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    """A user trial: "เชียงใหม่ แม่ริม" showed as "สถานที่: เชียงใหม่" before sending."""
    line, _tg, _sms = channels
    user = fl.user_id()
    send(client, fl.postback_event("act=report", user=user))
    send(client, fl.postback_event("cat=corruption", user=user))
    send(client, fl.text_event("เจ้าหน้าที่เรียกเก็บเงินใต้โต๊ะ 500 บาทเพื่อออกใบอนุญาต", user=user))
    send(client, fl.text_event("เชียงใหม่ แม่ริม", user=user))
    send(client, fl.postback_event("act=done", user=user))
    assert "สถานที่: อำเภอแม่ริม จังหวัดเชียงใหม่" in last_texts(line)[0]
    send(client, fl.text_event("ยืนยัน", user=user))
    assert Report.objects.get().district.name_th == "แม่ริม"
