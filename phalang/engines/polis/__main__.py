"""``python -m phalang.engines.polis analyze DIR``."""

import sys

from .cli import main

raise SystemExit(main(sys.argv[1:]))
