"""The tamper-evident public log of published reports.

Each entry is ``sha256(prev_hash ‖ canonical JSON)`` (plain SHA-256, so anyone can recompute it)
and carries an Ed25519 signature of that hash by the deployment's signing key (kept outside the
database). A partner who edits or removes history breaks the chain; someone who rewrites the
whole chain cannot sign it. ``verify_entries`` is pure and works on a downloaded copy of
``/api/v1/public/log`` as well as on the database.

A chain cut off at its end is still a valid chain, so the site also serves a signed *head*
(``/api/v1/public/log/head``: the last sequence number and hash, and when it was signed).
Partners keep heads; ``reaches_head`` then says whether a log still contains the head they
kept, unchanged (docs/threat-model.md, "Logs that catch tampering").
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.db import connection, transaction
from django.utils import timezone

from phalang.lib.keys import get_key

GENESIS = "0" * 64
_PG_LOCK_ID = 0x50484C47  # "PHLG": serialises appends on PostgreSQL


def _private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(get_key("signing", 32))


def public_key_b64() -> str:
    raw = _private_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def canonical(seq: int, report: str, event: str, status: str, at: str) -> bytes:
    return json.dumps({"seq": seq, "report": report, "event": event, "status": status, "at": at},
                      sort_keys=True, separators=(",", ":")).encode()


def entry_hash(prev_hash: str, body: bytes) -> str:
    return hashlib.sha256(prev_hash.encode() + body).hexdigest()


def sign(data: bytes) -> str:
    return base64.b64encode(_private_key().sign(data)).decode()


def append(report_public_id: str, event: str, status: str) -> Any:
    """Append one entry; call inside the transaction of the change it records."""
    from phalang.watch.models import PublicLogEntry

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_ID])
        last = PublicLogEntry.objects.order_by("-seq").only("seq", "entry_hash").first()
        seq = last.seq + 1 if last else 1
        prev = last.entry_hash if last else GENESIS
        at = timezone.now().replace(microsecond=0)
        digest = entry_hash(prev, canonical(seq, report_public_id, event, status, at.isoformat()))
        return PublicLogEntry.objects.create(
            seq=seq, report_public_id=report_public_id, event=event, status=status, at=at,
            prev_hash=prev, entry_hash=digest, signature=sign(bytes.fromhex(digest)))


def as_json(entry: Any) -> dict[str, Any]:
    return {"seq": entry.seq, "report": entry.report_public_id, "event": entry.event, "status": entry.status,
            "at": entry.at.isoformat(), "prev_hash": entry.prev_hash, "hash": entry.entry_hash,
            "signature": entry.signature}


def verify_entries(entries: list[dict[str, Any]], public_key: str) -> list[str]:
    """Every problem in a list of entries (as served by the API), or [] if the log is intact."""
    problems: list[str] = []
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
    except ValueError:
        return ["the public key is not a valid Ed25519 key"]
    prev, expected = GENESIS, 1
    for e in entries:
        seq = int(e["seq"])
        if seq != expected:
            problems.append(f"entries {expected}..{seq - 1} are missing")
        if e["prev_hash"] != prev:
            problems.append(f"entry {seq}: does not link to the entry before it")
        digest = entry_hash(e["prev_hash"], canonical(seq, e["report"], e["event"], e["status"], e["at"]))
        if digest != e["hash"]:
            problems.append(f"entry {seq}: content does not match its hash (edited)")
        try:
            key.verify(base64.b64decode(e["signature"]), bytes.fromhex(e["hash"]))
        except (InvalidSignature, ValueError):
            problems.append(f"entry {seq}: the signature is not the deployment's")
        prev, expected = e["hash"], seq + 1
    return problems


HEAD_TYPE = "phalang-public-log-head"


def _head_payload(head: dict[str, Any]) -> bytes:
    body = {"type": HEAD_TYPE, "seq": int(head["seq"]), "hash": str(head["hash"]), "at": str(head["at"])}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def signed_head() -> dict[str, Any]:
    """The newest entry's sequence number and hash, signed with the time of signing."""
    from phalang.watch.models import PublicLogEntry

    last = PublicLogEntry.objects.order_by("-seq").only("seq", "entry_hash").first()
    head: dict[str, Any] = {"type": HEAD_TYPE, "seq": last.seq if last else 0,
                            "hash": last.entry_hash if last else GENESIS,
                            "at": timezone.now().replace(microsecond=0).isoformat()}
    return {**head, "public_key": public_key_b64(), "signature": sign(_head_payload(head))}


def verify_head(head: dict[str, Any], public_key: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
        key.verify(base64.b64decode(head["signature"]), _head_payload(head))
    except (InvalidSignature, ValueError, KeyError, TypeError):
        return False
    return True


def reaches_head(entries: list[dict[str, Any]], seq: int, digest: str) -> str | None:
    """None if ``entries`` hold entry ``seq`` with hash ``digest``; otherwise what went wrong."""
    if seq == 0:
        return None
    for e in entries:
        if int(e["seq"]) == seq:
            if e["hash"] != digest:
                return f"entry {seq} differs from the head you kept: the log was rewritten up to there"
            return None
    last = max((int(e["seq"]) for e in entries), default=0)
    return f"the log ends at entry {last}, before the head you kept (entry {seq}): it was cut off"


def proof_of_receipt(report: Any) -> dict[str, Any]:
    """A signed statement that a report with this content was received at this time.

    It names no person and no channel. ``content_sha256`` covers the text and every evidence
    file's hash, so the reporter can later show what they sent and when.
    """
    content = hashlib.sha256()
    content.update(report.description.encode())
    for sha in report.evidence.order_by("created_at", "id").values_list("sha256", flat=True):
        content.update(bytes.fromhex(sha))
    body = {"type": "phalang-proof-of-receipt", "version": 1,
            "received_at": report.created_at.replace(microsecond=0).isoformat(),
            "category": report.category.slug, "content_sha256": content.hexdigest(),
            "evidence_files": report.evidence.count(), "public_key": public_key_b64()}
    payload = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return {**body, "signature": sign(payload)}


def verify_proof(proof: dict[str, Any], public_key: str | None = None) -> bool:
    body = {k: v for k, v in proof.items() if k != "signature"}
    payload = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key or proof["public_key"]))
        key.verify(base64.b64decode(proof["signature"]), payload)
    except (InvalidSignature, ValueError, KeyError):
        return False
    return True
