"""``phalang audit verify|checkpoint|tail``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phalang.audit.log import verify
from phalang.audit.models import AuditEntry


class Command(BaseCommand):
    help = "Check or inspect the hash-chained audit log."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        v = sub.add_parser("verify", help="recompute the chain; exit 1 on any edited or missing entry")
        v.add_argument("--expect-head", help="SEQ:HASH from an earlier 'checkpoint', to catch truncation")
        sub.add_parser("checkpoint", help="print SEQ:HASH of the newest entry, to publish or keep")
        t = sub.add_parser("tail", help="print the newest entries")
        t.add_argument("-n", type=int, default=20)

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["sub"] == "verify":
            expect = None
            if opts.get("expect_head"):
                seq, _, digest = opts["expect_head"].partition(":")
                if not seq.isdigit() or len(digest) != 64:
                    raise CommandError("--expect-head must look like 123:<64 hex digits>")
                expect = (int(seq), digest)
            result = verify(expect)
            for problem in result.problems:
                self.stderr.write(f"TAMPERED: {problem}")
            if not result.ok:
                raise CommandError(f"audit log verification failed ({len(result.problems)} problems)",
                                   returncode=1)
            self.stdout.write(f"audit log OK: {result.checked} entries, head {result.head_seq}:{result.head_hash}")
        elif opts["sub"] == "checkpoint":
            last = AuditEntry.objects.order_by("-seq").first()
            self.stdout.write(f"{last.seq}:{last.entry_hash}" if last else "0:" + "0" * 64)
        else:
            for e in AuditEntry.objects.order_by("-seq")[: opts["n"]]:
                self.stdout.write(f"{e.seq}\t{e.created_at:%Y-%m-%d %H:%M:%S}\t{e.actor_label}\t{e.action}\t{e.target_type}:{e.target_id}")
