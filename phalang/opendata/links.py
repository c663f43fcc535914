"""Links between Watch reports and open data.

``projects_for(report)``: the process or budget project a report names in ``related_project``
(an ocid or a bb_code), for the public report page. ``suggest_matches(report)``: for moderators,
processes and budget projects in the report's province whose text is most similar to it.
"""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from phalang.engines.thaitext import rank_similar
from phalang.opendata.models import BudgetProject, ContractingProcess

CANDIDATES = 500  # per kind; similarity is computed in Python over these


# A budget project's key in ``related_project``: its code and fiscal year, "<bb_code> (<bb_year>)".
# The code alone repeats across years (e.g. "รายการงบประจำ"); reports filed before the year was
# added name the code alone and still match every year's line.
_BUDGET_KEY = re.compile(r"^(?P<code>.+) \((?P<year>\d{4})\)$")


def budget_key(project: BudgetProject) -> str:
    return f"{project.bb_code} ({project.bb_year})"


def _budgets(key: str) -> Any:
    m = _BUDGET_KEY.match(key)
    if m:
        return BudgetProject.objects.filter(bb_code=m["code"], bb_year=int(m["year"]), occurrence=1)
    return BudgetProject.objects.filter(bb_code=key, occurrence=1)


def projects_for(report: Any) -> list[dict[str, str]]:
    key = (getattr(report, "related_project", "") or "").strip()
    if not key:
        return []
    found = [{"url": reverse("opendata:process", args=[p.ocid]), "title": p.title or p.ocid}
             for p in ContractingProcess.objects.filter(ocid=key).only("ocid", "title")]
    found += [{"url": reverse("opendata:budget", args=[b.pk]), "title": f"{b.bb_year} {b.name}"}
              for b in _budgets(key).only("pk", "bb_year", "name")[:5]]
    return found


def _place_text(district: Any, subdistrict: Any) -> str:
    """District and subdistrict as the report form's address field takes them."""
    if district is None:
        return ""
    bangkok = district.in_bangkok
    parts = [f"{'เขต' if bangkok else 'อ.'}{district.name_th}"]
    if subdistrict is not None:
        parts.append(f"{'แขวง' if bangkok else 'ต.'}{subdistrict.name_th}")
    return " ".join(parts)


def project_for_report(project: str, year: str = "") -> dict[str, Any] | None:
    """What the report form shows and fills in for "report something about this project": the
    project's key for ``related_project`` (a budget code with its year), title, page, province and
    district. None when the id names nothing we hold (the form keeps what was typed)."""
    project = project.strip()
    if not project:
        return None
    process = (ContractingProcess.objects.filter(ocid=project).select_related("province")
               .only("ocid", "title", "province").first())
    if process is not None:
        return {"key": process.ocid, "title": process.title or process.ocid, "code": process.ocid,
                "url": reverse("opendata:process", args=[process.ocid]), "province": process.province,
                "place_text": ""}
    budgets = _budgets(f"{project} ({year})" if year.isdigit() else project)
    budget = budgets.select_related("province", "district__province", "subdistrict").first()
    if budget is None or (not year.isdigit() and not _BUDGET_KEY.match(project) and budgets.count() > 1):
        return None  # a code alone that several years use: which one is not known
    return {"key": budget_key(budget), "title": budget.name, "code": budget_key(budget),
            "url": reverse("opendata:budget", args=[budget.pk]), "province": budget.province,
            "place_text": _place_text(budget.district, budget.subdistrict)}


def suggest_matches(report: Any, limit: int = 5, min_score: float = 0.15) -> list[dict[str, Any]]:
    """Same place, similar text: [{"kind", "key", "title", "url", "score"}], best first."""
    text = getattr(report, "description", "") or ""
    province_id = getattr(report, "province_id", None)
    if not text or province_id is None:
        return []
    candidates: dict[str, str] = {}
    meta: dict[str, dict[str, Any]] = {}
    for b in BudgetProject.objects.filter(province_id=province_id).only("pk", "name", "bb_code")[:CANDIDATES]:
        k = f"budget:{b.pk}"
        candidates[k] = b.name
        meta[k] = {"kind": "budget", "key": b.bb_code, "title": b.name,
                   "url": reverse("opendata:budget", args=[b.pk])}
    for p in ContractingProcess.objects.filter(province_id=province_id).only("ocid", "title")[:CANDIDATES]:
        k = f"process:{p.ocid}"
        candidates[k] = p.title
        meta[k] = {"kind": "process", "key": p.ocid, "title": p.title,
                   "url": reverse("opendata:process", args=[p.ocid])}
    ranked = rank_similar(text, candidates, limit=limit, min_score=min_score)
    return [dict(meta[k], score=round(score, 3)) for k, score in ranked]
