"""Short texts for one-SMS messages, shared by the actions and the chat replies."""

from __future__ import annotations

# Thai marks that belong to the letter before them: a cut never falls just before one.
_TRAILING_MARKS = frozenset("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"
                            "\u0e45\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")


def short_title(title: str, room: int) -> str:
    """An event's title in at most ``room`` characters for a one-SMS reply: whole if it fits,
    otherwise cut after the last whole word that fits (Thai words found by pythainlp, so a word is
    never cut mid-syllable), with "…"."""
    title = " ".join(title.split())
    if len(title) <= room:
        return title
    from pythainlp.tokenize import word_tokenize

    out = ""
    for word in word_tokenize(title, engine="newmm", keep_whitespace=True):
        if len(out) + len(word) > room - 1:
            break
        out += word
    out = out.rstrip()
    if not out:  # a first word longer than the room: cut it, but not before a mark of its letter
        n = max(1, room - 1)
        while n > 1 and title[n] in _TRAILING_MARKS:
            n -= 1
        out = title[:n]
    return out + "…"
