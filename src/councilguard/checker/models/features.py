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
from functools import lru_cache

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


def _word_columns(hashes: object) -> np.ndarray:
    """Word n-gram hashes to their columns: the first block of BUCKETS."""
    return np.asarray(hashes, dtype=np.int64) & (BUCKETS - 1)


def _char_columns(hashes: object) -> np.ndarray:
    """Character n-gram hashes to their columns: the second block of BUCKETS."""
    return (np.asarray(hashes, dtype=np.int64) & (BUCKETS - 1)) + BUCKETS


def _char_hashes(padded: str) -> list[int]:
    """CRC-32 of every character n-gram (of its UTF-8 bytes). For ASCII text
    (nearly all of it) the byte n-grams are the character n-grams, and hashing slices of
    one bytes object skips encoding each gram: the featuriser's hottest loop."""
    lo, hi = CHAR_NGRAMS
    data = padded.encode("utf-8")
    if len(data) == len(padded):
        crc = zlib.crc32
        return [crc(data[i : i + n]) for n in range(lo, hi + 1) for i in range(len(data) - n + 1)]
    grams = (padded[i : i + n] for n in range(lo, hi + 1) for i in range(len(padded) - n + 1))
    return [zlib.crc32(gram.encode("utf-8")) for gram in grams]


def _word_hashes(folded: str) -> list[int]:
    words = _WORD.findall(folded)
    lo, hi = WORD_NGRAMS
    return [
        zlib.crc32(("w " + " ".join(words[i : i + n])).encode("utf-8"))
        for n in range(lo, hi + 1)
        for i in range(len(words) - n + 1)
    ]


def counts(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Hashed n-gram counts of ``text``: (column indices, counts), indices ascending."""
    folded = normalise(text)
    columns = [_word_columns(_word_hashes(folded)), _char_columns(_char_hashes(f" {folded} "))]
    keys, tf = np.unique(np.concatenate(columns), return_counts=True)
    return keys.astype(np.int32), tf.astype(np.float32)


@lru_cache(maxsize=1)  # built on first use: a one-off check never needs it
def _crc_tables() -> dict[int, tuple[np.uint32, np.ndarray]]:
    """CRC-32 is affine over GF(2): for a fixed length n, crc(m) = crc(0ⁿ) xor the xor
    over positions j of crc(m_j at j, zeros elsewhere) xor crc(0ⁿ). So a table per
    length and position gives the CRC of every n-gram of a text in n vector look-ups."""
    tables = {}
    for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1):
        zero = zlib.crc32(bytes(n))
        table = np.zeros((n, 256), dtype=np.uint32)
        for j in range(n):
            for byte in range(256):
                table[j, byte] = zlib.crc32(bytes(j) + bytes([byte]) + bytes(n - j - 1)) ^ zero
        tables[n] = (np.uint32(zero), table)
    return tables


def _char_hashes_ascii(padded: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """_char_hashes of several ASCII texts at once: (hashes, which text each came from)."""
    lengths = np.asarray([len(p) for p in padded], dtype=np.int64)
    data = np.frombuffer("\n".join(padded).encode("ascii"), dtype=np.uint8)
    owner = np.repeat(np.arange(len(padded)), lengths + 1)[: len(data)]
    ends = np.cumsum(lengths + 1) - 1  # one past each text's last byte
    hashes, owners = [], []
    for n, (zero, table) in _crc_tables().items():
        count = len(data) - n + 1
        if count <= 0:
            continue
        h = np.full(count, zero, dtype=np.uint32)
        for j in range(n):
            h ^= table[j][data[j : j + count]]
        inside = np.arange(count) + n <= ends[owner[:count]]  # not across two texts
        hashes.append(h[inside])
        owners.append(owner[:count][inside])
    if not hashes:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int64)
    return np.concatenate(hashes), np.concatenate(owners)


def counts_many(texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """``counts`` of each text, computed together: what a long e-mail's sentences cost
    one at a time is mostly per-text overhead, and the character n-grams of ASCII text
    (nearly all of it) are hashed here in a few vector operations for the whole batch.
    Exactly the same results as ``counts`` (tested)."""
    if not texts:
        return []  # nothing to concatenate below (featurise asks when every text was counted)
    folded = [normalise(t) for t in texts]
    ascii_texts = []
    keys, owners = [], []

    def add(columns: np.ndarray, k: int) -> None:
        keys.append(columns)
        owners.append(np.full(len(columns), k, dtype=np.int64))

    for k, f in enumerate(folded):
        add(_word_columns(_word_hashes(f)), k)
        if f.isascii():
            ascii_texts.append(k)
        else:
            add(_char_columns(_char_hashes(f" {f} ")), k)
    if ascii_texts:
        hashes, which = _char_hashes_ascii([f" {folded[k]} " for k in ascii_texts])
        keys.append(_char_columns(hashes))
        owners.append(np.asarray(ascii_texts, dtype=np.int64)[which])
    # One sort for the batch: (text, column) pairs, counted.
    combined, tf = np.unique((np.concatenate(owners) << 32) | np.concatenate(keys), return_counts=True)
    text_of = combined >> 32
    bounds = np.searchsorted(text_of, np.arange(len(texts) + 1))
    columns = (combined & 0xFFFFFFFF).astype(np.int32)
    tf = tf.astype(np.float32)
    return [(columns[a:b], tf[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


class SeenColumns:
    """The hashed columns seen in training (``seen``, sorted) as a bitmap with a running
    count per 64 columns, so that finding a column's position in ``seen`` is two look-ups
    rather than a binary search through 900,000 entries (which cache misses make the
    featuriser's slowest step). ``positions`` answers what ``np.searchsorted`` would."""

    def __init__(self, seen: np.ndarray):
        self.seen = seen
        # Bit c of the bitmap says column c was seen; read as little-endian 64-bit words,
        # bit c is bit c % 64 of word c // 64. Built a byte at a time to keep it small.
        bitmap = np.zeros((2 * BUCKETS) // 8, dtype=np.uint8)
        np.bitwise_or.at(bitmap, seen >> 3, np.left_shift(1, seen & 7).astype(np.uint8))
        self.words = bitmap.view("<u8")
        per_word = np.bitwise_count(self.words)
        self.before = np.cumsum(per_word, dtype=np.int32) - per_word  # seen columns in earlier words

    def positions(self, indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(position in ``seen`` of each index, whether it was seen at all)."""
        indices = indices.astype(np.int64)
        word = self.words[indices >> 6]
        offset = (indices & 63).astype(np.uint64)
        keep = ((word >> offset) & np.uint64(1)).astype(bool)
        below = word & ((np.uint64(1) << offset) - np.uint64(1))
        return self.before[indices >> 6] + np.bitwise_count(below).astype(np.int32), keep


def select(
    indices: np.ndarray, tf: np.ndarray, seen: np.ndarray | SeenColumns
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keep the hashed columns seen in training: (their positions in ``seen``, their
    hashed indices, their counts). ``seen`` is sorted (or indexed: SeenColumns)."""
    array = seen.seen if isinstance(seen, SeenColumns) else seen
    if not len(indices) or not len(array):
        empty = np.zeros(0, dtype=np.int32)
        return empty, empty, np.zeros(0, dtype=np.float32)
    if isinstance(seen, SeenColumns):
        positions, keep = seen.positions(indices)
    else:
        positions = np.minimum(np.searchsorted(array, indices), len(array) - 1)
        keep = array[positions] == indices
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
