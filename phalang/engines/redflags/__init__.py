"""Red flags for public procurement (OCDS compiled releases), with no framework inside.

Cardinal's indicators (R003 ... R058, same definitions, settings file and output as the
Open Contracting Partnership's engine) and Phalang's Thai rules (TH01 ...). Use it as::

    from phalang.engines.redflags import RULES, load_settings, run, run_file

    results = run(compiled_releases, load_settings("settings.ini"))  # in memory
    results = run_file("releases.jsonl", load_settings())          # every rule, all cores
    for flag in results.for_ocid("ocds-xxx-1"):
        print(flag.code, flag.value, flag.info.name_th, flag.info.why_th)
"""

from phalang.engines.redflags.indicators import RULES
from phalang.engines.redflags.indicators.base import RuleInfo
from phalang.engines.redflags.runner import Flag, Results, run, run_file
from phalang.engines.redflags.settings import Settings, SettingsError, load_settings

__all__ = [
    "RULES",
    "Flag",
    "Results",
    "RuleInfo",
    "Settings",
    "SettingsError",
    "load_settings",
    "run",
    "run_file",
]
