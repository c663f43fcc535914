"""Video, voice, file and sticker messages are not read as empty text: files go through the
evidence vault with the web's own rules and limits, and a sticker gets a kind answer."""

from __future__ import annotations

from phalang.chat.models import DialogSession
from phalang.watch import vault
from phalang.watch.models import Evidence, Report
from tests.chat.helpers import line_event, line_reply_texts, line_send, tg_send
from tests.engines.evidence.helpers import iso_media, make_pdf, ogg_voice, zip_file
from tests.fakes import line as fl
from tests.fakes import telegram as ft

MP4 = iso_media(b"mp42")
WEB_RULE = f"รับเฉพาะไฟล์ {vault.ACCEPTED_NAMES} เท่านั้น"


def _to_photo_step(client, user) -> None:  # type: ignore[no-untyped-def]
    line_send(client, user, text="แจ้งเรื่อง")
    line_send(client, user, data="cat=corruption")
    line_send(client, user, text="ใบเสร็จค่าธรรมเนียมปลอม เก็บเงินเกินอัตราที่ประกาศ")
    line_send(client, user, data="act=skip")


def test_video_voice_and_pdf_are_evidence_and_a_zip_gets_the_webs_rule(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user = fl.user_id()
    _to_photo_step(client, user)
    video = fl.message_id()
    line.add_content(video, MP4, content_type="video/mp4")
    line_event(client, fl.media_event("video", message=video, user=user))
    assert "ได้รับวิดีโอที่ 1" in line_reply_texts(line)[0]
    voice = fl.message_id()
    line.add_content(voice, iso_media(b"M4A "), content_type="audio/m4a")
    line_event(client, fl.media_event("audio", message=voice, user=user))
    assert "ได้รับคลิปเสียงที่ 2" in line_reply_texts(line)[0]
    # Judged by content, not by the declared type: a ZIP said to be a video is refused.
    fake = fl.message_id()
    line.add_content(fake, zip_file(), content_type="video/mp4")
    line_event(client, fl.media_event("video", message=fake, user=user))
    text = line_reply_texts(line)[0]
    assert WEB_RULE in text and "ไม่พบจังหวัด" not in text
    pdf = fl.message_id()
    line.add_content(pdf, make_pdf(), content_type="application/pdf")
    line_event(client, fl.media_event("file", message=pdf, user=user, file_name="ใบเสร็จ.pdf"))
    assert "ได้รับไฟล์ที่ 3" in line_reply_texts(line)[0]
    line_send(client, user, data="act=done")
    assert "หลักฐาน: 3 ไฟล์" in line_reply_texts(line)[-1]
    line_send(client, user, data="act=confirm")
    report = Report.objects.get()
    kinds = sorted(report.evidence.values_list("kind", flat=True))
    assert kinds == ["m4a", "mp4", "pdf"]
    # Video and sound: the original only (encrypted like every original), no public copy.
    for ev in report.evidence.filter(kind__in=["mp4", "m4a"]):
        assert ev.original and not ev.public_file and ev.sha256
        assert vault.read_original(ev) in (MP4, iso_media(b"M4A "))


def test_a_file_larger_than_the_web_allows_is_refused(client, gazetteer, channels, settings) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    settings.PHALANG = {**settings.PHALANG, "EVIDENCE_MAX_MB": 1}
    user = fl.user_id()
    _to_photo_step(client, user)
    big = fl.message_id()
    line.add_content(big, make_pdf() + b"%" * (1024 * 1024 + 10), content_type="application/pdf")
    line_event(client, fl.media_event("file", message=big, user=user))
    assert "ใหญ่เกิน 1 MB" in line_reply_texts(line)[0]
    assert not Evidence.objects.exists()


def test_a_sticker_is_answered_kindly_and_the_dialog_goes_on(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user = fl.user_id()
    line_send(client, user, text="แจ้งเรื่อง")
    line_send(client, user, data="cat=corruption")
    line_send(client, user, text="มีการฮั้วประมูลจัดซื้อครุภัณฑ์ของโรงเรียน")
    line_event(client, fl.sticker_event(user=user))
    texts = line_reply_texts(line)
    assert "สติกเกอร์" in texts[0] and "เกิดขึ้นที่ไหน" in texts[1]
    assert "ไม่พบจังหวัด" not in " ".join(texts)
    assert DialogSession.objects.get().state["step"] == "loc"


def test_telegram_voice_and_document(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    _line, tg, _sms = channels
    chat = 7301
    tg_send(client, chat, text="/report")
    tg_send(client, chat, data="cat=public_service")
    tg_send(client, chat, text="รถพยาบาลมาช้ากว่าสองชั่วโมง ผู้ป่วยอาการทรุด")
    tg_send(client, chat, data="act=skip")
    tg.add_file("voice-1", ogg_voice())
    voice = ft.message_update("x", chat_id=chat)
    del voice["message"]["text"]
    voice["message"]["voice"] = {"file_id": "voice-1", "file_unique_id": "uv1", "duration": 5, "mime_type": "audio/ogg"}
    tg_send(client, chat, update=voice)
    assert "ได้รับคลิปเสียงที่ 1" in tg.texts(chat)[-1]
    tg.add_file("doc-1", make_pdf())
    doc = ft.message_update("x", chat_id=chat)
    del doc["message"]["text"]
    doc["message"]["document"] = {"file_id": "doc-1", "file_unique_id": "ud1", "file_name": "สัญญา.pdf"}
    tg_send(client, chat, update=doc)
    assert "ได้รับไฟล์ที่ 2" in tg.texts(chat)[-1]
