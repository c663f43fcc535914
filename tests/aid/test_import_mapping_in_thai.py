"""The web import's second step names each of our fields in Thai (a user trial found "name",
"phone", "subdistrict"... as labels: our code's keys, in English, on a Thai page)."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from phalang.aid import importer
from tests.aid import flood_sheet


def test_every_field_is_labelled_in_thai(verified_client, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(flood_coordinator)
    resp = client.post(f"/aid/coordinate/{flood_group.slug}/import/",
                       {"file": SimpleUploadedFile("น้ำท่วม.csv", flood_sheet.csv_bytes(10))})
    labels = dict(re.findall(r'<label for="map_(\w+)">([^<]*)</label>', resp.content.decode()))
    assert set(labels) == set(importer.FIELDS)
    assert labels["name"] == "ชื่อ" and labels["subdistrict"] == "ตำบล" and labels["people"] == "จำนวนคน"
    for key, label in labels.items():
        assert any("\u0e00" <= c <= "\u0e7f" for c in label), (key, label)
