"""Importing the real Thai budget export: counts, broken lines, places, idempotency, search."""

from __future__ import annotations

from pathlib import Path

import pytest

from phalang.opendata import actions, search
from phalang.opendata.models import BudgetProject

pytestmark = pytest.mark.django_db


def test_real_budget_files_import_with_broken_lines_reported_and_search_finds_school_buildings(
        shared_data: Path) -> None:
    files = sorted((shared_data / "thai-budget").glob("*.jsonl"))
    result = actions.import_budget(files)
    assert BudgetProject.objects.count() == 28_857
    assert len(result.problems) == 15
    # Each broken line is named by file and line number.
    assert f"{files[0]}:7481" in {p.place for p in result.problems}
    assert all(p.place.rsplit(":", 1)[1].isdigit() for p in result.problems)

    # Places come from the Thai project names into the gazetteer's rows.
    located = BudgetProject.objects.filter(province__isnull=False).count()
    assert located > 0.5 * 28_857
    sample = BudgetProject.objects.filter(name__contains="ตำบลบางพลีใหญ่").select_related("province").first()
    assert sample is None or sample.province.name_th == "สมุทรปราการ"

    # Search: school buildings (อาคารเรียน) of one province.
    q = search.parse({"q": "อาคารเรียน", "province": "สุรินทร์"})
    found = list(search.budget_projects(q))
    assert found and all("อาคารเรียน" in b.name and b.province.name_th == "สุรินทร์" for b in found)
    # Exact repeats of a line are one project, shown once.
    substring = BudgetProject.objects.filter(name__contains="อาคารเรียน", province__name_th="สุรินทร์",
                                             occurrence=1).count()
    assert len(found) >= 0.9 * substring
    # Buddhist-era and Gregorian years select the same fiscal year.
    be = search.budget_projects(search.parse({"q": "อาคารเรียน", "year": "2560"})).count()
    ce = search.budget_projects(search.parse({"q": "อาคารเรียน", "year": "2017"})).count()
    assert be == ce > 0

    again = actions.import_budget(files)
    assert again.added == 0 and again.unchanged == 28_857
    assert BudgetProject.objects.count() == 28_857
