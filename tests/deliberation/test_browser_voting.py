"""Headless Chromium: a participant votes through statements without an account and sees the map."""

from __future__ import annotations

import pytest

from phalang.deliberation import actions
from tests.deliberation.conftest import two_camps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_participant_votes_and_sees_the_opinion_map(page, conversation) -> None:  # type: ignore[no-untyped-def]
    two_camps(conversation, per_group=8)
    actions.recompute(conversation)
    page.goto(f"{page.base_url}/talk/{conversation.pk}/")
    shown = []
    for _ in range(conversation.statements.count()):
        shown.append(page.locator("#statement-text").inner_text())
        index = [s.text for s in conversation.statements.order_by("id")].index(shown[-1])
        # Vote like camp A: agree with the first half and the shared statement.
        page.locator("button.agree" if index < 4 or index == 4 else "button.disagree").click()
    assert len(set(shown)) == len(shown)
    assert page.locator("#all-done").is_visible()
    assert page.locator("#group-A").is_visible() and page.locator("#group-B").is_visible()
    assert "8" in page.locator("#group-A").inner_text()
    actions.recompute(conversation)  # what the background task does after the votes
    page.reload()
    you = page.locator("#you").inner_text()
    assert "A" in you or "B" in you
    # Participants as dots (the 16 voters of the two camps and this one), the two groups labelled,
    # and this participant's own dot marked.
    assert page.locator("svg.talk-dots circle.dot").count() == 17
    assert page.locator("svg.talk-dots text.group-label").count() == 2
    assert page.locator("#you-dot").count() == 1
    assert not page.console_errors, page.console_errors  # e.g. a CSP violation
