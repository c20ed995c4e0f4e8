"""Canonical text: the draft as a reader reads it through the disguises people use.

``canonical(text)`` returns a :class:`Canonical` whose ``text`` is the draft folded
(as :class:`~councilguard.checker.text.NormalisedText` folds it) and then undisguised:

- spaced, dotted or hyphenated letters joined: "f u c k", "h a t e", "s.h.i.t" -> one word;
  a word split in two ("f uck", "bit ch") joined when the two halves make a listed word;
- digits and symbols read as letters (tw@t, c0cks, sh1t, b1tch, $lag, 5hit, sh!t), but
  only inside a word that then reads as a known word, or that is no number, code or
  measure as written: "2nd", "£50", "10am", "RM3 7QT", "M25", "covid19", e-mail
  addresses, web addresses and @handles are never touched;
- asterisks resolved against the listed words of the same length ("f*ck", "f**k");
- letters repeated three times or more collapsed ("fuuuuck" -> "fuck"), and a doubled
  letter only when that spells a listed word ("fuuck"): "good", "book", "cooperate" stay;
- a listed word with two letters swapped or one inner letter left out ("fcuk", "ahte", "btch")
  read as that word when what is written is no known word;
- look-alike letters from other scripts folded by the Unicode consortium's confusables
  table (as shipped by the ``confusable-homoglyphs`` package) on top of text.py's own;
- emoji that stand for words or threats replaced by the words (🔪 knife, 🐀 rats,
  🖕 fuck you, 💀 death, 🏳️‍🌈 gay people, 👳 sikhs, 🇵🇰 pakistanis ...): the ``emoji`` package names each emoji
  (skin tones and variation selectors ignored) and ``EMOJI_WORDS`` below says what the
  names that matter mean. A run of the same emoji reads as one word.

"Listed words" (targets) are ``TARGET_WORDS`` plus any a caller adds (the checker adds
the single words of the lexicons its rules read with ``obfuscation: true``). "Known
words" are the whole-word entries of the shipped MiniLM tokenizer's vocabulary (about
21,700 English words, read once, only when a suspicious token needs it) and the targets.

Every character of ``text`` remembers the original characters it came from:
``to_original(start, end)`` maps a canonical range back to the original text (a joined
"f u c k" maps to the seven characters written; an emoji's word to the emoji), and
``from_original(index)`` maps the other way. Everything is one left-to-right pass with
regular expressions that cannot backtrack badly, so the cost is linear in the text.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .text import NormalisedText

__all__ = ["Canonical", "EMOJI_LETTERS", "EMOJI_WORDS", "TARGET_WORDS", "canonical", "known_words", "of", "targets_of"]

# Words that disguises most often hide: obscenities, slurs, abuse and hate. A caller's
# own targets are added to these (the pack's obfuscated lexicons).
_TARGETS = (
    "fuck fucking fucked fucker fuckers fucks fuckwit shit shite shits shitty shithole bullshit cunt cunts "
    "twat twats bitch bitches bastard bastards wanker wankers wank prick pricks dick dickhead dickheads "
    "cock cocks piss pissed arse arsehole arseholes asshole assholes slag slags slut sluts whore whores "
    "tosser tossers bellend bellends bollocks nigger niggers nigga niggas paki pakis kike kikes yid yids "
    "gyppo gyppos gypo pikey pikeys faggot faggots fag fags tranny trannies retard retards retarded "
    "spastic spastics spaz mong nonce nonces paedo paedos pedo muzzie muzzies raghead ragheads towelhead "
    "wog wogs coon coons gook chink scum scumbag scumbags vermin moron morons idiot idiots hate hatred "
    "kill die rape terrorist terrorists parasite parasites scrounger scroungers filthy dirty savage "
    "savages subhuman animals cockroaches rats"
)
TARGET_WORDS = tuple(_TARGETS.split())

# What the emoji that matter stand for, by their CLDR name as the ``emoji`` package gives
# it (":kitchen_knife:" -> "kitchen_knife", skin tone dropped). Animals used to dehumanise
# read in the plural ("they are 🐀" -> "they are rats"), as the lexicons phrase them.
EMOJI_WORDS = {
    "kitchen_knife": "knife", "dagger": "knife", "pistol": "gun", "water_pistol": "gun", "bomb": "bomb",
    "firecracker": "bomb", "collision": "explosion", "fire": "burn", "axe": "axe", "hammer": "hammer",
    "skull": "death", "skull_and_crossbones": "death", "coffin": "dead", "headstone": "dead",
    "drop_of_blood": "blood", "rat": "rats", "mouse": "rats", "mouse_face": "rats", "snake": "snakes",
    "monkey": "monkeys", "monkey_face": "monkeys", "see-no-evil_monkey": "monkeys", "gorilla": "monkeys",
    "orangutan": "monkeys", "pig": "pigs", "pig_face": "pigs", "pig_nose": "pigs", "boar": "pigs",
    "pile_of_poo": "crap", "middle_finger": "fuck you", "reversed_hand_with_middle_finger_extended": "fuck you",
    "clown_face": "clown", "bug": "vermin", "cockroach": "cockroaches", "worm": "vermin", "louse": "vermin",
    "mosquito": "vermin", "fly": "vermin", "microbe": "disease", "dog": "dogs", "dog_face": "dogs",
    "rainbow_flag": "gay people", "transgender_flag": "trans people", "transgender_symbol": "trans",
    "star_of_David": "jews", "star_and_crescent": "muslims", "woman_with_headscarf": "muslim woman",
    "wheelchair_symbol": "disabled people", "prohibited": "no", "no_entry": "no", "cross_mark": "no",
    "BACK_arrow": "back", "Poland": "poles", "Romania": "romanians", "Bulgaria": "bulgarians",
    "Albania": "albanians", "Lithuania": "lithuanians", "Israel": "israel", "Pakistan": "pakistanis",
    "India": "indians", "Bangladesh": "bangladeshis", "China": "chinese", "Nigeria": "nigerians",
    "Somalia": "somalis", "person_wearing_turban": "sikhs", "man_wearing_turban": "sikhs",
    "woman_wearing_turban": "sikhs", "alien": "aliens",
    "banana": "banana", "nauseated_face": "disgusting", "face_vomiting": "disgusting",
    # The fist and the knot stand for the blow and the noose; the broccoli, the cow, the
    # zombie and the dinosaur for the insults "vegetables", "cows", "zombies" and
    # "dinosaurs" (disabled people, women, old people); the temple, the om and the khanda
    # for the faith; older people for themselves.
    "oncoming_fist": "punch", "knot": "noose", "broccoli": "vegetables", "cow": "cows", "cow_face": "cows",
    "zombie": "zombies", "sauropod": "dinosaurs", "T-Rex": "dinosaurs", "wastebasket": "rubbish",
    "om": "hindus", "hindu_temple": "hindus", "khanda": "sikhs", "old_man": "old people",
    "old_woman": "old people", "older_person": "old people",
    # Two men or two women as a couple: gay men and lesbians, as these posts name them.
    "couple_with_heart_man_man": "gay men", "kiss_man_man": "gay men", "men_holding_hands": "gay men",
    "couple_with_heart_woman_woman": "lesbians", "kiss_woman_woman": "lesbians", "women_holding_hands": "lesbians",
}  # fmt: skip

# Emoji that stand for a letter or a digit inside a word ("s1️⃣uts", "P🅰️kℹ️", "le💲💲🅰️"):
# read as that character with no space around it, so the word they spell is read as any
# other disguised word (a keycap digit then reads as a letter only where leet would).
EMOJI_LETTERS = {
    **{f"keycap_{d}": str(d) for d in range(10)},
    "A_button_(blood_type)": "a", "B_button_(blood_type)": "b", "O_button_(blood_type)": "o",
    "information": "i", "heavy_dollar_sign": "$", "circled_M": "m", "P_button": "p",
}  # fmt: skip

# --- the known words -----------------------------------------------------------------------
_VOCAB = Path(__file__).resolve().parent / "models" / "offensive-minilm" / "tokenizer.json"


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Whole English words of the shipped MiniLM tokenizer (empty if it is not shipped)."""
    try:
        vocab = json.loads(_VOCAB.read_text(encoding="utf-8"))["model"]["vocab"]
    except (OSError, ValueError, KeyError):
        return frozenset()
    return frozenset(w for w in vocab if len(w) > 1 and w.isascii() and w.isalpha())


# --- look-alike letters ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _confusables() -> dict[str, str]:
    """Non-ASCII character -> the ASCII letter it is drawn like (Unicode's confusables)."""
    table: dict[str, str] = {}
    try:
        import confusable_homoglyphs

        path = Path(confusable_homoglyphs.__file__).resolve().parent / "confusables.json"
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ImportError, OSError, ValueError):
        return table
    for key, entries in data.items():
        for entry in entries:
            other = entry.get("c", "")
            if len(key) == 1 and key.isascii() and key.isalpha() and len(other) == 1 and not other.isascii():
                table.setdefault(other, key.lower())
            elif len(other) == 1 and other.isascii() and other.isalpha() and len(key) == 1 and not key.isascii():
                table.setdefault(key, other.lower())
    return table


# --- emoji -------------------------------------------------------------------------------------
_MAYBE_EMOJI = re.compile("[\u20e3\u2139\u24c2\u2190-\u2bff\u3030\u303d\u3297\u3299\U0001f000-\U0001faff]")
_SKIN = re.compile(r"_(?:light|medium-light|medium|medium-dark|dark)_skin_tone")


@lru_cache(maxsize=4096)
def _emoji_word(emoji_text: str) -> tuple[str, bool] | None:
    """What an emoji stands for, and whether it is a letter (read inside its word)."""
    import emoji

    data = emoji.EMOJI_DATA.get(emoji_text) or emoji.EMOJI_DATA.get(emoji_text.replace("\ufe0f", ""))
    if data is None:
        return None
    name = _SKIN.sub("", data["en"].strip(":"))
    if name in EMOJI_LETTERS:
        return EMOJI_LETTERS[name], True
    word = EMOJI_WORDS.get(name)
    return None if word is None else (word, False)


def _emoji_words(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, word, is a letter) for every emoji that stands for a word or a letter;
    a run of the same word emoji (with nothing but spaces between) is one."""
    if not _MAYBE_EMOJI.search(text):
        return []
    import emoji

    found: list[tuple[int, int, str, bool]] = []
    for item in emoji.emoji_list(text):
        read = _emoji_word(item["emoji"])
        if read is None:
            continue
        word, letter = read
        start, end = item["match_start"], item["match_end"]
        if not letter and found and found[-1][2] == word and not text[found[-1][1] : start].strip():
            found[-1] = (found[-1][0], end, word, False)
        else:
            found.append((start, end, word, letter))
    return found


# --- the base: folded text with emoji read as words ---------------------------------------------


def _base(text: str) -> tuple[str, list[int] | None, list[int] | None, bool]:
    """Folded text with emoji read, and for each of its characters the original range it
    came from (None: the same offsets, for plain ASCII)."""
    if text.isascii():
        return text.lower(), None, None, False
    chars: list[str] = []
    read = False  # an emoji or a look-alike read beyond what text.py folds
    starts: list[int] = []
    ends: list[int] = []

    def fold(a: int, b: int) -> None:
        nonlocal read
        if a >= b:
            return
        norm = NormalisedText(text[a:b])
        confusable = None
        for k, c in enumerate(norm.folded):
            o_start, o_end = norm.to_original(k, k + 1)
            if not c.isascii() and c.isalpha():
                confusable = confusable or _confusables()
                read = read or c in confusable
                c = confusable.get(c, c)
            chars.append(c)
            starts.append(a + o_start)
            ends.append(a + o_end)

    position = 0
    for start, end, word, letter in _emoji_words(text):
        read = True
        fold(position, start)
        for c in word if letter else f" {word} ":
            chars.append(c)
            starts.append(start)
            ends.append(end)
        position = end
    fold(position, len(text))
    return "".join(chars), starts, ends, read


# --- reading tokens --------------------------------------------------------------------------------
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "i"}
_LEET_L = {"1": "l", "|": "l"}  # the other reading of a 1 or a bar ("fai1")
_RUN3 = re.compile(r"([a-z])\1{2,}")
_UNITS = (
    "st|nd|rd|th|am|pm|s|k|m|p|d|g|x|kg|km|cm|mm|ml|ft|mph|gb|mb|tb|hr|hrs|yr|yrs|lb|lbs|bn|min|mins|"
    "kw|kwh|sec|secs|ish|v|w|c|f|ltr|yd|yds|in|pc|pcs"
)
_NUMBERLIKE = re.compile(
    rf"[$£€]?\d+(?:[.,:/]\d+)*(?:{_UNITS})?|\d+[a-z]|\d[a-z]{{2}}|[a-z]{{1,8}}\d+|\d+[a-z]{{1,3}}\d+|[a-z]\d+[a-z]"
)
# Codes of letters then digits ("m25", "covid19"): read as letters only into a known word.
# (Anchored at a run of letters' start, so a search is linear too, not only a fullmatch.)
_CODE = re.compile(r"(?<![a-z])[a-z]+\d+")

# One pass over the base text: what must stay as written, spaced letters, a word split
# in two, and ordinary tokens. Each alternative is a run of disjoint character classes,
# so a failed match costs no more than the characters it read.
_CH = r"(?:[^\W_]|[@$*!|])"
_SCANNER = re.compile(
    r"(?P<keep>https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@])[@#]\w+"
    r"|(?<![^\W_])[a-z]{1,2}\d[a-z\d]?[ \t]?\d[a-z]{2}(?![^\W_]))"
    rf"|(?P<spaced>(?<![\w'’@$*!|]){_CH}(?:(?:[ \t]{{1,2}}|[.\-_·•][ \t]?){_CH}){{2,}}(?!{_CH}))"
    rf"|(?P<split>(?<![\w'@$*!|])[a-z]{{1,4}}[ \t\-.][a-z]{{1,6}}(?!{_CH})(?![ \t.\-_]{{1,2}}{_CH}(?!{_CH}))"
    r"(?![^\s@]*@|:/))"
    rf"|(?P<token>{_CH}+)"
)


# Three-letter abbreviations that are also a four-letter target without its vowel.
_ABBREVIATIONS = frozenset({"cnt", "fgs", "rts", "mng", "pki", "yds", "pss", "wgs", "gok"})


class _Reader:
    """How tokens read, for one set of targets (cached per spelling)."""

    def __init__(self, targets: frozenset[str]):
        self.targets = targets
        self.by_length: dict[int, list[str]] = {}
        for word in sorted(targets, key=_priority):
            self.by_length.setdefault(len(word), []).append(word)
        # Misspellings of a target: two neighbouring letters swapped (the first two too:
        # "ahte", "ikll"; never when the result is a known word, so "arts" stays), one inner
        # letter left out (words of five letters or more), one letter doubled.
        self.variants: dict[str, str] = {}
        for word in sorted(targets, key=_priority):
            spellings = [word[:i] + word[i] * 2 + word[i + 1 :] for i in range(len(word))]
            if len(word) >= 4:
                spellings += [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]
            if len(word) >= 5:
                spellings += [word[:i] + word[i + 1 :] for i in range(1, len(word) - 1)]
            elif len(word) == 4:
                # A short word written without its vowel ("fck", "scm", "twt"), unless that
                # is how something else is abbreviated ("cnt" for can't, "rts" for retweets).
                spellings += [
                    word[:i] + word[i + 1 :]
                    for i in (1, 2)
                    if word[i] in "aeiou" and word[:i] + word[i + 1 :] not in _ABBREVIATIONS
                ]
            for spelling in spellings:
                if spelling != word and spelling not in targets:
                    self.variants.setdefault(spelling, word)
        self.prefixes = {w[:i] for w in targets for i in range(1, len(w))}
        self._cache: dict[str, str | None] = {}

    def known(self, word: str) -> bool:
        return word in self.targets or word in known_words()

    def read(self, core: str) -> str | None:
        """How a token (its ends stripped of ``!`` and ``|``) reads, or None when as written."""
        cached = self._cache.get(core, "")
        if cached != "":
            return cached
        result = self._read(core)
        if len(self._cache) < 1 << 16:
            self._cache[core] = result
        return result

    def _read(self, core: str) -> str | None:
        if core in self.targets or not any(c.isalpha() for c in core):
            return None
        if core.isalpha():
            if _RUN3.search(core):
                two, one = _RUN3.sub(r"\1\1", core), _RUN3.sub(r"\1", core)
                for candidate in (two if two in self.targets else None, one if one in self.targets else None):
                    if candidate:
                        return candidate
                if two in self.variants:
                    return self.variants[two]
                return two if self.known(two) or not self.known(one) else one
            variant = self.variants.get(core)
            if variant is not None and core.isascii() and not self.known(core):
                return variant
            return None
        if _NUMBERLIKE.fullmatch(core):
            return None
        if "*" in core:
            return self._starred(core)
        readings = self._leet_readings(core)
        for reading in readings:
            if reading in self.targets:
                return reading
            if reading in self.variants:
                return self.variants[reading]
        for reading in readings:
            if self.known(reading):
                return reading
        if _CODE.fullmatch(core):
            return None
        return readings[0] if readings[0] != core else None

    @staticmethod
    def _leet_readings(core: str) -> list[str]:
        first = "".join(_LEET.get(c, c) for c in core)
        second = "".join(_LEET_L.get(c, _LEET.get(c, c)) for c in core)
        readings = []
        for reading in (first, second):
            collapsed = _RUN3.sub(r"\1", reading)
            for candidate in (reading, collapsed):
                if candidate not in readings:
                    readings.append(candidate)
        return readings

    def _starred(self, core: str) -> str | None:
        shape = "".join(_LEET.get(c, c) for c in core)
        if not any(c.isalpha() for c in shape):
            return None
        pattern = re.compile("".join("[a-z]" if c == "*" else re.escape(c) for c in shape))
        for word in self.by_length.get(len(shape), ()):
            if pattern.fullmatch(word):
                return word
        return None

    def joined(self, left: str, right: str) -> str | None:
        """A word split in two ("f uck", "bit ch"): the whole when it is a target."""
        if left not in self.prefixes:
            return None
        whole = left + right
        if len(whole) < 4 or whole not in self.targets:
            return None
        if len(left) > 1 and len(right) > 1 and self.known(left) and self.known(right):
            return None  # "sh it": two words as written
        return whole


def _priority(word: str) -> tuple[int, str]:
    try:
        return TARGET_WORDS.index(word), word
    except ValueError:
        return len(TARGET_WORDS), word


@lru_cache(maxsize=16)
def _reader(targets: frozenset[str]) -> _Reader:
    return _Reader(targets)


_DEFAULT_TARGETS = frozenset(TARGET_WORDS)


class Canonical:
    """The canonical text of one original text, and the maps between their offsets."""

    def __init__(self, original: str, targets: Iterable[str] | None = None):
        self.original = original
        words = _DEFAULT_TARGETS
        if targets:
            words = _DEFAULT_TARGETS | {t for t in targets if t.isalpha() and t.isascii() and len(t) > 1}
        reader = _reader(frozenset(words))
        self.base, self._base_starts, self._base_ends, self._read_in_base = _base(original)
        # Pieces of the canonical text: (canonical start, base start, base end, charwise).
        # A charwise piece maps character for character; another maps wholly to its range.
        pieces: list[str] = []
        self._c_starts: list[int] = []
        self._b_starts: list[int] = []
        self._b_ends: list[int] = []
        self._charwise: list[bool] = []
        length = 0
        kept_from = 0  # base text up to here is copied as it is
        base = self.base

        def emit(b_start: int, b_end: int, text: str) -> None:
            nonlocal length, kept_from
            if kept_from < b_start:
                add(kept_from, b_start, base[kept_from:b_start], True)
            add(b_start, b_end, text, len(text) == b_end - b_start)
            kept_from = b_end

        def add(b_start: int, b_end: int, text: str, charwise: bool) -> None:
            nonlocal length
            pieces.append(text)
            self._c_starts.append(length)
            self._b_starts.append(b_start)
            self._b_ends.append(b_end)
            self._charwise.append(charwise)
            length += len(text)

        for match in _SCANNER.finditer(base):
            kind = match.lastgroup
            if kind == "keep":
                continue
            if kind == "token":
                self._read_token(reader, match.start(), match.group(), emit)
            elif kind == "spaced":
                self._read_spaced(reader, match, emit)
            else:  # split
                left, right = re.split(r"[ \t\-.]", match.group(), maxsplit=1)
                whole = reader.joined(left, right)
                if whole is None:
                    self._read_token(reader, match.start(), left, emit)
                    self._read_token(reader, match.end() - len(right), right, emit)
                else:
                    emit(match.start(), match.end(), whole)
        if not pieces:
            self.text = base
            self._c_starts, self._b_starts, self._b_ends, self._charwise = [0], [0], [len(base)], [True]
            return
        if kept_from < len(base):
            add(kept_from, len(base), base[kept_from:], True)
        self.text = "".join(pieces)

    @staticmethod
    def _read_token(reader: _Reader, start: int, token: str, emit) -> None:  # noqa: ANN001
        core = token.strip("!|")
        if len(core) > 2 and core[0] == "*" and core[-1] == "*":
            core = core.strip("*")  # *emphasis*
        if not core or len(core) > 40:
            return  # no word is that long: a run of characters is left as written
        if core.isalpha() and core.isascii() and _RUN3.search(core) is None and core not in reader.variants:
            return  # the common case: an ordinary word
        reading = reader.read(core)
        if reading is not None and reading != core:
            offset = token.index(core)
            emit(start + offset, start + offset + len(core), reading)

    @staticmethod
    def _read_spaced(reader: _Reader, match: re.Match[str], emit) -> None:  # noqa: ANN001
        text = match.group()
        elements = [(match.start() + i, c) for i, c in enumerate(text) if c.isalnum() or c in "@$*!|"]
        letters = sum(1 for _, c in elements if c.isalpha())
        if letters < 2 or letters * 2 < len(elements):
            return  # "0 1 7 0 8" or "1 . 2 . 3": numbers, not a spelled-out word
        # "I h a t e": a lone "i" or "a" before (or after) the spelled-out word is a word.
        choices = [(0, len(elements))]
        if len(elements) > 3 and elements[0][1] in "ia":
            choices.append((1, len(elements)))
        if len(elements) > 3 and elements[-1][1] in "ia":
            choices.append((0, len(elements) - 1))
        best = None
        for lo, hi in choices:
            word = "".join(c for _, c in elements[lo:hi])
            reading = reader.read(word) or word
            if best is None:
                best = (lo, hi, reading)
            if reader.known(reading):
                best = (lo, hi, reading)
                break
        lo, hi, reading = best  # type: ignore[misc]
        emit(elements[lo][0], elements[hi - 1][0] + 1, reading)

    # --- offsets ----------------------------------------------------------------------------------

    @property
    def changed(self) -> bool:
        """Whether undisguising changed anything beyond text.py's folding."""
        return self._read_in_base or len(self._c_starts) > 1 or not self._charwise[0] or self.text != self.base

    def _to_base(self, start: int, end: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._c_starts, start) - 1
        j = bisect.bisect_right(self._c_starts, max(end - 1, start)) - 1
        i, j = max(i, 0), max(j, 0)
        b_start = self._b_starts[i] + (start - self._c_starts[i] if self._charwise[i] else 0)
        if self._charwise[j]:
            b_end = self._b_starts[j] + (max(end - 1, start) - self._c_starts[j]) + 1
        else:
            b_end = self._b_ends[j]
        return b_start, max(b_end, b_start)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) range of ``text`` to the original text."""
        if not self.text or not self.original:
            return 0, 0
        start = min(max(start, 0), len(self.text) - 1)
        end = min(max(end, start + 1), len(self.text))
        b_start, b_end = self._to_base(start, end)
        b_start = min(b_start, len(self.base) - 1)
        b_end = min(max(b_end, b_start + 1), len(self.base))
        if self._base_starts is None or self._base_ends is None:
            return b_start, b_end
        return self._base_starts[b_start], self._base_ends[b_end - 1]

    def from_original(self, index: int) -> int:
        """The first canonical index that comes from original ``index`` or later."""
        b = index if self._base_starts is None else bisect.bisect_left(self._base_starts, index)
        i = bisect.bisect_right(self._b_starts, b) - 1
        if i < 0:
            return 0
        if b >= self._b_ends[i]:
            return self._c_starts[i + 1] if i + 1 < len(self._c_starts) else len(self.text)
        if self._charwise[i]:
            return self._c_starts[i] + (b - self._b_starts[i])
        return self._c_starts[i] if b == self._b_starts[i] else self._next_start(i)

    def _next_start(self, i: int) -> int:
        return self._c_starts[i + 1] if i + 1 < len(self._c_starts) else len(self.text)

    def slice(self, start: int, end: int) -> str:
        """The canonical text of the original range [start, end)."""
        return self.text[self.from_original(start) : self.from_original(end)]


def canonical(text: str, targets: Iterable[str] | None = None) -> Canonical:
    """The canonical form of ``text``; ``targets``: more words disguises may hide."""
    return Canonical(text, targets)


def _obfuscated(params: object, words: set[str], lexicons: dict[str, list[str]]) -> None:
    if isinstance(params, dict):
        if params.get("obfuscation"):
            terms = list(params.get("terms") or [])
            for name in params.get("lexicons") or []:
                terms.extend(lexicons.get(name, ()))
            for term in terms:
                word = term.lower().rstrip("*")
                if word.isalpha() and word.isascii() and len(word) > 2:
                    words.add(word)
        for value in params.values():
            _obfuscated(value, words, lexicons)
    elif isinstance(params, list):
        for item in params:
            _obfuscated(item, words, lexicons)


def targets_of(protocol: object) -> frozenset[str]:
    """The single words of every lexicon and term list a pack reads with
    ``obfuscation: true``: what a disguise in a draft checked against it may hide."""
    if protocol is None:
        return frozenset()
    cached = getattr(protocol, "_canonical_targets", None)
    if cached is None:
        words: set[str] = set()
        lexicons = getattr(protocol, "lexicons", {}) or {}
        for rule in (getattr(protocol, "rules", {}) or {}).values():
            _obfuscated(rule.params, words, lexicons)
        cached = frozenset(words)
        with contextlib.suppress(AttributeError):
            protocol._canonical_targets = cached  # type: ignore[attr-defined]
    return cached


def of(analysis: object) -> Canonical:
    """The canonical text of an analysed draft, made once and kept on the Analysis."""
    cache = analysis.cache  # type: ignore[attr-defined]
    found = cache.get("canonical")
    if found is None:
        found = cache["canonical"] = Canonical(analysis.text, targets_of(analysis.protocol))  # type: ignore[attr-defined]
    return found  # type: ignore[return-value]
