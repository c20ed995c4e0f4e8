"""What a given name looks like: the lexicons the name recognizers share.

``data/first_names.txt`` lists given names (lower case); ``data/common_words.txt`` the
ones that are also everyday words ("will", "may", "chase"), which are names only when
written with a capital. Both load on first use (a few milliseconds), so a draft that
never reaches the name recognizers never reads them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

DATA = Path(__file__).resolve().parent / "data"

# A word of a name: letters in any script, with inner apostrophes and hyphens
# ("O'Driscoll", "Oduya-Hart", "Wójcik", "Yılmaz").
NAME_WORD = r"[^\W\d_]+(?:['’\-][^\W\d_]+)*"
INITIALS = r"(?:[A-Z]\.[ \t]?){1,3}"

# Words that open a sentence with a capital but never start a name.
_NOT_NAME_CAPITALS = {
    "hi", "hello", "hiya", "dear", "thanks", "thank", "cheers", "morning", "evening", "spoke", "visited", "met",
    "replying", "reply", "fyi", "pls", "please", "call", "ring", "text", "email", "contact", "update", "casework",
    "resident", "residents", "neighbour", "shout", "congratulations", "well", "done", "sorry", "message", "from",
    "anyone", "someone", "everyone", "nobody", "ok", "okay", "yes", "no", "sat", "sun", "mon", "tue", "wed", "thu",
    "fri", "tel", "mob", "mobile", "phone", "flat", "number", "ward", "surgery", "meeting", "council", "cllr",
    "councillor", "mp", "police", "re", "ref", "nb", "ps", "lol", "omg", "big", "little", "old", "young", "our",
    "lovely", "poor", "aunty", "auntie", "uncle", "nanny", "nan", "grandad", "granny",
}  # fmt: skip
# Words inside a run of capitals that make it a place, a venue or an organisation.
NOT_A_NAME = re.compile(
    r"\b(?:Council|Borough|Ward|Market|Centre|Center|Library|School|Academy|College|Hall|Park|Station|Hospital|"
    r"Church|Chapel|Mosque|Temple|Town|Team|Services?|Group|Association|Society|Club|Theatre|Lodge|Estate|Housing|"
    r"Police|Trust|Partnership|Homes|Care|Health|Committee|Cabinet|Labour|Conservatives?|Reform|Greens?|Residents|"
    r"Community|Primary|Fire|Brigade|Ltd|Limited|Football|United|Water|Gas|Energy|Rail|Bank|Advice|Forum|Lions|"
    r"Rotary|Scouts|Guides|Cafe|Café|Pub|Inn|Arms|Shop|Stores|Surgery|Practice|Pharmacy|Garage|Motors|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|August|"
    r"September|October|November|December|Christmas|Easter|Eid|Diwali|StreetCare|Highways|TfL|NHS|RSPCA|"
    r"Farm|Cottage|Vicarage|Rectory|Barn|Stables|Hajj|Umrah|Shabbat|Ramadan|Hanukkah|Vaisakhi|Passover)\b"
)
# Words NER sometimes reads as a name when they stand alone, though each is part of a
# real name often enough ("Jan Kowalski", "Sun Li") that only the word alone is refused:
# days and months shortened, the short forms of conditions ("has MS"), form labels.
NOT_A_NAME_ALONE = frozenset({
    "mon", "tue", "tues", "wed", "weds", "thur", "thurs", "fri", "sat", "sun", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ms", "me", "mnd", "copd", "ptsd", "ocd", "adhd", "addr", "dob",
    "nino", "tel", "mob",
})  # fmt: skip


def _read(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def first_names() -> frozenset[str]:
    return _read("first_names.txt")


@cache
def common_words() -> frozenset[str]:
    return _read("common_words.txt")


def _plain(word: str) -> str:
    """ "josé" -> "jose": the lexicon is written without accents."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


def is_first_name(word: str) -> bool:
    """ "Dave", "dave", "Kev", "José"; "will" and "chase" only with a capital."""
    lower = word.lower()
    if lower not in first_names():
        lower = _plain(lower)
    if lower not in first_names() or lower in _NOT_NAME_CAPITALS:
        return False
    return word[:1].isupper() or lower not in common_words()


def is_given_name_at_line_start(text: str, start: int, word: str) -> bool:
    """ "jay" in "jay 07700 900 101": a given name in lower case, also an everyday word,
    standing first on its line (nothing but spaces or a bullet before it)."""
    lower = word.lower()
    line_start = text.rfind("\n", 0, start) + 1
    return (
        lower in first_names()
        and lower not in _NOT_NAME_CAPITALS
        and lower not in STOP_WORDS
        and not text[line_start:start].strip(" \t-*•")
    )


def can_follow_a_first_name(word: str) -> bool:
    """A surname after a given name: any word that is not a function word ("jo smith",
    "Mehmet Yılmaz")."""
    lower = word.lower()
    return lower not in STOP_WORDS and lower not in _NOT_NAME_CAPITALS and len(word) > 1


def is_capitalised_name_word(word: str) -> bool:
    return word[:1].isupper() and word.lower() not in STOP_WORDS and word.lower() not in _NOT_NAME_CAPITALS


def name_in(words: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The name at the end of ``words`` ((start, end, word), in text order): its
    rightmost run that starts with a given name or initials and goes on with at most two
    surname words, or two or three capitalised words that name no place. None if none."""
    best: tuple[int, int] | None = None
    for i in range(len(words)):
        run = words[i:]
        if len(run) > 3:
            continue
        first = run[0][2]
        rest = [w for _, _, w in run[1:]]
        initials = bool(re.fullmatch(INITIALS.strip(), first.strip()))
        if (is_first_name(first) or initials) and all(can_follow_a_first_name(w) for w in rest):
            best = (run[0][0], run[-1][1])
            break
        if len(run) >= 2 and all(is_capitalised_name_word(w) for w in [first, *rest]):
            best = (run[0][0], run[-1][1])
            break
    if best is None:
        return None
    return best
