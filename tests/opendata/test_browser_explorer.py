"""A visitor explores real open data in a phone-sized browser: searches, filters by province and
Buddhist-era year, opens a contracting process with its red flags and a linked published report,
and downloads the CSV export."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from phalang.engines.redflags import RULES
from phalang.opendata import actions
from phalang.opendata.models import BudgetProject, ContractingProcess, Flag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHOOL = "อาคารเรียน"
PROVINCE = "ขอนแก่น"  # its school buildings are in all three fiscal years of the real export


def import_real_data(shared_data: Path, tmp_path: Path) -> None:
    """Paraguay's real OCDS examples, and the real budget lines naming school buildings or Khon Kaen."""
    paraguay = shared_data / "ocds" / "real-examples" / "paraguay"
    if not paraguay.is_dir() or not (shared_data / "thai-budget").is_dir():
        pytest.skip(f"real OCDS examples or Thai budget files not found under {shared_data}")
    actions.import_ocds([paraguay])
    lines = []
    for path in sorted((shared_data / "thai-budget").glob("*.jsonl")):
        with open(path, "rb") as fh:
            lines.extend(line for line in fh if SCHOOL.encode() in line or PROVINCE.encode() in line)
    subset = tmp_path / "budget-subset.jsonl"
    subset.write_bytes(b"".join(lines))
    actions.import_budget([subset])


def test_visitor_searches_filters_opens_a_flagged_process_and_downloads_csv(
        page, gazetteer, shared_data: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from phalang.places.models import Province
    from phalang.watch.models import Category, Report

    import_real_data(shared_data, tmp_path)
    # bb_code is not unique in the export: compare as sorted lists.
    # An exact repeat of a line is one project, shown once (occurrence 1).
    expected = sorted(BudgetProject.objects.filter(name__contains=SCHOOL, province__name_th=PROVINCE, bb_year=2561,
                                                   occurrence=1).values_list("bb_code", flat=True))
    other_years = set(BudgetProject.objects.filter(name__contains=SCHOOL, province__name_th=PROVINCE)
                      .exclude(bb_year=2561).values_list("bb_code", flat=True)) - set(expected)
    assert expected and other_years

    # 1. Search school buildings, then narrow to one province and one Buddhist-era year.
    page.goto(f"{page.base_url}/data/")
    page.fill("#q", SCHOOL)
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#budget")
    everywhere = page.locator("#budget ul.results li a").count()
    page.select_option("select[name=province]", str(Province.objects.get(name_th=PROVINCE).pk))
    page.fill("input[name=year]", "2561")
    page.click("#search-form button[type=submit]")
    page.wait_for_url(re.compile(r"year=2561"))
    shown = page.locator("#budget ul.results li")
    assert shown.count() == len(expected) < everywhere
    for text in shown.all_inner_texts():
        assert SCHOOL in text and PROVINCE in text and "2561" in text

    # 2. The CSV export of what is on screen: the same projects, none of the other years.
    with page.expect_download() as download_info:
        page.click("a[href*='format=csv']")
    rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    budget_codes = sorted(r["id"] for r in rows if r["kind"] == "budget")
    assert budget_codes == expected and not set(budget_codes) & other_years
    assert all(r["province"] == PROVINCE for r in rows if r["kind"] == "budget")

    # 3. A flagged real process, named by a published citizen report (and by an unpublished one).
    flagged = Flag.objects.filter(process__isnull=False).select_related("process").order_by("process__ocid").first()
    assert flagged is not None, "the real Paraguay examples raise red flags"
    process: ContractingProcess = flagged.process
    category = Category.objects.create(slug="od-browser", name_th="ทดสอบ", name_en="Test")
    common = {"category": category, "related_project": process.ocid, "anonymity": "anonymous", "channel": "web"}
    published = Report.objects.create(receipt_hash="c" * 64, description="private words", status="verified",
                                      public_text="ผู้รับเหมาทิ้งงานกลางคัน", published=True, **common)
    Report.objects.create(receipt_hash="d" * 64, description="x", public_text="ยังไม่ผ่านการคัดกรอง",
                          status="screening", published=False, **common)

    page.fill("#q", process.ocid)
    page.select_option("select[name=province]", "")
    page.fill("input[name=year]", "")
    page.click("#search-form button[type=submit]")
    page.click(f"#processes a[href='/data/process/{process.ocid}/']")
    page.wait_for_selector("#flags")
    flags_text = page.inner_text("#flags")
    codes = list(process.flags.values_list("code", flat=True))
    for code in codes:
        assert code in flags_text and RULES[code].why_th in flags_text  # the site speaks Thai first
    reports = page.locator("#reports a")
    assert reports.all_inner_texts() == ["ผู้รับเหมาทิ้งงานกลางคัน"]
    reports.first.click()
    page.wait_for_url(re.compile(re.escape(published.public_id)))
    assert "ผู้รับเหมาทิ้งงานกลางคัน" in page.content() and "private words" not in page.content()
    assert page.console_errors == []
