"""User trial (issue 15): reloading the import's result page imported the sheet again."""

from __future__ import annotations

from phalang.aid.models import HelpRequest
from tests.aid.test_csv_import import SHEET

MAPPING = {"map_name": "ชื่อ", "map_phone": "เบอร์โทร", "map_need": "ความต้องการ", "map_urgency": "ระดับ",
           "map_people": "จำนวนคน", "map_subdistrict": "ตำบล", "map_district": "อำเภอ",
           "map_province": "จังหวัด", "map_lat": "ละติจูด", "map_lon": "ลองจิจูด"}


def test_result_page_is_a_redirect_and_reload_imports_nothing(verified_client, group, coordinator) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(coordinator)
    url = f"/aid/coordinate/{group.slug}/import/"
    resp = client.post(url, {"csv_text": SHEET, **MAPPING})
    assert resp.status_code == 302  # post/redirect/get: the result page is reached by GET
    assert HelpRequest.objects.count() == 4
    result_url = resp["Location"]
    html = client.get(result_url).content.decode()
    assert 'id="import-result"' in html and 'id="row-errors"' in html
    # Reload (or Back then forward) is a GET: nothing imported again, and (a later trial) the same
    # result again, so the refused rows are there to fix the file (test_import_result_reloadable.py).
    again = client.get(result_url)
    assert again.status_code == 200
    assert HelpRequest.objects.count() == 4
    assert 'id="row-errors"' in again.content.decode()


def test_same_file_twice_is_refused_unless_confirmed_web(verified_client, group, coordinator) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(coordinator)
    url = f"/aid/coordinate/{group.slug}/import/"
    client.post(url, {"csv_text": SHEET, **MAPPING})
    assert HelpRequest.objects.count() == 4
    resp = client.post(url, {"csv_text": SHEET, **MAPPING}, HTTP_ACCEPT_LANGUAGE="th")
    html = resp.content.decode()
    assert resp.status_code == 200 and HelpRequest.objects.count() == 4  # nothing taken again
    assert 'id="already-imported"' in html and "นำเข้าไปแล้วเมื่อ" in html and str(coordinator) in html
    assert 'name="reimport"' in html and "นำเข้าซ้ำ" in html
    resp = client.post(url, {"csv_text": SHEET, **MAPPING, "reimport": "1"})
    assert resp.status_code == 302 and HelpRequest.objects.count() == 8  # an explicit, ticked choice


def test_same_file_twice_is_refused_unless_forced_cli(group, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest
    from django.core.management import CommandError, call_command

    group.verified = True
    group.save()
    path = tmp_path / "sheet.csv"
    path.write_bytes(SHEET.encode("utf-8-sig"))
    with pytest.raises(SystemExit):  # two rows refused: exit 1, four imported
        call_command("aid", "import", str(path), "--org", group.slug)
    assert HelpRequest.objects.count() == 4
    with pytest.raises(CommandError, match="นำเข้าไปแล้ว"):
        call_command("aid", "import", str(path), "--org", group.slug)
    assert HelpRequest.objects.count() == 4
    with pytest.raises(SystemExit):
        call_command("aid", "import", str(path), "--org", group.slug, "--reimport")
    assert HelpRequest.objects.count() == 8
