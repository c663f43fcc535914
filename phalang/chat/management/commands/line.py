"""``phalang line setup``: LINE's rich menu and webhook check; ``phalang line menu-image PATH``:
the menu image alone, to look at before setting it up (docs/guides/watch.md, "LINE")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phalang.chat import dialog
from phalang.messaging import richmenu


def _items() -> list[richmenu.Item]:
    # The flows' own actions (they register at start-up): the menu matches what the chat routes.
    return [richmenu.Item(label, payload) for label, payload in dialog.rich_menu()]


class Command(BaseCommand):
    help = "Set up the LINE official account: the rich menu (made here), and a check of the webhook."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        setup = sub.add_parser("setup", help="create or reuse the rich menu, make it the default, check the webhook")
        setup.add_argument("--image", type=Path, help="also write the menu image (PNG) here")
        image = sub.add_parser("menu-image", help="write the rich menu image (PNG) without calling LINE")
        image.add_argument("path", type=Path)

    def handle(self, *args: Any, **opts: Any) -> None:
        items = _items()
        if opts["sub"] == "menu-image" or opts.get("image"):
            path: Path = opts.get("path") or opts["image"]
            path.write_bytes(richmenu.draw(items))
            self.stdout.write(f"menu image: {path} ({len(items)} tiles: {', '.join(i.label for i in items)})")
            if opts["sub"] == "menu-image":
                return
        if not settings.LINE_CHANNEL_ACCESS_TOKEN:
            raise CommandError("PHALANG_LINE_CHANNEL_ACCESS_TOKEN is not set")
        try:
            out = richmenu.setup(items)
        except Exception as exc:  # the SDK's ApiException, or the data API's answer
            raise CommandError(f"LINE refused: {' '.join(str(exc).split())[:500]}") from exc
        how = "created" if out.created else "reused"
        self.stdout.write(f"rich menu {out.menu_id}: {how}, image {'uploaded' if out.uploaded else 'already there'}, "
                          "set as default")
        if out.deleted:
            self.stdout.write(f"deleted {len(out.deleted)} older menu(s): {', '.join(out.deleted)}")
        try:
            richmenu.check_webhook(out)
        except Exception as exc:  # no endpoint set, or a token without the right
            raise CommandError(f"webhook check: LINE refused: {' '.join(str(exc).split())[:500]}") from exc
        expected = settings.SITE_URL.rstrip("/") + "/webhooks/line" if getattr(settings, "SITE_URL", "") else ""
        active = "active" if out.webhook_active else 'NOT active: turn on "Use webhook" in the LINE console'
        self.stdout.write(f"webhook endpoint: {out.webhook_endpoint or '(none)'} ({active})")
        if expected and out.webhook_endpoint.rstrip("/") != expected:
            self.stdout.write(self.style.WARNING(f"the endpoint should be {expected}"))
        if out.webhook_ok:
            self.stdout.write(self.style.SUCCESS(f"webhook test: {out.webhook_detail}"))
        else:
            raise CommandError(f"webhook test failed: {out.webhook_detail}")
