"""Audit item 13: numbers too large for the database reached it and gave server errors (found by
fuzzing the OpenAPI). They are refused with 400/422 and Thai and English messages."""

from __future__ import annotations

import json

import pytest

BIG = "342837507433071575040"

GETS = [f"/api/v1/places/districts/{BIG}/subdistricts", f"/api/v1/places/provinces/{BIG}/districts",
        "/api/v1/public/reports?province=99999999999999999999999", f"/api/v1/public/reports?page={BIG}",
        f"/api/v1/public/reports.geojson?province={BIG}", f"/api/v1/public/log?after={BIG}",
        f"/api/v1/talk/conversations/{BIG}", f"/api/v1/data/entities/{BIG}"]


@pytest.mark.parametrize("url", GETS)
def test_api_refuses_oversized_numbers_in_two_languages(client, db, url) -> None:  # type: ignore[no-untyped-def]
    resp = client.get(url)
    assert resp.status_code in (400, 404, 422), (url, resp.status_code)
    if resp.status_code != 404:
        body = resp.json()
        assert body.get("message_th") and body.get("message_en"), body


@pytest.mark.parametrize("url", ["/reports/?province=99999999999999999999999", f"/reports/?page={BIG}",
                                 "/reports/?province=²", f"/reports/export.csv?province={BIG}",
                                 f"/partners/?province={BIG}"])
def test_html_pages_ignore_oversized_numbers(client, db, url) -> None:  # type: ignore[no-untyped-def]
    assert client.get(url).status_code in (200, 404), url


@pytest.mark.parametrize("field", ["province", "district", "subdistrict"])
def test_a_report_with_an_oversized_place_id_is_refused(client, db, field) -> None:  # type: ignore[no-untyped-def]
    for value in (int(BIG), BIG):
        resp = client.post("/api/v1/reports", json.dumps({
            "category": "other", "description": "ถนนหน้าวัดเป็นหลุมลึกมาก", field: value}),
            content_type="application/json")
        assert resp.status_code == 422, (field, value, resp.status_code)
        assert resp.json()["message_th"] and resp.json()["message_en"]


def test_nearest_place_out_of_range_answers_in_thai_too(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/api/v1/places/nearest?lat=99999999999999999999999&lon=100.5")
    assert resp.status_code == 422
    detail = resp.json()["detail"]
    assert "ละติจูด" in detail and "latitude" in detail
