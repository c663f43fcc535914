"""The rules, one per file, in the order they run.

Cardinal's indicators come first, in Cardinal's order (which also decides the first currency
seen); Phalang's Thai rules (TH01...) follow, then the data-quality notes (DQ01...).
"""

from __future__ import annotations

from phalang.engines.redflags.indicators.base import Rule, RuleInfo
from phalang.engines.redflags.indicators.quality import DQ01, DQ02
from phalang.engines.redflags.indicators.r003 import R003
from phalang.engines.redflags.indicators.r018 import R018
from phalang.engines.redflags.indicators.r024 import R024
from phalang.engines.redflags.indicators.r025 import R025
from phalang.engines.redflags.indicators.r028 import R028
from phalang.engines.redflags.indicators.r030 import R030
from phalang.engines.redflags.indicators.r035 import R035
from phalang.engines.redflags.indicators.r036 import R036
from phalang.engines.redflags.indicators.r038 import R038
from phalang.engines.redflags.indicators.r044 import R044
from phalang.engines.redflags.indicators.r048 import R048
from phalang.engines.redflags.indicators.r058 import R058
from phalang.engines.redflags.indicators.th01 import TH01
from phalang.engines.redflags.indicators.th02 import TH02
from phalang.engines.redflags.indicators.th03 import TH03
from phalang.engines.redflags.indicators.th04 import TH04
from phalang.engines.redflags.indicators.th05 import TH05
from phalang.engines.redflags.indicators.th06 import TH06
from phalang.engines.redflags.indicators.th07 import TH07
from phalang.engines.redflags.indicators.th08 import TH08
from phalang.engines.redflags.indicators.th09 import TH09

CARDINAL_RULES: tuple[type[Rule], ...] = (
    R003,
    R018,
    R024,
    R025,
    R028,
    R030,
    R035,
    R036,
    R038,
    R044,
    R048,
    R058,
)
THAI_RULES: tuple[type[Rule], ...] = (
    TH01,
    TH02,
    TH03,
    TH04,
    TH05,
    TH06,
    TH07,
    TH08,
    TH09,
)

# Data-quality notes: problems with the published data, shown apart from the red flags.
QUALITY_RULES: tuple[type[Rule], ...] = (DQ01, DQ02)

RULE_CLASSES: dict[str, type[Rule]] = {rule.code: rule for rule in CARDINAL_RULES + THAI_RULES + QUALITY_RULES}
RULES: dict[str, RuleInfo] = {code: rule.info for code, rule in RULE_CLASSES.items()}

__all__ = ["QUALITY_RULES", "RULES", "RULE_CLASSES", "Rule", "RuleInfo"]
