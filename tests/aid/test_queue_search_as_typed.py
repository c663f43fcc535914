"""User trial (issue 15): a phone as Excel stores it (no leading 0) and a receipt typed without
dashes found nothing in the coordinator's search."""

from __future__ import annotations

from phalang.aid import actions, queue
from tests.aid.conftest import CHIANG_MAI


def test_search_by_excel_phone_and_bare_receipt(flood_group) -> None:  # type: ignore[no-untyped-def]
    req, receipt = actions.file_help_request(actions.NewHelpRequest(
        organisation=flood_group.slug, place_text=CHIANG_MAI, need="water", phone="0894938593",
        address="12 หมู่ 3"))
    for typed in ("894938593", "089-493-8593", receipt.replace("-", ""), receipt.replace("-", " ")):
        found = list(queue.requests(flood_group, queue.Filters(q=typed)))
        assert found == [req], typed
