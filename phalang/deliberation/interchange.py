"""Pol.is export folders in and out: ``votes.csv``, ``comments.csv`` and ``summary.csv``.

Imported voter and comment ids are kept (``external_id``), so exporting an imported
conversation gives the same ids, votes and timestamps back, and the engine gives the same
result on both folders. Participants and statements made here are numbered after the
largest imported id. An export holds pseudonymous vote events, like Pol.is's own open data:
it is for the operator (a management command), never a web page.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction

from phalang.audit.log import record
from phalang.deliberation import actions
from phalang.deliberation.models import (
    POLIS_MODERATED,
    Conversation,
    Moderation,
    Participant,
    ParticipantKind,
    Statement,
    Vote,
)
from phalang.engines.polis import PolisInputError

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
POLIS_ATTRIBUTION = (
    "Data was gathered using the Polis software (compdemocracy.org/polis) and is sub-licensed under "
    "CC BY 4.0 with Attribution to The Computational Democracy Project."
)
_MODERATION = {1: Moderation.ACCEPTED, 0: Moderation.UNMODERATED, -1: Moderation.REJECTED}


def from_ms(ms: int) -> datetime:
    return EPOCH + timedelta(milliseconds=ms)  # exact: no float on the way


def to_ms(when: datetime) -> int:
    return (when - EPOCH) // timedelta(milliseconds=1)


def _rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.is_file():
        raise PolisInputError(f"{path}: file not found")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise PolisInputError(f"{path}: missing column(s) {', '.join(missing)}")
        return list(reader)


def _int(path: Path, line: int, column: str, text: str | None) -> int:
    try:
        return int(str(text).strip())
    except ValueError:
        raise PolisInputError(f"{path}, line {line}: {column} {text!r} is not an integer") from None


def _summary(folder: Path) -> dict[str, str]:
    path = folder / "summary.csv"
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {row[0]: row[1] for row in csv.reader(handle) if len(row) >= 2}


def import_folder(folder: Path, *, organisation: Any = None, topic: str = "", attribution: str = POLIS_ATTRIBUTION,
                  is_open: bool = False, by: Any = None) -> Conversation:
    """Load a Pol.is export as a new (closed, unless asked) conversation."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PolisInputError(f"{folder}: not a folder")
    comments_path, votes_path = folder / "comments.csv", folder / "votes.csv"
    comments = _rows(comments_path, ("comment-id", "moderated", "comment-body"))
    votes = _rows(votes_path, ("comment-id", "voter-id", "vote", "timestamp"))
    summary = _summary(folder)

    parsed_comments = []
    for line, row in enumerate(comments, start=2):
        cid = _int(comments_path, line, "comment-id", row["comment-id"])
        moderated = _int(comments_path, line, "moderated", row["moderated"])
        if moderated not in _MODERATION:
            raise PolisInputError(f"{comments_path}, line {line}: moderated {moderated} is not -1, 0 or 1")
        author = row.get("author-id", "").strip()
        when = row.get("timestamp", "").strip()
        meta = row.get("is-meta", "").strip() == "1"
        parsed_comments.append((cid, _MODERATION[moderated] if not meta else Moderation.META,
                                _int(comments_path, line, "author-id", author) if author else None,
                                from_ms(_int(comments_path, line, "timestamp", when)) if when else EPOCH,
                                row["comment-body"]))
    parsed_votes = []
    for line, row in enumerate(votes, start=2):
        value = _int(votes_path, line, "vote", row["vote"])
        if value not in (-1, 0, 1):
            raise PolisInputError(f"{votes_path}, line {line}: vote {value} is not -1, 0 or 1")
        parsed_votes.append((_int(votes_path, line, "voter-id", row["voter-id"]),
                             _int(votes_path, line, "comment-id", row["comment-id"]), value,
                             from_ms(_int(votes_path, line, "timestamp", row["timestamp"]))))
    known = {c[0] for c in parsed_comments}
    unknown = {v[1] for v in parsed_votes} - known
    if unknown:
        raise PolisInputError(f"{votes_path}: votes on comment-id(s) not in comments.csv: "
                              f"{', '.join(map(str, sorted(unknown)[:5]))}")

    with transaction.atomic():
        conv = actions.create_conversation(
            organisation=organisation, topic=(topic or summary.get("topic") or folder.name)[: actions.MAX_TOPIC],
            description=summary.get("conversation-description", ""), by=by, is_open=is_open)
        conv.attribution = attribution
        conv.save(update_fields=["attribution"])
        # Participants in voter-id order, so the engine's cold start (first participants in id
        # order) sees them in the same order as on the original folder.
        voter_ids = sorted({v[0] for v in parsed_votes} | {c[2] for c in parsed_comments if c[2] is not None})
        Participant.objects.bulk_create(
            [Participant(conversation=conv, kind=ParticipantKind.IMPORT, external_id=i) for i in voter_ids],
            batch_size=2000)
        participants = {p.external_id: p for p in Participant.objects.filter(conversation=conv)}
        Statement.objects.bulk_create(
            [Statement(conversation=conv, external_id=cid, moderation=moderation, text=text, created_at=when,
                       moderated_at=when if moderation != Moderation.UNMODERATED else None,
                       author=participants[author] if author is not None else None)
             for cid, moderation, author, when, text in sorted(parsed_comments)], batch_size=2000)
        statements = {s.external_id: s for s in Statement.objects.filter(conversation=conv)}
        actions.load_votes(conv, ((participants[p], statements[s], v, t) for p, s, v, t in parsed_votes),
                           by=by, reason="polis_import")
        record("deliberation.import", actor=by, target=conv,
               data={"participants": len(participants), "statements": len(statements), "votes": len(parsed_votes)})
    return conv


def _numbering(external: list[tuple[int, int | None]]) -> dict[int, int]:
    """pk -> Pol.is id: the imported id, else numbers after the largest imported one."""
    top = max((e for _pk, e in external if e is not None), default=-1)
    out: dict[int, int] = {}
    for pk, ext in sorted(external):
        if ext is not None:
            out[pk] = ext
        else:
            top += 1
            out[pk] = top
    return out


def _stamp(when: datetime) -> tuple[int, str]:
    return to_ms(when), when.astimezone(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")


def export_folder(conversation: Conversation, folder: Path) -> dict[str, int]:
    """Write ``votes.csv``, ``comments.csv`` and ``summary.csv`` in Pol.is's export format."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    voter = _numbering(list(Participant.objects.filter(conversation=conversation).values_list("id", "external_id")))
    comment = _numbering(list(Statement.objects.filter(conversation=conversation).values_list("id", "external_id")))
    events = list(Vote.objects.filter(conversation=conversation).order_by("created_at", "id")
                  .values_list("participant_id", "statement_id", "value", "created_at"))
    latest: dict[tuple[int, int], int] = {}
    with (folder / "votes.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
        for p, s, v, when in events:
            latest[(p, s)] = v
            writer.writerow([*_stamp(when), comment[s], voter[p], v])
    agrees: dict[int, int] = {}
    disagrees: dict[int, int] = {}
    for (_p, s), v in latest.items():
        if v == 1:
            agrees[s] = agrees.get(s, 0) + 1
        elif v == -1:
            disagrees[s] = disagrees.get(s, 0) + 1
    statements = list(Statement.objects.filter(conversation=conversation).order_by("id"))
    with (folder / "comments.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated",
                         "comment-body", "is-meta"])
        for st in sorted(statements, key=lambda x: comment[x.pk]):
            writer.writerow([*_stamp(st.created_at), comment[st.pk],
                             voter[st.author_id] if st.author_id in voter else "",
                             agrees.get(st.pk, 0), disagrees.get(st.pk, 0),
                             POLIS_MODERATED[Moderation(st.moderation)], st.text,
                             int(st.moderation == Moderation.META)])
    with (folder / "summary.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["topic", conversation.topic])
        writer.writerow(["voters", len({p for p, *_ in events})])
        writer.writerow(["comments", len(statements)])
        writer.writerow(["conversation-description", conversation.description])
    record("deliberation.export", target=conversation, data={"votes": len(events), "statements": len(statements)})
    return {"votes": len(events), "statements": len(statements), "participants": len(voter)}
