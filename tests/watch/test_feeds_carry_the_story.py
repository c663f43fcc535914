"""The JSON, GeoJSON and CSV feeds carry each case's public timeline and who handles it."""

from __future__ import annotations

import csv
import io

from tests.watch.cases import cast, resolved_case  # noqa: F401


def test_feeds_carry_timeline_and_handling_organisation(client, gazetteer, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    resolved_case(cast)
    agency = cast["agency"].name_th
    item = client.get("/api/v1/public/reports").json()["results"][0]
    assert item["handled_by"] == [{"name_th": agency, "name_en": cast["agency"].name_en}]
    assert [t["status"] for t in item["timeline"]][-2:] == ["forwarded", "resolved"]
    assert item["timeline"][-1]["status_label"] == "แก้ไขแล้ว" and item["timeline"][-1]["text"] == "ลอกท่อแล้ว"
    feature = client.get("/api/v1/public/reports.geojson").json()["features"][0]
    assert feature["properties"]["timeline"] == item["timeline"]
    assert feature["properties"]["handled_by"] == item["handled_by"]
    body = b"".join(client.get("/reports/export.csv").streaming_content).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(body)))
    assert row["handled_by"] == agency and "แก้ไขแล้ว: ลอกท่อแล้ว" in row["timeline"]
    assert len(row["timeline"].splitlines()) == len(item["timeline"])
