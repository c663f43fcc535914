"""``python -m phalang.engines.thaitext``: same as ``phalang thaitext``."""

import sys

from phalang.engines.thaitext.cli import main

raise SystemExit(main(sys.argv[1:]))
