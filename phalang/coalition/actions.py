"""Every change of state in the coalition module: validated, written, audited in one transaction.

Audit entries carry ids only; names and addresses never enter the log.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phalang.audit.log import record
from phalang.coalition.models import (
    Ask,
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
    PendingSubscription,
    Rsvp,
    RsvpContact,
    Subscriber,
    SubscriberAddress,
    SubscriberTag,
    new_commitment_id,
)
from phalang.lib import phone as phones
from phalang.lib import ratelimit
from phalang.lib.crypto import InvalidToken, decrypt, encrypt, keyed_hash
from phalang.lib.thaidate import format_datetime
from phalang.messaging import notify
from phalang.orgs.models import AreaOfWork, Organisation

CHANNELS = ("line", "telegram", "email", "sms")
# Channels whose address a web visitor only types in: nothing is sent to them but one confirmation
# until their owner confirms (double opt-in). LINE and Telegram ids come from the chat itself.
CONFIRM_CHANNELS = ("email", "sms")
CONFIRM_DAYS = 7
# Replies understood on every channel (SMS here; LINE and Telegram in channels/dialog.py).
STOP_WORDS = frozenset({"stop", "หยุด", "unsubscribe", "เลิกรับ", "เลิกรับข่าว", "ยกเลิกรับข่าว", "/stop"})
YES_WORDS = frozenset({"yes", "ใช่", "ยืนยัน", "ตกลง", "y"})
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


# --- From common ground to commitments ----------------------------------------------------------

def common_ground(conversation: Any) -> dict[int, dict[str, Any]]:
    """The statements an opinion map shows as common ground, with the support behind each: those
    almost everyone agreed with, and the bridging ones every group agreed with (the thresholds are
    the map's, docs/engines/polis.md)."""
    from phalang.deliberation import opinion

    m = opinion.opinion_map(conversation)
    out: dict[int, dict[str, Any]] = {}
    for e in m["consensus"]["agree"]:
        out[e["statement"]] = {"kind": "consensus", "percent": e["percent"], "groups": [],
                               "participants": m["n_participants"]}
    for b in m["bridging"]:
        entry = out.setdefault(b["statement"], {"kind": "bridging", "percent": None,
                                                "participants": m["n_participants"]})
        entry["groups"] = b["groups"]
    return out


# How long an addressee's answer link works; the facilitator can send a new one at any time.
ASK_ANSWER_DAYS = 60
ASK_LINK_PURPOSE = "coalition-ask-answer"


def _set_answer_link(ask: Ask, now: datetime | None = None) -> str:
    """A fresh answer link for the ask (the old one stops working); returns its address. Only a
    keyed hash of the token is stored, so the link is shown or sent once."""
    token = secrets.token_urlsafe(24)
    ask.answer_token_hash = keyed_hash(ASK_LINK_PURPOSE, token)
    ask.answer_link_expires_at = (now or timezone.now()) + timedelta(days=ASK_ANSWER_DAYS)
    return site_url("coalition:answer", token)


def _send_ask(ask: Ask, link: str) -> bool:
    """The ask, with the addressee's answer link, to the e-mail in its directory entry (if any)."""
    to = ask.addressed_to
    if not to.public_email:
        return False
    support = ask.support
    share = f"{support['percent']}% " if support.get("percent") is not None else ""
    body = (f"{ask.organisation.name_th} ขอให้ {to.name_th} ตอบข้อเรียกร้องนี้:\n{ask.text}\n\n"
            f"ที่มา: ข้อความที่ผู้ร่วมเวที {support['participants']} คนเห็นตรงกัน {share}\n\"{ask.statement.text}\"\n\n"
            f"ตอบด้วยตนเองได้ที่ลิงก์นี้ (ลิงก์นี้สำหรับ {to.name_th} เท่านั้น ใช้ได้ {ASK_ANSWER_DAYS} วัน): {link}\n"
            "คำตอบจะเผยแพร่ในระบบติดตามคำมั่นสัญญา ว่าเป็นคำตอบของหน่วยงานเอง\n\n"
            f"Answer it yourselves at this private link (valid {ASK_ANSWER_DAYS} days): {link}")
    notify.notify("email", body, subject=f"พลัง: ข้อเรียกร้องจาก {ask.organisation.name_th}",
                  address=to.public_email, key=notify.key("coalition-ask", ask.pk, ask.answer_token_hash))
    return True


@transaction.atomic
def create_ask(statement: Any, *, organisation: Organisation, addressed_to: Organisation, text: str,
               by: Any = None) -> Ask:
    """Send an ask built on common ground to a party or an agency, with a private link where the
    addressee answers it themselves (by e-mail when its directory entry has one; otherwise the
    facilitator passes on a link from ``new_answer_link``). Only a statement the map shows as
    common ground qualifies."""
    _require(by, "deliberation.facilitate", statement.conversation)
    _require(by, "commitment.manage", organisation)
    if not text.strip():
        raise ValidationError({"text": _("Write the ask.")})
    ground = common_ground(statement.conversation)
    if statement.pk not in ground:
        raise ValidationError({"statement": _("Only common ground can become an ask: a statement almost everyone, "
                                              "or every group, agreed with.")})
    ask = Ask(organisation=organisation, addressed_to=addressed_to, statement=statement, text=text.strip(),
              support=ground[statement.pk])
    link = _set_answer_link(ask)
    ask.save()
    sent = _send_ask(ask, link)
    record("ask.create", actor=by, target=ask, data={"statement": statement.pk, "to": addressed_to.pk,
                                                      "emailed": sent})
    return ask


@transaction.atomic
def new_answer_link(ask: Ask, *, by: Any = None) -> str:
    """A new answer link for the addressee (the old one stops working), for the facilitator to pass
    on. Returns the link: shown once, never stored."""
    _require(by, "commitment.manage", ask)
    ask = Ask.objects.select_for_update().select_related("organisation", "addressed_to", "statement").get(pk=ask.pk)
    if ask.commitment_id is not None:
        raise ValidationError({"ask": _("This ask already has its commitment.")})
    if ask.state == Ask.State.DECLINED:
        raise ValidationError({"ask": _("They declined to answer this ask; record an answer they give later "
                                        "on their behalf.")})
    link = _set_answer_link(ask)
    ask.save(update_fields=["answer_token_hash", "answer_link_expires_at"])
    record("ask.answer_link", actor=by, target=ask)
    return link


def ask_by_answer_token(token: str) -> Ask | None:
    return (Ask.objects.select_related("organisation", "addressed_to", "statement", "commitment")
            .filter(answer_token_hash=keyed_hash(ASK_LINK_PURPOSE, token)).first())


class AnswerLinkError(Exception):
    """``unknown``, ``expired``, ``answered`` or ``declined``."""


def _open_ask(token: str, now: datetime) -> Ask:
    """The ask an answer link is for, locked, if the link can still be used (AnswerLinkError if not)."""
    ask = Ask.objects.select_for_update().filter(answer_token_hash=keyed_hash(ASK_LINK_PURPOSE, token)).first()
    if ask is None:
        raise AnswerLinkError("unknown")
    if ask.commitment_id is not None:
        raise AnswerLinkError("answered")
    if ask.state == Ask.State.DECLINED:
        raise AnswerLinkError("declined")
    if ask.answer_link_expires_at is None or ask.answer_link_expires_at < now:
        raise AnswerLinkError("expired")
    return ask


@transaction.atomic
def answer_ask(token: str, *, title: str, official: str, description: str = "", source_url: str = "",
               now: datetime | None = None) -> Commitment:
    """The party or agency answers the ask itself, at its private link: the answer becomes the
    tracked commitment (as ``record_answer``), shown publicly as answered by the addressee."""
    now = now or timezone.now()
    ask = _open_ask(token, now)
    errors = {}
    if not title.strip():
        errors["title"] = _("Write what you commit to.")
    if not official.strip():
        errors["official"] = _("Write your name and position: they are published with the answer.")
    if errors:
        raise ValidationError(errors)
    return record_answer(ask, title=title.strip(), made_by_official=official.strip(), description=description.strip(),
                         source_url=source_url.strip(), source_date=timezone.localdate(now),
                         source_title=f"คำตอบของ {ask.addressed_to.name_th} ทางลิงก์ตอบข้อเรียกร้อง",
                         answered_by=Ask.AnsweredBy.ADDRESSEE)


@transaction.atomic
def decline_ask(token: str, *, official: str, reason: str = "", now: datetime | None = None) -> Ask:
    """The party or agency declines to answer, at its private link: said openly rather than left
    unanswered. The ask is shown on the addressee's public partner page as declined, with the name
    and position of who declined and their reason; no commitment is tracked. The link is spent; a
    facilitator may still record an answer they give later (``record_answer``)."""
    now = now or timezone.now()
    ask = _open_ask(token, now)
    if not official.strip():
        raise ValidationError({"official": _("Write your name and position: they are published with your reply.")})
    ask.state, ask.answered_by, ask.declined_at = Ask.State.DECLINED, Ask.AnsweredBy.ADDRESSEE, now
    ask.declined_by_official, ask.decline_reason = official.strip()[:200], reason.strip()[:2000]
    ask.save(update_fields=["state", "answered_by", "declined_at", "declined_by_official", "decline_reason"])
    record("ask.decline", target=ask, data={"to": ask.addressed_to_id, "reason_given": bool(ask.decline_reason)})
    return ask


@transaction.atomic
def record_answer(ask: Ask, *, title: str, source_title: str, by: Any = None, made_by_official: str = "",
                  source_url: str = "", source_date: date | None = None, description: str = "",
                  answered_by: str = Ask.AnsweredBy.FACILITATOR) -> Commitment:
    """The party's or agency's answer becomes a tracked commitment, linked to the ask (and so to
    the statement and its support). ``answered_by``: the addressee at its answer link
    (``answer_ask``), or a facilitator typing it in on their behalf, which the commitment page says."""
    ask = Ask.objects.select_for_update().get(pk=ask.pk)
    if ask.commitment_id is not None:
        raise ValidationError({"ask": _("This ask already has its commitment.")})
    c = create_commitment(tracked_by=ask.organisation, made_by=ask.addressed_to, made_by_official=made_by_official,
                          title=title, source_title=source_title, source_url=source_url, source_date=source_date,
                          description=description, by=by)
    ask.commitment, ask.state, ask.answered_at, ask.answered_by = c, Ask.State.ANSWERED, timezone.now(), answered_by
    ask.save(update_fields=["commitment", "state", "answered_at", "answered_by"])
    record("ask.answer", actor=by, target=ask, data={"commitment": c.pk, "answered_by": answered_by})
    return c


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
    followers = Broadcast(organisation=campaign.organisation, tag_kind=SubscriberTag.Kind.CAMPAIGN,
                          tag_value=str(campaign.pk))
    if notify and any(audience_counts(followers).values()):  # no followers yet: nothing to send
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
                 campaign: Campaign | None = None, is_demo: bool = False,
                 pledge_threshold: int | None = None) -> Event:
    _require(by, "event.manage", organisation)
    if pledge_threshold is not None and pledge_threshold < 2:
        raise ValidationError({"pledge_threshold": _("A pledge needs at least 2 people; leave it empty for none.")})
    event = Event(organisation=organisation, title=title, starts_at=starts_at, mode=mode, agenda=agenda,
                  ends_at=ends_at, capacity=capacity, venue=venue, online_url=online_url,
                  venue_reveal_at=venue_reveal_at, requires_approval=requires_approval, campaign=campaign,
                  is_demo=is_demo, pledge_threshold=pledge_threshold)
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


def _place(event: Event) -> str:
    """Where a proven sign-up goes now (call under the event's lock)."""
    if event.pledging:
        return Rsvp.Status.PLEDGED
    if event.requires_approval:
        return Rsvp.Status.PENDING
    # Full: the waiting list, first come first promoted (cancel_rsvp).
    return Rsvp.Status.CONFIRMED if _has_room(event) else Rsvp.Status.WAITLISTED


def _placed(event: Event, r: Rsvp) -> None:
    """What follows a sign-up taking its place: the venue if already revealed, and the pledges
    threshold (call under the event's lock)."""
    if r.status == Rsvp.Status.CONFIRMED and event.venue_revealed_at is not None:
        _push_venue(event, [r])
    if r.status == Rsvp.Status.PLEDGED and event.pledge_threshold is not None and \
            event.rsvps.filter(status=Rsvp.Status.PLEDGED).count() >= event.pledge_threshold:
        _pledges_met(event)
        r.refresh_from_db()


@transaction.atomic
def rsvp(event: Event, new: NewRsvp, *, token: str | None = None, proven: bool = True) -> tuple[Rsvp, str]:
    """Sign up for an event. Returns the RSVP and its ticket token (shown once, never stored).

    ``token``: a ticket token the caller derives itself (a chat's, so the chat can find its RSVP
    again without anyone storing the token); a random one otherwise.
    ``proven``: the contacts are known to be the person's (a chat, an SMS from the number). A web
    sign-up is not: it stays UNPROVEN, holding no seat, until ``prove_rsvp``."""
    if not new.contacts:
        raise ValidationError({"contact": "give one way to reach you"})
    for channel, address in new.contacts:
        _check_channel(channel, address)
    event = Event.objects.select_for_update().get(pk=event.pk)  # capacity is counted under the lock
    token = token or secrets.token_urlsafe(18)
    status = _place(event) if proven else Rsvp.Status.UNPROVEN
    r = Rsvp.objects.create(event=event, token_hash=keyed_hash("coalition-ticket", token), name=new.name.strip()[:100],
                            show_name=new.show_name, status=status)
    RsvpContact.objects.bulk_create([RsvpContact(rsvp=r, channel=ch, address_enc=encrypt(addr.strip(), "channel"))
                                     for ch, addr in new.contacts])
    record("event.rsvp", target=event, data={"rsvp": r.pk, "status": status})
    _placed(event, r)
    return r, token


# A web sign-up not proven within this time is deleted with the other PDPA purges (its contact is
# a stranger's address until then): long enough to find the message, short enough not to keep it.
UNPROVEN_HOURS = 48


def _unproven_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(hours=UNPROVEN_HOURS)


class ProveError(Exception):
    """``expired`` (the link is too old or the event is over) or ``cancelled``."""


@transaction.atomic
def prove_rsvp(r: Rsvp, *, now: datetime | None = None) -> Rsvp:
    """The owner of the e-mail or phone pressed the ticket link's button: the sign-up takes its
    place as of now. If the event filled up meanwhile, it goes to the waiting list. Pressing again
    changes nothing. Only a POST from the ticket page calls this: a mail scanner that follows the
    link proves nothing."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=r.event_id)
    r = Rsvp.objects.select_for_update().get(pk=r.pk)
    if r.status == Rsvp.Status.CANCELLED:
        raise ProveError("cancelled")
    if r.status != Rsvp.Status.UNPROVEN:
        return r
    over = event.ends_at or event.starts_at
    if r.created_at < _unproven_cutoff(now) or over < now:
        raise ProveError("expired")
    # In line from now: the waiting list goes by sign-up time, and an unproven sign-up held no place.
    r.status, r.created_at = _place(event), now
    r.save(update_fields=["status", "created_at"])
    record("event.rsvp_prove", target=event, data={"rsvp": r.pk, "status": r.status})
    _placed(event, r)
    return r


def purge_unproven_rsvps(now: datetime | None = None) -> int:
    """PDPA: web sign-ups nobody proved hold a stranger's address; deleted after UNPROVEN_HOURS,
    contacts and all."""
    stale = Rsvp.objects.filter(status=Rsvp.Status.UNPROVEN, created_at__lt=_unproven_cutoff(now))
    RsvpContact.objects.filter(rsvp__in=stale).delete()
    return stale.delete()[0]


def _pledges_met(event: Event) -> None:
    """The threshold is reached: every pledger is confirmed (up to capacity, then the waiting
    list) and told at once on every contact they gave; a hidden venue will go to them only."""
    event.pledges_met_at = timezone.now()
    event.save(update_fields=["pledges_met_at"])
    pledged = list(event.rsvps.filter(status=Rsvp.Status.PLEDGED).order_by("created_at", "pk")
                   .prefetch_related("contacts"))
    for r in pledged:
        r.status = Rsvp.Status.CONFIRMED if _has_room(event) else Rsvp.Status.WAITLISTED
        r.save(update_fields=["status"])
    text = (f"[พลัง] ครบ {event.pledge_threshold} คนแล้ว {event.title} เกิดขึ้นแน่นอน "
            f"เวลา {_when(event.starts_at)}\nEnough people pledged: {event.title} is on.")
    _push(pledged, text, "pledges-met", event.pk)
    if event.venue_revealed_at is not None:
        _push_venue(event, [r for r in pledged if r.status == Rsvp.Status.CONFIRMED])
    record("event.pledges_met", target=event, data={"pledged": len(pledged)})


@transaction.atomic
def web_rsvp(event: Event, new: NewRsvp, *, client: str = "") -> Rsvp:
    """Sign up on the web with an e-mail or phone. The ticket link goes to that address (not to
    the page), and the sign-up holds no seat until its owner opens the link and presses the
    button there (``prove_rsvp``): nobody can take seats with other people's addresses.
    ``client`` (lib/clients.py) limits sign-ups per client, since each one messages an address
    somebody typed: ratelimit.RateLimited when over."""
    ratelimit.hit("rsvp", client)
    contacts = [(ch, normal_address(ch, addr)) for ch, addr in new.contacts]
    for ch, addr in contacts:
        _checked_web_address(ch, addr)
    r, token = rsvp(event, NewRsvp(name=new.name, contacts=contacts, show_name=new.show_name), proven=False)
    link = site_url("coalition:ticket", event.public_id, token)
    text = (f"[พลัง] {event.title}: ยังไม่ได้ที่นั่ง เปิดลิงก์นี้แล้วกดปุ่ม \"ยืนยันการลงชื่อ\" "
            f"ภายใน {UNPROVEN_HOURS} ชั่วโมง\n{link}\nเก็บลิงก์ไว้ เป็นบัตรของคุณและใช้ยกเลิกได้ "
            f"ถ้าคุณไม่ได้ลงชื่อ ไม่ต้องทำอะไร\n\n"
            f"Open the link and press the confirm button to take your place: {link}")
    for ch, addr in contacts:
        notify.notify(ch, text, subject=f"พลัง: ยืนยันการลงชื่อ {event.title}", address=addr,
                      key=notify.key("coalition-ticket", r.pk, ch))
    return r


def rsvp_by_token(token: str) -> Rsvp | None:
    return Rsvp.objects.select_related("event").filter(token_hash=keyed_hash("coalition-ticket", token)).first()


@transaction.atomic
def confirm_rsvp(r: Rsvp, *, by: Any = None) -> Rsvp:
    _require(by, "event.manage", r.event)
    r = Rsvp.objects.select_related("event").select_for_update().get(pk=r.pk)  # the event as it is now
    if r.status not in (Rsvp.Status.PENDING, Rsvp.Status.WAITLISTED):
        raise ValidationError({"status": "only a pending or waiting RSVP can be confirmed"})
    r.status = Rsvp.Status.CONFIRMED
    r.save(update_fields=["status"])
    record("event.rsvp_confirm", actor=by, target=r.event, data={"rsvp": r.pk})
    if r.event.venue_revealed_at is not None:
        _push_venue(r.event, [r])
    return r


@transaction.atomic
def cancel_rsvp(r: Rsvp) -> Rsvp:
    """The participant withdraws: no more messages about the event reach them, and the place they
    free goes to the first on the waiting list, who is told on every channel they gave."""
    Event.objects.select_for_update().get(pk=r.event_id)  # promotions counted under the event's lock
    r = Rsvp.objects.select_related("event").get(pk=r.pk)
    was = r.status
    r.status = Rsvp.Status.CANCELLED
    r.save(update_fields=["status"])
    record("event.rsvp_cancel", target=r.event, data={"rsvp": r.pk})
    if was == Rsvp.Status.CONFIRMED:
        promote_from_waiting_list(r.event)
    return r


def promote_from_waiting_list(event: Event) -> list[Rsvp]:
    """Fill free places from the waiting list in sign-up order (call under the event's lock)."""
    promoted: list[Rsvp] = []
    event = Event.objects.get(pk=event.pk)
    while _has_room(event):
        nxt = event.rsvps.filter(status=Rsvp.Status.WAITLISTED).order_by("created_at", "pk").first()
        if nxt is None:
            break
        nxt.status = Rsvp.Status.CONFIRMED
        nxt.save(update_fields=["status"])
        record("event.rsvp_promote", target=event, data={"rsvp": nxt.pk})
        text = (f"[พลัง] มีที่ว่างแล้ว คุณได้เข้าร่วม {event.title} "
                f"เวลา {_when(event.starts_at)}\n"
                f"A place opened up: you are confirmed for {event.title}.")
        _push([nxt], text, "promoted", event.pk, nxt.pk)
        if event.venue_revealed_at is not None:
            _push_venue(event, [nxt])
        promoted.append(nxt)
    return promoted


def _when(value: datetime) -> str:
    """A time in a message to participants, as Thai readers expect it: Buddhist era, Thai month
    (``7 ธ.ค. 2569 18:30 น.``)."""
    return format_datetime(timezone.localtime(value))


def _confirmed(event: Event) -> QuerySet[Rsvp]:
    return event.rsvps.filter(status=Rsvp.Status.CONFIRMED).prefetch_related("contacts")


def _push(rsvps: list[Rsvp] | QuerySet[Rsvp], text: str, *key: Any) -> int:
    """One message per contact of each participant: all their channels at once (those that can be
    reached outside a conversation, ``messaging.notify``)."""
    n = 0
    for r in rsvps:
        for contact in r.contacts.all():
            if notify.notify(contact.channel, text, address_enc=contact.address_enc, subject=notify.subject_line(text),
                             key=notify.key("coalition", *key, contact.pk)):
                n += 1
    return n


def _venue_text(event: Event) -> str:
    parts = [f"[พลัง] สถานที่นัดหมาย: {event.title}", f"เวลา {_when(event.starts_at)}"]
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
            text = f"[พลัง] พรุ่งนี้: {event.title} เวลา {_when(event.starts_at)}"
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


def normal_address(channel: str, address: str) -> str:
    """The one spelling of an address, so that the same person is found again."""
    address = address.strip()
    if channel == "sms":
        return phones.normalise(address) or address  # the one phone normaliser (lib/phone.py)
    return address.lower() if channel == "email" else address


def _checked_web_address(channel: str, address: str) -> str:
    """A web visitor may give an e-mail address or a Thai mobile number, nothing else."""
    from django.core.validators import validate_email

    if channel not in CONFIRM_CHANNELS:
        raise ValidationError({"channel": _("Choose e-mail or SMS. To follow on LINE or Telegram, use the chat "
                                            "link: the chat itself proves the account is yours.")})
    address = normal_address(channel, address)
    if channel == "email":
        try:
            validate_email(address)
        except ValidationError as exc:
            raise ValidationError({"address": _("This is not an e-mail address.")}) from exc
    elif not (address.startswith("0") and address.isdigit() and len(address) in (9, 10)):
        raise ValidationError({"address": _("Write a Thai phone number, for example 0812345678.")})
    return address


def site_url(name: str, *args: Any) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


@transaction.atomic
def request_subscription(channel: str, address: str, *, tags: list[tuple[str, str]] | None = None,
                         province: Any = None, purpose: str = "") -> bool:
    """Double opt-in, first step: one confirmation message to the address, with a link (and, by
    SMS, "reply YES"). Nothing else reaches it until its owner confirms.

    Returns False when a confirmation went to the same address in the last ten minutes: the form
    cannot be used to flood someone. The caller says the same either way, so a visitor learns
    nothing about whether an address is subscribed."""
    address = _checked_web_address(channel, address)
    h = _address_hash(channel, address)
    if PendingSubscription.objects.filter(channel=channel, address_hash=h,
                                          created_at__gte=timezone.now() - timedelta(minutes=10)).exists():
        return False
    token = secrets.token_urlsafe(18)
    ps = PendingSubscription.objects.create(
        channel=channel, address_hash=h, address_enc=encrypt(address, "channel"),
        token_hash=keyed_hash("coalition-confirm", token), tags=[list(t) for t in tags or []], province=province,
        purpose=purpose)
    link = site_url("coalition:confirm", token)
    what = ", ".join(f"แคมเปญ {s}" for s in pending_senders(ps)) or "ข่าวประกาศทั่วไปของพลัง"
    if channel == "sms":
        text = (f"พลัง: มีผู้ขอให้ส่ง{what}ถึงเบอร์นี้ ตอบ ใช่ เพื่อยืนยัน หรือเปิด {link} "
                f"ถ้าไม่ได้ขอ ไม่ต้องทำอะไร")
    else:
        text = (f"มีผู้ขอให้ส่งข่าวจากพลังถึงอีเมลนี้: {what}\n"
                f"ยืนยันว่าคุณต้องการรับข่าว: {link}\n"
                f"ถ้าคุณไม่ได้ขอ ไม่ต้องทำอะไร เราจะไม่ส่งอะไรมาอีก และจะลบคำขอนี้ใน {CONFIRM_DAYS} วัน\n\n"
                f"Someone asked Phalang to send news to this address. Confirm: {link}\n"
                f"If it was not you, do nothing: nothing more will be sent.")
    notify.notify(channel, text, subject="พลัง: ยืนยันการรับข่าว / Confirm your subscription", address=address,
                  key=notify.key("coalition-confirm", ps.pk))
    record("subscriber.confirm_sent", data={"channel": channel, "pending": ps.pk})
    return True


def _confirm(ps: PendingSubscription, how: str) -> Subscriber:
    address = decrypt(ps.address_enc, "channel")
    sub = subscribe(ps.channel, address, province=ps.province, tags=[(k, v) for k, v in ps.tags],
                    purpose=f"{ps.purpose} (confirmed by {how})".strip())
    PendingSubscription.objects.filter(channel=ps.channel, address_hash=ps.address_hash).delete()
    return sub


def _fresh_pending() -> QuerySet[PendingSubscription]:
    return PendingSubscription.objects.filter(created_at__gte=timezone.now() - timedelta(days=CONFIRM_DAYS))


def pending_subscription(token: str) -> PendingSubscription | None:
    """The unconfirmed request a confirmation link is for (None: forged, used or expired)."""
    return _fresh_pending().filter(token_hash=keyed_hash("coalition-confirm", token)).first()


def pending_senders(ps: PendingSubscription) -> list[str]:
    """Who would send the news a pending request asks for: "campaign (organisation)" per campaign."""
    pks = [int(v) for k, v in ps.tags if k == SubscriberTag.Kind.CAMPAIGN and str(v).isdigit()]
    return [f"{c.title} ({c.organisation.name_th})" for c in Campaign.objects.filter(pk__in=pks).select_related("organisation")]


@transaction.atomic
def confirm_subscription(token: str) -> Subscriber | None:
    """Double opt-in, second step, by the link: the subscription starts, with its consent record."""
    ps = _fresh_pending().select_for_update().filter(token_hash=keyed_hash("coalition-confirm", token)).first()
    return _confirm(ps, "link") if ps is not None else None


@transaction.atomic
def confirm_by_reply(channel: str, address: str, text: str) -> Subscriber | None:
    """Double opt-in by a reply (YES, ใช่) from the address that was asked."""
    if text.strip().lower().rstrip(".! ") not in YES_WORDS:
        return None
    h = _address_hash(channel, normal_address(channel, address))
    ps = _fresh_pending().select_for_update().filter(channel=channel, address_hash=h).order_by("-created_at").first()
    return _confirm(ps, "reply") if ps is not None else None


def purge_pending_subscriptions() -> int:
    """Unconfirmed requests hold a stranger's address: gone after CONFIRM_DAYS."""
    cutoff = timezone.now() - timedelta(days=CONFIRM_DAYS)
    return PendingSubscription.objects.filter(created_at__lt=cutoff).delete()[0]


def is_stop(text: str) -> bool:
    word = text.strip().lower().rstrip(".! ")
    return word in STOP_WORDS or word.startswith("หยุด")


@dataclass(frozen=True)
class Stopped:
    """What STOP did: ``stopped_now`` is True when this STOP turned messages off (a subscription
    ended, or the address was put on the stop list just now), False when they were off already;
    ``signups`` are the confirmed or awaited sign-ups STOP left alone (the chat names them, with how
    to cancel each)."""
    stopped_now: bool
    signups: list[Rsvp]


@transaction.atomic
def stop(channel: str, address: str) -> Stopped:
    """STOP/หยุด from an address, the same on every channel: every subscription of that person ends
    (all channels, as on the web page), any unconfirmed request for the address is dropped, and
    broadcasts to the events it signed up for stop reaching it (``event_contacts``). A seat is never
    cancelled by STOP; the caller words the reply for its channel (``coalition.chat.unsubscribe_text``, ``unsubscribe_sms``).

    An address that never subscribed is remembered by its keyed hash only (all ``stopped_addresses``
    needs): its encrypted form is not kept, since nothing will ever be sent to it."""
    address = normal_address(channel, address)
    h = _address_hash(channel, address)
    PendingSubscription.objects.filter(channel=channel, address_hash=h).delete()
    sub = find_subscriber(channel, address)
    if sub is None:  # remembered, so an event's broadcasts skip this address too
        sub = Subscriber.objects.create(active=False)
        SubscriberAddress.objects.create(subscriber=sub, channel=channel, address_hash=h, address_enc="")
        ConsentRecord.objects.create(subscriber=sub, action=ConsentRecord.Action.OPT_OUT, channel=channel)
        record("subscriber.opt_out", target=sub, data={"channel": channel, "withdrawn": 0})
        stopped_now = True
    elif sub.active:
        unsubscribe(sub, channel=channel)
        stopped_now = True
    else:
        stopped_now = False
    return Stopped(stopped_now=stopped_now, signups=signups_of(channel, address))


def stopped_addresses(channel: str) -> set[str]:
    """Address hashes on ``channel`` whose owner said STOP (or opted out): no broadcast reaches them."""
    return set(SubscriberAddress.objects.filter(channel=channel, subscriber__active=False)
               .values_list("address_hash", flat=True))


def chat_ticket_token(channel: str, user_id: str, event: Event) -> str:
    """The ticket token of a chat's (or an SMS number's) sign-up: derived, never stored, so the
    chat finds its RSVP again. The "chat:" prefix keeps these apart from random web tokens."""
    return keyed_hash("coalition-ticket", f"chat:{channel}:{user_id}:{event.pk}")[:32]


def signups_of(channel: str, address: str, *, now: datetime | None = None, unproven: bool = False) -> list[Rsvp]:
    """The live sign-ups of one address to events not yet over: those made from this chat or
    number, and web sign-ups that gave it as a contact.

    A web sign-up nobody has proved yet (``Rsvp.Status.UNPROVEN``) is left out: anyone may have
    typed this number, so it is not the owner's sign-up to count or list. ``unproven``: include
    them, for the owner of the address to cancel one ("ยกเลิก <code>" from that number)."""
    now = now or timezone.now()
    address = normal_address(channel, address)
    coming = list(Event.objects.filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now))
                  .values_list("pk", flat=True)[:5000])
    gone = [Rsvp.Status.CANCELLED] if unproven else [Rsvp.Status.CANCELLED, Rsvp.Status.UNPROVEN]
    live = Rsvp.objects.filter(event_id__in=coming).exclude(status__in=gone)
    tokens = [keyed_hash("coalition-ticket", chat_ticket_token(channel, address, Event(pk=pk))) for pk in coming]
    found = {r.pk: r for r in live.filter(token_hash__in=tokens)}
    # Contacts are encrypted with a random nonce, so a web sign-up's number is found by reading them.
    for contact in RsvpContact.objects.filter(rsvp__in=live, channel=channel).exclude(rsvp__in=list(found)):
        if normal_address(channel, decrypt(contact.address_enc, "channel")) == address:
            found[contact.rsvp_id] = contact.rsvp
    return list(found.values())


@transaction.atomic
def subscribe(channel: str, address: str, *, province: Any = None, tags: list[tuple[str, str]] | None = None,
              purpose: str = "", is_demo: bool = False) -> Subscriber:
    """Opt in (again) on a channel whose address is proven: a LINE or Telegram chat, or a confirmed
    e-mail or phone (see ``request_subscription``). The same address finds the same subscriber."""
    _check_channel(channel, address)
    address = normal_address(channel, address)
    h = _address_hash(channel, address)
    existing = SubscriberAddress.objects.select_related("subscriber").filter(channel=channel, address_hash=h).first()
    if existing:
        if not existing.address_enc:  # remembered by its hash only, after a STOP (``stop``)
            existing.address_enc = encrypt(address, "channel")
            existing.save(update_fields=["address_enc"])
        sub = existing.subscriber
        sub.active = True
        if province is not None:
            sub.province = province
        sub.save(update_fields=["active", "province"])
    else:
        sub = Subscriber.objects.create(province=province, is_demo=is_demo)
        SubscriberAddress.objects.create(subscriber=sub, channel=channel, address_hash=h,
                                         address_enc=encrypt(address, "channel"))
    for kind, value in tags or []:
        SubscriberTag.objects.get_or_create(subscriber=sub, kind=kind, value=str(value))
    ConsentRecord.objects.create(subscriber=sub, action=ConsentRecord.Action.OPT_IN, channel=channel, purpose=purpose)
    record("subscriber.opt_in", target=sub, data={"channel": channel})
    return sub


@transaction.atomic
def add_address(sub: Subscriber, channel: str, address: str) -> SubscriberAddress:
    _check_channel(channel, address)
    address = normal_address(channel, address)
    a, _created = SubscriberAddress.objects.get_or_create(
        channel=channel, address_hash=_address_hash(channel, address),
        defaults={"subscriber": sub, "address_enc": encrypt(address, "channel")})
    if not a.address_enc:  # remembered by its hash only, after a STOP (``stop``)
        a.address_enc = encrypt(address, "channel")
        a.save(update_fields=["address_enc"])
    ConsentRecord.objects.create(subscriber=sub, action=ConsentRecord.Action.OPT_IN, channel=channel)
    record("subscriber.add_address", target=sub, data={"channel": channel})
    return a


def find_subscriber(channel: str, address: str) -> Subscriber | None:
    a = SubscriberAddress.objects.filter(channel=channel,
                                         address_hash=_address_hash(channel, normal_address(channel, address))).first()
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
def withdraw_tag(sub: Subscriber, kind: str, value: str, *, channel: str = "web") -> bool:
    """Stop following one thing (a campaign, a coalition, an interest) and keep the rest."""
    deleted = SubscriberTag.objects.filter(subscriber=sub, kind=kind, value=value).delete()[0]
    if deleted:
        ConsentRecord.objects.create(subscriber=sub, action=ConsentRecord.Action.OPT_OUT, channel=channel,
                                     purpose=f"{kind}:{value}")
        record("subscriber.withdraw", target=sub, data={"kind": kind, "channel": channel})
    return bool(deleted)


@transaction.atomic
def send_consent_link(channel: str, address: str) -> bool:
    """The consent page's way in without a message at hand: the personal link goes to the address
    itself (never shown to whoever typed it). False if nobody is subscribed there."""
    address = normal_address(channel, address)
    sub = find_subscriber(channel, address)
    if sub is None:
        return False
    link = site_url("coalition:consent", sub.token)
    notify.notify(channel, f"พลัง: ดูและถอนความยินยอมของคุณ / Your consents: {link}",
                  subject="พลัง: ความยินยอมของคุณ / Your consents", address=address,
                  key=notify.key("coalition-consent-link", sub.pk, timezone.now().strftime("%Y%m%d%H%M")))
    record("subscriber.consent_link", target=sub, data={"channel": channel})
    return True


# Broadcast audiences ----------------------------------------------------------------------------

def check_segment(organisation: Organisation, kind: str, value: str) -> None:
    """An organisation broadcasts to its own event's participants, its own campaigns' followers, its
    coalitions' followers, or an interest from the partner directory's areas of work."""
    if not kind:
        return
    ok = False
    if kind == SubscriberTag.Kind.INTEREST:
        ok = value in AreaOfWork.values
    elif value.isdigit():
        if kind == SubscriberTag.Kind.EVENT:
            ok = Event.objects.filter(pk=int(value), organisation=organisation).exists()
        elif kind == SubscriberTag.Kind.CAMPAIGN:
            c = Campaign.objects.filter(pk=int(value)).first()
            ok = c is not None and organisation.pk in c.governing_organisation_ids()
        elif kind == SubscriberTag.Kind.COALITION:
            ok = CoalitionMember.objects.filter(coalition_id=int(value), organisation=organisation).exists()
    if not ok:
        raise ValidationError({"segment": _("Choose an audience of your own organisation.")})


def _agreed_to_hear_from(organisation_id: int) -> Q:
    """Who "everyone who subscribed" means for one organisation: followers of the campaigns it
    governs, of its coalitions and of its events, and whoever asked for Phalang's general
    announcements (by interest, by province or in general). A person who only followed another
    organisation's campaign, coalition or event did not agree to hear from this one."""
    kinds = SubscriberTag.Kind
    campaigns = Campaign.objects.filter(Q(organisation_id=organisation_id)
                                        | Q(coalition__members__organisation_id=organisation_id,
                                            coalition__members__role=CoalitionMember.Role.LEAD))
    coalitions = CoalitionMember.objects.filter(organisation_id=organisation_id)
    events = Event.objects.filter(organisation_id=organisation_id)
    ours = SubscriberTag.objects.filter(
        Q(kind=kinds.CAMPAIGN, value__in=[str(pk) for pk in campaigns.values_list("pk", flat=True)])
        | Q(kind=kinds.COALITION, value__in=[str(pk) for pk in coalitions.values_list("coalition_id", flat=True)])
        | Q(kind=kinds.EVENT, value__in=[str(pk) for pk in events.values_list("pk", flat=True)]))
    scoped = SubscriberTag.objects.filter(kind__in=[kinds.CAMPAIGN, kinds.COALITION, kinds.EVENT])
    general = ConsentRecord.objects.filter(action=ConsentRecord.Action.OPT_IN, purpose__startswith="announcements")
    return (Q(subscriber_id__in=ours.values("subscriber_id"))
            | ~Q(subscriber_id__in=scoped.values("subscriber_id"))  # no follow at all: general news
            | Q(subscriber_id__in=SubscriberTag.objects.filter(kind=kinds.INTEREST).values("subscriber_id"))
            | Q(subscriber_id__in=general.values("subscriber_id")))


def audience(b: Broadcast) -> QuerySet[SubscriberAddress]:
    """Subscribers' addresses a broadcast reaches: active, confirmed, matching every filter.
    An event's participants are reached through their RSVP contacts instead (``event_contacts``)."""
    qs = SubscriberAddress.objects.filter(subscriber__active=True)
    if b.province_id:
        qs = qs.filter(subscriber__province_id=b.province_id)
    if b.tag_kind == SubscriberTag.Kind.EVENT:
        return qs.none()
    if b.tag_kind == SubscriberTag.Kind.COALITION:
        # A coalition's audience: who follows the coalition, or any of its campaigns.
        campaigns = [str(pk) for pk in Campaign.objects.filter(coalition_id=int(b.tag_value))
                     .values_list("pk", flat=True)]
        tags = SubscriberTag.objects.filter(Q(kind=SubscriberTag.Kind.COALITION, value=b.tag_value)
                                            | Q(kind=SubscriberTag.Kind.CAMPAIGN, value__in=campaigns))
        qs = qs.filter(subscriber_id__in=tags.values("subscriber_id"))
    elif b.tag_kind:
        qs = qs.filter(subscriber_id__in=SubscriberTag.objects.filter(kind=b.tag_kind, value=b.tag_value)
                       .values("subscriber_id"))
    else:
        qs = qs.filter(_agreed_to_hear_from(b.organisation_id))
    if b.channels:
        qs = qs.filter(channel__in=b.channels)
    return qs


def event_contacts(b: Broadcast) -> QuerySet[RsvpContact]:
    """The contacts of an event's confirmed participants: they asked to hear about this event."""
    if b.tag_kind != SubscriberTag.Kind.EVENT:
        return RsvpContact.objects.none()
    qs = RsvpContact.objects.filter(rsvp__event_id=int(b.tag_value), rsvp__status=Rsvp.Status.CONFIRMED)
    if b.channels:
        qs = qs.filter(channel__in=b.channels)
    # Those who said STOP (``stop``): contacts are encrypted with a random nonce, so each is read.
    stopped = {c: stopped_addresses(c) for c in set(qs.values_list("channel", flat=True))}
    gone = [c.pk for c in qs if _address_hash(c.channel, normal_address(c.channel, decrypt(c.address_enc, "channel")))
            in stopped[c.channel]]
    return qs.exclude(pk__in=gone) if gone else qs


def audience_counts(b: Broadcast) -> dict[str, int]:
    """How many messages a broadcast would send now, per channel (the form's preview)."""
    counts = {c: 0 for c in CHANNELS}
    source: QuerySet[Any] = event_contacts(b) if b.tag_kind == SubscriberTag.Kind.EVENT else audience(b)
    for row in source.order_by().values("channel").annotate(n=Count("id")):
        counts[row["channel"]] = row["n"]
    return counts


def nobody_reason(b: Broadcast) -> str:
    if b.channels:
        wider = Broadcast(organisation_id=b.organisation_id, province_id=b.province_id, tag_kind=b.tag_kind,
                          tag_value=b.tag_value, channels=[])
        if sum(audience_counts(wider).values()):
            return _("Nobody in this audience can be reached on the channels you ticked. Tick more channels.")
    if b.tag_kind == SubscriberTag.Kind.EVENT:
        return _("Nobody would receive this: the event has no confirmed participants yet.")
    if b.province_id:
        return _("Nobody would receive this: no one who agreed to receive news in this province matches "
                 "this audience.")
    return _("Nobody would receive this: no one who agreed to receive news matches this audience yet.")


@transaction.atomic
def schedule_broadcast(*, organisation: Organisation, text: str, by: Any = None, send_at: datetime | None = None,
                       province: Any = None, tag_kind: str = "", tag_value: str = "",
                       channels: list[str] | None = None) -> Broadcast:
    """A broadcast to people who agreed to receive it. One that would reach nobody is refused with
    the reason, rather than "sent" to nobody."""
    _require(by, "broadcast.send", organisation)
    if not text.strip():
        raise ValidationError({"text": _("Write the message.")})
    if bool(tag_kind) != bool(tag_value):
        raise ValidationError({"segment": _("An audience needs both a kind and a value.")})
    check_segment(organisation, tag_kind, tag_value)
    b = Broadcast(organisation=organisation, text=text.strip(), province=province, tag_kind=tag_kind,
                  tag_value=tag_value, channels=list(channels or []), send_at=send_at or timezone.now(),
                  created_by=by if by is not None and by.is_authenticated else None)
    if not sum(audience_counts(b).values()):
        raise ValidationError({"segment": nobody_reason(b)})
    b.save()
    record("broadcast.schedule", actor=by, target=b, data={"org": organisation.pk, "segment": tag_kind})
    return b


def _broadcast_key(broadcast_id: int, address_id: int) -> str:
    """The outbox idempotency key of a broadcast message (``notify.queue_bulk`` builds the same):
    queuing a broadcast twice adds nothing."""
    return f"bc:{broadcast_id}:{address_id}"


def _signed(b: Broadcast) -> str:
    """A broadcast's text as sent, on every channel: it says which organisation sent it (a person
    may follow several on the same chat or number)."""
    return f"{b.text}\n— ส่งโดย {b.organisation.name_th}"


def _subject(b: Broadcast) -> str:
    """An e-mail broadcast's subject: the sending organisation, then the message's first line."""
    return notify.subject_line(f"{b.organisation.name_th}: {b.text}")


def _footer(channel: str) -> str:
    consent = site_url("coalition:consent_start")
    if channel == "sms":
        return "\nตอบ หยุด เพื่อเลิกรับ (STOP)"
    return f"\n\nเลิกรับข่าว พิมพ์ หยุด · ความยินยอมของคุณ: {consent}"


# One INSERT … SELECT per channel and range of address ids (``notify.queue_bulk``): the database
# copies the audience into the outbox itself, and the ranges keep SQLite's write lock short.
CHUNK = 25_000


def _email_rows(b: Broadcast, now: datetime) -> int:
    """E-mails carry a personal one-click unsubscribe link, in the text and in the
    ``List-Unsubscribe`` headers (RFC 2369, RFC 8058), so they are written one by one."""
    n = 0
    addresses = audience(b).filter(channel="email").select_related("subscriber").order_by("pk")
    for i in range(0, addresses.count(), 1000):
        rows = []
        for a in addresses[i:i + 1000]:
            unsubscribe_url = site_url("coalition:unsubscribe", a.subscriber.token)
            text = (f"{_signed(b)}\n\n—\nเลิกรับข่าวด้วยคลิกเดียว / Unsubscribe: {unsubscribe_url}\n"
                    f"ความยินยอมของคุณ / Your consents: {site_url('coalition:consent', a.subscriber.token)}")
            rows.append(notify.BulkMessage(
                "email", a.address_enc, text, key=_broadcast_key(b.pk, a.pk), recipient_id=a.pk,
                subject=_subject(b),
                headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}))
        n += notify.queue_bulk_messages(b.outbox_kind, rows, now=now)
    return n


def stop_link(channel: str, address_enc: str) -> str:
    """A one-click STOP link for an address that is not a subscriber's (an event participant's
    e-mail): signed, so only the message it came in can stop that address."""
    return site_url("coalition:stop", signing.dumps([channel, address_enc], salt="coalition-stop", compress=True))


def stop_by_link(token: str, *, act: bool) -> bool:
    """Check a ``stop_link`` token (False: forged, or its address no longer readable, as after a key
    rotation); with ``act``, say STOP for its address (``stop``)."""
    try:
        channel, address_enc = signing.loads(token, salt="coalition-stop")
        address = decrypt(address_enc, "channel")
    except (signing.BadSignature, InvalidToken, ValueError, TypeError, AttributeError):
        return False
    if channel not in CHANNELS or not address:
        return False
    if act:
        stop(channel, address)
    return True


def _event_rows(b: Broadcast, now: datetime) -> None:
    """An event's broadcast carries the stop means of each channel, like every broadcast: by chat
    and SMS "หยุด", by e-mail a one-click link in the text and the List-Unsubscribe headers."""
    rows = []
    for contact in event_contacts(b).order_by("pk"):
        text, headers = _signed(b) + _footer(contact.channel), {}
        if contact.channel == "email":
            url = stop_link(contact.channel, contact.address_enc)
            text = f"{_signed(b)}\n\n—\nเลิกรับประกาศด้วยคลิกเดียว / Unsubscribe: {url}"
            headers = {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        rows.append(notify.BulkMessage(contact.channel, contact.address_enc, text, key=f"bc:{b.pk}:r{contact.pk}",
                                       subject=_subject(b), headers=headers))
    notify.queue_bulk_messages(b.outbox_kind, rows, now=now)


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
    if b.tag_kind == SubscriberTag.Kind.EVENT:
        with transaction.atomic():
            _event_rows(b, now)
    else:
        bounds = SubscriberAddress.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
        for channel in ("line", "telegram", "sms"):
            after, last = (bounds["lo"] or 1) - 1, bounds["hi"] or 0
            while after < last:
                notify.queue_bulk(b.outbox_kind, audience(b).filter(channel=channel, pk__gt=after, pk__lte=after + CHUNK),
                                  _signed(b) + _footer(channel), now=now, subject=_subject(b))
                after += CHUNK
        with transaction.atomic():
            _email_rows(b, now)
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
    """Follow from a chat (the chat proves the address): at once."""
    return subscribe(channel, address, tags=[(SubscriberTag.Kind.CAMPAIGN, str(campaign.pk))],
                     purpose=f"campaign:{campaign.pk}")


def request_follow(campaign: Campaign, channel: str, address: str, *, client: str = "") -> bool:
    """Follow from the web: by e-mail or SMS, after the owner of the address confirms.
    ``client`` (lib/clients.py) limits follows per client: ratelimit.RateLimited when over."""
    ratelimit.hit("follow", client)
    return request_subscription(channel, address, tags=[(SubscriberTag.Kind.CAMPAIGN, str(campaign.pk))],
                                purpose=f"campaign:{campaign.pk}")


