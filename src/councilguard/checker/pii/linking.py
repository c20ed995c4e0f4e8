"""From entities to disclosures: whose personal data is this?

A disclosure is a private person made identifiable: a name (or "my neighbour", "her
number") linked to an identifying detail or to special-category information, or an NI
or NHS number, which identifies someone on its own. Linking looks at the sentence the
detail is in and one sentence either side, nearest first, because that is how people
write it ("Mr Oduya at 22 Canal Side … His number is 07911 123456").

What is *not* a disclosure: an address or a postcode with nobody attached ("fly-tipping
outside 12 Mill Street"), a name with nothing identifying about it ("thanks to Joan
Pike for the flowers"), special-category words with nobody identifiable ("a resident
with dementia").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..intervals import Overlaps
from ..text import sentence_spans
from .entities import (
    ADDRESS,
    IDENTIFIERS,
    LABELS,
    PERSON,
    POSTCODE,
    SELF_IDENTIFYING,
    SPECIAL_CATEGORY,
    Entity,
)
from .names import NOT_A_NAME, is_first_name
from .references import person_references, quoted_self_references

# A postcode this close to an address or a name belongs to it ("8 Hill Rise, NV2 3RT").
POSTCODE_REACH = 40
# How far (characters) a detail may be from the person it is linked to.
MAX_LINK_DISTANCE = 400
REFERENCE = "PERSON_REFERENCE"


@dataclass
class Disclosure:
    subjects: list[Entity] = field(default_factory=list)  # names and references
    details: list[Entity] = field(default_factory=list)  # identifiers and special categories

    @property
    def named(self) -> list[Entity]:
        return [s for s in self.subjects if s.type == PERSON]

    @property
    def entities(self) -> list[Entity]:
        """The personal data itself: names and details (not "my neighbour")."""
        return sorted(self.named + self.details, key=lambda e: e.start)

    @property
    def types(self) -> list[str]:
        return sorted({e.type for e in self.entities})

    @property
    def categories(self) -> list[str]:
        return sorted({str(e.detail.get("rule")) for e in self.details if e.type == SPECIAL_CATEGORY})

    @property
    def confidence(self) -> float:
        subject = max((s.score for s in self.subjects), default=1.0)
        missing = 1.0
        for detail in self.details:
            missing *= 1 - detail.score
        return round(min(subject, 1 - missing) if self.subjects else 1 - missing, 3)

    def describe(self) -> str:
        """ "their phone number and home address"; used in the rule's message."""
        owned: list[str] = []
        about: list[str] = []
        for entity in sorted(self.details, key=lambda e: e.start):
            if entity.type == SPECIAL_CATEGORY:
                category = str(entity.detail.get("rule", "special-category"))
                label = (
                    "an allegation of crime about them"
                    if category == "criminal"
                    else f"{category} information about them"
                )
                target = about
            else:
                label, target = LABELS[entity.type], owned
            if label not in target:
                target.append(label)
        parts = (["their " + _join(owned)] if owned else []) + about
        return _join(parts) if parts else "their details"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class _Subjects:
    """The draft's subjects (sorted by start) and sentences, looked up by binary search:
    a long draft has thousands of each, and a scan of both per detail was quadratic
    (issue 11)."""

    def __init__(self, subjects: list[Entity], sentences: list[tuple[int, int]]) -> None:
        self.subjects = subjects
        self._starts = [s.start for s in subjects]
        self._sentence_ends = [b for _, b in sentences]
        self._sentence_starts = [a for a, _ in sentences]

    def sentence_index(self, index: int) -> int:
        """The sentence ``index`` is in; between two sentences, the one before."""
        i = bisect.bisect_right(self._sentence_ends, index)  # the first sentence ending after it
        if i == len(self._sentence_ends):
            return i - 1
        return i if index >= self._sentence_starts[i] else max(i - 1, 0)

    def near(self, index: int) -> list[Entity]:
        """The subjects starting within MAX_LINK_DISTANCE of ``index``, in order."""
        lo = bisect.bisect_left(self._starts, index - MAX_LINK_DISTANCE)
        hi = bisect.bisect_right(self._starts, index + MAX_LINK_DISTANCE, lo=lo)
        return self.subjects[lo:hi]


_MANY = re.compile(r"(?:s|people|families|households|folk|everyone|all)$", re.I)


def _nearest_subject(
    detail: Entity,
    subjects: _Subjects,
    named_only: bool,
    household_of: str | None = None,
) -> Entity | None:
    """The subject a detail belongs to. With ``household_of`` (the text), a reference
    counts only if it is one household ("the lady", "my neighbour", not "residents")."""
    here = subjects.sentence_index(detail.start)
    best: tuple[tuple[int, int, int], Entity] | None = None
    for subject in subjects.near(detail.start):
        if named_only and subject.type != PERSON:
            continue
        if (
            household_of is not None
            and subject.type != PERSON
            and _MANY.search(household_of[subject.start : subject.end])
        ):
            continue
        there = subjects.sentence_index(subject.start)
        distance = abs(subject.start - detail.start)
        if abs(there - here) > 1 or distance > MAX_LINK_DISTANCE:
            continue
        # Same sentence first, then the sentence before (the usual order), then after;
        # within a sentence a name beats "the tenants" or "my constituent".
        # A name written right beside the detail ("D. Whitlock 07700 900 590") is its
        # owner even when a full stop after an initial splits the sentence.
        beside = subject.type == PERSON and 0 <= detail.start - subject.end <= 4
        rank = (
            -1 if beside else 0 if there == here else 1 if there < here else 2,
            0 if subject.type == PERSON else 1,
            distance,
        )
        if best is None or rank < best[0]:
            best = (rank, subject)
    return best[1] if best else None


def find_disclosures(
    text: str, entities: list[Entity], ranges: list[tuple[int, int]] | None = None
) -> list[Disclosure]:
    """Disclosures among ``entities`` that start inside ``ranges`` (default: all)."""
    ranges = ranges or [(0, len(text))]

    def in_range(e: Entity) -> bool:
        return any(a <= e.start < b for a, b in ranges)

    entities = [e for e in entities if in_range(e)]
    sentences = sentence_spans(text) or [(0, len(text))]
    names = Overlaps((e.start, e.end) for e in entities if e.type == PERSON)
    references = [
        Entity(REFERENCE, a, b, 0.7)
        for r0, r1 in ranges
        for a, b in [*person_references(text, r0, r1), *quoted_self_references(text, r0, r1)]
        if not names.any(a, a + 1)  # not inside a name
    ]
    subjects = _Subjects(
        sorted([e for e in entities if e.type == PERSON] + references, key=lambda e: e.start), sentences
    )
    addresses = [e for e in entities if e.type == ADDRESS]
    addressee = _addressee(text, ranges)
    groups: dict[int, Disclosure] = {}
    orphans: list[Disclosure] = []

    for detail in entities:
        if detail.type not in IDENTIFIERS and detail.type != SPECIAL_CATEGORY:
            continue
        # Special-category words and a bare postcode need a *named* person: "a resident
        # with dementia" and "residents in NV4 2PD" identify nobody.
        named_only = detail.type == SPECIAL_CATEGORY
        household = False
        if detail.type == POSTCODE:
            beside_address = any(0 <= detail.start - a.end <= POSTCODE_REACH for a in addresses)
            # A bare postcode with one household ("the lady in RM3 7QT", a quoted
            # resident's "I'm in RM3 7QT") is personal data; "residents in RM3 9PD" is not.
            household = not beside_address
        subject = _nearest_subject(detail, subjects, named_only, text if household else None)
        if subject is None and detail.type == POSTCODE and beside_address:
            address = max((a for a in addresses if a.end <= detail.start), key=lambda a: a.end)
            subject = _nearest_subject(address, subjects, False)
        if subject is None and addressee is not None and _said_to_the_reader(text, detail, sentences, subjects):
            subject = addressee
        if subject is None:
            subject = _taken_up_by_a_pronoun(text, detail, subjects, sentences)
        if subject is None:
            if detail.type in SELF_IDENTIFYING:
                orphans.append(Disclosure(details=[detail]))
            continue
        group = groups.setdefault(id(subject), Disclosure(subjects=[subject]))
        group.details.append(detail)

    found = [_named_by_pronoun(text, d, entities, sentences) for d in groups.values()]
    return [_every_mention(text, d, entities, ranges) for d in _merge_same_person(text, found)] + orphans


# "He", "she", "his", "her" in the detail's sentence: the person named last before it,
# however many sentences back ("Mr Hamza Yusuf reports water … This is the third time …
# He can be reached on 0131 496 0725"). "They" is left out: it is as often the council.
_PRONOUN = re.compile(r"\b(?:he|she|him|his|her|hers|he's|she's|he’s|she’s)\b", re.I)


def _taken_up_by_a_pronoun(
    text: str, detail: Entity, subjects: _Subjects, sentences: list[tuple[int, int]]
) -> Entity | None:
    """The nearest name before the detail, within reach, when the detail's sentence
    speaks of someone by a pronoun and no subject is near enough to link on its own."""
    a, _ = sentences[subjects.sentence_index(detail.start)]
    if _PRONOUN.search(text, a, detail.start) is None:
        return None
    before = [s for s in subjects.near(detail.start) if s.type == PERSON and s.end <= detail.start]
    return before[-1] if before else None


# A letter or a reply that opens by greeting a person by name ("Dear Mrs O'Brien,",
# "Hi Anne-Marie,", "Annwyl Elen,"): the reader's details said to them ("your
# reference", "you have Crohn's disease") are that person's, however far down.
_GREETING = r"(?i:dear|hi|hello|hiya|hey|annwyl|helo|aye|morning|afternoon|good[ \t]+(?:morning|afternoon|evening))"
_GREETED_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Rev|Sister|Brother|Br)"
_OPENING = re.compile(
    rf"\A[ \t\r\n]{{0,20}}(?:Subject:[^\n]{{0,200}}\n[ \t\r\n]{{0,20}})?{_GREETING}[ \t]+"
    rf"(?P<name>(?:{_GREETED_TITLE}\.?[ \t]+)?[A-Z][\w'’\-]+(?:[ \t]+[A-Z][\w'’\-]+){{0,2}})[ \t]*(?:[,!]|$)",
    re.M,
)
_TITLED = re.compile(rf"^{_GREETED_TITLE}\b")
# What is said to the reader about their own life, not their work: "your son", "your
# reference", "your date of birth", "you have …", "you're at …", "email you at".
_THEIR_OWN = (
    r"home|house|flat|address|close|garden|property|tenancy|rent|son|daughter|child|children|kids|mum|mother|"
    r"dad|father|husband|wife|partner|family|date[ \t]+of[ \t]+birth|d\.?o\.?b|reference|ref|account|application|"
    r"claim|banding|benefits?|council[ \t]+tax|consultant|gp|carer|medical|condition|health|diagnosis|mobile|"
    r"number|e-?mail|neighbour|landlord|boiler|repairs?|[A-Z][\w\-]*[ \t]+(?:number|application|account)"
)
_TO_THE_READER = re.compile(
    rf"\b(?:your|ur|eich)[ \t]+(?:own[ \t]+|current[ \t]+|new[ \t]+)?(?:{_THEIR_OWN})\b"
    r"|\byou[ \t]+(?:have|'ve|’ve)[ \t]+(?:got[ \t]+|had[ \t]+)?|\byou(?:'re|’re|[ \t]+are)[ \t]+(?:at|in|on)\b"
    r"|\b(?:email|e-mail|ring|call|text|write[ \t]+to)[ \t]+(?:u|you)\b|\bfor[ \t]+you\b|['’]ch[ \t]+\w+",
    re.I,
)


def _addressee(text: str, ranges: list[tuple[int, int]]) -> Entity | None:
    """The person a letter or reply greets by name in its opening line, if any."""
    start = min(a for a, _ in ranges)
    # The opening is in the first few lines: read no further (and the pattern, anchored
    # at the start, cannot be tried at every position of a long draft).
    match = _OPENING.match(text[start : start + 400])
    if match is None:
        return None
    name = match.group("name")
    first = name.split()[0]
    if NOT_A_NAME.search(name) or not (_TITLED.match(name) or is_first_name(first)):
        return None  # "Dear Enforcement,", "Hi Housing,"
    return Entity(PERSON, start + match.start("name"), start + match.end("name"), 0.7, {"rule": "addressee"})


def _said_to_the_reader(text: str, detail: Entity, sentences: list[tuple[int, int]], subjects: _Subjects) -> bool:
    """The detail's sentence, or the one before it, speaks to the reader about them."""
    here = subjects.sentence_index(detail.start)
    a = sentences[max(here - 1, 0)][0]
    b = sentences[here][1]
    return _TO_THE_READER.search(text, a, b) is not None


def _every_mention(
    text: str, disclosure: Disclosure, entities: list[Entity], ranges: list[tuple[int, int]]
) -> Disclosure:
    """The same name written again elsewhere ("what Ken sent me: 'Ken here, 120 Straight
    Rd'") is the same person's: redacting one mention and not the other names them. A
    mention is a name NER or a recognizer found whose words are inside the disclosed
    one's (or the other way round), or the disclosed name written again, letter for
    letter, where no other person was found; or its given name written alone, where no
    other person in the message shares it (see _given_names)."""
    names = [(_name_key(text, s), _surname(text, s)) for s in disclosure.named]
    taken = {(s.start, s.end) for s in disclosure.subjects}
    people = [e for e in entities if e.type == PERSON]
    written = {_TITLE.sub("", text[s.start : s.end]) for s in disclosure.named}
    given = _given_names(text, disclosure.named, people)
    written |= given
    for name in sorted(n for n in written if len(n) > 2):
        for r0, r1 in ranges:
            for m in re.finditer(rf"(?<![\w@.]){re.escape(name)}(?![\w@])", text[r0:r1]):
                mention = Entity(PERSON, r0 + m.start(), r0 + m.end(), 0.7, {"rule": "same-name"})
                if name in given and _greeted(text, mention.start):
                    continue  # "Hi Amira," greets the reader, who may be another Amira
                if not any(p.overlaps(mention) for p in [*people, *disclosure.subjects]):
                    disclosure.subjects.append(mention)
    for entity in people:
        if entity.type != PERSON or (entity.start, entity.end) in taken:
            continue
        key = _name_key(text, entity)
        # One name's words inside the other's: "Karen Lewis" after "Karen", "Mrs Ahmed"
        # after "Priya Ahmed"; but a bare "Priya" ("Hi Priya") may be another Priya.
        same = key and any(name <= key or (key <= name and surname in key) for name, surname in names if name)
        same = same or (len(key) == 1 and key <= {g.lower() for g in given} and not _greeted(text, entity.start))
        if same and not any(s.overlaps(entity) for s in disclosure.subjects):
            disclosure.subjects.append(entity)
            taken.add((entity.start, entity.end))
    return disclosure


# A greeting just before a name: the name is the reader's.
_GREETED = re.compile(r"(?i:\b(?:hi|hello|hiya|hey|dear|morning|thanks|thank[ \t]+you|cheers)[ \t]*,?[ \t]*)$")


def _greeted(text: str, start: int) -> bool:
    """Whether a greeting stands just before ``start`` (read only the few characters
    before it, not the whole text up to it)."""
    return _GREETED.search(text, max(0, start - 24), start) is not None


def _given_names(text: str, named: list[Entity], people: list[Entity]) -> set[str]:
    """ "Kieran" of a disclosed "Kieran Doyle", to be found again where it is written on
    its own ("Kieran, you're a hero"): within one message the same given name is the same
    person, unless another person found in it shares that name ("Kieran Doyle ... Kieran
    Walsh")."""
    given: set[str] = set()
    for person in named:
        words = _TITLE.sub("", text[person.start : person.end]).split()
        if len(words) >= 2 and is_first_name(words[0]) and words[0][:1].isupper():
            first = words[0].lower()
            # Another person: a name found elsewhere with more than this given name in it.
            others = [_name_key(text, p) for p in people if not p.overlaps(person)]
            if not any(first in key and key != {first} for key in others):
                given.add(words[0])
    return given


def _surname(text: str, person: Entity) -> str:
    words = re.findall(r"[^\W\d_]{2,}", text[person.start : person.end])
    return words[-1].lower() if words else ""


def _name_key(text: str, person: Entity) -> set[str]:
    """A name's words in lower case, titles left out."""
    return {w.lower() for w in re.findall(r"[^\W\d_]{2,}", text[person.start : person.end])} - _TITLE_WORDS


_TITLE = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Rev|Revd|Sir|Dame|Lord|Lady|Prof)\.?\s+)+", re.I)
_TITLE_WORDS = {"mr", "mrs", "ms", "miss", "mx", "dr", "rev", "revd", "sir", "dame", "lord", "lady", "cllr", "prof"}


# References that stand for a person named earlier: "Can anyone help Rev. Olusegun
# Adebayo? He's at no. 14", "Kerry sent this: 'I'm at 12 Rosewood'".
# A pronoun alone (a quoted resident's "my"), "he lives at", "her number", "call him";
# not "my neighbour" or "her son", who are somebody else.
_PRONOUN = re.compile(
    r"(?:i|i'm|i’m|im|me|my|mine|he|she|him|they|them)$|(?:he|she|they)\W"
    r"|(?:his|her|their)[ \t]+(?:mobile|phone|number|address|home|house|flat|e-?mail|date|d\.?o\.?b|NI|NHS|"
    r"postcode|details)"
    r"|(?:call|ring|text|email|e-mail|contact|phone)[ \t]+(?:him|her|them)$",
    re.I,
)


def _named_by_pronoun(
    text: str, disclosure: Disclosure, entities: list[Entity], sentences: list[tuple[int, int]]
) -> Disclosure:
    """A disclosure whose only subject is a pronoun takes the nearest name before it, in
    its sentence or the one before; "my neighbour" or "the tenant" is somebody else."""
    if disclosure.named or not all(_PRONOUN.match(text[s.start : s.end]) for s in disclosure.subjects):
        return disclosure
    reference = disclosure.subjects[0]
    sentence_index = _Subjects([], sentences).sentence_index
    here = sentence_index(reference.start)
    before = [
        e
        for e in entities
        if e.type == PERSON
        and e.end <= reference.start
        and reference.start - e.end <= MAX_LINK_DISTANCE
        and here - sentence_index(e.start) <= 1
    ]
    if before:
        disclosure.subjects.insert(0, max(before, key=lambda e: e.end))
    return disclosure


def _merge_same_person(text: str, disclosures: list[Disclosure]) -> list[Disclosure]:
    """ "Mr Oduya … His number": a reference next to a named person's disclosure (in the
    same or the next sentence) is that person; so is the same name written twice."""
    disclosures.sort(key=lambda d: min(s.start for s in d.subjects))
    merged: list[Disclosure] = []
    for disclosure in disclosures:
        subject = disclosure.subjects[0]
        target = None
        for earlier in merged:
            names = {text[s.start : s.end].split()[-1].lower() for s in earlier.named}
            if (subject.type == PERSON and text[subject.start : subject.end].split()[-1].lower() in names) or (
                subject.type == REFERENCE and subject.start - max(s.end for s in earlier.subjects) < MAX_LINK_DISTANCE
            ):
                target = earlier
        if target is None:
            merged.append(disclosure)
        else:
            target.subjects.extend(disclosure.subjects)
            target.details.extend(disclosure.details)
    return merged
