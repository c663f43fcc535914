"""Text normalisation shared by tokenisation, search and place lookup.

Thai text typed on phones and copied from PDFs reaches us in several byte forms that look the
same on screen. Everything we compare (search terms, duplicate detection, gazetteer names) goes
through :func:`normalize` first so that those forms compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
# Length-preserving, so callers that report character offsets can use it too.
THAI_TO_ARABIC_DIGITS = str.maketrans(THAI_DIGITS, "0123456789")

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_WHITESPACE = re.compile(r"\s+")

# Thai combining marks: above/below vowels (ั ิ ี ึ ื ุ ู ฺ), tone marks and other signs (็ ่ ้ ๊ ๋ ์ ํ ๎).
_ABOVE_BELOW_VOWEL = "\u0e31\u0e34-\u0e3a"
_TONE = "\u0e48-\u0e4b"
_COMBINING = f"{_ABOVE_BELOW_VOWEL}\u0e47-\u0e4e"

# A mark typed twice (a common slip on touch keyboards) shows once but breaks matching.
_REPEATED_MARK = re.compile(f"([{_COMBINING}])\\1+")
# Unicode order is consonant + vowel + tone; some keyboards let users type the tone first.
_TONE_BEFORE_VOWEL = re.compile(f"([{_TONE}])([{_ABOVE_BELOW_VOWEL}])")
# Sara am (ำ) typed as nikhahit (ํ) + sara aa (า); a tone typed in between moves before it.
_SPLIT_SARA_AM = re.compile(f"\u0e4d([{_TONE}]?)\u0e32")
# Sara ae (แ) typed as two sara e (เเ): looks identical, never intended.
_DOUBLE_SARA_E = re.compile("\u0e40\u0e40")


def fix_thai_typing(text: str) -> str:
    """Repair Thai character-order slips without touching anything else (length may shrink)."""
    text = _SPLIT_SARA_AM.sub("\\1\u0e33", text)
    text = _DOUBLE_SARA_E.sub("\u0e41", text)
    text = _TONE_BEFORE_VOWEL.sub("\\2\\1", text)
    return _REPEATED_MARK.sub("\\1", text)


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Canonical form for comparison: NFC, Arabic digits, single spaces, Thai typing fixed, Latin lower-cased.

    Remembered: indexing a text normalises it several times over (its words, its places, the
    segmenter's input), and the same names and titles recur on thousands of budget lines.
    """
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = text.translate(THAI_TO_ARABIC_DIGITS)
    text = fix_thai_typing(text)
    text = _WHITESPACE.sub(" ", text).strip()
    return text.lower()
