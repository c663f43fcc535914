"""The demo conversation: labelled, idempotent, with visible opinion groups."""

from __future__ import annotations

import pytest

from phalang.deliberation import demo, opinion
from phalang.deliberation.models import Conversation
from phalang.deliberation.views import COOKIE  # noqa: F401  (the app's pages import cleanly)

pytestmark = pytest.mark.django_db


def test_demo_seed_is_labelled_idempotent_and_grouped() -> None:
    demo.seed()
    demo.seed()
    conv = Conversation.objects.get(is_demo=True)
    assert conv.topic.startswith("[ตัวอย่าง]") and conv.is_open
    assert all(s.text.startswith("[ตัวอย่าง]") for s in conv.statements.all())
    assert conv.participants.count() == demo.N_PARTICIPANTS
    m = opinion.opinion_map(conv)
    assert m["ready"] and 2 <= len(m["groups"]) <= 3
    assert all(g["size"] >= opinion.MIN_GROUP for g in m["groups"])


def test_home_page_lists_the_module(client) -> None:  # type: ignore[no-untyped-def]
    assert b'href="/talk/"' in client.get("/").content
