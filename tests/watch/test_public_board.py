"""The public board, its feeds (JSON, GeoJSON, CSV, Open311) and what they must never show."""

from __future__ import annotations

import csv
import io

import pytest

from phalang.watch import workflow
from phalang.watch.actions import NewReport, file_report


@pytest.fixture
def published(gazetteer, make_user):  # type: ignore[no-untyped-def]
    root = make_user("root", is_superuser=True)
    made = []
    for province, sub, text in [("เชียงราย", None, "ไฟถนนดับ ติดต่อ 0812345678"), ("สมุทรปราการ", "บางพลีใหญ่", "ถนนทรุด"),
                                ("น่าน", None, "ขยะไม่ถูกเก็บ")]:
        report, _ = file_report(NewReport(category="public_service", description=text + " มาหลายสัปดาห์แล้ว",
                                          province=province, subdistrict=sub, lat=13.6101 if sub else None,
                                          lon=100.7202 if sub else None))
        workflow.publish(report, by=root, public_text=f"สาธารณะ: {province} มีปัญหาบริการ")
        made.append(report)
    hidden, _ = file_report(NewReport(category="corruption", description="ยังไม่เผยแพร่ ห้ามแสดงบนกระดาน"))
    return made, hidden


def test_board_lists_only_published_and_filters_by_province(client, published) -> None:  # type: ignore[no-untyped-def]
    made, hidden = published
    html = client.get("/reports/").content.decode()
    assert all(r.public_id in html for r in made) and hidden.public_id not in html
    assert "0812345678" not in html and "ห้ามแสดง" not in html
    one = client.get("/reports/", {"province": made[0].province_id}).content.decode()
    assert made[0].public_id in one and made[1].public_id not in one


def test_location_is_blurred_to_the_subdistrict_centre(client, published) -> None:  # type: ignore[no-untyped-def]
    made, _ = published
    feed = client.get("/api/v1/public/reports.geojson").json()
    point = next(f for f in feed["features"] if f["properties"]["id"] == made[1].public_id)
    sub = made[1].subdistrict
    assert point["geometry"]["coordinates"] == [round(sub.lon, 5), round(sub.lat, 5)]
    assert 13.6101 not in point["geometry"]["coordinates"]


def test_json_csv_and_open311(client, published) -> None:  # type: ignore[no-untyped-def]
    made, hidden = published
    page = client.get("/api/v1/public/reports", {"page_size": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 2
    assert client.get("/api/v1/public/reports", {"page_size": 1000}).status_code == 422
    rows = list(csv.DictReader(io.StringIO(b"".join(client.get("/reports/export.csv").streaming_content)
                                           .decode("utf-8-sig"))))
    assert {r["id"] for r in rows} == {r.public_id for r in made}
    services = client.get("/open311/v2/services.json").json()
    assert {"service_code", "service_name", "type"} <= set(services[0])
    requests = client.get("/open311/v2/requests.json").json()
    assert {r["service_request_id"] for r in requests} == {r.public_id for r in made}
    assert all(r["status"] == "open" for r in requests)
    assert client.get(f"/open311/v2/requests/{hidden.public_id}.json").status_code == 404


def test_me_too_counts_once_per_client(client, published) -> None:  # type: ignore[no-untyped-def]
    made, _ = published
    url = f"/reports/{made[0].public_id}/me-too/"
    client.post(url)
    client.post(url)
    client.post(url, REMOTE_ADDR="198.51.100.4")
    made[0].refresh_from_db()
    assert made[0].me_too == 2


def test_responsiveness_table(client, published, make_org) -> None:  # type: ignore[no-untyped-def]
    from phalang.accounts.models import User

    made, _ = published
    agency = make_org("agency", kind="agency")
    agency.verified = True  # only verified organisations receive cases
    agency.save()
    workflow.forward(made[0], to=[agency], by=User.objects.get(username="root"))
    html = client.get("/reports/partners/").content.decode()
    assert agency.name_th in html
