"""``python -m phalang.engines.redaction``: same as ``phalang redact``."""

import sys

from phalang.engines.redaction.cli import main

raise SystemExit(main(sys.argv[1:]))
