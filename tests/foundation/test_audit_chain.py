"""The audit log is append-only and hash-chained; `phalang audit verify` catches tampering."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from phalang.audit import triggers
from phalang.audit.log import record, verify
from phalang.audit.models import AppendOnlyError, AuditEntry


def _drop_triggers() -> None:
    # What a database administrator bent on rewriting history would do first.
    triggers.remove(connection)


@pytest.fixture
def chain(make_org, make_user):  # type: ignore[no-untyped-def]
    org = make_org("watchdog")
    make_user("bob", org=org, role="moderator")
    return list(AuditEntry.objects.order_by("seq"))


def test_actions_write_a_linked_chain(chain) -> None:  # type: ignore[no-untyped-def]
    assert [e.action for e in chain] == ["org.create", "account.create", "org.add_member"]
    assert [e.seq for e in chain] == [1, 2, 3]
    assert chain[1].prev_hash == chain[0].entry_hash
    assert verify().ok


def test_verify_command_passes_on_an_intact_chain(chain, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("audit", "verify")
    assert "audit log OK: 3 entries" in capsys.readouterr().out


def test_orm_refuses_to_change_or_delete(chain) -> None:  # type: ignore[no-untyped-def]
    entry = chain[0]
    entry.action = "something.else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_database_trigger_refuses_a_raw_update(chain) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditentry SET action = 'x' WHERE seq = 1")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditentry WHERE seq = 2")


def test_verify_fails_after_a_row_is_edited_by_hand(chain) -> None:  # type: ignore[no-untyped-def]
    _drop_triggers()
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditentry SET target_id = '999' WHERE seq = 2")
    result = verify()
    assert not result.ok
    assert any("entry 2" in p and "edited" in p for p in result.problems)
    with pytest.raises(CommandError) as err:
        call_command("audit", "verify")
    assert err.value.returncode == 1


def test_verify_fails_after_a_row_is_deleted(chain) -> None:  # type: ignore[no-untyped-def]
    _drop_triggers()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditentry WHERE seq = 2")
    problems = verify().problems
    assert any("missing" in p for p in problems)
    assert any("does not link" in p for p in problems)


def test_recomputing_a_hash_without_the_key_does_not_help(chain) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    _drop_triggers()
    forged = hashlib.sha256(b"whatever an attacker computes without the key").hexdigest()
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditentry SET entry_hash = %s WHERE seq = 3", [forged])
    assert not verify().ok


def test_truncation_is_caught_by_a_checkpoint(chain) -> None:  # type: ignore[no-untyped-def]
    head = (chain[-1].seq, chain[-1].entry_hash)
    record("test.extra")
    assert verify(expect_head=head).ok
    _drop_triggers()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditentry WHERE seq >= 3")
    assert verify().ok  # a cut tail alone still chains...
    assert not verify(expect_head=head).ok  # ...but not to the published checkpoint
