"""Links between Watch reports and open data.

``projects_for(report)``: the process or budget project a report names in ``related_project``
(an ocid or a bb_code), for the public report page. ``suggest_matches(report)``: for moderators,
processes and budget projects in the report's province whose text is most similar to it.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from phalang.engines.thaitext import rank_similar
from phalang.opendata.models import BudgetProject, ContractingProcess

CANDIDATES = 500  # per kind; similarity is computed in Python over these


def projects_for(report: Any) -> list[dict[str, str]]:
    key = (getattr(report, "related_project", "") or "").strip()
    if not key:
        return []
    found = [{"url": reverse("opendata:process", args=[p.ocid]), "title": p.title or p.ocid}
             for p in ContractingProcess.objects.filter(ocid=key).only("ocid", "title")]
    found += [{"url": reverse("opendata:budget", args=[b.pk]), "title": f"{b.bb_year} {b.name}"}
              for b in BudgetProject.objects.filter(bb_code=key).only("pk", "bb_year", "name")[:5]]
    return found


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
