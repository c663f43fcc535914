"""The web report form takes the same video and sound the chat takes (one list: the vault's),
judged by content; they are kept as encrypted originals only, so they are never published, even
when a moderator ticks them."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from phalang.watch import vault, workflow
from phalang.watch.models import Evidence, Report
from tests.engines.evidence.helpers import iso_media, mp3_audio
from tests.watch.cases import cast  # noqa: F401
from tests.watch.test_web_report import RECEIPT, _form


def test_the_form_offers_video_and_sound(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/report/").content.decode()
    accept = html.split('name="evidence"')[0].rsplit("<input", 1)[1] + html.split('name="evidence"')[1].split(">")[0]
    for mime in ("video/mp4", "video/quicktime", "audio/mp4", "audio/mpeg", "audio/amr", "application/pdf"):
        assert mime in accept, accept
    assert accept.count("video/mp4") == 1 and vault.ACCEPT in html


def test_video_and_sound_from_the_web_are_kept_as_originals_and_never_published(client, gazetteer, cast,  # type: ignore[no-untyped-def]  # noqa: F811
                                                                               verified_client) -> None:
    clip = SimpleUploadedFile("คลิป.mp4", iso_media(b"isom"), content_type="video/mp4")
    voice = SimpleUploadedFile("เสียง.mp3", mp3_audio(), content_type="audio/mpeg")
    disguised = SimpleUploadedFile("clip.mp4", b"<html><script>alert(1)</script></html>", content_type="video/mp4")
    resp = client.post("/report/", {**_form(), "evidence": [clip, disguised]})
    assert "MP4" in resp.content.decode() and not Report.objects.exists()  # the rule, nothing half-saved
    clip.seek(0)
    resp = client.post("/report/", {**_form(), "evidence": [clip, voice]}, follow=True)
    assert RECEIPT.search(resp.content.decode())
    report = Report.objects.get()
    assert sorted(report.evidence.values_list("kind", flat=True)) == ["mp3", "mp4"]
    for ev in report.evidence.all():
        assert not ev.public_file and vault.read_original(ev) in (iso_media(b"isom"), mp3_audio())
    workflow.publish(report, by=cast["mod"], public_text="เทปูนบางกว่าแบบ",
                     evidence_ids=list(report.evidence.values_list("pk", flat=True)))
    assert not Evidence.objects.filter(published=True).exists()
    verified_client(cast["mod"])
    page = client.get(f"/moderation/{report.public_id}/")
    assert page.status_code == 200, page.status_code
    html = page.content.decode()
    assert "วิดีโอ 1" in html or "Video 1" in html
    ev = report.evidence.get(kind="mp4")
    assert client.get(f"/moderation/{report.public_id}/evidence/{ev.pk}/public/").status_code == 404
