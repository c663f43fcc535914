"""``python -m phalang.engines.evidence``: check a file or make its public copy."""

import sys

from phalang.engines.evidence.cli import main

raise SystemExit(main(sys.argv[1:]))
