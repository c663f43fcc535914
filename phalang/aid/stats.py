"""Dashboard figures for one volunteer group: open requests by area, first response, output, load."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from phalang.aid.models import (
    CLOSED_STATES,
    HELD_STATES,
    HelpRequest,
    State,
    Suggestion,
    VolunteerProfile,
)
from phalang.orgs.models import Organisation


def loads_today(org: Organisation, now: datetime) -> dict[int, int]:
    """``actions.load_today`` for every volunteer of the group, in two grouped queries."""
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    held = (HelpRequest.objects.filter(volunteer__organisation=org)
            .filter(Q(state__in=HELD_STATES) | Q(state__in=[State.FULFILLED, State.FAILED], closed_at__gte=start))
            .values("volunteer_id").annotate(n=Count("pk")).order_by())
    pending = (Suggestion.objects.filter(volunteer__organisation=org, status=Suggestion.Status.PENDING)
               .values("volunteer_id").annotate(n=Count("pk")).order_by())
    out: Counter[int] = Counter()
    for row in [*held, *pending]:
        out[row["volunteer_id"]] += row["n"]
    return dict(out)


def dashboard(org: Organisation, now: datetime | None = None) -> dict[str, Any]:
    """Aggregates in SQL: a group with ten thousand open requests loads none of them.

    Counts by area and need live with the queue (``queue.counts``), under its filters.
    """
    now = now or timezone.now()
    open_ = HelpRequest.objects.filter(organisation=org).exclude(state__in=CLOSED_STATES)
    week = now - timedelta(days=7)
    responded = HelpRequest.objects.filter(organisation=org, created_at__gte=week, first_response_at__isnull=False)
    minutes = [(first - created).total_seconds() / 60
               for created, first in responded.values_list("created_at", "first_response_at") if first is not None]
    per_day = list(HelpRequest.objects.filter(organisation=org, state=State.FULFILLED, closed_at__gte=week)
                   .annotate(day=TruncDate("closed_at")).values("day").annotate(n=Count("id")).order_by("day"))
    loads = loads_today(org, now)
    load = [{"volunteer": v, "today": loads.get(v.pk, 0), "max": v.max_tasks_per_day}
            for v in VolunteerProfile.objects.filter(organisation=org, verified_at__isnull=False)
            .select_related("user")]
    return {"open": open_.count(),
            "first_response_median_min": round(median(minutes)) if minutes else None,
            "fulfilled_per_day": per_day, "load": load}
