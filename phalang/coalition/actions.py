"""Every change of state in the coalition module: validated, written, audited in one transaction.

Audit entries carry ids only; names and addresses never enter the log.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min, QuerySet
from django.utils import timezone

from phalang.audit.log import record
from phalang.coalition.models import (
    Broadcast,
    Campaign,
    CampaignLink,
    CampaignUpdate,
    Coalition,
    CoalitionMember,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    ConsentRecord,
    Event,
    Milestone,
    Rsvp,
    RsvpContact,
    Subscriber,
    SubscriberAddress,
    SubscriberTag,
    new_commitment_id,
)
from phalang.lib.crypto import encrypt, keyed_hash
from phalang.messaging import notify
from phalang.orgs.models import Organisation

CHANNELS = ("line", "telegram", "email", "sms")
CHECKIN_SALT = "phalang.coalition.checkin"


def _require(by: Any, perm: str, obj: Any) -> None:
    if by is not None and not by.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _check_channel(channel: str, address: str) -> None:
    if channel not in CHANNELS:
        raise ValidationError({"channel": f"unknown channel {channel!r}"})
    if not address.strip():
        raise ValidationError({"address": "an address is required"})


# --- Coalitions ---------------------------------------------------------------------------------

@transaction.atomic
def create_coalition(*, slug: str, name: str, lead: Organisation, by: Any = None, description: str = "",
                     is_demo: bool = False) -> Coalition:
    _require(by, "coalition.manage", lead)
    coalition = Coalition(slug=slug, name=name, description=description, is_demo=is_demo)
    coalition.full_clean()
    coalition.save()
    CoalitionMember.objects.create(coalition=coalition, organisation=lead, role=CoalitionMember.Role.LEAD)
    record("coalition.create", actor=by, target=coalition, data={"lead": lead.pk})
    return coalition


@transaction.atomic
def add_coalition_member(coalition: Coalition, org: Organisation, *, by: Any = None,
                         role: str = CoalitionMember.Role.MEMBER) -> CoalitionMember:
    _require(by, "coalition.manage", coalition)
    member, _created = CoalitionMember.objects.update_or_create(coalition=coalition, organisation=org,
                                                                defaults={"role": role})
    record("coalition.member", actor=by, target=coalition, data={"org": org.pk, "role": role})
    return member


# --- Commitments --------------------------------------------------------------------------------

@transaction.atomic
def create_commitment(*, tracked_by: Organisation, title: str, source_title: str, by: Any = None,
                      made_by: Organisation | None = None, made_by_official: str = "", description: str = "",
                      source_date: date | None = None, source_url: str = "", campaign: Campaign | None = None,
                      is_demo: bool = False) -> Commitment:
    _require(by, "commitment.manage", tracked_by)
    if made_by is None and not made_by_official.strip():
        raise ValidationError({"made_by": "name the party, agency or official who made the commitment"})
    c = Commitment(tracked_by=tracked_by, made_by=made_by, made_by_official=made_by_official.strip(), title=title,
                   description=description, source_title=source_title, source_date=source_date,
                   source_url=source_url, campaign=campaign, is_demo=is_demo)
    while Commitment.objects.filter(public_id=c.public_id).exists():  # 32**5 ids: a clash is rare
        c.public_id = new_commitment_id()
    c.full_clean()
    c.save()
    CommitmentUpdate.objects.create(commitment=c, status_to=c.status, reason=source_title, evidence_url=source_url)
    record("commitment.create", actor=by, target=c, data={"tracked_by": tracked_by.pk,
                                                            "made_by": made_by.pk if made_by else None})
    _public_log(c)
    return c


def _public_log(c: Commitment) -> None:
    from phalang.watch import publiclog

    publiclog.append(report_public_id=f"commitment:{c.public_id}", event="commitment", status=c.status)


@transaction.atomic
def change_commitment_status(c: Commitment, status: str, *, reason: str, by: Any = None,
                             evidence_url: str = "") -> CommitmentUpdate:
    """Move a commitment to a new status; the reason and evidence go on its public timeline."""
    _require(by, "commitment.manage", c)
    if status not in CommitmentStatus.values:
        raise ValidationError({"status": f"unknown status {status!r}"})
    if not reason.strip():
        raise ValidationError({"reason": "a reason is required"})
    c = Commitment.objects.select_for_update().get(pk=c.pk)
    update = CommitmentUpdate(commitment=c, status_from=c.status, status_to=status, reason=reason.strip(),
                              evidence_url=evidence_url)
    update.full_clean()
    update.save()
    old, c.status = c.status, status
    c.save(update_fields=["status", "updated_at"])
    record("commitment.status", actor=by, target=c, data={"from": old, "to": status, "update": update.pk})
    _public_log(c)
    return update


def kept_vs_broken(org: Organisation) -> dict[str, int]:
    counts = {s: 0 for s in CommitmentStatus.values}
    for status in org.commitments.values_list("status", flat=True):
        counts[status] += 1
    return counts


# --- Campaigns ----------------------------------------------------------------------------------

@transaction.atomic
def create_campaign(*, organisation: Organisation, slug: str, title: str, issue: str, by: Any = None,
                    goals: str = "", coalition: Coalition | None = None, province: Any = None,
                    is_demo: bool = False) -> Campaign:
    _require(by, "coalition.manage", organisation)
    campaign = Campaign(organisation=organisation, slug=slug, title=title, issue=issue, goals=goals,
                        coalition=coalition, province=province, is_demo=is_demo)
    campaign.full_clean()
    campaign.save()
    record("campaign.create", actor=by, target=campaign, data={"org": organisation.pk})
    return campaign


@transaction.atomic
def add_milestone(campaign: Campaign, title: str, *, by: Any = None, due_on: date | None = None) -> Milestone:
    _require(by, "coalition.manage", campaign)
    m = Milestone.objects.create(campaign=campaign, title=title, due_on=due_on,
                                 position=campaign.milestones.count())
    record("campaign.milestone", actor=by, target=campaign, data={"milestone": m.pk})
    return m


@transaction.atomic
def set_milestone_progress(m: Milestone, progress: int, *, by: Any = None) -> Milestone:
    _require(by, "coalition.manage", m.campaign)
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": "between 0 and 100"})
    m.progress = progress
    m.save(update_fields=["progress"])
    record("campaign.progress", actor=by, target=m.campaign, data={"milestone": m.pk, "progress": progress})
    return m


@transaction.atomic
def post_campaign_update(campaign: Campaign, text: str, *, by: Any = None, notify: bool = True) -> CampaignUpdate:
    """A public update; followers receive it as a broadcast."""
    _require(by, "coalition.manage", campaign)
    if not text.strip():
        raise ValidationError({"text": "required"})
    update = CampaignUpdate.objects.create(campaign=campaign, text=text.strip())
    record("campaign.update", actor=by, target=campaign, data={"update": update.pk})
    if notify:
        schedule_broadcast(organisation=campaign.organisation, text=f"[{campaign.title}] {update.text}",
                           tag_kind=SubscriberTag.Kind.CAMPAIGN, tag_value=str(campaign.pk), by=None)
    return update


@transaction.atomic
def link_to_campaign(campaign: Campaign, kind: str, external_id: str, *, by: Any = None,
                     label: str = "") -> CampaignLink:
    _require(by, "coalition.manage", campaign)
    link = CampaignLink(campaign=campaign, kind=kind, external_id=external_id.strip(), label=label)
    link.full_clean()
    link.save()
    record("campaign.link", actor=by, target=campaign, data={"kind": kind, "link": link.pk})
    return link


# --- Events -------------------------------------------------------------------------------------

@transaction.atomic
def create_event(*, organisation: Organisation, title: str, starts_at: datetime, by: Any = None,
                 mode: str = Event.Mode.OFFLINE, agenda: str = "", ends_at: datetime | None = None,
                 capacity: int | None = None, venue: str = "", online_url: str = "",
                 venue_reveal_at: datetime | None = None, requires_approval: bool = False,
                 campaign: Campaign | None = None, is_demo: bool = False) -> Event:
    _require(by, "event.manage", organisation)
    event = Event(organisation=organisation, title=title, starts_at=starts_at, mode=mode, agenda=agenda,
                  ends_at=ends_at, capacity=capacity, venue=venue, online_url=online_url,
                  venue_reveal_at=venue_reveal_at, requires_approval=requires_approval, campaign=campaign,
                  is_demo=is_demo)
    event.full_clean()
    event.save()
    record("event.create", actor=by, target=event, data={"org": organisation.pk, "hidden": bool(venue_reveal_at)})
    return event


@dataclass
class NewRsvp:
    name: str
    contacts: list[tuple[str, str]]  # (channel, address)
    show_name: bool = False


def _has_room(event: Event) -> bool:
    if event.capacity is None:
        return True
    return event.rsvps.filter(status=Rsvp.Status.CONFIRMED).count() < event.capacity


@transaction.atomic
def rsvp(event: Event, new: NewRsvp, *, token: str | None = None) -> tuple[Rsvp, str]:
    """Sign up for an event. Returns the RSVP and its ticket token (shown once, never stored).

    ``token``: a ticket token the caller derives itself (a chat's, so the chat can find its RSVP
    again without anyone storing the token); a random one otherwise."""
    if not new.contacts:
        raise ValidationError({"contact": "give one way to reach you"})
    for channel, address in new.contacts:
        _check_channel(channel, address)
    event = Event.objects.select_for_update().get(pk=event.pk)  # capacity is counted under the lock
    token = token or secrets.token_urlsafe(18)
    status = Rsvp.Status.CONFIRMED if (not event.requires_approval and _has_room(event)) else Rsvp.Status.PENDING
    r = Rsvp.objects.create(event=event, token_hash=keyed_hash("coalition-ticket", token), name=new.name.strip()[:100],
                            show_name=new.show_name, status=status)
    RsvpContact.objects.bulk_create([RsvpContact(rsvp=r, channel=ch, address_enc=encrypt(addr.strip(), "channel"))
                                     for ch, addr in new.contacts])
    record("event.rsvp", target=event, data={"rsvp": r.pk, "status": status})
    if status == Rsvp.Status.CONFIRMED and event.venue_revealed_at is not None:
        _push_venue(event, [r])
    return r, token


def rsvp_by_token(token: str) -> Rsvp | None:
    return Rsvp.objects.select_related("event").filter(token_hash=keyed_hash("coalition-ticket", token)).first()


@transaction.atomic
def confirm_rsvp(r: Rsvp, *, by: Any = None) -> Rsvp:
    _require(by, "event.manage", r.event)
    r = Rsvp.objects.select_related("event").select_for_update().get(pk=r.pk)  # the event as it is now
    if r.status != Rsvp.Status.PENDING:
        raise ValidationError({"status": "only a pending RSVP can be confirmed"})
    r.status = Rsvp.Status.CONFIRMED
    r.save(update_fields=["status"])
    record("event.rsvp_confirm", actor=by, target=r.event, data={"rsvp": r.pk})
    if r.event.venue_revealed_at is not None:
        _push_venue(r.event, [r])
    return r


@transaction.atomic
def cancel_rsvp(r: Rsvp) -> Rsvp:
    """The participant withdraws: no more messages about the event reach them."""
    r.status = Rsvp.Status.CANCELLED
    r.save(update_fields=["status"])
    record("event.rsvp_cancel", target=r.event, data={"rsvp": r.pk})
    return r


def _confirmed(event: Event) -> QuerySet[Rsvp]:
    return event.rsvps.filter(status=Rsvp.Status.CONFIRMED).prefetch_related("contacts")


def _push(rsvps: list[Rsvp] | QuerySet[Rsvp], text: str, *key: Any) -> int:
    """One message per contact of each participant: all their channels at once (those that can be
    reached outside a conversation, ``messaging.notify``)."""
    n = 0
    for r in rsvps:
        for contact in r.contacts.all():
            if notify.notify(contact.channel, text, address_enc=contact.address_enc, subject=text[:60],
                             key=notify.key("coalition", *key, contact.pk)):
                n += 1
    return n


def _venue_text(event: Event) -> str:
    parts = [f"[พลัง] สถานที่นัดหมาย: {event.title}", f"เวลา {timezone.localtime(event.starts_at):%d/%m/%Y %H:%M}"]
    if event.venue:
        parts.append(f"สถานที่: {event.venue}")
    if event.online_url:
        parts.append(f"ออนไลน์: {event.online_url}")
    return "\n".join(parts)


def _push_venue(event: Event, rsvps: list[Rsvp] | QuerySet[Rsvp]) -> int:
    return _push(rsvps, _venue_text(event), "venue", event.pk, event.venue_version)


def reveal_due_venues(now: datetime | None = None) -> int:
    """Reveal every hidden venue whose time has come, to confirmed participants only."""
    now = now or timezone.now()
    revealed = 0
    for pk in Event.objects.filter(venue_reveal_at__lte=now, venue_revealed_at__isnull=True).values_list("pk", flat=True):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=pk)
            if event.venue_revealed_at is not None:
                continue
            event.venue_revealed_at = now
            event.save(update_fields=["venue_revealed_at"])
            sent = _push_venue(event, _confirmed(event))
            record("event.venue_reveal", target=event, data={"messages": sent})
            revealed += 1
    return revealed


@transaction.atomic
def change_venue(event: Event, *, by: Any = None, venue: str | None = None, online_url: str | None = None,
                 venue_reveal_at: datetime | None = None) -> Event:
    """A change after the reveal reaches everyone confirmed again, on every channel."""
    _require(by, "event.manage", event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if venue is not None:
        event.venue = venue
    if online_url is not None:
        event.online_url = online_url
    if venue_reveal_at is not None and event.venue_revealed_at is None:
        event.venue_reveal_at = venue_reveal_at
    event.venue_version += 1
    event.full_clean()
    event.save()
    sent = _push_venue(event, _confirmed(event)) if event.venue_revealed_at is not None else 0
    record("event.venue_change", actor=by, target=event, data={"version": event.venue_version, "messages": sent})
    return event


def send_event_reminders(now: datetime | None = None) -> int:
    """The day before: remind confirmed participants (the venue only if already revealed)."""
    now = now or timezone.now()
    done = 0
    due = Event.objects.filter(starts_at__gt=now, starts_at__lte=now + timedelta(hours=24), reminder_sent_at__isnull=True)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=pk)
            if event.reminder_sent_at is not None:
                continue
            text = f"[พลัง] พรุ่งนี้: {event.title} เวลา {timezone.localtime(event.starts_at):%d/%m/%Y %H:%M}"
            if not event.venue_hidden and event.venue:
                text += f"\nสถานที่: {event.venue}"
            event.reminder_sent_at = now
            event.save(update_fields=["reminder_sent_at"])
            sent = _push(_confirmed(event), text, "reminder", event.pk)
            record("event.reminder", target=event, data={"messages": sent})
            done += 1
    return done


def checkin_code(r: Rsvp) -> str:
    """What the ticket's QR code holds: a signature over the event and the RSVP."""
    return signing.dumps({"e": r.event_id, "r": r.pk}, salt=CHECKIN_SALT, compress=True)


class CheckinError(Exception):
    pass


@transaction.atomic
def check_in(event: Event, code: str, *, by: Any = None) -> Rsvp:
    _require(by, "event.manage", event)
    try:
        data = signing.loads(code.strip(), salt=CHECKIN_SALT)
    except signing.BadSignature as exc:
        raise CheckinError("invalid") from exc
    if data.get("e") != event.pk:
        raise CheckinError("other_event")
    r = Rsvp.objects.select_for_update().filter(pk=data.get("r"), event=event).first()
    if r is None or r.status != Rsvp.Status.CONFIRMED:
        raise CheckinError("not_confirmed")
    if r.checked_in_at is not None:
        raise CheckinError("already")
    r.checked_in_at = timezone.now()
    r.save(update_fields=["checked_in_at"])
    record("event.checkin", actor=by, target=event, data={"rsvp": r.pk})
    return r


@transaction.atomic
def record_minutes(event: Event, minutes: str, *, by: Any = None) -> Event:
    _require(by, "event.manage", event)
    event.minutes = minutes
    event.save(update_fields=["minutes"])
    record("event.minutes", actor=by, target=event)
    return event


# --- Subscribers, consent and broadcasts --------------------------------------------------------

def _address_hash(channel: str, address: str) -> str:
    return keyed_hash("coalition-subscriber", f"{channel}:{address.strip().lower()}")


@transaction.atomic
def subscribe(channel: str, address: str, *, province: Any = None, tags: list[tuple[str, str]] | None = None,
              purpose: str = "", is_demo: bool = False) -> Subscriber:
    """Opt in (again) on a channel. The same address finds the same subscriber."""
    _check_channel(channel, address)
    h = _address_hash(channel, address)
    existing = SubscriberAddress.objects.select_related("subscriber").filter(channel=channel, address_hash=h).first()
    if existing:
        sub = existing.subscriber
        sub.active = True
        if province is not None:
            sub.province = province
        sub.save(update_fields=["active", "province"])
    else:
        sub = Subscriber.objects.create(province=province, is_demo=is_demo)
        SubscriberAddress.objects.create(subscriber=sub, channel=channel, address_hash=h,
                                         address_enc=encrypt(address.strip(), "channel"))
    for kind, value in tags or []:
        SubscriberTag.objects.get_or_create(subscriber=sub, kind=kind, value=str(value))
    ConsentRecord.objects.create(subscriber=sub, action=ConsentRecord.Action.OPT_IN, channel=channel, purpose=purpose)
    record("subscriber.opt_in", target=sub, data={"channel": channel})
    return sub


@transaction.atomic
def add_address(sub: Subscriber, channel: str, address: str) -> SubscriberAddress:
    _check_channel(channel, address)
    a, _created = SubscriberAddress.objects.get_or_create(
        channel=channel, address_hash=_address_hash(channel, address),
        defaults={"subscriber": sub, "address_enc": encrypt(address.strip(), "channel")})
    ConsentRecord.objects.create(subscriber=sub, action=ConsentRecord.Action.OPT_IN, channel=channel)
    record("subscriber.add_address", target=sub, data={"channel": channel})
    return a


def find_subscriber(channel: str, address: str) -> Subscriber | None:
    a = SubscriberAddress.objects.filter(channel=channel, address_hash=_address_hash(channel, address)).first()
    return a.subscriber if a else None


@transaction.atomic
def unsubscribe(sub: Subscriber, *, channel: str = "web") -> int:
    """Opt out everywhere at once: the subscriber leaves every audience, and messages already
    queued for any of their addresses are withdrawn from the outbox. Returns how many.

    The outbox also asks ``still_wanted`` just before sending, so a message queued by a broadcast
    that was being queued at the same moment is not sent either."""
    sub = Subscriber.objects.select_for_update().get(pk=sub.pk)
    sub.active = False
    sub.save(update_fields=["active"])
    ConsentRecord.objects.create(subscriber=sub, action=ConsentRecord.Action.OPT_OUT, channel=channel)
    address_ids = list(sub.addresses.values_list("pk", flat=True))
    withdrawn = notify.withdraw("the subscriber opted out", kind_prefix="bc:", recipient_ids=address_ids)
    record("subscriber.opt_out", target=sub, data={"channel": channel, "withdrawn": withdrawn})
    return withdrawn


@transaction.atomic
def schedule_broadcast(*, organisation: Organisation, text: str, by: Any = None, send_at: datetime | None = None,
                       province: Any = None, tag_kind: str = "", tag_value: str = "",
                       channels: list[str] | None = None) -> Broadcast:
    _require(by, "broadcast.send", organisation)
    if not text.strip():
        raise ValidationError({"text": "required"})
    if bool(tag_kind) != bool(tag_value):
        raise ValidationError({"tag_value": "a segment needs both a kind and a value"})
    b = Broadcast.objects.create(organisation=organisation, text=text.strip(), province=province, tag_kind=tag_kind,
                                 tag_value=tag_value, channels=list(channels or []),
                                 send_at=send_at or timezone.now(),
                                 created_by=by if by is not None and by.is_authenticated else None)
    record("broadcast.schedule", actor=by, target=b, data={"org": organisation.pk})
    return b


def audience(b: Broadcast) -> QuerySet[SubscriberAddress]:
    qs = SubscriberAddress.objects.filter(subscriber__active=True)
    if b.province_id:
        qs = qs.filter(subscriber__province_id=b.province_id)
    if b.tag_kind:
        qs = qs.filter(subscriber__tags__kind=b.tag_kind, subscriber__tags__value=b.tag_value)
    if b.channels:
        qs = qs.filter(channel__in=b.channels)
    # No DISTINCT needed: a subscriber holds a (kind, value) tag at most once.
    return qs


# One INSERT … SELECT per range of address ids (``notify.queue_bulk``): the database copies the
# audience into the outbox itself, and the ranges keep SQLite's write lock short.
CHUNK = 25_000


def queue_broadcast(b: Broadcast, now: datetime | None = None) -> int:
    """Copy the audience into the outbox: one message per recipient address; returns how many.

    The idempotency key is (broadcast, address), so a crash mid-way and a rerun queue nobody
    twice. The outbox paces sending at each platform's rate (messaging/outbox.py)."""
    now = now or timezone.now()
    with transaction.atomic():
        b = Broadcast.objects.select_for_update().get(pk=b.pk)
        if b.state != Broadcast.State.SCHEDULED:
            return 0
    _check_line_quota(b)
    bounds = SubscriberAddress.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
    after, last = (bounds["lo"] or 1) - 1, bounds["hi"] or 0
    while after < last:
        notify.queue_bulk(b.outbox_kind, audience(b).filter(pk__gt=after, pk__lte=after + CHUNK), b.text, now=now)
        after += CHUNK
    with transaction.atomic():
        total = notify.queued_count(b.outbox_kind)
        if Broadcast.objects.filter(pk=b.pk, state=Broadcast.State.SCHEDULED).update(
                state=Broadcast.State.QUEUED, queued_at=now, recipients=total):
            record("broadcast.queue", target=b, data={"recipients": total})
    return total


def _check_line_quota(b: Broadcast) -> None:
    """Before a broadcast, LINE's monthly quota against its LINE recipients: if it will not reach
    them all, the organiser is told by e-mail (and the audit log says so); the broadcast goes ahead,
    and the other channels are not affected."""
    needed = audience(b).filter(channel="line").count() if notify.can_reach("line") else 0
    left = notify.line_quota_left() if needed else None
    if left is None or left >= needed:
        return
    record("broadcast.line_quota_short", target=b, data={"needed": needed, "left": left})
    email = getattr(b.created_by, "email", "") if b.created_by_id else ""
    if email:
        notify.notify("email", (
            f"ประกาศ \"{b.text[:60]}\" มีผู้รับทาง LINE {needed} คน แต่โควตาข้อความ LINE ของเดือนนี้เหลือ {left} ข้อความ "
            f"ผู้รับทาง LINE ประมาณ {needed - left} คนจะไม่ได้รับประกาศนี้ทาง LINE (ช่องทางอื่นส่งตามปกติ) "
            "เพิ่มโควตาได้ที่ LINE Official Account Manager\n\n"
            f"The broadcast has {needed} LINE recipients but this month's LINE message quota has {left} left: "
            f"about {needed - left} will not get it on LINE (other channels are not affected)."),
            subject="พลัง: โควตาข้อความ LINE ไม่พอสำหรับประกาศ / LINE quota too low for a broadcast",
            address=email, key=notify.key("broadcast-quota", b.pk))


def still_wanted(pairs: list[tuple[str, int]]) -> set[tuple[str, int]]:
    """Asked by the outbox just before sending (kind "bc:<broadcast>", address id): only addresses
    of subscribers still opted in, and only broadcasts not cancelled."""
    addresses = {address for _kind, address in pairs}
    active = set(SubscriberAddress.objects.filter(pk__in=addresses, subscriber__active=True)
                 .values_list("pk", flat=True))
    broadcasts = {int(kind[3:]) for kind, _address in pairs}
    cancelled = {f"bc:{pk}" for pk in Broadcast.objects.filter(pk__in=broadcasts, state=Broadcast.State.CANCELLED)
                 .values_list("pk", flat=True)}
    return {(kind, address) for kind, address in pairs if address in active and kind not in cancelled}


def queue_due_broadcasts(now: datetime | None = None) -> int:
    now = now or timezone.now()
    n = 0
    for b in Broadcast.objects.filter(state=Broadcast.State.SCHEDULED, send_at__lte=now):
        queue_broadcast(b, now)
        n += 1
    return n


@transaction.atomic
def cancel_broadcast(b: Broadcast, *, by: Any = None) -> int:
    """Withdraw what is still queued; the outbox also checks just before sending."""
    _require(by, "broadcast.send", b)
    Broadcast.objects.filter(pk=b.pk).update(state=Broadcast.State.CANCELLED)
    withdrawn = notify.withdraw("broadcast cancelled", kind=b.outbox_kind)
    record("broadcast.cancel", actor=by, target=b, data={"withdrawn": withdrawn})
    return withdrawn


def delivery_counts(b: Broadcast) -> dict[str, int]:
    """Messages per outbox state, and ``in_doubt``: sent, but perhaps twice (``notify.delivery_counts``)."""
    return notify.delivery_counts(b.outbox_kind)


def follow_campaign(campaign: Campaign, channel: str, address: str) -> Subscriber:
    return subscribe(channel, address, tags=[(SubscriberTag.Kind.CAMPAIGN, str(campaign.pk))],
                     purpose=f"campaign:{campaign.pk}")


