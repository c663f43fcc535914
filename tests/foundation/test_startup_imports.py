"""Start-up stays light: Django, the URL configuration and every app's ready() load without the
heavy libraries that serve one command or one page (issue 19).

Each of these cost 0.1–1.5 s of every command's start (`phalang check`, the worker, each
gunicorn worker) when it was imported at module level; docs/benchmarks.md has the figures.
The check runs in a fresh interpreter, so what this test process already imported does not count.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = [
    "linebot",      # LINE SDK: imported when a message is sent or fetched
    "scipy",        # opinion math, matching
    "sklearn",
    "ortools",      # delivery routing, min-cost flow
    "numpy",
    "pythainlp",    # Thai segmentation: imported when text is first segmented
    "PIL",          # evidence vault
    "pypdfium2",
    "ocdsmerge",    # OCDS import
    "ocdskit",
    "ijson",
    "qrcode",       # drawn by two pages only
    "psycopg",      # only on PostgreSQL
]

PROBE = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phalang.settings")
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def test_setup_and_urls_do_not_import_heavy_libraries(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PHALANG_DATA_DIR"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                         timeout=120, check=True).stdout
    loaded = set(json.loads(out.strip().splitlines()[-1]))
    assert "django" in loaded  # the probe really ran
    assert sorted(loaded & set(HEAVY)) == []
