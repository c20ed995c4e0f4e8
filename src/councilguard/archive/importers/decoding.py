"""Bytes to text when the declared charset is wrong, unknown or missing.

Old mail declares charsets Python does not know ("x-unknown", "unicode-1-1-utf-7"), or
declares one and sends another. Nothing here raises: the text is always produced, and
a note says when it was guessed so the report can tell the reader.
"""

from __future__ import annotations

import codecs

# Tried in order when the declared charset fails: UTF-8 is strict enough that success
# means it really was UTF-8; Windows-1252 decodes almost anything Western.
FALLBACKS = ("utf-8", "cp1252")
# Labels that mean "no idea" in practice; Python would reject some and mis-decode others.
_MEANINGLESS = {"", "unknown", "x-unknown", "unknown-8bit", "x-user-defined", "default"}


def known_charset(name: str | None) -> str | None:
    """The codec's canonical name, or None when Python does not know the label."""
    label = (name or "").strip().strip('"').lower()
    if label in _MEANINGLESS:
        return None
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):
        return None


def decode_bytes(data: bytes, declared: str | None) -> tuple[str, str | None]:
    """Decode ``data``; return the text and a note when the declared charset was not used."""
    charset = known_charset(declared)
    if charset:
        try:
            return data.decode(charset), None
        except UnicodeDecodeError:
            pass
    for fallback in FALLBACKS:
        try:
            text = data.decode(fallback)
        except UnicodeDecodeError:
            continue
        if declared and charset:
            return (
                text,
                f"declared charset {declared!r} did not fit the bytes; decoded as {fallback}",
            )
        if declared:
            return text, f"unknown charset {declared!r}; decoded as {fallback}"
        return text, None
    # cp1252 leaves five bytes undefined; replace them rather than lose the message.
    return data.decode("cp1252", errors="replace"), f"charset {declared or 'undeclared'!r}: undecodable bytes replaced"
