"""The public responsiveness table (/reports/partners/): the median days to a first answer is
shown once an agency has answered, even on the same day (a user trial saw "—" after a resolved
case: a median of 0.0 read as "no value"), and the number of fix answers stands with the two
shares it is the base of."""

from __future__ import annotations

from datetime import timedelta

from phalang.watch import workflow
from phalang.watch.actions import answer_fix_check
from phalang.watch.models import Report
from tests.watch.cases import cast, resolved_case  # noqa: F401


def _row(client, org) -> str:  # type: ignore[no-untyped-def]
    table = client.get("/reports/partners/").content.decode()
    return table.split(org.name_th)[1].split("</tr>")[0]


def test_a_case_resolved_the_same_day_has_a_median(client, gazetteer, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    resolved_case(cast)
    row = _row(client, cast["agency"])
    assert '<td class="median-days">0.0</td>' in row


def test_the_median_is_in_days(client, gazetteer, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report, _ = resolved_case(cast)
    Report.objects.filter(pk=report.pk).update(forwarded_at=report.first_response_at - timedelta(days=3))
    assert '<td class="median-days">3.0</td>' in _row(client, cast["agency"])


def test_no_answer_yet_is_a_dash(client, gazetteer, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from phalang.watch.actions import NewReport, file_report

    report, _ = file_report(NewReport(category="public_service", description="ไฟถนนดับทั้งซอยมาสามสัปดาห์",
                                      province="สมุทรปราการ"))
    workflow.publish(report, by=cast["mod"], public_text="ไฟถนนดับทั้งซอยมาสามสัปดาห์")
    workflow.forward(report, to=[cast["agency"]], by=cast["mod"])
    assert '<td class="median-days">—</td>' in _row(client, cast["agency"])


def test_the_answer_count_stands_with_its_shares(client, gazetteer, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report, _ = resolved_case(cast)
    answer_fix_check(report, fixed=True, channel="web")
    html = client.get("/reports/partners/").content.decode()
    head = html.split("<thead>")[1].split("</thead>")[0]
    # One heading over the three columns: how many answered, and the two shares of them.
    assert 'colspan="3"' in head and "แก้ไขแล้วจริงไหม?" in head
    row = _row(client, cast["agency"])
    cells = row.split('<td class="fix-answers">')[1]
    assert cells.startswith("1</td>")
    assert cells.index("fix-confirmed") < cells.index("fix-disputed")
    assert "คำตอบ)" not in row  # no stray count after the confirmed share


def test_the_scrolling_table_can_be_reached_by_keyboard(client, db) -> None:  # type: ignore[no-untyped-def]
    # It scrolls sideways on a phone, so a keyboard must be able to focus it (axe:
    # scrollable-region-focusable, found by the site gate).
    html = client.get("/reports/partners/").content.decode()
    assert '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="partners-title">' in html
    assert 'id="partners-title"' in html
