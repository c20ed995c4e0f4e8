"""False positives: what looks like personal data and is not.

* Streets, places and e-mail fragments that spaCy's small model reads as people.
* Public figures named in their public roles ("the Leader of the Council, Cllr Ray
  Morgon", "Jon Cruddas MP"): naming them doing their jobs is not a breach.
* The author: their own name, address and e-mail (from the sender address and register
  id) are theirs to give.
* Organisational contact details: council addresses, info@/enquiries@ mailboxes.
* Election imprints ("Promoted by R. Hale on behalf of Anna Webb, 4 Station Road"):
  the law requires the promoter's name and address there.
"""

# ruff: noqa: E501 (pattern tables: one group of alternatives per line reads best)

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..intervals import Overlaps, Positions
from .addresses import ends_like_a_street
from .checksums import uk_phone_is_organisational
from .entities import ADDRESS, EMAIL, PERSON, PHONE, POSTCODE, STREET, Entity
from .names import NOT_A_NAME, NOT_A_NAME_ALONE

_ROLE_BEFORE = re.compile(
    r"(?:\b(?:Cllr|Councillor|Cllrs|Councillors|Alderman|Mayor|Leader|Deputy\s+Leader|Cabinet\s+Member|Lead\s+Member|"
    r"Portfolio\s+Holder|Chief\s+Executive|Chair|Chairman|Chairwoman|Chairperson|Vice[- ]Chair|Minister|"
    r"Secretary\s+of\s+State|Prime\s+Minister|PM|Chancellor|Speaker|Baroness|Baron|Rt\.?\s+Hon\.?|"
    r"Hon\.?|Commissioner|Superintendent|Chief\s+Inspector|Inspector|Sergeant|Sgt\.?|PC|PCSO|Director|Head\s+of\s+[\w ]{2,30}|"
    r"Monitoring\s+Officer|Officer|Manager|MP|Bishop|Rabbi|Imam|Judge|King|Queen|Prince|Princess|"
    r"President|Governor|Mayor\s+of\s+London|Leader\s+of\s+(?:the\s+)?[\w ]{2,30}|candidate(?:\s+for\s+[\w ]{2,30})?|"
    r"colleague|ward\s+colleague|MEP|AM|MSP|spokesperson|spokesman|spokeswoman|headteacher|head\s+teacher)"
    r"[,:]?\s*)$"
)
_ROLE_AFTER = re.compile(
    r"^(?:,?\s*(?:MP|MEP|AM|MS|MSP|MLA|OBE|MBE|CBE|KC|QC|JP)\b|\s*\((?:Lab|Con|LD|Lib\s*Dem|Green|Reform|Ind|"
    r"Independent|SNP|Plaid|Labour|Conservative|HRA|Residents?)[^)]{0,40}\)|,\s*(?:the\s+|our\s+|your\s+)?(?:Leader|"
    r"Deputy\s+Leader|Cabinet\s+Member|Chief\s+Executive|Mayor|MP|Member\s+of\s+Parliament|Chair|Director|Head\s+of|"
    r"Minister|Secretary|Councillor|Cllr|council(?:'s)?\s+\w+|portfolio\s+holder|ward\s+councillor|candidate|"
    r"Monitoring\s+Officer|spokes\w+))",
    re.I,
)
# A doctor or a minister named at their work: "Rev Mark Dunn, vicar of St Edward's",
# "Dr Ahmed at the Elm Park surgery". A courtesy title ("Mrs Patel at the surgery")
# says nothing about a job, so only these titles count.
_PROFESSIONAL_TITLE = re.compile(r"(?:Dr|Doctor|Prof|Professor|Rev|Revd|Reverend|Canon|Father|Pastor)\b", re.I)
_AT_WORK_AFTER = re.compile(
    r"^,?\s*(?:(?:the\s+|our\s+)?(?:vicar|rector|priest|minister|pastor|curate|chaplain|GP|doctor|consultant|"
    r"headteacher|head|principal|director|manager|lead|chair)\b|(?:at|of|from)\s+(?:the\s+)?[\w'’ ]{0,40}?\b"
    r"(?:surgery|practice|clinic|medical\s+centre|health\s+centre|hospital|school|academy|college|university|"
    r"church|parish|chapel|mosque|temple|gurdwara|synagogue|cathedral|library|council)\b)",
    re.I,
)
_TITLE_INSIDE = re.compile(r"^(?:Cllr|Councillor|Baroness|Rt\.?\s+Hon|Mayor)\b\.?", re.I)
# A public figure's home is not their public role: "Cllr X lives at 14 Hubbards Close".
# Nor their home or personal number: "Call Cllr X on his home number 01708 …".
_PRIVATE_LIFE_AFTER = re.compile(
    r"^(?:'s|’s)?\s*(?:lives|lived|is\s+living|who\s+lives|home\s+address|'s\s+home|’s\s+home|"
    r"(?:(?:on|at|via)\s+)?(?:his|her|their)\s+(?:home|personal|private)\s+(?:number|mobile|phone|landline|"
    r"e-?mail|address)|(?:home|personal|private)\s+(?:number|mobile|phone|landline|e-?mail|address))\b",
    re.I,
)
# Names found from their shape (a title, a detail beside them, a greeting) may be in
# lower case ("jo smith 07700 900418"); spaCy's names must have a capital.
SHAPED_NAME_RULES = {"titled-name", "name-beside-detail", "addressed-name", "self-introduced-name", "labelled-name"}
# "Hornchurch" in "North Street, Hornchurch, RM11 1QX" is the town of an address.
_RANGE = re.compile(r"\d{1,4}[A-Za-z]?\s*[\-–]\s*\d{1,4}\b")
_AFTER_A_STREET = re.compile(r",[ \t]*$")
_POSTNOMINAL_INSIDE = re.compile(r"\b(?:MP|MEP|MSP|MLA|AM|OBE|MBE|CBE|KC|QC)$")
_IMPRINT = re.compile(r"(?im)^[^\n]*\b(?:promoted|published|printed)\s+(?:and\s+\w+\s+)?by\b[^\n]*$")
_GENERIC_MAILBOX = re.compile(
    r"^(?:info|enquiries|enquiry|contact|admin|office|hello|help|support|team|mail|news|press|media|"
    r"customerservices|customer\.services|complaints|feedback|reception|noreply|no-reply|[\w.\-]*residents?[\w.\-]*|"
    r"[\w.\-]*(?:ward|association|society|group|club|council|services|team)[\w.\-]*|"
    # Mailing lists and the mail system's own mailboxes: a list's footer names no person.
    r"(?:post|web|list|host)master|mailer-daemon|majordomo|listserv|mailman|abuse|sales|marketing|billing|"
    r"(?:un)?subscribe|remove|newsletters?|bounces?|owner-[\w.\-]+|"
    r"[\w.\-]+-(?:request|owner|admin|users|list|talk|devel|announce|digest|(?:un)?subscribe|bounces?))@",
    re.I,
)
# "My postcode", "Our Jade": spaCy reads a capitalised possessive as part of a name.
_POSSESSIVE_START = re.compile(r"(?:My|Our|Your|His|Her|Their)\s", re.I)
_PARTY_THEN_WARD = re.compile(
    r"\((?:Lab|Con|LD|Lib\s*Dem|Green|Reform|Ind|Independent|SNP|Plaid|Labour|Conservative|HRA|Residents?)"
    r"(?:\s*&\s*Co-?op)?[,;/]\s*$"
)
_NAME_TOKEN = re.compile(r"[a-z]+")
_COURTESY = {"mr", "mrs", "ms", "miss", "mx", "dr", "master", "cllr", "councillor"}


def name_tokens(name: str) -> list[str]:
    return [t for t in _NAME_TOKEN.findall(name.lower()) if t not in _COURTESY]


def address_tokens(address: str) -> set[str]:
    """ "cllr.anna.webb@…" -> {anna, webb}; letters only, titles dropped."""
    local = address.split("@", 1)[0].lower()
    return {t for t in re.split(r"[^a-z]+", local) if len(t) > 1 and t not in _COURTESY}


@dataclass
class Context:
    """What the filters know about the draft's people."""

    author_tokens: set[str] = field(default_factory=set)
    own_addresses: set[str] = field(default_factory=set)
    is_organisational_address: Callable[[str], bool] = lambda address: False


def in_public_role(text: str, start: int, end: int) -> bool:
    name = text[start:end]
    if _PRIVATE_LIFE_AFTER.match(text[end : end + 30]):
        return False
    if _PROFESSIONAL_TITLE.match(name) and _AT_WORK_AFTER.match(text[end : end + 60].split("\n")[0]):
        return True
    if _TITLE_INSIDE.match(name) or _POSTNOMINAL_INSIDE.search(name.strip()):
        return True
    before = text[max(0, start - 80) : start]
    before = before.split("\n")[-1]
    if _ROLE_BEFORE.search(before):
        return True
    after = text[end : end + 60].split("\n")[0]
    return _ROLE_AFTER.search(after) is not None


def is_author(name: str, context: Context) -> bool:
    tokens = name_tokens(name)
    return bool(tokens) and len(context.author_tokens) >= 2 and set(tokens) <= context.author_tokens


def imprint_regions(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _IMPRINT.finditer(text)]


def _inside(entity: Entity, regions: Iterable[tuple[int, int]]) -> bool:
    return any(a <= entity.start < b for a, b in regions)


class _Others:
    """A draft's entities by type, for the overlap questions ``plausible_person`` asks
    of each name: a scan of every entity per name was quadratic on long drafts (issue 11)."""

    def __init__(self, entities: list[Entity]) -> None:
        self._entities = entities
        self._overlaps: dict[tuple[str, ...], Overlaps] = {}
        self._street_ends = Positions([o.end for o in entities if o.type in (STREET, ADDRESS)])

    def overlap(self, entity: Entity, types: tuple[str, ...]) -> bool:
        """Whether an entity of one of ``types`` overlaps ``entity``."""
        index = self._overlaps.get(types)
        if index is None:
            index = self._overlaps[types] = Overlaps((o.start, o.end) for o in self._entities if o.type in types)
        return index.any(entity.start, entity.end)

    def street_just_before(self, entity: Entity) -> bool:
        """Whether a street or an address ends at most 3 characters before ``entity``."""
        return self._street_ends.any(entity.start - 3, entity.start + 1)


def plausible_person(entity: Entity, text: str, others: _Others) -> bool:
    """Whether a PERSON from NER is a person rather than a street, place or e-mail."""
    name = text[entity.start : entity.end]
    if any(ch.isdigit() for ch in name) or "@" in name or "/" in name:
        return False
    # "Dame Joan Hill" is a person whatever her surname; "Hill Rise" from NER is a street.
    if ends_like_a_street(name) and entity.detail.get("rule") != "titled-name":
        return False
    if not any(ch.isupper() for ch in name) and entity.detail.get("rule") not in SHAPED_NAME_RULES:
        return False
    if NOT_A_NAME.search(name) or re.match(r"St\.?\s", name) or _POSSESSIVE_START.match(name):
        return False
    if name.strip().rstrip(".:").lower() in NOT_A_NAME_ALONE:
        return False
    blocking = (
        (ADDRESS, EMAIL, POSTCODE) if entity.detail.get("rule") == "titled-name" else (STREET, ADDRESS, EMAIL, POSTCODE)
    )
    if others.overlap(entity, blocking):
        return False
    # "Cllr Jane Doe (Lab, Squirrels Heath)": after a party label comes the ward.
    if _PARTY_THEN_WARD.search(text[max(0, entity.start - 30) : entity.start]):
        return False
    # One word straight after a street and a comma is the town of an address.
    if " " in name.strip() or not _AFTER_A_STREET.search(text[max(0, entity.start - 3) : entity.start]):
        return True
    return not others.street_just_before(entity)


def filter_entities(entities: list[Entity], text: str, context: Context) -> list[Entity]:
    """Drop every entity that is not a private individual's personal data."""
    imprints = imprint_regions(text)
    others = _Others(entities)
    kept = []
    for entity in entities:
        if _inside(entity, imprints):
            continue
        if entity.type == PERSON:
            name = text[entity.start : entity.end]
            if not plausible_person(entity, text, others):
                continue
            if in_public_role(text, entity.start, entity.end) or is_author(name, context):
                continue
        # "outside 14-20 Station Road": a row of houses locates a matter, it is no home.
        if entity.type == ADDRESS and _RANGE.match(text[entity.start : entity.end]):
            continue
        if entity.type == PHONE and uk_phone_is_organisational(text[entity.start : entity.end]):
            continue
        if entity.type == EMAIL:
            address = text[entity.start : entity.end].lower()
            if (
                address in context.own_addresses
                or context.is_organisational_address(address)
                or _GENERIC_MAILBOX.match(address)
            ):
                continue
        kept.append(entity)
    return kept
