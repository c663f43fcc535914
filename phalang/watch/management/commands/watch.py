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
        p.add_argument("--public-key", help="the site key you trust (base64); default: this installation's own key")
        d = sub.add_parser("verify-dossier", help="check a case dossier ZIP: every file's SHA-256 and the signature")
        d.add_argument("file")
        d.add_argument("--public-key", help="the site key you trust (base64); default: this installation's own key")
        d.add_argument("--url", help="a site's /api/v1/public/log address: trust the key that site serves")
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
            # Never the key inside the proof: anyone can sign a proof with a key of their own.
            if not publiclog.verify_proof(proof, opts.get("public_key") or publiclog.public_key_b64()):
                raise CommandError("the proof's signature is not valid for this site's key", returncode=1)
            self.stdout.write(f"proof OK: received {proof['received_at']}, content {proof['content_sha256']}")
        elif opts["sub"] == "verify-dossier":
            from phalang.watch import dossier

            # The key comes from outside the file: a forger re-signs a changed dossier with a key of
            # their own and puts its public half in it (user trial, 2026-12-07).
            if opts.get("public_key"):
                key, whose = opts["public_key"], "the key given with --public-key"
            elif opts.get("url"):
                key, whose = _fetch_log(opts["url"])["public_key"], f"the key served at {opts['url']}"
            else:
                key, whose = publiclog.public_key_b64(), "this site's own key"
            with open(opts["file"], "rb") as fh:
                data = fh.read()
            problems = dossier.verify(data, key)
            carried = dossier.carried_key(data)
            if carried and carried != key:
                problems.insert(0, f"signed with {carried[:16]}…, which is not this site's key ({key[:16]}…)")
            for problem in problems:
                self.stderr.write(f"TAMPERED: {problem}")
            if problems:
                raise CommandError(f"dossier verification failed ({len(problems)} problems)", returncode=1)
            self.stdout.write(f"dossier OK: every file matches the signed manifest, signed by {whose} "
                              f"({key[:16]}…)")
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
