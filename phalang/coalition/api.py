"""Public JSON for commitments, campaigns and events (mounted at /api/v1/coalition/)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from phalang.coalition import directory
from phalang.coalition.models import Campaign, Commitment, CommitmentStatus, Event
from phalang.coalition.views import commitment_json

router = Router(tags=["coalition"])


def _commitments() -> Any:
    return (Commitment.objects.select_related("made_by", "tracked_by", "ask").prefetch_related("updates")
            .order_by("id"))


@router.get("/commitments")
def list_commitments(request: HttpRequest, status: str = "", made_by: str = "") -> dict[str, Any]:
    qs = _commitments()
    if status in CommitmentStatus.values:
        qs = qs.filter(status=status)
    if made_by:
        qs = qs.filter(made_by__slug=made_by)
    return {"commitments": [commitment_json(c) for c in qs[:1000]]}


@router.get("/commitments/{public_id}")
def get_commitment(request: HttpRequest, public_id: str) -> dict[str, Any]:
    return commitment_json(get_object_or_404(_commitments(), public_id=public_id))


@router.get("/campaigns")
def list_campaigns(request: HttpRequest) -> dict[str, Any]:
    return {"campaigns": [
        {"slug": c.slug, "title": c.title, "issue": c.issue, "goals": c.goals, "organisation": c.organisation.slug,
         "progress": c.progress(),
         "milestones": [{"title": m.title, "progress": m.progress,
                         "due_on": m.due_on.isoformat() if m.due_on else None} for m in c.milestones.all()],
         "updates": [{"text": u.text, "at": u.created_at.isoformat()} for u in c.updates.all()[:20]]}
        for c in Campaign.objects.select_related("organisation").prefetch_related("milestones", "updates")[:200]]}


@router.get("/events")
def list_events(request: HttpRequest) -> dict[str, Any]:
    """Public facts only: a hidden venue is never in the API, and no participant is named."""
    return {"events": [
        {"id": e.public_id, "title": e.title, "mode": e.mode, "starts_at": e.starts_at.isoformat(),
         "organisation": e.organisation.slug, "capacity": e.capacity,
         "venue": None if e.venue_reveal_at else (e.venue or None),
         "venue_reveal_at": e.venue_reveal_at.isoformat() if e.venue_reveal_at else None}
        for e in Event.objects.select_related("organisation").order_by("starts_at")[:200]]}


@router.get("/partners")
def list_partners(request: HttpRequest, kind: str = "", area: str = "", province: str = "",
                  verified: str = "") -> dict[str, Any]:
    """The partner directory, with the same filters as /coalition/partners/ (province: its id)."""
    f = directory.filters({"kind": kind, "area": area, "province": province, "verified": verified})
    return {"partners": [directory.as_json(o) for o in directory.organisations(f)[:1000]]}
