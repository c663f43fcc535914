"""Audit item 12: deleting the newest public-log entries must be caught.

The chain alone cannot show that its tail was cut off, so the site serves a signed head at a
stable address, partners keep it, and `phalang watch verify-log --expect-head` fails when the
log no longer reaches the head they kept."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from phalang.accounts.actions import create_user
from phalang.watch import actions, publiclog, workflow
from phalang.watch.models import PublicLogEntry, Report, Status


@pytest.fixture
def log(db):  # type: ignore[no-untyped-def]
    admin = create_user("root", "correct-horse-battery", is_superuser=True)
    for text in ("ถนนเลียบคลองสร้างไม่เสร็จตามสัญญาแต่เบิกเงินครบแล้ว", "ศูนย์เด็กเล็กได้นมไม่ครบตามจำนวนเด็ก"):
        report, _ = actions.file_report(actions.NewReport(category="corruption", description=text))
        workflow.publish(report, by=admin, public_text=text)
        workflow.change_status(report, Status.VERIFIED, by=admin)
    return admin


def test_the_signed_head_is_served_at_a_stable_address(client, log) -> None:  # type: ignore[no-untyped-def]
    head = client.get("/api/v1/public/log/head").json()
    last = PublicLogEntry.objects.order_by("-seq").first()
    assert (head["seq"], head["hash"]) == (last.seq, last.entry_hash) == (4, last.entry_hash)
    assert publiclog.verify_head(head, publiclog.public_key_b64())
    forged = {**head, "seq": 3}
    assert not publiclog.verify_head(forged, publiclog.public_key_b64())


def test_cutting_off_the_newest_entry_is_caught(client, log, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    head = client.get("/api/v1/public/log/head").json()
    kept = tmp_path / "heads.jsonl"
    kept.write_text(json.dumps(head) + "\n")
    with connection.cursor() as cur:  # an operator quietly removes the last status change
        cur.execute("DELETE FROM watch_publiclogentry WHERE seq = %s", [head["seq"]])
    call_command("watch", "verify-log")  # the shorter chain is still a valid chain...
    with pytest.raises(CommandError):  # ...but not the one the partner saw
        call_command("watch", "verify-log", "--expect-head", f"{head['seq']}:{head['hash']}")
    assert "cut off" in capsys.readouterr().err
    with pytest.raises(CommandError):
        call_command("watch", "verify-log", "--expect-head", str(kept))


def test_an_intact_log_reaches_the_kept_head(client, log) -> None:  # type: ignore[no-untyped-def]
    head = client.get("/api/v1/public/log/head").json()
    # More history after the head was kept: the log still reaches it.
    workflow.change_status(Report.objects.filter(published=True).first(), Status.RESOLVED, by=log, reason="แก้ไขแล้ว")
    call_command("watch", "verify-log", "--expect-head", f"{head['seq']}:{head['hash']}")
