from __future__ import annotations

import pytest

from tests.fakes.fixtures import line_server, sms_server, telegram_server  # noqa: F401

PLACE = "ต.รอบเวียง อ.เมืองเชียงราย จ.เชียงราย"
NEAR = "ต.ริมกก อ.เมืองเชียงราย จ.เชียงราย"
FAR = "ต.บางพลีใหญ่ อ.บางพลี จ.สมุทรปราการ"


@pytest.fixture
def channels(settings, line_server, telegram_server, sms_server):  # type: ignore[no-untyped-def]  # noqa: F811
    """Every channel pointed at its fake API server on loopback; LINE pushes on."""
    settings.LINE_CHANNEL_SECRET = "line-secret-aid"
    settings.LINE_CHANNEL_ACCESS_TOKEN = line_server.access_token
    settings.LINE_API_BASE = line_server.url
    settings.LINE_DATA_API_BASE = line_server.url
    settings.LINE_PUSH_ENABLED = True
    settings.TELEGRAM_BOT_TOKEN = telegram_server.token
    settings.TELEGRAM_API_BASE = telegram_server.url
    settings.SMS_SENDER_URL = sms_server.send_url
    settings.SMS_SENDER_TOKEN = sms_server.token
    return line_server, telegram_server, sms_server


@pytest.fixture
def group(gazetteer, make_org):  # type: ignore[no-untyped-def]
    from phalang.orgs import actions
    from phalang.places.models import Province

    org = make_org("aid-group", kind="volunteer_group", province=Province.objects.get(name_th="เชียงราย"))
    actions.verify_organisation(org, by=None)
    org.refresh_from_db()
    return org


@pytest.fixture
def coordinator(group, make_user):  # type: ignore[no-untyped-def]
    return make_user("coord", org=group, role="coordinator")


@pytest.fixture
def make_volunteer(group, make_user):  # type: ignore[no-untyped-def]
    from phalang.aid import actions

    def make(username: str = "vol", place: str = PLACE, skills=(), vehicle: str = "car",  # type: ignore[no-untyped-def]
             radius_km: float = 15, max_tasks: int = 2, trusted: bool = False, verified: bool = True, org=None):
        user = make_user(username)
        vol = actions.register_volunteer(user, org or group, actions.VolunteerData(
            place_text=place, skills=list(skills), vehicle=vehicle, radius_km=radius_km,
            max_tasks_per_day=max_tasks, available_from="00:00", available_until="23:59:59"))
        if verified:
            actions.verify_volunteer(vol, by=None, trusted=trusted)
            vol.refresh_from_db()
        return vol

    return make


@pytest.fixture
def file_request(group):  # type: ignore[no-untyped-def]
    from phalang.aid import actions

    def make(need: str = "food", place: str = PLACE, triaged: bool = True, **kw):  # type: ignore[no-untyped-def]
        kw.setdefault("phone", "081" + str(abs(hash((need, place, len(kw)))) % 10**7).zfill(7))
        kw.setdefault("address", f"บ้านเลขที่ {kw['phone'][-4:]}")  # where to go: an address or a pin
        req, receipt = actions.file_help_request(actions.NewHelpRequest(
            need=need, place_text=place, organisation=group.slug, **kw))
        if triaged:
            actions.triage_request(req, by=None)
        req.refresh_from_db()
        req.receipt = receipt
        return req

    return make


CHIANG_MAI = "ต.ป่าแดด อ.เมืองเชียงใหม่ จ.เชียงใหม่"


@pytest.fixture
def flood_group(gazetteer, make_org):  # type: ignore[no-untyped-def]
    """A verified volunteer group in Chiang Mai working a flood with the flood kit."""
    from phalang.aid import actions as aid_actions
    from phalang.orgs import actions
    from phalang.places.models import Province

    org = make_org("cm-flood", kind="volunteer_group", province=Province.objects.get(name_th="เชียงใหม่"))
    actions.verify_organisation(org, by=None)
    org.refresh_from_db()
    aid_actions.set_kit(org, "flood", by=None)
    return org


@pytest.fixture
def flood_coordinator(flood_group, make_user):  # type: ignore[no-untyped-def]
    return make_user("cm-coord", org=flood_group, role="coordinator")
