"""User trial: the request page showed "ความเร่งด่วน: 2 (จากคำถามคัดกรอง: 2) vulnerable", a raw flag
name; and the import's refused-rows table headers wrapped mid-word at 360 px ("บร/รทั/ด")."""

from __future__ import annotations

from phalang.aid import actions
from tests.aid.conftest import CHIANG_MAI


def test_triage_reasons_are_in_thai(verified_client, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    req, _receipt = actions.file_help_request(actions.NewHelpRequest(
        need="food", place_text=CHIANG_MAI, organisation=flood_group.slug, elderly=True, phone="0812345678",
        address="12 หมู่ 3"))
    assert "vulnerable" in req.triage["reasons"]
    client = verified_client(flood_coordinator)
    html = client.get(f"/aid/coordinate/{flood_group.slug}/requests/{req.pk}/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "vulnerable" not in html and "medical_need" not in html
    assert "ผู้สูงอายุ เด็ก หรือผู้พิการ" in html


def test_the_import_tables_keep_thai_words_whole(verified_client, group, coordinator) -> None:  # type: ignore[no-untyped-def]
    from tests.aid.test_csv_import import SHEET
    from tests.aid.test_import_reload_and_reimport import MAPPING

    client = verified_client(coordinator)
    resp = client.post(f"/aid/coordinate/{group.slug}/import/", {"csv_text": SHEET, **MAPPING})
    html = client.get(resp["Location"]).content.decode()
    assert 'class="list words" id="row-errors"' in html
    assert 'class="table-scroll"' in html
