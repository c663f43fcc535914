"""The staff forms (case actions, routing rules) read ids a browser sends: a garbled id is a Thai
form error on the page, never a server error, never Python's English text, and nothing half-done
(a garbled assignee must not silently unassign the case)."""

from __future__ import annotations

import pytest

from phalang.places.models import Province
from phalang.watch import workflow
from phalang.watch.actions import NewReport, file_report
from phalang.watch.models import Report, RoutingRule
from tests.watch.cases import cast  # noqa: F401
from tests.watch.helpers import jpeg_with_gps

GARBLED = ["abc", "²", "99999999999999999999", "-1", "1.5", "๑"]
THAI_ERROR = "เลือกจากรายการที่มีให้"


@pytest.fixture
def case(cast, gazetteer):  # type: ignore[no-untyped-def]  # noqa: F811
    report, _ = file_report(NewReport(category="public_service", files=[jpeg_with_gps()],
                                      description="ท่อระบายน้ำหน้าตลาดบางพลีอุดตัน น้ำท่วมขังทุกครั้งที่ฝนตก",
                                      province="สมุทรปราการ", district="บางพลี"))
    workflow.assign(report, to=cast["mod"], by=cast["mod"])
    return report


def _act(c, report, data):  # type: ignore[no-untyped-def]
    resp = c.post(f"/moderation/{report.public_id}/act/", data, follow=True)
    assert resp.status_code == 200, (data, resp.status_code)
    page = resp.content.decode()
    assert THAI_ERROR in page, data
    assert "invalid literal" not in page and "could not convert" not in page and "expected a number" not in page
    return page


@pytest.mark.parametrize("value", GARBLED)
def test_a_garbled_assignee_is_a_thai_error_and_keeps_the_assignee(cast, case, verified_client,  # type: ignore[no-untyped-def]  # noqa: F811
                                                                   value) -> None:
    c = verified_client(cast["mod"])
    _act(c, case, {"action": "assign", "assignee": value})
    case.refresh_from_db()
    assert case.assignee_id == cast["mod"].pk


@pytest.mark.parametrize("value", GARBLED)
def test_garbled_evidence_ids_on_publish_are_a_thai_error_and_nothing_is_published(  # type: ignore[no-untyped-def]
        cast, case, verified_client, value) -> None:  # noqa: F811
    c = verified_client(cast["mod"])
    _act(c, case, {"action": "publish", "public_text": "ท่อระบายน้ำอุดตัน น้ำท่วมขัง", "evidence": [value]})
    case.refresh_from_db()
    assert not case.published


@pytest.mark.parametrize("value", GARBLED)
def test_a_garbled_organisation_on_forward_is_a_thai_error(cast, case, verified_client, value) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    c = verified_client(cast["mod"])
    _act(c, case, {"action": "forward", "organisation": [str(cast["agency"].pk), value]})
    assert not case.forwarded_to.exists()


@pytest.mark.parametrize("value", GARBLED)
def test_a_garbled_evidence_to_blur_is_a_thai_error(cast, case, verified_client, value) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    c = verified_client(cast["mod"])
    _act(c, case, {"action": "blur", "evidence": value, "rects": "0.1,0.1,0.2,0.2"})


@pytest.mark.parametrize("rects", ["abc", "0.1,0.1,x,0.2", "nan,0.1,0.2,0.2", "inf,0,1,1", "1e999,0,1,1"])
def test_garbled_blur_rectangles_are_a_thai_error(cast, case, verified_client, rects) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    c = verified_client(cast["mod"])
    resp = c.post(f"/moderation/{case.public_id}/act/",
                  {"action": "blur", "evidence": str(case.evidence.get().pk), "rects": rects}, follow=True)
    assert resp.status_code == 200
    page = resp.content.decode()
    assert "กรอบเบลอไม่ถูกต้อง" in page and "could not convert" not in page


@pytest.mark.parametrize("field", ["province", "district", "organisation"])
@pytest.mark.parametrize("value", GARBLED)
def test_garbled_routing_rule_fields_are_a_thai_error_and_no_rule_is_saved(  # type: ignore[no-untyped-def]
        cast, gazetteer, verified_client, field, value) -> None:  # noqa: F811
    c = verified_client(cast["root"])
    before = RoutingRule.objects.count()
    data = {"organisation": [str(cast["watchdog"].pk)], "category": "",
            "province": str(Province.objects.get(name_th="สมุทรปราการ").pk), "district": ""}
    data[field] = [str(cast["watchdog"].pk), value] if field == "organisation" else value
    resp = c.post("/moderation/routing/", data, follow=True)
    assert resp.status_code == 200, resp.status_code
    assert THAI_ERROR in resp.content.decode()
    assert RoutingRule.objects.count() == before
    assert Report.objects.count() == 0
