"""A coordinator's spreadsheet with bad rows: servable rows imported, each unservable row named."""

from __future__ import annotations

from phalang.aid.models import HelpRequest

SHEET = """ชื่อ,เบอร์โทร,ความต้องการ,ระดับ,จำนวนคน,ตำบล,อำเภอ,จังหวัด,ละติจูด,ลองจิจูด
สมศรี,0812345678,อาหาร,2,3,รอบเวียง,เมืองเชียงราย,เชียงราย,,
สมชาย,0899999999,ยา,7,1,รอบเวียง,เมืองเชียงราย,เชียงราย,,
มานี,0811111111,ขนม,1,1,รอบเวียง,เมืองเชียงราย,เชียงราย,,
ปิติ,0822222222,oxygen,,1,,,,19.91,99.84
ชูใจ,0833333333,food,1,1,ไม่มีจริง,ไม่มี,ไม่มี,,
วีระ,0844444444,food,1,1,,,,1.0,99.0
"""


def test_import_with_mapping_and_row_errors(verified_client, group, coordinator) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = verified_client(coordinator)
    url = f"/aid/coordinate/{group.slug}/import/"
    resp = client.post(url, {"file": SimpleUploadedFile("sheet.csv", SHEET.encode("utf-8-sig"))})
    html = resp.content.decode()
    assert resp.status_code == 200 and 'name="map_need"' in html
    assert '<option value="ความต้องการ" selected>' in html  # guessed from the header
    mapping = {"map_name": "ชื่อ", "map_phone": "เบอร์โทร", "map_need": "ความต้องการ", "map_urgency": "ระดับ",
               "map_people": "จำนวนคน", "map_subdistrict": "ตำบล", "map_district": "อำเภอ",
               "map_province": "จังหวัด", "map_lat": "ละติจูด", "map_lon": "ลองจิจูด"}
    resp = client.post(url, {"csv_text": SHEET, **mapping}, follow=True)
    html = resp.content.decode()
    # Only rows no one could serve are refused: an unknown urgency or need is kept in the notes.
    assert HelpRequest.objects.count() == 4
    assert set(HelpRequest.objects.values_list("need", flat=True)) == {"food", "medicine", "other", "oxygen"}
    oxygen = HelpRequest.objects.get(need="oxygen")
    assert oxygen.urgency == 3 and oxygen.subdistrict is not None  # a medical need: tier 3 when none given
    assert "ขนม" in HelpRequest.objects.get(need="other").details
    assert '<table class="list words" id="row-errors">' in html  # Thai words kept whole at 360 px
    rows = html.split('id="row-errors"')[1]
    for line, column, words in ((6, "ตำบล", "ไม่พบตำบล"), (7, "ละติจูด", "นอกประเทศไทย")):
        assert f"<td>{line}</td><td>{column}</td>" in rows and words in rows, (line, column)
    assert rows.count("<td>7</td>") == 1  # one problem, one line
    assert "สมศรี" not in rows and "0812345678" not in rows  # errors name cells, not people


def test_import_needs_a_place_column(group, coordinator) -> None:  # type: ignore[no-untyped-def]
    from phalang.aid import importer

    result = importer.import_requests(group, "a,b\n1,2\n", {}, by=coordinator)
    assert result.created == [] and result.refused[0].line == 1 and "พื้นที่" in result.refused[0].reason_th
