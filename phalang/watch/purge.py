"""PDPA purges for Watch: reply addresses and contacts of closed cases, and abandoned chat uploads."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from phalang.lib import conf
from phalang.watch.models import CLOSED_STATUSES, Anonymity, Evidence, FixCheck, Report, Status
from phalang.watch.workflow import fix_check_deadline


def purge_reply_addresses() -> int:
    """Delete the encrypted reply address of closed cases: an anonymous report's at once, with
    the keyed hash of its sender (workflow.forget_reporter does it as the case closes; this
    catches any left over), the others' after the retention period."""
    closed = Report.objects.filter(status__in=CLOSED_STATUSES)
    # A resolved case whose reporter is still asked "แก้ไขแล้วจริงไหม?" keeps the address until
    # the answer or the question's expiry (workflow.open_fix_check).
    asking = FixCheck.objects.filter(report=OuterRef("pk"), answer="", asked_at__gte=fix_check_deadline())
    anonymous = (closed.filter(anonymity=Anonymity.ANONYMOUS).exclude(reply_address_enc="", channel_user_hash="")
                 .exclude(Q(status=Status.RESOLVED) & Exists(asking))
                 .update(reply_address_enc="", channel_user_hash=""))
    cutoff = timezone.now() - timedelta(days=conf.phalang("REPLY_ADDRESS_RETENTION_DAYS"))
    return anonymous + closed.filter(closed_at__lt=cutoff).exclude(reply_address_enc="").update(reply_address_enc="")


def purge_closed_contacts() -> int:
    """Erase the contact and name a confidential or named report gave, once its case has been
    closed for the PDPA retention period (PHALANG_PDPA_RETENTION_DAYS): long enough for a
    moderator to answer a follow-up or for a dossier to be asked for, no longer. An open case
    keeps them, however old it is; a reopened case has no ``closed_at`` and keeps them too."""
    cutoff = timezone.now() - timedelta(days=conf.phalang("PDPA_RETENTION_DAYS"))
    return (Report.objects.filter(status__in=CLOSED_STATUSES, closed_at__lt=cutoff)
            .exclude(contact_enc="", reporter_name_enc="")
            .update(contact_enc="", reporter_name_enc=""))


def purge_pending_evidence() -> int:
    """Photos sent in a chat whose draft was never confirmed."""
    cutoff = timezone.now() - timedelta(hours=conf.phalang("DRAFT_HOURS") + 1)
    stale = list(Evidence.objects.filter(report=None, created_at__lt=cutoff))
    for ev in stale:
        ev.original.delete(save=False)
        if ev.public_file:
            ev.public_file.delete(save=False)
        ev.delete()
    return len(stale)
