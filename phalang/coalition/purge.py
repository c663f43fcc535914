"""PDPA: participants' names and contacts are kept until 30 days after their event."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from phalang.coalition.models import Rsvp, RsvpContact

KEEP_AFTER_EVENT = timedelta(days=30)


def purge_past_rsvps() -> int:
    cutoff = timezone.now() - KEEP_AFTER_EVENT
    past = Q(rsvp__event__ends_at__lt=cutoff) | Q(rsvp__event__ends_at__isnull=True, rsvp__event__starts_at__lt=cutoff)
    deleted, _ = RsvpContact.objects.filter(past).delete()
    Rsvp.objects.filter(Q(event__ends_at__lt=cutoff) | Q(event__ends_at__isnull=True, event__starts_at__lt=cutoff),
                        ).exclude(name="").update(name="", show_name=False)
    return deleted
