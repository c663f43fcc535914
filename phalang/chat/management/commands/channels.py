"""``phalang channels drain``: process waiting webhook events and send waiting messages now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from phalang.chat.loops import drain
from phalang.chat.models import InboundEvent
from phalang.messaging.models import OutboundMessage


class Command(BaseCommand):
    help = "Inspect or drain the channel inbox and outbox."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        sub.add_parser("drain", help="process the inbox and send the outbox until both are empty")
        sub.add_parser("stats", help="counts of waiting, failed and done items")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["sub"] == "drain":
            processed, sent = drain()
            self.stdout.write(f"processed {processed} events, sent {sent} messages")
            return
        waiting = InboundEvent.objects.filter(processed_at__isnull=True).count()
        states = {s: OutboundMessage.objects.filter(state=s).count() for s in ("pending", "sent", "failed")}
        self.stdout.write(f"inbox waiting {waiting}; outbox {states}")
