"""Personal-data redaction for Thai and English text; see docs/engines/redaction.md.

Pure Python with no Django import.
"""

from phalang.engines.redaction.authorship import self_identifying_warnings
from phalang.engines.redaction.engine import (
    LABELS,
    PlaceholderStyle,
    RedactionProposal,
    apply,
    find,
    placeholder,
    redact,
)
from phalang.engines.redaction.findings import KINDS, Finding, Kind
from phalang.engines.redaction.rules.thai_id import (
    is_valid_thai_id,
    thai_id_error,
    validate_thai_id,
)

__all__ = [
    "KINDS",
    "LABELS",
    "Finding",
    "Kind",
    "PlaceholderStyle",
    "RedactionProposal",
    "apply",
    "find",
    "is_valid_thai_id",
    "placeholder",
    "redact",
    "self_identifying_warnings",
    "thai_id_error",
    "validate_thai_id",
]
