"""A coordinator edits the group's crisis kit beyond words: its needs, vehicles and triage questions.

The forms and the chat then offer and ask only those; every change is audited; only the group's
own coordinators may make it; a bad selection changes nothing.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from phalang.aid import actions, chat, kits
from phalang.aid.models import KitChoice
from phalang.audit.models import AuditEntry
from tests.aid.conftest import CHIANG_MAI

FLOOD = kits.KITS["flood"]


def _post(client, slug: str, **fields):  # type: ignore[no-untyped-def]
    data = {"kit": "flood", "customise": "1", "extra_words": "", **fields}
    return client.post(f"/aid/coordinate/{slug}/kit/", data, follow=True)


def test_coordinator_changes_needs_vehicles_and_questions(verified_client, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(flood_coordinator)
    page = client.get(f"/aid/coordinate/{flood_group.slug}/kit/").content.decode()
    assert 'name="needs" value="boat" checked' in page and 'name="needs" value="masks">' in page
    # Mud after the water goes down: masks instead of shelter; vans too; no food question, but burns.
    needs = [n for n in FLOOD.needs if n != "shelter"] + ["masks"]
    vehicles = [*FLOOD.vehicles, "van"]
    questions = [q for q in FLOOD.questions if q != "no_food"] + ["burns"]
    resp = _post(client, flood_group.slug, needs=needs, vehicles=vehicles, questions=questions,
                 extra_words="หน้ากากกันฝุ่น=masks")
    assert resp.status_code == 200
    kit = actions.kit_for(flood_group)
    assert "masks" in kit.needs and "shelter" not in kit.needs
    assert kit.needs[0] == "evacuation"  # the kit's priority order is kept
    assert "van" in kit.vehicles
    assert "burns" in kit.questions and "no_food" not in kit.questions
    assert kit.needs_in_text("ขอหน้ากากกันฝุ่น 20 ชิ้น") == ["masks"]
    # The web form offers and asks exactly that, and still asks where to go.
    form = client.get("/aid/", {"group": flood_group.slug}).content.decode()
    assert 'value="masks"' in form and 'value="shelter"' not in form
    assert 'name="burns"' in form and 'name="no_food"' not in form and 'name="address"' in form
    # So does the chat.
    keys = [k for k, _t, _kind in chat.questions_for("food", place_text=CHIANG_MAI)]
    assert "no_food" not in keys and keys[-1] == "address"
    entry = AuditEntry.objects.filter(action="aid.kit.set").latest("pk")
    assert entry.data["needs"] == list(kit.needs) and entry.data["questions"] == list(kit.questions)
    assert entry.data["vehicles"] == list(kit.vehicles)


def test_a_bad_selection_changes_nothing(verified_client, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(flood_coordinator)
    before = list(KitChoice.objects.values())
    audited = AuditEntry.objects.filter(action="aid.kit.set").count()
    resp = _post(client, flood_group.slug, needs=[], vehicles=list(FLOOD.vehicles), questions=list(FLOOD.questions))
    assert "เลือกความต้องการอย่างน้อยหนึ่งอย่าง" in resp.content.decode()
    # A word for a need the group no longer offers.
    resp = _post(client, flood_group.slug, needs=["water", "food"], vehicles=["boat"], questions=[],
                 extra_words="เรือ=boat")
    assert "ไม่อยู่ในชุดนี้" in resp.content.decode()
    resp = _post(client, flood_group.slug, needs=["water", "helicopter"], vehicles=["boat"], questions=[])
    assert "helicopter" in resp.content.decode()
    assert list(KitChoice.objects.values()) == before
    assert AuditEntry.objects.filter(action="aid.kit.set").count() == audited


def test_picking_another_kit_starts_from_its_own(verified_client, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(flood_coordinator)
    _post(client, flood_group.slug, needs=["water", "food"], vehicles=["boat"], questions=["trapped"])
    assert actions.kit_for(flood_group).needs == ("water", "food")
    # The ticks on the page were the flood kit's: the epidemic kit comes with its own.
    _post(client, flood_group.slug, kit="epidemic", needs=["water", "food"], vehicles=["boat"], questions=["trapped"])
    kit = actions.kit_for(flood_group)
    assert kit.slug == "epidemic" and kit.needs == kits.KITS["epidemic"].needs
    assert KitChoice.objects.get(organisation=flood_group).needs == []  # nothing stored beyond the kit


def test_only_the_groups_coordinators_edit_its_kit(verified_client, flood_group, make_org, make_user) -> None:  # type: ignore[no-untyped-def]
    outsider = make_user("outsider", org=make_org("other-group", kind="volunteer_group"), role="coordinator")
    resp = verified_client(outsider).post(f"/aid/coordinate/{flood_group.slug}/kit/", {
        "kit": "flood", "customise": "1", "needs": ["water"], "vehicles": ["boat"]})
    assert resp.status_code == 403
    with pytest.raises(PermissionDenied):
        actions.set_kit(flood_group, "flood", by=outsider, needs=["water"])
    assert actions.kit_for(flood_group).needs == FLOOD.needs


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_kit_page_at_360px(page, tmp_path, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    import os
    from pathlib import Path

    from playwright.sync_api import expect

    from tests.conftest import browser_login

    browser_login(page, flood_coordinator, f"/aid/coordinate/{flood_group.slug}/kit/")
    page.wait_for_url(f"**/aid/coordinate/{flood_group.slug}/kit/")
    page.locator("#kit-needs input[value=masks]").check()
    page.locator("#kit-questions input[value=no_food]").uncheck()
    page.locator("#kit-form button").click()
    page.wait_for_url(f"**/aid/coordinate/{flood_group.slug}/kit/")
    expect(page.locator("#kit-needs input[value=masks]")).to_be_checked()
    assert "no_food" not in actions.kit_for(flood_group).questions
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    page.evaluate("window.scrollBy(0, document.querySelector('#kit-needs').getBoundingClientRect().top - 8)")
    page.screenshot(path=str(tmp_path / "aid-kit-360.png"))
    if os.environ.get("PHALANG_DOCS_SCREENSHOTS") == "1":  # refresh the guide's picture
        page.screenshot(path=str(Path(__file__).resolve().parents[2] / "docs" / "img" / "aid-kit-360.png"))
    assert not page.console_errors
