"""A given name from the lexicon and a capitalised surname after it, anywhere near a
personal detail: "the letter Parveen Akhtar got", "congratulations to Rhodri ap
Gwynfor of 8 Heol y Nant". spaCy's small model misses many names that are not
Anglo-Saxon, and these sentences have no title, greeting or detail straight after the
name for the other recognizers to go by. The given name must be capitalised and in the
lexicon (``names``), the surname capitalised and no place, organisation or common word;
a Welsh, Irish, Arabic or Dutch particle may stand between ("ap", "Ní", "bin", "van")."""

from __future__ import annotations

import re
from typing import Any

from ..entities import PERSON
from ..names import NOT_A_NAME, can_follow_a_first_name, common_words, is_first_name
from ..regex_recognizer import RegexRecognizer, RegexRule

_PARTICLE = r"(?:ap|ab|ferch|Ní|Nic|Mac|Mc|bin|binti|bint|al|el|van|von|de|da|di|du|le|la)"
# Never starting inside a word or a hyphenated run, so each start is tried once.
_GIVEN_AND_SURNAME = re.compile(
    rf"(?<![\w@.'’\-])(?P<given>[A-Z][a-zà-ÿ'’\-]+)[ \t]+(?:(?P<particle>{_PARTICLE})[ \t]+)?"
    # An apostrophe inside a surname (O'Brien), never the possessive ("Wójcik's at 88").
    r"(?P<surname>[A-Z](?:[\w\-]|['’](?!s\b))+)(?![\w@])"
)


def _given_and_surname(match: re.Match[str], text: str) -> tuple[float, dict[str, Any]]:
    given, surname = match.group("given"), match.group("surname")
    if not is_first_name(given) or given.lower() in common_words():
        return 0.0, {}
    if surname.isupper() or surname.lower() in common_words() or not can_follow_a_first_name(surname):
        return 0.0, {}
    if NOT_A_NAME.search(match.group(0)):
        return 0.0, {}
    return 0.65, {}


class GivenAndSurnameRecognizer(RegexRecognizer):
    def __init__(self, score: float = 0.65) -> None:
        super().__init__(
            PERSON,
            [RegexRule("given-and-surname", _GIVEN_AND_SURNAME, score, validate=_given_and_surname)],
            "GivenAndSurnameRecognizer",
        )
