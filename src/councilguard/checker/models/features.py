"""Text to hashed n-gram counts: the one featuriser that training and the checker share.

Training (``training/train.py``) and scoring call the same function, so a shipped model
can never see features built differently from the ones it learnt on. Word unigrams and
bigrams catch what is said ("lying toad"); character 2–5-grams inside a padded copy of
the text catch spellings the word list never saw ("idiooot", "sh1t", "#Tories").

Features are hashed (CRC-32, stable across processes and platforms) into two blocks of
``BUCKETS`` columns, words then characters. The space is wide (2 x 16.7M) so that a
gram never seen in training almost never lands on a column that was: the vectoriser
keeps only the columns seen in training (``select``), and an unseen gram, such as a
place name the models never read, adds nothing to any score instead of borrowing a
random weight. Counts are model-independent: a draft is featurised once and every
model scores the same features (see ``councilguard.checker.models``).
"""

from __future__ import annotations

import re
import unicodedata
import zlib

import numpy as np

# Changing any of these changes every feature: bump VERSION and retrain (`make train`).
VERSION = 2
BUCKETS = 1 << 24
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)

_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")
_DIGITS = re.compile(r"\d{3,}")
_SPACE = re.compile(r"\s+")
# Words (with an inner apostrophe), hashtags kept whole, and the two punctuation marks
# that carry tone.
_WORD = re.compile(r"#?[^\W_]+(?:'[^\W_]+)?|[!?]")


def normalise(text: str) -> str:
    """Fold the text the same way at training and at run time.

    Mentions and links carry no meaning of their own, and long numbers (phone numbers,
    dates) would only add noise, so each becomes one placeholder token. OLID already
    writes its mentions as ``@USER`` and its links as ``URL``.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _URL.sub(" url ", text)
    text = _MENTION.sub(" @user ", text)
    text = _DIGITS.sub("000", text)
    return _SPACE.sub(" ", text).strip()


def _bucket(gram: str) -> int:
    return zlib.crc32(gram.encode("utf-8")) & (BUCKETS - 1)


def _char_hashes(padded: str) -> list[int]:
    """CRC-32 of every character n-gram, as _bucket would hash each one. For ASCII text
    (nearly all of it) the byte n-grams are the character n-grams, and hashing slices of
    one bytes object skips encoding each gram: the featuriser's hottest loop."""
    lo, hi = CHAR_NGRAMS
    data = padded.encode("utf-8")
    if len(data) == len(padded):
        crc = zlib.crc32
        return [crc(data[i : i + n]) for n in range(lo, hi + 1) for i in range(len(data) - n + 1)]
    grams = (padded[i : i + n] for n in range(lo, hi + 1) for i in range(len(padded) - n + 1))
    return [zlib.crc32(gram.encode("utf-8")) for gram in grams]


def counts(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Hashed n-gram counts of ``text``: (column indices, counts), indices ascending."""
    folded = normalise(text)
    words = _WORD.findall(folded)
    lo, hi = WORD_NGRAMS
    word_keys = [
        zlib.crc32(("w " + " ".join(words[i : i + n])).encode("utf-8"))
        for n in range(lo, hi + 1)
        for i in range(len(words) - n + 1)
    ]
    hashes = np.asarray(word_keys, dtype=np.int64) & (BUCKETS - 1)
    chars = (np.asarray(_char_hashes(f" {folded} "), dtype=np.int64) & (BUCKETS - 1)) + BUCKETS
    keys, tf = np.unique(np.concatenate([hashes, chars]), return_counts=True)
    return keys.astype(np.int32), tf.astype(np.float32)


def select(indices: np.ndarray, tf: np.ndarray, seen: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keep the hashed columns seen in training: (their positions in ``seen``, their
    hashed indices, their counts). ``seen`` is sorted."""
    if not len(indices) or not len(seen):
        empty = np.zeros(0, dtype=np.int32)
        return empty, empty, np.zeros(0, dtype=np.float32)
    positions = np.minimum(np.searchsorted(seen, indices), len(seen) - 1)
    keep = seen[positions] == indices
    return positions[keep].astype(np.int32), indices[keep], tf[keep]


def weigh(indices: np.ndarray, tf: np.ndarray, idf: np.ndarray) -> np.ndarray:
    """Sublinear TF-IDF, L2-normalised within each block (words, characters), so that
    neither block drowns the other whatever the length of the text. ``idf`` holds the
    weight of each of ``indices`` (aligned with them)."""
    values = (1.0 + np.log(tf)) * idf
    for in_block in (indices < BUCKETS, indices >= BUCKETS):
        norm = float(np.sqrt(np.sum(values[in_block] ** 2)))
        if norm > 0:
            values[in_block] /= norm
    return values.astype(np.float32)
