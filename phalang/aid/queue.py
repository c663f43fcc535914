"""The coordinator's queue at flood scale: filters, search, paging and counts, all in SQL.

Read-only: every change (triage, confirm) goes through ``actions``. Sorting uses
``HelpRequest.priority_at`` (created time moved back 12 hours per tier), so the most pressing
request comes first with an index, not after loading thousands of rows into Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from phalang.aid import actions
from phalang.aid.models import CLOSED_STATES, HelpRequest, Need, State, Suggestion
from phalang.lib.crypto import keyed_hash
from phalang.lib.numbers import small_int
from phalang.orgs.models import Organisation
from phalang.watch import receipts

PER_PAGE = 50
OPEN_STATES = [State.NEW, State.TRIAGED, State.MATCHED, State.ACCEPTED, State.EN_ROUTE]
# "waiting longer than": the choices the filter offers, in hours.
AGES = (1, 6, 24, 72)


@dataclass
class Filters:
    state: str = "waiting"  # "waiting" (new + triaged), "open", "closed", or one State
    urgency: int | None = None
    need: str = ""
    district: int | None = None
    subdistrict: int | None = None
    older_than_hours: int | None = None
    assignee: str = ""  # a volunteer id, or "none"
    q: str = ""

    @classmethod
    def from_query(cls, params: Any) -> Filters:
        def number(key: str) -> int | None:
            # ASCII digits only, no larger than an id can be ("²".isdigit() is true, int("²") fails)
            return small_int(params.get(key))

        state = str(params.get("state") or "waiting")
        if state not in {"waiting", "open", "closed", *State.values}:
            state = "waiting"
        need = str(params.get("need") or "")
        age = number("age")
        return cls(state=state, urgency=number("urgency") if number("urgency") in (1, 2, 3, 4) else None,
                   need=need if need in Need.values else "", district=number("district"),
                   subdistrict=number("subdistrict"),
                   # one of the filter's choices (a hand-made ?age=20000000 overflows a timedelta):
                   # the largest offered not above the one asked
                   older_than_hours=max((a for a in AGES if a <= age), default=None) if age else None,
                   assignee=str(params.get("assignee") or "")[:12], q=str(params.get("q") or "").strip()[:100])


def _search(qs: QuerySet[HelpRequest], text: str) -> QuerySet[HelpRequest]:
    """By receipt, phone or name: each compared by hash, since none is stored in clear."""
    if receipts.normalize(text) is not None:
        return qs.filter(receipt_hash=receipts.receipt_hash(text))
    digits = actions.normalise_phone(text)
    if len(digits) in (8, 9) and not digits.startswith("0") and digits == re.sub(r"\s", "", text):
        digits = "0" + digits  # as Excel stores it: 894938593 lost its leading 0
    if len(digits) >= 9 and len(digits) >= len(re.sub(r"\s", "", text)) - 4:
        return qs.filter(phone_hash=keyed_hash("contact", "phone:" + digits))
    tokens = actions.name_tokens(text, query=True).split()
    if not tokens:
        return qs.none()
    for token in tokens:
        qs = qs.filter(name_tokens__contains=token)
    return qs


def requests(org: Organisation, f: Filters, now: datetime | None = None) -> QuerySet[HelpRequest]:
    now = now or timezone.now()
    qs = HelpRequest.objects.filter(organisation=org)
    if f.state == "waiting":
        qs = qs.filter(state__in=[State.NEW, State.TRIAGED])
    elif f.state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif f.state == "closed":
        qs = qs.filter(state__in=CLOSED_STATES)
    else:
        qs = qs.filter(state=f.state)
    if f.urgency:
        qs = qs.filter(urgency=f.urgency)
    if f.need:
        qs = qs.filter(need=f.need)
    if f.subdistrict:
        qs = qs.filter(subdistrict_id=f.subdistrict)
    elif f.district:
        qs = qs.filter(district_id=f.district)
    if f.older_than_hours:
        qs = qs.filter(created_at__lte=now - timedelta(hours=f.older_than_hours))
    if f.assignee == "none":
        qs = qs.filter(volunteer__isnull=True)
    elif f.assignee.isdigit():
        qs = qs.filter(volunteer_id=int(f.assignee))
    if f.q:
        qs = _search(qs, f.q)
    return qs.order_by("priority_at", "created_at", "pk")


def page(org: Organisation, f: Filters, number: Any = 1, now: datetime | None = None) -> Page[HelpRequest]:
    now = now or timezone.now()
    qs = requests(org, f, now).select_related("subdistrict", "district", "province", "volunteer__user")
    result = Paginator(qs, PER_PAGE).get_page(number)
    pending = set(Suggestion.objects.filter(request__in=[r.pk for r in result.object_list],
                                            status=Suggestion.Status.PENDING).values_list("request_id", flat=True))
    for r in result.object_list:
        r.waited_hours = int((now - r.created_at).total_seconds() // 3600)  # type: ignore[attr-defined]
        r.has_suggestion = r.pk in pending  # type: ignore[attr-defined]
    return result


def counts(org: Organisation, f: Filters, now: datetime | None = None) -> dict[str, list[dict[str, Any]]]:
    """Open requests by district and by need, under the same filters (except the one counted)."""
    base = requests(org, f, now).order_by()
    by_area = [{"district": row["district__name_th"] or "-", "district_id": row["district_id"], "n": row["n"]}
               for row in base.values("district_id", "district__name_th").annotate(n=Count("pk")).order_by("-n")]
    labels = dict(Need.choices)
    by_need = [{"need": row["need"], "label": labels.get(row["need"], row["need"]), "n": row["n"]}
               for row in base.values("need").annotate(n=Count("pk")).order_by("-n")]
    return {"area": by_area, "need": by_need}


def need_choices(org: Organisation) -> list[tuple[str, str]]:
    """The kit's needs, then those of requests filed under an earlier kit: after a change of kit
    the old requests must still be found by their need."""
    kit = list(actions.kit_for(org).needs)
    filed = set(HelpRequest.objects.filter(organisation=org).order_by().values_list("need", flat=True).distinct())
    return [(n, str(Need(n).label)) for n in [*kit, *sorted(filed - set(kit))] if n in Need.values]


def districts(org: Organisation) -> list[tuple[int, str]]:
    rows = (HelpRequest.objects.filter(organisation=org, district__isnull=False).order_by()
            .values_list("district_id", "district__name_th").distinct())
    return sorted(rows, key=lambda r: r[1])


def map_points(org: Organisation, f: Filters, limit: int = 5000) -> dict[str, Any]:
    """GeoJSON of the filtered requests and the group's volunteers, at the subdistrict centre.

    The pin a requester dropped is contact data; the map shows the area, like every list.
    """
    features: list[dict[str, Any]] = []
    rows = (requests(org, f).filter(Q(subdistrict__isnull=False))
            .values("subdistrict__lat", "subdistrict__lon", "subdistrict__name_th", "need", "urgency")
            .annotate(n=Count("pk"))[:limit])
    labels = dict(Need.choices)
    for row in rows:
        features.append({"type": "Feature", "geometry": {
            "type": "Point", "coordinates": [row["subdistrict__lon"], row["subdistrict__lat"]]},
            "properties": {"kind": "request", "need": row["need"], "label": str(labels.get(row["need"], "")),
                           "urgency": row["urgency"], "n": row["n"], "area": row["subdistrict__name_th"]}})
    from phalang.aid.models import VolunteerProfile

    vols = (VolunteerProfile.objects.filter(organisation=org, active=True, verified_at__isnull=False,
                                            home_subdistrict__isnull=False)
            .values("home_subdistrict__lat", "home_subdistrict__lon", "home_subdistrict__name_th", "vehicle")
            .annotate(n=Count("pk")))
    for row in vols:
        features.append({"type": "Feature", "geometry": {
            "type": "Point", "coordinates": [row["home_subdistrict__lon"], row["home_subdistrict__lat"]]},
            "properties": {"kind": "volunteer", "vehicle": row["vehicle"], "n": row["n"],
                           "area": row["home_subdistrict__name_th"]}})
    return {"type": "FeatureCollection", "features": features}
