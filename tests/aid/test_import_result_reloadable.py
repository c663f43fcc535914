"""User trial: the import's result (the list of refused rows needed to fix the file) was shown
only once; reloading the result page showed an empty upload form. The result now has its own page,
/import/<id>/, reloadable without importing again, shown only to coordinators of that group."""

from __future__ import annotations

from phalang.aid.models import HelpRequest, ImportedFile
from tests.aid.test_csv_import import SHEET
from tests.aid.test_import_reload_and_reimport import MAPPING


def test_the_result_page_reloads_with_the_same_refused_rows(verified_client, group, coordinator) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(coordinator)
    resp = client.post(f"/aid/coordinate/{group.slug}/import/", {"csv_text": SHEET, **MAPPING})
    assert resp.status_code == 302
    run = ImportedFile.objects.get()
    assert resp["Location"] == f"/aid/coordinate/{group.slug}/import/{run.pk}/"
    first = client.get(resp["Location"]).content.decode()
    assert 'id="row-errors"' in first and "บรรทัด" in first
    for _ in range(2):  # reloads: the same rows, nothing imported again
        again = client.get(resp["Location"])
        assert again.status_code == 200
        html = again.content.decode()
        assert 'id="row-errors"' in html
        assert html.count("<tr>") == first.count("<tr>")
    assert HelpRequest.objects.count() == 4


def test_a_run_where_every_row_was_refused_is_reloadable_too(verified_client, group, coordinator) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(coordinator)
    bad = "ชื่อ,เบอร์โทร,ตำบล,อำเภอ,จังหวัด\nก,0812345678,ไม่มีจริง,ไม่มีจริง,ไม่มีจริง\n"
    resp = client.post(f"/aid/coordinate/{group.slug}/import/", {"csv_text": bad, "map_name": "ชื่อ",
                       "map_phone": "เบอร์โทร", "map_subdistrict": "ตำบล", "map_district": "อำเภอ",
                       "map_province": "จังหวัด"})
    assert resp.status_code == 302 and "/import/" in resp["Location"]
    html = client.get(resp["Location"]).content.decode()
    assert 'id="row-errors"' in html and "ไม่มีจริง" in html
    # A file that imported nothing does not count as "imported before": fixed or not, it may be sent again.
    resp = client.post(f"/aid/coordinate/{group.slug}/import/", {"csv_text": bad, "map_name": "ชื่อ",
                       "map_phone": "เบอร์โทร", "map_subdistrict": "ตำบล", "map_district": "อำเภอ",
                       "map_province": "จังหวัด"})
    assert resp.status_code == 302


def test_a_coordinator_of_another_group_gets_404(verified_client, group, coordinator, make_org, make_user) -> None:  # type: ignore[no-untyped-def]
    from phalang.orgs import actions as org_actions

    client = verified_client(coordinator)
    resp = client.post(f"/aid/coordinate/{group.slug}/import/", {"csv_text": SHEET, **MAPPING})
    run_url = resp["Location"]
    run = ImportedFile.objects.get()
    other = make_org("other-group", kind="volunteer_group", province=group.province)
    org_actions.verify_organisation(other, by=None)
    stranger = make_user("other-coord", org=other, role="coordinator")
    client.logout()
    client = verified_client(stranger)
    assert client.get(run_url).status_code == 404
    assert client.get(f"/aid/coordinate/{other.slug}/import/{run.pk}/").status_code == 404


def test_kept_results_are_blanked_after_the_retention_period(verified_client, group, coordinator, settings) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from phalang.aid import actions
    from phalang.core import retention

    client = verified_client(coordinator)
    client.post(f"/aid/coordinate/{group.slug}/import/", {"csv_text": SHEET, **MAPPING})
    run = ImportedFile.objects.get()
    assert run.result["refused"]  # the sheet's cells, quoted
    assert "aid.import_results" in retention.registered()
    assert actions.purge_import_results() == 0  # not yet
    later = timezone.now() + timedelta(days=settings.PHALANG["PDPA_RETENTION_DAYS"] + 1)
    assert actions.purge_import_results(now=later) == 1
    run.refresh_from_db()
    assert run.result == {} and run.rows == 4 and run.sha256  # the run (and "imported before") stays
