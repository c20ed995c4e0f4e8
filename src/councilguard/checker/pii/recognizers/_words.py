"""Shared helper: the words of a matched name candidate, with their offsets."""

from __future__ import annotations

import re

from ..names import INITIALS, NAME_WORD

WORD = re.compile(rf"{INITIALS}|{NAME_WORD}")


def words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, word) for each word; a possessive "'s" is not part of the name."""
    found = []
    for m in WORD.finditer(text, start, end):
        word, stop = m.group().strip(), m.start() + len(m.group().rstrip())
        if len(word) > 3 and word[-2:] in ("'s", "’s"):
            word, stop = word[:-2], stop - 2
        found.append((m.start(), stop, word))
    return found
