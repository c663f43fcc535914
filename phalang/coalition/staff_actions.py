"""Changes made from the staff forms that the core actions (actions.py) do not cover yet.

Same rules as actions.py: check the permission, validate with a clear message (Thai through
the catalogue), write, audit (ids only), all in one transaction so that a bad field leaves
nothing half-saved. Where a core action exists it is called, not repeated.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phalang.audit.log import record
from phalang.coalition import actions
from phalang.coalition.models import Campaign, Coalition, CoalitionMember, Event, Milestone
from phalang.orgs.models import Organisation


def _require(by: Any, perm: str, obj: Any) -> None:
    if by is not None and not by.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _check_coalition(organisation: Organisation, coalition: Coalition | None) -> None:
    if coalition is not None and not coalition.members.filter(organisation=organisation).exists():
        raise ValidationError({"coalition": _("Your organisation is not a member of this coalition.")})


def _check_campaign(organisation: Organisation, campaign: Campaign | None) -> None:
    if campaign is not None and organisation.pk not in campaign.governing_organisation_ids():
        raise ValidationError({"campaign": _("This campaign is not run by your organisation.")})


# --- Campaigns ----------------------------------------------------------------------------------

@transaction.atomic
def create_campaign(*, organisation: Organisation, slug: str, title: str, issue: str, by: Any,
                    goals: str = "", coalition: Coalition | None = None, province: Any = None,
                    milestones: list[tuple[str, date | None]] | None = None) -> Campaign:
    """A campaign and its first milestones, together or not at all."""
    _require(by, "coalition.manage", organisation)
    _check_coalition(organisation, coalition)
    if Campaign.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This web address is taken: choose another.")})
    campaign = actions.create_campaign(organisation=organisation, slug=slug, title=title, issue=issue, goals=goals,
                                       coalition=coalition, province=province, by=by)
    for i, (m_title, due_on) in enumerate(milestones or []):
        if not m_title.strip() or len(m_title.strip()) > 200:
            raise ValidationError({"milestones": _("Milestone %(n)d needs a title of at most 200 characters.")
                                   % {"n": i + 1}})
        actions.add_milestone(campaign, m_title.strip(), due_on=due_on, by=by)
    return campaign


@transaction.atomic
def update_campaign(campaign: Campaign, *, by: Any, title: str, issue: str, goals: str = "",
                    coalition: Coalition | None = None, province: Any = None) -> Campaign:
    _require(by, "coalition.manage", campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_coalition(campaign.organisation, coalition)
    before = {"title": campaign.title, "coalition": campaign.coalition_id, "province": campaign.province_id}
    campaign.title, campaign.issue, campaign.goals = title.strip(), issue.strip(), goals.strip()
    campaign.coalition, campaign.province = coalition, province
    campaign.full_clean()
    campaign.save()
    changed = sorted(k for k, v in before.items()
                     if v != {"title": campaign.title, "coalition": campaign.coalition_id,
                              "province": campaign.province_id}[k])
    record("campaign.edit", actor=by, target=campaign, data={"changed": changed})
    return campaign


@transaction.atomic
def update_milestone(m: Milestone, *, by: Any, title: str, progress: int, due_on: date | None = None) -> Milestone:
    """Rename a milestone, move its date and set its progress in one step."""
    _require(by, "coalition.manage", m.campaign)
    if not title.strip():
        raise ValidationError({"title": _("A milestone needs a title.")})
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
    m = Milestone.objects.select_for_update().get(pk=m.pk)
    m.title, m.due_on = title.strip(), due_on
    m.full_clean()
    m.save(update_fields=["title", "due_on"])
    if m.progress != progress:
        actions.set_milestone_progress(m, progress, by=by)
    record("campaign.milestone_edit", actor=by, target=m.campaign, data={"milestone": m.pk})
    return m


# --- Events -------------------------------------------------------------------------------------

def _check_event(*, mode: str, starts_at: datetime, ends_at: datetime | None, venue: str, online_url: str,
                 venue_reveal_at: datetime | None, capacity: int | None) -> None:
    errors: dict[str, str] = {}
    if mode not in Event.Mode.values:
        errors["mode"] = _("Choose online, in person or hybrid.")
    if mode in (Event.Mode.OFFLINE, Event.Mode.HYBRID) and not venue.strip():
        errors["venue"] = _("An in-person or hybrid event needs a venue (it can stay hidden).")
    if mode in (Event.Mode.ONLINE, Event.Mode.HYBRID) and not online_url.strip():
        errors["online_url"] = _("An online or hybrid event needs its online link (it can stay hidden).")
    if ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("The end must come after the start.")
    if venue_reveal_at is not None and venue_reveal_at > starts_at:
        errors["venue_reveal_at"] = _("Reveal the venue before the event starts.")
    if capacity is not None and capacity < 1:
        errors["capacity"] = _("Capacity is at least 1; leave it empty for no limit.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_event(*, organisation: Organisation, title: str, starts_at: datetime, by: Any, mode: str,
                 agenda: str = "", ends_at: datetime | None = None, capacity: int | None = None, venue: str = "",
                 online_url: str = "", venue_reveal_at: datetime | None = None, requires_approval: bool = False,
                 campaign: Campaign | None = None, pledge_threshold: int | None = None) -> Event:
    _require(by, "event.manage", organisation)
    _check_event(mode=mode, starts_at=starts_at, ends_at=ends_at, venue=venue, online_url=online_url,
                 venue_reveal_at=venue_reveal_at, capacity=capacity)
    _check_campaign(organisation, campaign)
    if venue_reveal_at is not None and venue_reveal_at <= timezone.now():
        raise ValidationError({"venue_reveal_at": _("The reveal time has already passed.")})
    return actions.create_event(organisation=organisation, title=title.strip(), starts_at=starts_at, mode=mode,
                                agenda=agenda.strip(), ends_at=ends_at, capacity=capacity, venue=venue.strip(),
                                online_url=online_url.strip(), venue_reveal_at=venue_reveal_at,
                                requires_approval=requires_approval, campaign=campaign, by=by,
                                pledge_threshold=pledge_threshold)


@transaction.atomic
def update_event(event: Event, *, by: Any, title: str, mode: str, starts_at: datetime, agenda: str = "",
                 ends_at: datetime | None = None, capacity: int | None = None, requires_approval: bool = False,
                 campaign: Campaign | None = None) -> Event:
    """Everything but the venue and link, which change through ``actions.change_venue`` (it tells
    confirmed participants)."""
    _require(by, "event.manage", event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    _check_event(mode=mode, starts_at=starts_at, ends_at=ends_at, venue=event.venue, online_url=event.online_url,
                 venue_reveal_at=event.venue_reveal_at if event.venue_revealed_at is None else None,
                 capacity=capacity)
    _check_campaign(event.organisation, campaign)
    event.title, event.mode, event.starts_at, event.agenda = title.strip(), mode, starts_at, agenda.strip()
    event.ends_at, event.capacity, event.requires_approval, event.campaign = ends_at, capacity, requires_approval, campaign
    event.full_clean()
    event.save()
    record("event.edit", actor=by, target=event, data={"campaign": campaign.pk if campaign else None})
    return event


# --- Coalitions and their members ---------------------------------------------------------------

@transaction.atomic
def create_coalition(*, lead: Organisation, slug: str, name: str, by: Any, description: str = "") -> Coalition:
    """A new coalition; the organisation creating it becomes its first lead member."""
    _require(by, "coalition.manage", lead)
    errors: dict[str, str] = {}
    if Coalition.objects.filter(slug=slug).exists():
        errors["slug"] = _("This web address is taken: choose another.")
    if not name.strip():
        errors["name"] = _("A coalition needs a name.")
    if errors:
        raise ValidationError(errors)
    return actions.create_coalition(slug=slug, name=name.strip(), description=description.strip(), lead=lead,
                                    by=by)


def _check_role(role: str) -> None:
    if role not in CoalitionMember.Role.values:
        raise ValidationError({"role": _("Choose lead or member.")})


def _locked(coalition: Coalition) -> Coalition:
    # One change of membership at a time per coalition, so that two leads stepping down together
    # cannot leave it without one.
    return Coalition.objects.select_for_update().get(pk=coalition.pk)


def _other_leads(member: CoalitionMember) -> bool:
    return (CoalitionMember.objects.filter(coalition_id=member.coalition_id, role=CoalitionMember.Role.LEAD)
            .exclude(pk=member.pk).exists())


@transaction.atomic
def add_member(coalition: Coalition, org: Organisation, *, by: Any,
               role: str = CoalitionMember.Role.MEMBER) -> CoalitionMember:
    """Add an organisation from the directory; one already in the coalition changes role instead."""
    _require(by, "coalition.manage", coalition)
    _check_role(role)
    coalition = _locked(coalition)
    if coalition.members.filter(organisation=org).exists():
        raise ValidationError({"organisation": _("This organisation is already a member.")})
    return actions.add_coalition_member(coalition, org, role=role, by=by)


@transaction.atomic
def set_member_role(member: CoalitionMember, role: str, *, by: Any) -> CoalitionMember:
    _require(by, "coalition.manage", member.coalition)
    _check_role(role)
    _locked(member.coalition)
    member = CoalitionMember.objects.get(pk=member.pk)
    if member.role == role:
        return member
    if member.role == CoalitionMember.Role.LEAD and not _other_leads(member):
        raise ValidationError({"role": _("A coalition needs at least one lead: make another member lead first.")})
    old, member.role = member.role, role
    member.save(update_fields=["role"])
    record("coalition.member_role", actor=by, target=member.coalition,
           data={"org": member.organisation_id, "from": old, "to": role})
    return member


@transaction.atomic
def remove_member(member: CoalitionMember, *, by: Any) -> None:
    """Take an organisation out of the coalition. Its campaigns stay public but leave the coalition,
    so the remaining leads no longer govern them."""
    _require(by, "coalition.manage", member.coalition)
    coalition = _locked(member.coalition)
    member = CoalitionMember.objects.get(pk=member.pk)
    if member.role == CoalitionMember.Role.LEAD and not _other_leads(member):
        raise ValidationError({"member": _("A coalition needs at least one lead: make another member lead first.")})
    org_id = member.organisation_id
    campaigns = sorted(Campaign.objects.filter(coalition=coalition, organisation_id=org_id).values_list("pk", flat=True))
    Campaign.objects.filter(pk__in=campaigns).update(coalition=None)
    member.delete()
    record("coalition.member_remove", actor=by, target=coalition, data={"org": org_id, "campaigns": campaigns})
