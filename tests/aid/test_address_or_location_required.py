"""Every request says where to go: an address or a location pin (issue 15, "always ask for an
address or a location").

Before: the web form, the proxy form and the API took a subdistrict and a phone number with no
address and no pin (a user trial filed one). The rule is the action's, so every channel meets it;
only a coordinator's spreadsheet row may give a phone instead, since the coordinator phones it.
"""

from __future__ import annotations

import pytest

from phalang.aid import actions
from phalang.aid.models import HelpRequest
from tests.aid.conftest import PLACE

THAI_ERROR = "กรุณาให้ที่อยู่ หรือปักหมุดตำแหน่ง"


def _new(**kw):  # type: ignore[no-untyped-def]
    return actions.NewHelpRequest(**{"need": "food", "place_text": PLACE, "phone": "0812345678", **kw})


@pytest.mark.parametrize("channel", ["web", "api", "staff", "line", "telegram", "sms"])
def test_the_action_refuses_neither_address_nor_pin(group, channel: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(actions.AidInvalid) as err:
        actions.file_help_request(_new(channel=channel))
    th, en = err.value.errors["address"]
    assert THAI_ERROR in th and "address" in en
    assert not HelpRequest.objects.exists()


def test_an_address_or_a_pin_is_enough(group) -> None:  # type: ignore[no-untyped-def]
    actions.file_help_request(_new(address="บ้านเลขที่ 12 หมู่ 3"))
    actions.file_help_request(_new(place_text="", phone="", lat=19.9105, lon=99.8406))
    assert HelpRequest.objects.count() == 2


def test_a_spreadsheet_row_may_give_a_phone_instead(group) -> None:  # type: ignore[no-untyped-def]
    actions.file_help_request(_new(channel="csv"))
    with pytest.raises(actions.AidInvalid):
        actions.file_help_request(_new(channel="csv", phone=""))


def test_the_web_form_says_so_in_thai(client, group) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/aid/", {"need": "food", "people": 1, "place_text": PLACE, "phone": "0812345678"})
    assert resp.status_code == 200 and THAI_ERROR in resp.content.decode()
    assert not HelpRequest.objects.exists()


def test_the_api_refuses_it_in_both_languages(client, group) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/api/v1/aid/requests", {"need": "food", "place_text": PLACE, "phone": "0812345678"},
                       content_type="application/json")
    assert resp.status_code == 422
    [field] = resp.json()["fields"]
    assert field["field"] == "address" and THAI_ERROR in field["message_th"] and field["message_en"]


def test_the_form_offers_a_pin_on_the_shipped_map_and_works_without_script(client, group) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/aid/").content.decode()
    # The Watch form's map: the same boundaries, the same script, no tile server unless configured.
    assert 'id="pin-map"' in html and "phalang/boundaries/provinces.json" in html
    assert "phalang/pin-map.js" in html and "phalang/boundaries.js" in html
    assert 'id="use-location"' in html and 'name="lat"' in html and 'name="lon"' in html
    assert 'name="address"' in html  # without JavaScript: the address, typed
    assert "<script>" not in html  # CSP: no inline code
    resp = client.post("/aid/", {"need": "food", "people": 1, "lat": "19.9105", "lon": "99.8406"})
    assert resp.status_code == 303 and HelpRequest.objects.get().subdistrict is not None
