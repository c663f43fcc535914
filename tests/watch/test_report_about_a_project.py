"""The report form opened from an open-data page ("แจ้งเบาะแสเกี่ยวกับโครงการนี้") names the
project at the top, fills in the place the page knows, and keys a budget project by code and year
(the same code repeats across years) — trial-od finding 19."""

from __future__ import annotations

import json
import re
from pathlib import Path

from phalang.opendata import actions
from phalang.opendata.models import BudgetProject
from phalang.watch.models import Report


def _budget(tmp_path: Path) -> None:
    def line(year: str, name: str) -> dict:
        return {"bb_code": "รายการงบประจำ", "bb_year": year, "amount": 2_400_000, "min": "กระทรวงมหาดไทย",
                "agc": "กรมส่งเสริมการปกครองท้องถิ่น", "name": name,
                "compare": [{"bb_province": "เชียงใหม่", "bb_amount": 2_400_000}]}

    path = tmp_path / "b.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in (
        line("2561", "ก่อสร้างอาคารเรียน โรงเรียนบ้านแม่ริม ตำบลริมใต้ อำเภอแม่ริม จังหวัดเชียงใหม่"),
        line("2562", "ซ่อมแซมถนน ตำบลสันทราย อำเภอสันทราย จังหวัดเชียงใหม่"))) + "\n", encoding="utf-8")
    actions.import_budget([path])


def _selected_province(html: str) -> str:
    select = re.search(r'<select name="province".*?</select>', html, re.S)
    assert select
    chosen = re.search(r'<option value="\d+"[^>]*selected[^>]*>([^<]+)</option>', select.group(0))
    return chosen.group(1) if chosen else ""


def test_the_form_from_a_budget_page_names_the_project_and_fills_in_its_place_and_year(client, gazetteer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _budget(tmp_path)
    project = BudgetProject.objects.get(bb_year=2561)
    assert project.district is not None and project.district.name_th == "แม่ริม"
    page = client.get(f"/data/budget/{project.pk}/").content.decode()
    link = re.search(r'class="button report-project" href="([^"]+)"', page)
    assert link
    html = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    about = re.search(r'id="about-project">(.*?)</p>', html, re.S)
    assert about and "ก่อสร้างอาคารเรียน โรงเรียนบ้านแม่ริม" in about.group(1)
    assert html.index('id="about-project"') < html.index('name="description"')  # near the top
    assert _selected_province(html) == "เชียงใหม่"
    assert re.search(r'name="place_text"[^>]*value="อ.แม่ริม ต.ริมใต้"', html)
    assert re.search(r'name="related_project"[^>]*value="รายการงบประจำ \(2561\)"', html)

    resp = client.post(link.group(1).replace("&amp;", "&"), {
        "category": "corruption", "description": "อาคารเรียนสร้างไม่เสร็จตามสัญญา ผ่านมาสองปีแล้ว",
        "province": str(project.province_id), "place_text": "อ.แม่ริม ต.ริมใต้", "anonymity": "anonymous",
        "related_project": "รายการงบประจำ (2561)", "once": re.search(r'name="once" value="([^"]+)"', html).group(1)})
    assert resp.status_code == 303
    report = Report.objects.get()
    assert report.related_project == "รายการงบประจำ (2561)"
    assert report.district is not None and report.district.name_th == "แม่ริม"
    from phalang.opendata.links import projects_for

    assert [p["title"][:4] for p in projects_for(report)] == ["2561"]  # not the 2562 line with the same code


def test_the_form_from_a_process_page_names_the_process_and_its_province(client, gazetteer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    release = {"ocid": "ocds-rep-1", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"],
               "parties": [{"id": "B", "name": "องค์การบริหารส่วนจังหวัดเชียงใหม่", "roles": ["buyer"],
                            "identifier": {"scheme": "XI-TEST", "id": "B"},
                            "address": {"region": "เชียงใหม่"}}],
               "buyer": {"id": "B", "name": "องค์การบริหารส่วนจังหวัดเชียงใหม่"},
               "tender": {"id": "t", "title": "ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านป่าแดด"}}
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(release, ensure_ascii=False) + "\n", encoding="utf-8")
    actions.import_ocds([path])
    html = client.get("/report/", {"project": "ocds-rep-1"}).content.decode()
    about = re.search(r'id="about-project">(.*?)</p>', html, re.S)
    assert about and "ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้านป่าแดด" in about.group(1)
    assert re.search(r'name="related_project"[^>]*value="ocds-rep-1"', html)
    assert _selected_province(html) == "เชียงใหม่"
    # An id we do not hold is kept as typed, with nothing made up.
    html = client.get("/report/", {"project": "ไม่มีรหัสนี้"}).content.decode()
    assert 'id="about-project"' not in html and re.search(r'name="related_project"[^>]*value="ไม่มีรหัสนี้"', html)
