"""Facilitator pages need a login and deliberation.facilitate in the conversation's organisation."""

from __future__ import annotations

import pytest

from phalang.deliberation.models import Conversation
from phalang.orgs.roles import Role

pytestmark = pytest.mark.django_db

GET_PAGES = ["/talk/manage/{pk}/", "/talk/manage/{pk}/moderation/", "/talk/manage/{pk}/report/",
             "/talk/manage/{pk}/report.csv"]
POST_PAGES = ["/talk/manage/{pk}/", "/talk/manage/{pk}/state/", "/talk/manage/{pk}/recompute/",
              "/talk/manage/{pk}/moderation/"]


def test_staff_of_another_organisation_get_403_everywhere(verified_client, make_org, make_user,  # type: ignore[no-untyped-def]
                                                           conversation) -> None:
    other = make_org("other-org")
    client = verified_client(make_user("outsider", org=other, role=Role.ADMIN))
    for url in GET_PAGES:
        assert client.get(url.format(pk=conversation.pk)).status_code == 403, url
    for url in POST_PAGES:
        assert client.post(url.format(pk=conversation.pk), {"open": "0", "topic": "x"}).status_code == 403, url
    conversation.refresh_from_db()
    assert conversation.is_open and conversation.topic != "x"
    assert conversation.topic not in client.get("/talk/manage/").content.decode()


def test_a_moderator_without_the_permission_gets_403(verified_client, make_user, org, conversation) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(make_user("mod", org=org, role=Role.MODERATOR))
    assert client.get("/talk/manage/").status_code == 403
    assert client.get("/talk/manage/new/").status_code == 403
    for url in GET_PAGES:
        assert client.get(url.format(pk=conversation.pk)).status_code == 403, url


def test_anonymous_visitors_are_sent_to_login(client, conversation) -> None:  # type: ignore[no-untyped-def]
    for url in [*GET_PAGES, "/talk/manage/", "/talk/manage/new/"]:
        resp = client.get(url.format(pk=conversation.pk))
        assert resp.status_code == 302 and "/accounts/login/" in resp["Location"], url


def test_own_coordinator_creates_opens_and_closes(verified_client, facilitator, org, make_org) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(facilitator)
    other = make_org("not-mine")
    refused = client.post("/talk/manage/new/", {"organisation": other.pk, "topic": "ของคนอื่น"})
    assert refused.status_code == 200 and not Conversation.objects.filter(topic="ของคนอื่น").exists()
    resp = client.post("/talk/manage/new/", {"organisation": org.pk, "topic": "ถนนในตำบลเรา",
                                             "description": "คุยกัน", "seeds": "ถนนควรมีไฟ\nควรมีทางม้าลาย\n"})
    assert resp.status_code == 302
    conv = Conversation.objects.get(topic="ถนนในตำบลเรา")
    assert conv.statements.count() == 2 and not conv.is_open
    for url in GET_PAGES:
        assert client.get(url.format(pk=conv.pk)).status_code == 200, url
    client.post(f"/talk/manage/{conv.pk}/state/", {"open": "1"})
    conv.refresh_from_db()
    assert conv.is_open
    client.post(f"/talk/manage/{conv.pk}/state/", {"open": "0"})
    conv.refresh_from_db()
    assert not conv.is_open
