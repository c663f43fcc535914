"""Dashboard figures for one volunteer group: open requests by area, first response, output, load."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from phalang.aid.actions import load_today
from phalang.aid.models import CLOSED_STATES, HelpRequest, State, VolunteerProfile
from phalang.orgs.models import Organisation


def dashboard(org: Organisation, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    open_ = (HelpRequest.objects.filter(organisation=org).exclude(state__in=CLOSED_STATES)
             .select_related("province", "district"))
    by_area: dict[str, dict[str, Counter[int]]] = defaultdict(lambda: defaultdict(Counter))
    for r in open_:
        by_area[r.province.name_th if r.province else "-"][r.district.name_th if r.district else "-"][r.urgency] += 1
    areas = [{"province": p, "districts": [{"district": d, "tiers": [c.get(t, 0) for t in (4, 3, 2, 1)],
                                            "total": sum(c.values())} for d, c in sorted(ds.items())]}
             for p, ds in sorted(by_area.items())]
    week = now - timedelta(days=7)
    responded = HelpRequest.objects.filter(organisation=org, created_at__gte=week, first_response_at__isnull=False)
    minutes = [(r.first_response_at - r.created_at).total_seconds() / 60
               for r in responded.only("created_at", "first_response_at") if r.first_response_at is not None]
    per_day = list(HelpRequest.objects.filter(organisation=org, state=State.FULFILLED, closed_at__gte=week)
                   .annotate(day=TruncDate("closed_at")).values("day").annotate(n=Count("id")).order_by("day"))
    load = [{"volunteer": v, "today": load_today(v, now), "max": v.max_tasks_per_day}
            for v in VolunteerProfile.objects.filter(organisation=org, verified_at__isnull=False)
            .select_related("user")]
    return {"areas": areas, "open": open_.count(),
            "first_response_median_min": round(median(minutes)) if minutes else None,
            "fulfilled_per_day": per_day, "load": load}
