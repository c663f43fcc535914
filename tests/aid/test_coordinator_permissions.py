"""Coordinator pages and endpoints: 403 for another group's coordinator and for volunteers."""

from __future__ import annotations

import pytest

from phalang.aid import actions
from phalang.aid.models import Hub, State


@pytest.fixture
def setup(group, coordinator, make_org, make_user, make_volunteer, file_request):  # type: ignore[no-untyped-def]
    other_org = make_org("other-group", kind="volunteer_group")
    outsider = make_user("outsider", org=other_org, role="coordinator")
    vol = make_volunteer()
    req = file_request(triaged=False)
    hub = Hub.objects.create(organisation=group, name="hub", lat=19.9, lon=99.8)
    return outsider, vol, req, hub


def _urls(slug: str, req_id: int, vol_id: int) -> list[tuple[str, str]]:
    return [("get", f"/aid/coordinate/{slug}/"), ("post", f"/aid/coordinate/{slug}/suggest/"),
            ("post", f"/aid/coordinate/{slug}/suggestions/1/"), ("get", f"/aid/coordinate/{slug}/requests/{req_id}/"),
            ("post", f"/aid/coordinate/{slug}/requests/{req_id}/triage/"),
            ("post", f"/aid/coordinate/{slug}/requests/{req_id}/cancel/"),
            ("post", f"/aid/coordinate/{slug}/volunteers/{vol_id}/verify/"),
            ("get", f"/aid/coordinate/{slug}/import/"), ("get", f"/aid/coordinate/{slug}/hubs/"),
            ("get", f"/api/v1/aid/coordinate/{slug}/queue"), ("get", f"/api/v1/aid/coordinate/{slug}/requests/{req_id}"),
            ("post", f"/api/v1/aid/coordinate/{slug}/suggest"),
            ("post", f"/api/v1/aid/coordinate/{slug}/suggestions/1/confirm")]


def test_other_orgs_coordinator_gets_403(verified_client, group, setup) -> None:  # type: ignore[no-untyped-def]
    outsider, vol, req, _hub = setup
    client = verified_client(outsider)
    for method, url in _urls(group.slug, req.pk, vol.pk):
        assert getattr(client, method)(url).status_code == 403, url
    req.refresh_from_db()
    assert req.state == State.NEW


def test_volunteer_gets_403_and_anonymous_must_log_in(client, group, setup) -> None:  # type: ignore[no-untyped-def]
    _outsider, vol, req, _hub = setup
    for method, url in _urls(group.slug, req.pk, vol.pk):
        resp = getattr(client, method)(url)
        assert resp.status_code in (302, 401), url
    client.force_login(vol.user)
    for method, url in _urls(group.slug, req.pk, vol.pk):
        assert getattr(client, method)(url).status_code == 403, url


def test_own_coordinator_works(verified_client, group, coordinator, setup) -> None:  # type: ignore[no-untyped-def]
    _outsider, vol, req, _hub = setup
    client = verified_client(coordinator)
    page = client.get(f"/aid/coordinate/{group.slug}/")
    assert page.status_code == 200 and f"/requests/{req.pk}/" in page.content.decode()
    assert client.get(f"/aid/coordinate/{group.slug}/requests/{req.pk}/").status_code == 200
    resp = client.post(f"/aid/coordinate/{group.slug}/requests/{req.pk}/triage/", {"urgency": 4, "reason": ""})
    req.refresh_from_db()
    assert resp.status_code == 302 and req.state == State.NEW  # an override needs a reason
    client.post(f"/aid/coordinate/{group.slug}/requests/{req.pk}/triage/", {"urgency": 4, "reason": "โทรยืนยัน"})
    req.refresh_from_db()
    assert req.state == State.TRIAGED and req.urgency == 4 and req.urgency_computed == 1
    assert client.post(f"/api/v1/aid/coordinate/{group.slug}/suggest").status_code == 200
    assert client.get(f"/api/v1/aid/coordinate/{group.slug}/requests/{req.pk}").json()["contact"]["phone"]
    assert client.get(f"/aid/coordinate/{group.slug}/hubs/").status_code == 200
    assert actions.load_today(vol, req.created_at) == 1  # the pending suggestion counts
