"""Need to know on a case: who sees the reporter's identity, the original text and the files.

The organisations that screen a report (its handling organisations) see the original. An
organisation the case was only forwarded to sees the text a moderator shared (the public text)
and the published, blurred evidence; the contact, the original text, the original files and the
conversation reach it only if the reporter agreed, with their receipt, to share them with that
organisation (``SharingConsent``). Every opening of an identity or an original file is audited
(workflow.open_identity, workflow.open_original) and the reporter sees who opened their identity.
"""

from __future__ import annotations

from typing import Any

from phalang.audit.models import AuditEntry
from phalang.orgs.backends import org_ids_with_perm
from phalang.orgs.models import Organisation
from phalang.watch.models import Report, SharingConsent

IDENTITY_VIEWED = "report.view_identity"


def _handling_ids(report: Report) -> set[int]:
    return set(report.handling_organisations.values_list("pk", flat=True))


def is_handler(user: Any, report: Report) -> bool:
    """Platform administrators and staff of a handling organisation."""
    return bool(user.is_superuser or org_ids_with_perm(user, "report.view") & _handling_ids(report))


def _consenting_orgs(user: Any, report: Report, what: str) -> set[int]:
    """The forwarded organisations of ``user`` the reporter agreed to share ``what`` with."""
    mine = org_ids_with_perm(user, "report.view")
    if not mine:
        return set()
    return set(SharingConsent.objects.filter(report=report, organisation__in=mine, **{what: True})
               .filter(organisation__in=report.forwarded_to.all()).values_list("organisation_id", flat=True))


def sees_original(user: Any, report: Report) -> bool:
    """The original text and the conversation."""
    return is_handler(user, report) or bool(_consenting_orgs(user, report, "original"))


def may_open_identity(user: Any, report: Report) -> bool:
    if not (report.contact_enc or report.reporter_name_enc):
        return False
    return user.has_perm("report.view_contact", report) or bool(_consenting_orgs(user, report, "contact"))


def may_open_original_file(user: Any, report: Report) -> bool:
    return user.has_perm("report.moderate", report) or bool(_consenting_orgs(user, report, "original"))


def acting_organisation(user: Any, report: Report, what: str = "") -> int | None:
    """The organisation ``user`` acts for on this report, for the audit entry (None: platform admin)."""
    mine = org_ids_with_perm(user, "report.view")
    handling = mine & _handling_ids(report)
    if handling:
        return min(handling)
    consenting = _consenting_orgs(user, report, what) if what else set()
    forwarded = mine & set(report.forwarded_to.values_list("pk", flat=True))
    return min(consenting or forwarded) if (consenting or forwarded) else None


def identity_views(report: Report) -> list[dict[str, Any]]:
    """Who opened the reporter's identity and when: what the reporter sees with their receipt."""
    entries = list(AuditEntry.objects.filter(action=IDENTITY_VIEWED, target_type="watch.report",
                                             target_id=str(report.pk)).order_by("seq"))
    ids = {e.data.get("organisation") for e in entries if e.data.get("organisation")}
    names = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
    return [{"organisation": names.get(e.data.get("organisation")), "at": e.created_at} for e in entries]


def sharing_choices(report: Report) -> list[dict[str, Any]]:
    """Each organisation the case was forwarded to, with what the reporter shares with it."""
    consents = {c.organisation_id: c for c in SharingConsent.objects.filter(report=report)}
    out = []
    for org in report.forwarded_to.all().order_by("name_th"):
        c = consents.get(org.pk)
        out.append({"organisation": org, "contact": bool(c and c.contact), "original": bool(c and c.original)})
    return out
