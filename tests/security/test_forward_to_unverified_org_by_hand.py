"""Audit item 6: a hand-made POST forwarded a case to an unverified organisation, whose staff
could then read it; the verified-only rule lived only in the form. It lives in the action now."""

from __future__ import annotations

import pytest

from phalang.watch import workflow


def test_a_hand_made_post_cannot_forward_to_an_unverified_org(
        client, forwarded_case, make_org, make_user, verified_client) -> None:  # type: ignore[no-untyped-def]
    report, mod = forwarded_case["report"], forwarded_case["mod"]
    shady = make_org("shady-foundation")  # not verified
    insider = make_user("insider", org=shady, role="admin")
    c = verified_client(mod)
    page = c.get(f"/moderation/{report.public_id}/").content.decode()
    assert shady.name_th not in page  # the form never offered it
    c.post(f"/moderation/{report.public_id}/act/", {"action": "forward", "organisation": [shady.pk]})
    report.refresh_from_db()
    assert shady not in report.forwarded_to.all()
    c.logout()
    c = verified_client(insider)
    assert c.get(f"/partner/{report.public_id}/").status_code == 404


def test_the_action_refuses_unverified_orgs(forwarded_case, make_org) -> None:  # type: ignore[no-untyped-def]
    shady = make_org("shady-foundation")
    with pytest.raises(workflow.WorkflowError):
        workflow.forward(forwarded_case["report"], to=[shady], by=forwarded_case["mod"])
    assert shady not in forwarded_case["report"].forwarded_to.all()


def test_the_refusal_is_in_the_page_language_only(forwarded_case, make_org, verified_client) -> None:  # type: ignore[no-untyped-def]
    report, mod = forwarded_case["report"], forwarded_case["mod"]
    shady = make_org("shady-foundation")
    c = verified_client(mod)
    page = c.post(f"/moderation/{report.public_id}/act/", {"action": "forward", "organisation": [shady.pk]},
                  follow=True).content.decode()
    assert "ส่งต่อได้เฉพาะองค์กรที่ยืนยันตัวตนแล้ว" in page and shady.name_th in page
    assert "only verified organisations" not in page
