"""The party or agency answers an ask itself, at a private link (an unguessable token, stored only
as a keyed hash, that expires); the answer becomes the tracked commitment and the tracker says it
was answered by them. A facilitator may still type an answer in on their behalf, and the tracker
then says so.

Before: only the facilitator could record an answer, and the tracker showed it as the party's.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from phalang.audit.models import AuditEntry
from phalang.chat.loops import drain
from phalang.coalition import actions
from phalang.coalition.models import Ask, Commitment
from phalang.deliberation import actions as talk
from tests.deliberation.conftest import SEEDS, two_camps


@pytest.fixture(autouse=True)
def fast(settings):  # type: ignore[no-untyped-def]
    settings.OUTBOX_RATES = {"line": 1e9, "line_multicast": 1e9, "telegram": 1e9, "email": 1e9, "sms": 1e9}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def setting(watchdog, make_org, make_user, verified_client):  # type: ignore[no-untyped-def]
    conv = talk.create_conversation(organisation=watchdog, topic="อนาคตของชุมชนเรา", seeds=SEEDS, is_open=True)
    statements = two_camps(conv)
    talk.recompute(conv)
    ground = statements[4]
    assert ground.pk in actions.common_ground(conv)
    party = make_org("open-party", "political_party")
    party.public_email = "answers@open-party.example"
    party.save()
    agency = make_org("city-works", "agency")  # no e-mail in the directory
    staff = verified_client(make_user("facilitator", org=watchdog, role="campaigner"))
    return conv, ground, party, agency, staff


def _ask(staff, conv, ground, to, org) -> Ask:  # type: ignore[no-untyped-def]
    resp = staff.post(f"/coalition/asks/conversation/{conv.pk}/",
                      {"form": "ask", "statement": ground.pk, "organisation": org.pk, "addressed_to": to.pk,
                       "text": "ขอให้บรรจุเรื่องนี้ในแผนงานปีหน้า"})
    assert resp.status_code == 302
    return Ask.objects.filter(addressed_to=to).latest("pk")


def _path(url: str) -> str:
    return re.search(r"(/coalition/answer/[^/\s]+/)", url).group(1)


def test_the_party_answers_at_its_own_link(setting, watchdog) -> None:  # type: ignore[no-untyped-def]
    conv, ground, party, _agency, staff = setting
    ask = _ask(staff, conv, ground, party, watchdog)
    drain()
    [email] = [m for m in mail.outbox if m.to == ["answers@open-party.example"]]
    link = _path(email.body)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 32 and token not in str(Ask.objects.filter(pk=ask.pk).values().get())  # hashed only
    assert Client().get("/coalition/answer/" + "x" * len(token) + "/").status_code == 404

    party_browser = Client()
    page = party_browser.get(link, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'id="answer-form"' in page and "ขอให้บรรจุเรื่องนี้ในแผนงานปีหน้า" in page
    ask.refresh_from_db()
    assert ask.state == "sent"  # opening the link answers nothing

    resp = party_browser.post(link, {"title": "", "official": ""}, HTTP_ACCEPT_LANGUAGE="th")
    assert resp.status_code == 400 and "ชื่อและตำแหน่ง" in resp.content.decode()
    assert not Commitment.objects.exists()

    resp = party_browser.post(link, {"title": "บรรจุในแผนงานปี 2570", "official": "นายสมชาย ใจดี รองหัวหน้าพรรค",
                                     "description": "เสนอต่อที่ประชุมพรรคภายในเดือนมีนาคม"})
    c = Commitment.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/coalition/commitments/{c.public_id}/"
    assert (c.made_by, c.tracked_by, c.made_by_official) == (party, watchdog, "นายสมชาย ใจดี รองหัวหน้าพรรค")
    ask.refresh_from_db()
    assert (ask.state, ask.answered_by, ask.commitment) == ("answered", "addressee", c)
    entry = AuditEntry.objects.filter(action="ask.answer").get()
    assert entry.data["answered_by"] == "addressee" and entry.actor_id is None

    public = Client().get(resp["Location"], HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'data-by="addressee"' in public and "ตอบโดยพรรคหรือหน่วยงานเอง" in public
    tracker = Client().get("/coalition/commitments/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'data-by="addressee"' in tracker
    assert Client().get("/coalition/commitments/export.json").json()["commitments"][0]["answered_by"] == "addressee"

    # The link is spent: it shows the answer, and a second post adds nothing.
    again = party_browser.post(link, {"title": "อีกข้อ", "official": "ใครก็ได้"})
    assert 'id="answer-state"' in again.content.decode() and Commitment.objects.count() == 1


def test_links_expire_and_a_new_one_voids_the_old(setting, watchdog) -> None:  # type: ignore[no-untyped-def]
    conv, ground, _party, agency, staff = setting
    url = f"/coalition/asks/conversation/{conv.pk}/"
    ask = _ask(staff, conv, ground, agency, watchdog)
    assert not mail.outbox  # no e-mail for this agency: the facilitator passes the link on
    page = staff.post(url, {"form": "link", "ask": ask.pk}, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    first = _path(re.search(r'id="answer-link">([^<]+)<', page).group(1))
    page = staff.post(url, {"form": "link", "ask": ask.pk}).content.decode()
    second = _path(re.search(r'id="answer-link">([^<]+)<', page).group(1))
    assert Client().get(first).status_code == 404  # a new link voids the old one
    assert staff.get(url).content.decode().count('id="answer-link"') == 0  # shown once only

    Ask.objects.filter(pk=ask.pk).update(answer_link_expires_at=timezone.now() - timedelta(minutes=1))
    resp = Client().post(second, {"title": "ซ่อมถนนภายใน 90 วัน", "official": "ผู้อำนวยการกองช่าง"},
                         HTTP_ACCEPT_LANGUAGE="th")
    assert resp.status_code == 410 and "หมดอายุ" in resp.content.decode()
    assert "ลิงก์ตอบของผู้รับหมดอายุแล้ว" in staff.get(url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert not Commitment.objects.exists()
    with pytest.raises(actions.AnswerLinkError):
        actions.answer_ask(second.rstrip("/").rsplit("/", 1)[1], title="x", official="y")


def test_the_facilitator_fallback_is_marked_as_such(setting, watchdog) -> None:  # type: ignore[no-untyped-def]
    conv, ground, party, _agency, staff = setting
    ask = _ask(staff, conv, ground, party, watchdog)
    drain()
    link = _path(mail.outbox[-1].body)
    resp = staff.post(f"/coalition/asks/conversation/{conv.pk}/",
                      {"form": "answer", "ask": ask.pk, "title": "รับไปพิจารณา",
                       "source_title": "หนังสือตอบจากพรรค ลงวันที่ 1 ธ.ค."})
    c = Commitment.objects.get()
    assert resp["Location"] == f"/coalition/commitments/{c.public_id}/"
    public = Client().get(resp["Location"], HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'data-by="facilitator"' in public and "บันทึกโดยผู้ดำเนินเวทีแทน" in public
    assert 'data-by="addressee"' not in public
    # The party's own link now shows the recorded answer rather than a second form.
    page = Client().get(link, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'id="answer-form"' not in page and c.public_id in page
