"""Open311 GeoReport v2 as the spec says: discovery, JSON and XML, single requests, start/end
dates, the status filter, errors as the spec's list, filing time, media_url, status notes in words."""

from __future__ import annotations

from datetime import timedelta

from defusedxml import ElementTree as ET
from django.utils import timezone

from phalang.watch import workflow
from phalang.watch.models import Report
from tests.watch.cases import cast, resolved_case  # noqa: F401
from tests.watch.helpers import jpeg_with_gps


def test_discovery_and_services_in_json_and_xml(client, db) -> None:  # type: ignore[no-untyped-def]
    doc = client.get("/open311/discovery.json").json()
    assert doc["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert "text/xml" in doc["endpoints"][0]["formats"]
    assert ET.fromstring(client.get("/open311/discovery.xml").content).tag == "discovery"
    services = client.get("/open311/v2/services.json").json()
    assert {"service_code", "service_name", "metadata", "type"} <= set(services[0])
    xml = ET.fromstring(client.get("/open311/v2/services.xml").content)
    assert xml.tag == "services" and xml.find("service/service_code") is not None


def test_requests_as_the_spec_says(client, gazetteer, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report, _ = resolved_case(cast, files=[jpeg_with_gps()])
    workflow.publish(report, by=cast["mod"], public_text=report.public_text,
                     evidence_ids=list(report.evidence.values_list("pk", flat=True)))
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(days=200))
    report.refresh_from_db()

    assert client.get("/open311/v2/requests.json").json() == []  # outside the default 90 days
    start = (timezone.now() - timedelta(days=210)).date().isoformat()
    rows = client.get(f"/open311/v2/requests.json?start_date={start}").json()
    assert [r["service_request_id"] for r in rows] == [report.public_id]
    row = rows[0]
    assert row["requested_datetime"] == report.created_at.isoformat()  # the filing time
    assert row["status"] == "closed" and row["status_notes"] == "แก้ไขแล้ว: ลอกท่อแล้ว"
    assert row["media_url"].endswith(f"/reports/{report.public_id}/evidence/{report.evidence.get().pk}/")
    assert client.get(f"/open311/v2/requests.json?start_date={start}&status=open").json() == []
    assert len(client.get(f"/open311/v2/requests.json?start_date={start}&status=closed").json()) == 1
    xml = ET.fromstring(client.get(f"/open311/v2/requests.xml?start_date={start}").content)
    assert xml.tag == "service_requests" and xml.find("request/service_request_id").text == report.public_id
    single = client.get(f"/open311/v2/requests/{report.public_id}.json").json()
    assert single[0]["service_request_id"] == report.public_id
    assert ET.fromstring(client.get(f"/open311/v2/requests/{report.public_id}.xml").content).find(
        "request/status").text == "closed"


def test_errors_are_the_specs_list(client, db) -> None:  # type: ignore[no-untyped-def]
    missing = client.get("/open311/v2/requests/nope.json")
    assert missing.status_code == 404 and missing["Content-Type"].startswith("application/json")
    assert missing.json()[0]["code"] == 404 and missing.json()[0]["description"]
    bad = client.get("/open311/v2/requests.json?start_date=yesterday")
    assert bad.status_code == 400 and bad.json()[0]["code"] == 400
    assert client.get("/open311/v2/requests.json?status=pending").status_code == 400
    xml = client.get("/open311/v2/requests/nope.xml")
    assert xml.status_code == 404 and ET.fromstring(xml.content).find("error/code").text == "404"
    assert client.get("/open311/v2/services.csv").json()[0]["code"] == 404
