"""Numbers from the outside world, bounded before they reach the database.

SQLite refuses integers beyond 64 bits with an OverflowError and PostgreSQL's ``integer``
columns stop at 2^31 - 1, so an id or count typed into a URL must be checked first: a fuzzer
found three server errors this way (issue 12). Ids and counts here fit PostgreSQL ``integer``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictInt

MAX_DB_INT = 2_147_483_647

# For API signatures: a database id or a count, refused with a 422 (Thai and English) when out of range.
Id = Annotated[int, Field(ge=0, le=MAX_DB_INT)]
# A place given by id (a JSON number, never true/false) or by its Thai name.
PlaceRef = Annotated[StrictInt, Field(ge=1, le=MAX_DB_INT)] | Annotated[str, Field(max_length=100)] | None


def small_int(value: object, default: int | None = None, maximum: int = MAX_DB_INT) -> int | None:
    """``value`` as a non-negative int no larger than ``maximum``; ``default`` for anything else
    (only ASCII digits count: '²'.isdigit() is true but int('²') fails)."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value if 0 <= value <= maximum else default
    text = str(value if value is not None else "").strip()
    if not text or len(text) > 10 or not (text.isascii() and text.isdigit()):
        return default
    number = int(text)
    return number if number <= maximum else default


_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def typed_number(text: str, maximum: int = MAX_DB_INT) -> int | None:
    """A number a person typed in a chat ("2", " ๒ "): ASCII or Thai digits only, else None.
    Superscripts, circled digits and other Unicode "digits" ('²'.isdigit() is true) are not numbers
    here, so ``int()`` never meets one and a chat step never crashes on them."""
    return small_int((text or "").strip().translate(_THAI_DIGITS), maximum=maximum)
