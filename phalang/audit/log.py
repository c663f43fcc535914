"""Writing to and verifying the audit chain."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from phalang.audit.models import AuditEntry
from phalang.lib.keys import get_key

GENESIS = "0" * 64
# An arbitrary constant: the PostgreSQL advisory-lock id that serialises appends.
_PG_LOCK_ID = 0x5048414C  # "PHAL"


def _canonical(seq: int, created_at: datetime, actor_id: int | None, actor_label: str,
               action: str, target_type: str, target_id: str, data: Any) -> bytes:
    body = {
        "seq": seq,
        "at": created_at.isoformat(timespec="microseconds"),
        "actor": actor_id,
        "actor_label": actor_label,
        "action": action,
        "target": [target_type, target_id],
        "data": data,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def compute_hash(prev_hash: str, payload: bytes) -> str:
    return hmac.new(get_key("audit"), prev_hash.encode() + payload, hashlib.sha256).hexdigest()


def _normalise(data: dict[str, Any]) -> Any:
    # Round-trip through JSON so what we hash is exactly what the database will give back.
    return json.loads(json.dumps(data, default=str, ensure_ascii=False))


def record(action: str, *, actor: Any = None, target: Any = None, data: dict[str, Any] | None = None,
           actor_label: str = "") -> AuditEntry:
    """Append one entry. Call it inside the action's transaction, so both commit or neither."""
    target_type = ""
    target_id = ""
    if target is not None:
        target_type = f"{target._meta.app_label}.{target._meta.model_name}"
        target_id = str(target.pk)
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    if not actor_label:
        actor_label = actor.get_username() if actor_id else "system"
    payload_data = _normalise(data or {})
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_ID])
        # On SQLite the IMMEDIATE transaction already holds the database write lock.
        last = AuditEntry.objects.order_by("-seq").only("seq", "entry_hash").first()
        seq = last.seq + 1 if last else 1
        prev = last.entry_hash if last else GENESIS
        now = timezone.now()
        payload = _canonical(seq, now, actor_id, actor_label, action, target_type, target_id,
                             payload_data)
        entry = AuditEntry(
            seq=seq, created_at=now, actor_id=actor_id, actor_label=actor_label, action=action,
            target_type=target_type, target_id=target_id, data=payload_data, prev_hash=prev,
            entry_hash=compute_hash(prev, payload),
        )
        entry.save(force_insert=True)
    return entry


@dataclass
class VerifyResult:
    checked: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(expect_head: tuple[int, str] | None = None, batch: int = 5000) -> VerifyResult:
    """Walk the whole chain; report every edited, inserted or missing entry."""
    result = VerifyResult()
    prev = GENESIS
    expected_seq = 1
    qs = AuditEntry.objects.order_by("seq").values_list(
        "seq", "created_at", "actor_id", "actor_label", "action", "target_type", "target_id",
        "data", "prev_hash", "entry_hash",
    )
    for row in qs.iterator(chunk_size=batch):
        seq, created_at, actor_id, actor_label, action, ttype, tid, data, prev_hash, ehash = row
        if seq != expected_seq:
            result.problems.append(f"entries {expected_seq}..{seq - 1} are missing")
        if prev_hash != prev:
            result.problems.append(f"entry {seq}: does not link to the entry before it")
        payload = _canonical(seq, created_at, actor_id, actor_label, action, ttype, tid, data)
        if not hmac.compare_digest(compute_hash(prev_hash, payload), ehash):
            result.problems.append(f"entry {seq}: content does not match its hash (edited)")
        prev = ehash
        expected_seq = seq + 1
        result.checked += 1
        result.head_seq, result.head_hash = seq, ehash
    if expect_head is not None:
        want_seq, want_hash = expect_head
        if result.head_seq < want_seq:
            result.problems.append(
                f"the chain ends at {result.head_seq}, before the checkpoint {want_seq} (truncated)"
            )
        else:
            at = AuditEntry.objects.filter(seq=want_seq).values_list("entry_hash", flat=True).first()
            if at != want_hash:
                result.problems.append(f"entry {want_seq} differs from the checkpoint")
    return result
