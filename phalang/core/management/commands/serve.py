"""``phalang serve``: the web server (gunicorn) with a background worker beside it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

# No client address or user agent: anonymous reporters must not be identifiable from logs.
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


class Command(BaseCommand):
    help = "Serve the site on 127.0.0.1:$PORT with one background worker alongside."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("PHALANG_HOST", "127.0.0.1"))
        parser.add_argument("--web-workers", type=int, default=int(os.environ.get("PHALANG_WEB_WORKERS", "2")))
        parser.add_argument("--no-worker", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        bin_dir = os.path.dirname(sys.executable)
        procs = []
        if not opts["no_worker"]:
            procs.append(subprocess.Popen([os.path.join(bin_dir, "phalang"), "worker"]))
        procs.append(subprocess.Popen([
            os.path.join(bin_dir, "gunicorn"), "phalang.wsgi:application",
            "--bind", f"{opts['host']}:{opts['port']}", "--workers", str(opts["web_workers"]),
            "--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT,
            "--graceful-timeout", "10",
        ]))
        self.stdout.write(f"Phalang is serving on http://{opts['host']}:{opts['port']}/ (Ctrl-C stops)")

        def stop(*_: Any) -> None:
            for p in procs:
                if p.poll() is None:
                    p.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(p.poll() is None for p in procs):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for p in procs:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
