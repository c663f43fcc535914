"""Every change in a conversation goes through here: validated, written and audited together.

Views, the API, the chat functions and the management commands call these. The audit log
names conversations and statements, never a participant and never how anyone voted.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from phalang.audit.log import record
from phalang.deliberation.models import (
    POLIS_MODERATED,
    VOTABLE,
    Analysis,
    Conversation,
    Moderation,
    Participant,
    ParticipantKind,
    Statement,
    Vote,
)
from phalang.lib import ratelimit
from phalang.lib.crypto import keyed_hash

if TYPE_CHECKING:
    import numpy as np

MIN_STATEMENT = 5
MAX_STATEMENT = 280  # twice Pol.is's 140: Thai needs more characters for the same thought
MAX_TOPIC = 200
MAX_SEEDS = 100
# A participant may have this many statements waiting for moderation at once (flood guard).
MAX_PENDING = 5
# Votes queue at most one recompute per conversation in this many seconds; the task runs at the
# end of the window, so it sees every vote cast in it.
DEBOUNCE_SECONDS = 10


class DeliberationError(Exception):
    """A refused change, with a Thai and an English message."""

    def __init__(self, code: str, th: str, en: str, status: int = 422) -> None:
        super().__init__(en)
        self.code, self.message_th, self.message_en, self.status = code, th, en, status

    def message(self, language: str = "th") -> str:
        return self.message_en if language == "en" else self.message_th


def _require_facilitator(conversation_or_org: Any, by: Any) -> None:
    # by=None is the system itself (a management command or the demo seeder).
    if by is not None and not by.has_perm("deliberation.facilitate", conversation_or_org):
        raise PermissionDenied


def _clean_topic(topic: str) -> str:
    topic = (topic or "").strip()
    if not topic:
        raise DeliberationError("topic", "กรุณาตั้งหัวข้อ", "Give the conversation a topic.")
    if len(topic) > MAX_TOPIC:
        raise DeliberationError("topic", f"หัวข้อยาวเกิน {MAX_TOPIC} ตัวอักษร",
                                f"The topic is longer than {MAX_TOPIC} characters.")
    return topic


def clean_statement_text(text: str) -> str:
    text = " ".join((text or "").split())
    if len(text) < MIN_STATEMENT:
        raise DeliberationError("text", f"ข้อความสั้นเกินไป (อย่างน้อย {MIN_STATEMENT} ตัวอักษร)",
                                f"The statement is too short (at least {MIN_STATEMENT} characters).")
    if len(text) > MAX_STATEMENT:
        raise DeliberationError("text", f"ข้อความยาวเกิน {MAX_STATEMENT} ตัวอักษร",
                                f"The statement is longer than {MAX_STATEMENT} characters.")
    return text


# --- Facilitators ---------------------------------------------------------------------------

@transaction.atomic
def create_conversation(*, organisation: Any, topic: str, description: str = "", seeds: Sequence[str] = (),
                        by: Any = None, is_open: bool = False, is_demo: bool = False) -> Conversation:
    if organisation is not None:
        _require_facilitator(organisation, by)
    elif by is not None and not by.is_superuser:
        raise PermissionDenied
    conversation = Conversation.objects.create(
        topic=_clean_topic(topic), description=(description or "").strip(), organisation=organisation,
        is_open=is_open, is_demo=is_demo,
        created_by=by if by is not None and by.is_authenticated else None)
    record("deliberation.create", actor=by, target=conversation,
           data={"organisation": organisation.pk if organisation else None, "open": is_open})
    if seeds:
        add_seed_statements(conversation, seeds, by=by)
    return conversation


@transaction.atomic
def update_conversation(conversation: Conversation, *, topic: str, description: str, by: Any) -> Conversation:
    _require_facilitator(conversation, by)
    conversation.topic = _clean_topic(topic)
    conversation.description = (description or "").strip()
    conversation.save(update_fields=["topic", "description", "updated_at"])
    record("deliberation.update", actor=by, target=conversation)
    return conversation


@transaction.atomic
def set_open(conversation: Conversation, is_open: bool, *, by: Any) -> Conversation:
    _require_facilitator(conversation, by)
    if conversation.is_open != is_open:
        conversation.is_open = is_open
        conversation.save(update_fields=["is_open", "updated_at"])
        record("deliberation.open" if is_open else "deliberation.close", actor=by, target=conversation)
    return conversation


def open_conversation(conversation: Conversation, *, by: Any) -> Conversation:
    return set_open(conversation, True, by=by)


def close_conversation(conversation: Conversation, *, by: Any) -> Conversation:
    return set_open(conversation, False, by=by)


@transaction.atomic
def add_seed_statements(conversation: Conversation, texts: Iterable[str], *, by: Any) -> list[Statement]:
    """Seed statements are the facilitator's own words: accepted at once."""
    _require_facilitator(conversation, by)
    cleaned = [clean_statement_text(t) for t in texts if t and t.strip()]
    if len(cleaned) > MAX_SEEDS:
        raise DeliberationError("seeds", f"เพิ่มได้ครั้งละไม่เกิน {MAX_SEEDS} ข้อ",
                                f"At most {MAX_SEEDS} statements at a time.")
    now = timezone.now()
    made = [Statement.objects.create(conversation=conversation, text=t, is_seed=True,
                                     moderation=Moderation.ACCEPTED, moderated_at=now, created_at=now)
            for t in cleaned]
    if made:
        record("deliberation.seed", actor=by, target=conversation, data={"statements": [s.pk for s in made]})
    return made


@transaction.atomic
def moderate_statement(statement: Statement, decision: str, *, by: Any) -> Statement:
    _require_facilitator(statement.conversation, by)
    if decision not in Moderation.values or decision == Moderation.UNMODERATED:
        raise DeliberationError("decision", "ผลการพิจารณาไม่ถูกต้อง", "Unknown moderation decision.")
    previous = statement.moderation
    statement.moderation = decision
    statement.moderated_at = timezone.now()
    statement.save(update_fields=["moderation", "moderated_at"])
    record("deliberation.moderate", actor=by, target=statement,
           data={"conversation": statement.conversation_id, "from": previous, "to": decision})
    if previous != decision and statement.votes.exists():
        request_recompute(statement.conversation)  # moderating out changes the math
    return statement


# --- Participants ---------------------------------------------------------------------------

def participant_key(kind: str, identifier: str) -> str:
    """The stored form of a cookie token, an API token or a LINE/Telegram user id."""
    return keyed_hash("channel", f"{kind}:{identifier}")


def find_participant(conversation: Conversation, kind: str, identifier: str) -> Participant | None:
    if not identifier:
        return None
    return Participant.objects.filter(conversation=conversation, key_hash=participant_key(kind, identifier)).first()


def join(conversation: Conversation, kind: str, identifier: str) -> Participant:
    """The participant behind this token or channel user, created on first use."""
    if kind not in (ParticipantKind.WEB, ParticipantKind.API, ParticipantKind.LINE, ParticipantKind.TELEGRAM):
        raise ValueError(f"unknown participant kind {kind!r}")
    if not identifier:
        raise ValueError("empty participant identifier")
    key = participant_key(kind, identifier)
    found = Participant.objects.filter(conversation=conversation, key_hash=key).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            participant = Participant.objects.create(conversation=conversation, kind=kind, key_hash=key)
            record("deliberation.join", target=conversation, data={"kind": kind})
            return participant
    except IntegrityError:  # the same visitor's other request got there first
        return Participant.objects.get(conversation=conversation, key_hash=key)


def _require_open(conversation: Conversation) -> None:
    if not conversation.is_open:
        raise DeliberationError("closed", "การสนทนานี้ปิดแล้ว", "This conversation is closed.", status=409)


@transaction.atomic
def submit_statement(conversation: Conversation, participant: Participant, text: str) -> Statement:
    """A participant's statement waits for moderation before anyone votes on it."""
    _require_open(conversation)
    if participant.conversation_id != conversation.pk:
        raise ValueError("participant of another conversation")
    text = clean_statement_text(text)
    pending = Statement.objects.filter(conversation=conversation, author=participant,
                                       moderation=Moderation.UNMODERATED).count()
    if pending >= MAX_PENDING:
        raise DeliberationError("pending", "คุณมีข้อความที่รอการพิจารณาอยู่หลายข้อแล้ว กรุณารอสักครู่",
                                "You already have several statements waiting for moderation.", status=429)
    if Statement.objects.filter(conversation=conversation, text=text).exclude(
            moderation=Moderation.REJECTED).exists():
        raise DeliberationError("duplicate", "มีข้อความนี้อยู่แล้ว", "This statement is already there.")
    statement = Statement.objects.create(conversation=conversation, text=text, author=participant,
                                         created_at=timezone.now())
    record("deliberation.submit", target=statement, data={"conversation": conversation.pk})
    return statement


@transaction.atomic
def cast_vote(conversation: Conversation, participant: Participant, statement_id: int, value: int, *,
              client: str = "") -> Vote:
    """Record one vote event. A later vote on the same statement replaces it in the math.
    ``client`` (lib/clients.py) limits votes per client, whatever participant cookie it sends."""
    try:
        ratelimit.hit("vote", client)
    except ratelimit.RateLimited as exc:
        raise DeliberationError("rate_limited", exc.message_th, exc.message_en, status=429) from exc
    _require_open(conversation)
    if participant.conversation_id != conversation.pk:
        raise ValueError("participant of another conversation")
    if value not in (Vote.AGREE, Vote.DISAGREE, Vote.PASS):
        raise DeliberationError("value", "ค่าการโหวตไม่ถูกต้อง", "A vote is 1 (agree), -1 (disagree) or 0 (pass).")
    statement = Statement.objects.filter(pk=statement_id, conversation=conversation,
                                         moderation__in=VOTABLE).first()
    if statement is None:
        raise DeliberationError("statement", "ไม่พบข้อความนี้ในการสนทนา", "No such statement in this conversation.",
                                status=404)
    vote = Vote.objects.create(conversation=conversation, participant=participant, statement=statement,
                               value=value, created_at=timezone.now())
    # Which statement, never who or which way.
    record("deliberation.vote", target=conversation, data={"statement": statement.pk})
    transaction.on_commit(lambda: request_recompute(conversation))
    return vote


@transaction.atomic
def load_votes(conversation: Conversation, rows: Iterable[tuple[Participant, Statement, int, datetime]],
               *, by: Any = None, reason: str) -> int:
    """Bulk-insert vote events (a Pol.is import, the demo): one audit entry for the batch."""
    batch = [Vote(conversation=conversation, participant=p, statement=s, value=v, created_at=t)
             for p, s, v, t in rows]
    for v in batch:
        if v.value not in (-1, 0, 1):
            raise DeliberationError("value", "ค่าการโหวตไม่ถูกต้อง", "A vote is 1, -1 or 0.")
    Vote.objects.bulk_create(batch, batch_size=2000)
    record("deliberation.load_votes", actor=by, target=conversation, data={"votes": len(batch), "reason": reason})
    return len(batch)


# --- The opinion model ----------------------------------------------------------------------

def request_recompute(conversation: Conversation) -> bool:
    """Queue a recompute unless one was queued in the last DEBOUNCE_SECONDS. True if queued."""
    from phalang.deliberation.tasks import recompute_conversation

    now = timezone.now()
    Analysis.objects.get_or_create(conversation=conversation)
    # One conditional UPDATE: of two concurrent voters, only one wins the window.
    won = Analysis.objects.filter(conversation=conversation).filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - timedelta(seconds=DEBOUNCE_SECONDS))
    ).update(enqueued_at=now)
    if won:
        recompute_conversation.using(run_after=now + timedelta(seconds=DEBOUNCE_SECONDS)).enqueue(conversation.pk)
    return bool(won)


def _tallies(participant: np.ndarray, statement: np.ndarray, value: np.ndarray,
             groups: dict[int, int | None], k: int) -> dict[str, list[list[int]]]:
    """statement id -> [agree, disagree, pass] per group, then for everyone; latest vote only."""
    latest: dict[tuple[int, int], int] = {}
    for p, s, v in zip(participant.tolist(), statement.tolist(), value.tolist(), strict=True):
        latest[(p, s)] = v  # rows are in time order, so the last one stays
    out: dict[str, list[list[int]]] = {}
    column = {1: 0, -1: 1, 0: 2}
    for (p, s), v in latest.items():
        row = out.setdefault(str(s), [[0, 0, 0] for _ in range(k + 1)])
        row[k][column[v]] += 1
        g = groups.get(p)
        if g is not None and g < k:
            row[g][column[v]] += 1
    return out


def recompute(conversation: Conversation) -> Analysis:
    """Run the opinion engine over every vote event, warm-started from the stored state."""
    # Imported here: the engine pulls in SciPy, which start-up should not pay (issue 19).
    import numpy as np

    from phalang.engines.polis import State, Statements, Votes, analyze

    rows = list(Vote.objects.filter(conversation=conversation).order_by("created_at", "id")
                .values_list("participant_id", "statement_id", "value"))
    moderation = list(conversation.statements.values_list("id", "moderation"))
    analysis, _ = Analysis.objects.get_or_create(conversation=conversation)
    previous = None
    if analysis.state:
        try:
            previous = State.from_json(analysis.state)
        except (TypeError, ValueError):
            previous = None  # an engine upgrade changed the state format: start cold
    result_json: dict[str, Any] | None = None
    groups: dict[str, int | None] = {}
    points: dict[str, list[float]] = {}
    state_json = None
    if rows:
        participant = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        statement = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
        value = np.fromiter((r[2] for r in rows), dtype=np.int8, count=len(rows))
        statements = Statements.from_moderation([m[0] for m in moderation],
                                                [POLIS_MODERATED[Moderation(m[1])] for m in moderation])
        result = analyze(Votes(participant, statement, value), statements, previous_state=previous, seed=0)
        by_participant = result.participant_groups()
        result_json = result.to_dict()
        result_json.pop("participant_groups")  # kept apart, see Analysis.participant_groups
        result_json["tallies"] = _tallies(participant, statement, value, by_participant, result.k)
        groups = {str(p): g for p, g in by_participant.items()}
        points = {str(int(p)): [round(float(x), 4), round(float(y), 4)]
                  for p, (x, y), g in zip(result.participant_ids, result.projection, result.participant_group,
                                          strict=True) if g >= 0}
        # The public scatter: every grouped participant's point and group, in random order and
        # without ids (as Pol.is draws it); each participant's own point is kept apart.
        dots = [[x, y, by_participant[int(p)]] for p, (x, y) in points.items()]
        random.SystemRandom().shuffle(dots)
        result_json["points"] = dots
        state_json = result.state.to_json()
    with transaction.atomic():
        analysis.state = state_json
        analysis.result = result_json
        analysis.participant_groups = groups
        analysis.participant_points = points
        analysis.n_votes = len(rows)
        analysis.computed_at = timezone.now()
        analysis.save(update_fields=["state", "result", "participant_groups", "participant_points", "n_votes",
                                     "computed_at"])
        record("deliberation.recompute", target=conversation,
               data={"votes": len(rows), "k": result_json["k"] if result_json else 0,
                     "warm_start": previous is not None})
    return analysis
