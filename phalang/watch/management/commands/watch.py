"""``phalang watch verify-log | verify-proof | verify-dossier | reminders``."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phalang.watch import publiclog
from phalang.watch.models import PublicLogEntry


class Command(BaseCommand):
    help = "Watch module tools: check the public log, check a proof of receipt, send response reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        v = sub.add_parser("verify-log", help="check the signed public log (this database, a file or a URL)")
        v.add_argument("--file", help="a saved copy of /api/v1/public/log")
        v.add_argument("--url", help="a site's /api/v1/public/log address")
        v.add_argument("--public-key", help="the key you trust (base64); default: the one served with the log")
        v.add_argument("--expect-head", metavar="SEQ:HASH|FILE",
                       help="a head you kept (from /api/v1/public/log/head): SEQ:HASH, or the saved JSON "
                            "(a .jsonl file of heads: the last line); fails if the log no longer reaches it")
        p = sub.add_parser("verify-proof", help="check a proof-of-receipt JSON file")
        p.add_argument("file")
        p.add_argument("--public-key")
        d = sub.add_parser("verify-dossier", help="check a case dossier ZIP: every file's SHA-256 and the signature")
        d.add_argument("file")
        d.add_argument("--public-key", help="the site key you trust (base64); default: the one in the dossier")
        sub.add_parser("reminders", help="send overdue-response reminders now")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["sub"] == "verify-log":
            if opts.get("file") or opts.get("url"):
                if opts.get("file"):
                    with open(opts["file"], encoding="utf-8") as fh:
                        doc = json.load(fh)
                else:
                    doc = _fetch_log(opts["url"])
                entries, key = doc["entries"], opts.get("public_key") or doc["public_key"]
            else:
                entries = [publiclog.as_json(e) for e in PublicLogEntry.objects.order_by("seq")]
                key = opts.get("public_key") or publiclog.public_key_b64()
            problems = publiclog.verify_entries(entries, key)
            if opts.get("expect_head"):
                seq, digest, head_problem = _expected_head(opts["expect_head"], key)
                problem = head_problem or publiclog.reaches_head(entries, seq, digest)
                if problem:
                    problems.append(problem)
            for problem in problems:
                self.stderr.write(f"TAMPERED: {problem}")
            if problems:
                raise CommandError(f"public log verification failed ({len(problems)} problems)", returncode=1)
            self.stdout.write(f"public log OK: {len(entries)} signed entries")
        elif opts["sub"] == "verify-proof":
            with open(opts["file"], encoding="utf-8") as fh:
                proof = json.load(fh)
            if not publiclog.verify_proof(proof, opts.get("public_key")):
                raise CommandError("the proof's signature is not valid", returncode=1)
            self.stdout.write(f"proof OK: received {proof['received_at']}, content {proof['content_sha256']}")
        elif opts["sub"] == "verify-dossier":
            from phalang.watch import dossier

            with open(opts["file"], "rb") as fh:
                problems = dossier.verify(fh.read(), opts.get("public_key"))
            for problem in problems:
                self.stderr.write(f"TAMPERED: {problem}")
            if problems:
                raise CommandError(f"dossier verification failed ({len(problems)} problems)", returncode=1)
            self.stdout.write("dossier OK: every file matches the signed manifest")
        else:
            from phalang.watch.clocks import send_reminders

            self.stdout.write(f"reminders sent: {send_reminders()}")


def _fetch_log(url: str) -> dict[str, Any]:
    """Every entry of a site's public log, page by page."""
    entries: list[dict[str, Any]] = []
    doc: dict[str, Any] = {}
    while True:
        sep = "&" if urllib.parse.urlsplit(url).query else "?"
        page_url = f"{url}{sep}after={entries[-1]['seq'] if entries else 0}&limit=5000"
        with urllib.request.urlopen(page_url, timeout=30) as resp:  # noqa: S310 (operator-given URL)
            doc = json.load(resp)
        entries += doc["entries"]
        if len(doc["entries"]) < 5000:
            return {**doc, "entries": entries}


def _expected_head(value: str, public_key: str) -> tuple[int, str, str | None]:
    """(seq, hash, problem) from SEQ:HASH or a saved head (checked against the public key)."""
    path = Path(value)
    if not path.is_file():
        seq, _, digest = value.partition(":")
        if not seq.isdigit() or len(digest) != 64:
            raise CommandError("--expect-head takes SEQ:HASH (as /api/v1/public/log/head shows) or a saved head file")
        return int(seq), digest, None
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    head = json.loads(lines[-1]) if lines else {}
    if not publiclog.verify_head(head, public_key):
        return 0, "", f"the head in {path} is not signed by the deployment's key"
    return int(head["seq"]), str(head["hash"]), None
