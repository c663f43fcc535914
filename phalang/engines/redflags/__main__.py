"""``python -m phalang.engines.redflags indicators ...``"""

from phalang.engines.redflags.cli import main

raise SystemExit(main())
