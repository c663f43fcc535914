"""Keyboard only, no mouse: a person files a report, asks for help and votes, with Tab, Space,
the arrow keys and Enter. Every control of each form is reached in order, the focused control
is visibly marked, and the form is sent."""

from __future__ import annotations

from typing import Any

import pytest

from phalang.deliberation import actions as talk
from phalang.deliberation.models import Vote
from phalang.watch.models import Report
from tests.aid.conftest import group  # noqa: F401  (a volunteer group serving Chiang Rai)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  // A native date field's calendar button lives in the browser's own shadow tree, which draws
  // its own focus ring (the day, month and year parts show ours).
  const nativePart = el.type === 'date' && !el.matches(':focus');
  const ring = nativePart || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  return {tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', id: el.id,
          text: (el.innerText || el.value || '').trim().slice(0, 40), ring};
}"""

CONTROLS_JS = """(sel) => [...document.querySelectorAll(sel + ' :is(input,select,textarea,button)')]
  .filter((el) => el.type !== 'hidden' && !el.disabled && el.checkVisibility())
  .map((el) => el.type === 'radio' ? 'radio:' + el.name : (el.name || el.id || el.innerText.trim()))"""


def key(el: dict[str, Any]) -> str:
    return "radio:" + el["name"] if el["type"] == "radio" else (el["name"] or el["id"] or el["text"])


def tab_to(page, wanted: str, seen: list[dict[str, Any]], limit: int = 60) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Press Tab until the control named `wanted` has focus; every stop must show a focus ring."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        el = page.evaluate(FOCUSED_JS)
        assert el is not None, f"focus fell out of the page while looking for {wanted}"
        assert el["ring"], f"no visible focus ring on {el}"
        seen.append(el)
        if key(el) == wanted:
            return el
    raise AssertionError(f"{wanted} is never reached with Tab; reached: {[key(e) for e in seen]}")


def assert_every_control_reached(page, form: str, seen: list[dict[str, Any]]) -> None:  # type: ignore[no-untyped-def]
    controls = set(page.evaluate(CONTROLS_JS, form))
    reached = {key(e) for e in seen}
    assert controls <= reached, f"never reached with Tab: {sorted(controls - reached)}"


def test_report_form_by_keyboard(page, gazetteer) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/report/")
    seen: list[dict[str, Any]] = []
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED_JS)
    assert (skip["text"] == "ข้ามไปยังเนื้อหา" and skip["ring"]) or page.locator("a.skip").is_visible()
    tab_to(page, "radio:category", seen)
    page.keyboard.press("Space")  # checks the focused (first) category
    tab_to(page, "description", seen)
    page.keyboard.type("ถนนหน้าตลาดเป็นหลุมลึกมานานสามเดือน รถจักรยานยนต์ล้มเกือบทุกวัน")
    tab_to(page, "province", seen)
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    tab_to(page, "place_text", seen)
    page.keyboard.type("หน้าตลาดสด")
    submit = None
    for _ in range(40):
        page.keyboard.press("Tab")
        el = page.evaluate(FOCUSED_JS)
        assert el and el["ring"], f"no visible focus ring on {el}"
        seen.append(el)
        if el["tag"] == "button" and el["type"] == "submit":
            submit = el
            break
    assert submit is not None
    assert_every_control_reached(page, "#report-form", seen)
    before = Report.objects.count()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Report.objects.count() == before + 1
    assert page.locator("h1").count() == 1 and page.get_by_text("รหัสติดตาม").first.is_visible()


def test_help_request_form_by_keyboard(page, group) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from phalang.aid.models import HelpRequest

    page.goto(page.base_url + "/aid/")
    seen: list[dict[str, Any]] = []
    tab_to(page, "radio:need", seen)
    page.keyboard.press("Space")
    tab_to(page, "people", seen)
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    tab_to(page, "province", seen)  # left at "any": the place names the province
    tab_to(page, "place_text", seen)
    page.keyboard.type("ต.รอบเวียง อ.เมืองเชียงราย จ.เชียงราย")
    tab_to(page, "address", seen)  # an address or a pin: the address, by keyboard
    page.keyboard.type("บ้านเลขที่ 5 ซอยวัดรอบเวียง")
    tab_to(page, "phone", seen)
    page.keyboard.type("0812345678")
    tab_to(page, "consent", seen)
    page.keyboard.press("Space")
    tab_to(page, "details", seen)
    page.keyboard.type("น้ำท่วมบ้าน ต้องการอาหารและน้ำดื่ม")
    page.keyboard.press("Tab")
    el = page.evaluate(FOCUSED_JS)
    seen.append(el)
    assert el["tag"] == "button" and el["ring"]
    assert_every_control_reached(page, "main form", seen)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert not page.locator(".error").count(), page.locator(".error").all_inner_texts()
    assert HelpRequest.objects.count() == 1
    assert page.locator("h1").count() == 1


def test_vote_page_by_keyboard(page, make_org) -> None:  # type: ignore[no-untyped-def]
    conv = talk.create_conversation(organisation=make_org("talk-org"), topic="ทางเท้าในเมืองของเรา",
                                    seeds=["ควรห้ามจอดรถบนทางเท้า", "ควรปลูกต้นไม้ริมทางเท้า"], is_open=True)
    page.goto(f"{page.base_url}/talk/{conv.pk}/")
    seen: list[dict[str, Any]] = []
    first = page.locator("#statement-text").inner_text()
    el = tab_to(page, "vote", seen)
    assert el["text"] == "เห็นด้วย"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#statement-text").inner_text() != first
    seen = []
    tab_to(page, "vote", seen)
    page.keyboard.press("Tab")  # from Agree to Disagree
    el = page.evaluate(FOCUSED_JS)
    assert el["text"] == "ไม่เห็นด้วย" and el["ring"]
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert page.locator("#all-done").is_visible()
    assert sorted(Vote.objects.filter(statement__conversation=conv).values_list("value", flat=True)) == [-1, 1]
