"""Pure-Python engines: no Django import anywhere below this package.

Each engine has a CLI (``python -m phalang.engines.<name>`` or ``phalang <command>``) so it can
be tested on files and timed alone. Django apps call the engines; never the other way round.
A test (tests/engines/test_no_django.py) enforces the boundary.
"""
