"""Special-category data (UK GDPR Article 9) and criminal allegations (Article 10),
said *about someone*.

Words alone are not enough: "the dementia café", "disabled parking", "environmental
health", "the mosque's open day" are everyday council news. What is found here are
constructions that attach the condition, faith, ethnicity, sexuality or allegation to a
person ("has dementia", "her carer", "is a Muslim", "was arrested"). Whether the person
is identifiable is decided later, by linking to a name or an identifier nearby.
"""

# ruff: noqa: E501 (pattern tables: one group of alternatives per line reads best)

from __future__ import annotations

import re
from pathlib import Path

from .entities import SPECIAL_CATEGORY
from .regex_recognizer import RegexRecognizer, RegexRule

_BE = r"(?:is|was|are|were|be|being|been|'s|’s|became|has\s+become)"
_HAVE = r"(?:has|had|have|having|with|suffers?\s+from|suffering\s+from|diagnosed\s+with|living\s+with|battling|recovering\s+from|treated\s+for|died\s+of)"
_POSSESSIVE = r"(?:his|her|their|hubby's|husband's|wife's|son's|daughter's|mum's|dad's)"

DATA = Path(__file__).resolve().parent / "data"


def _phrases(name: str) -> str:
    """A data file's phrases as one alternation, longest first (so "breast cancer" is
    read whole before "cancer"); a space matches any run of spaces."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    phrases = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))


_CONDITIONS = _phrases("health_conditions.txt")
# How a condition is qualified: "severe asthma", "advanced multiple sclerosis", "type 1
# diabetes", "stage 4 bowel cancer", "terminal lung cancer".
_QUALIFIED = (
    r"(?:(?:a|an|severe|mild|moderate|advanced|terminal|chronic|acute|early[- ]onset|late[- ]stage|stage\s+\d|"
    r"secondary|serious|aggressive|rare|incurable|inoperable|suspected|undiagnosed|complex|long[- ]term|very\s+bad|bad|"
    r"really\s+bad|severe\s+and\s+enduring)\s+){0,3}"
)
# Short forms that are only a condition in capitals: "has MS", "with ME", "has AIDS", "TB".
_ACRONYMS = re.compile(
    r"\b(?i:has|had|have|with|diagnosed\s+with|living\s+with|suffers\s+from|suffering\s+from)\s+(?:MS|ME|AIDS|TB|CFS|IBS|COPD|MND|PTSD|OCD|ADHD|HIV)\b"
)
_STATES = (
    r"disabled|blind|deaf|pregnant|autistic|diabetic|epileptic|terminally\s+ill|seriously\s+ill|in\s+hospital|"
    r"hospitali[sz]ed|in\s+a\s+hospice|sectioned|an\s+alcoholic|a\s+drug\s+addict|an\s+addict|depressed|suicidal|"
    r"self[- ]harming|housebound|bed[- ]?bound|bedridden|on\s+dialysis|in\s+a\s+wheelchair|a\s+wheelchair\s+user|"
    r"registered\s+blind|registered\s+disabled|partially\s+sighted|visually\s+impaired|sight\s+impaired|hard\s+of\s+hearing|"
    r"hearing\s+impaired|paralysed|immobile|frail|incontinent|doubly\s+incontinent|a\s+blue\s+badge\s+holder|"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine)\s+(?:weeks|months)\s+pregnant|(?:\d+|two|three|four|five)\s+(?:years?|months?)\s+sober|"
    r"in\s+recovery|in\s+remission|on\s+the\s+transplant\s+list|receiving\s+end[- ]of[- ]life\s+care|receiving\s+palliative\s+care"
)
_HEALTH_NOUNS = (
    r"carer|care\s+package|care\s+plan|medication|meds|diagnosis|condition|illness|disability|wheelchair|"
    r"mental\s+health|cancer|dementia|treatment|prescription|mobility\s+scooter|GP|psychiatrist|therapist|"
    r"social\s+worker|hospital\s+appointment|surgery\s+date|operation|chemo|\w+\s+medication|inhaler|insulin|"
    r"oxygen|dialysis|stoma|catheter|walking\s+frame|hearing\s+aids?|guide\s+dog|care\s+home\s+bed|consultant|"
    r"appointment\s+letter\s+from\s+the\s+\w+\s+unit"
)
# What is done for a condition: "on insulin", "undergoing chemotherapy", "receives home
# dialysis", "uses a walking frame", "had her leg amputated", "a hip replacement".
_TREATMENT = (
    r"\b(?:(?:is|was|are|were|'s|’s|been|being|now|still|currently)\s+)+on\s+(?:home\s+)?(?:dialysis|insulin|oxygen|methadone|"
    r"chemo(?:therapy)?|radiotherapy|antidepressants|morphine|a\s+ventilator|a\s+feeding\s+tube|palliative\s+care|end[- ]of[- ]life\s+care|"
    r"the\s+transplant\s+list|a\s+waiting\s+list\s+for\s+(?:a\s+|an\s+)?(?:operation|transplant|surgery))\b|"
    r"\b(?:undergoing|receiving|receives|having|has|needs|started|starting|finished|begun)\s+(?:home\s+|weekly\s+|regular\s+)?"
    r"(?:dialysis|chemo(?:therapy)?|radiotherapy|palliative\s+care|end[- ]of[- ]life\s+care|a\s+transplant|treatment\s+for\s+\w+(?:\s+\w+)?)\b|"
    r"\b(?:being\s+treated|under\s+treatment)\s+for\s+(?:an?\s+)?\w+(?:\s+\w+)?|"
    r"\buses?\s+(?:a\s+)?(?:wheelchair|walking\s+frame|zimmer(?:\s+frame)?|mobility\s+scooter|walking\s+stick|hearing\s+aids?|"
    r"guide\s+dog|catheter|stoma(?:\s+bag)?|oxygen|crutches|stairlift|hoist)\b|"
    r"\b(?:had|has\s+had|have\s+had|having|recovering\s+from|recovers\s+from|after|needs|waiting\s+for|awaiting)\s+"
    r"(?:a\s+|an\s+|her\s+|his\s+|their\s+|my\s+|both\s+)?(?:(?:second|new|emergency|major|double|triple)\s+)?"
    r"(?:(?:hip|knee|heart|bypass|back|spinal|cancer|shoulder|cataract|brain|bowel|lung|kidney|liver)\s+)"
    r"(?:replacement|operation|surgery|bypass|op|transplant)s?\b|"
    r"\b(?:had|has\s+had|have\s+had)\s+(?:a\s+|an\s+|her\s+|his\s+|their\s+|my\s+|both\s+)?(?:heart\s+bypass|bypass|transplant|mastectomy|"
    r"hysterectomy|(?:leg|legs|arm|foot|feet|toes?|knees?|hips?)\s+(?:amputated|replaced|removed))\b|"
    r"\b(?:lost|losing)\s+(?:his|her|their|my)\s+(?:sight|hearing|leg|legs|arm|foot|mobility|memory)\b|"
    r"\b(?:had|has\s+had|have\s+had)\s+(?:a|two|three|four|several|\d+|repeated)\s+(?:bad\s+)?falls?\b|"
    r"\b(?:fractured|broke|broken)\s+(?:my|his|her|their)\s+(?:wrist|hip|leg|arm|ankle|pelvis|back|neck)\b|"
    r"\b(?:in|at|from|on)\s+(?:the\s+)?(?:\w+\s+){0,2}(?:renal|spinal|stroke|mental\s+health|psychiatric|cancer|cardiac|burns|dementia|"
    r"rehab(?:ilitation)?|detox|eating\s+disorders?)\s+(?:unit|ward|clinic|centre)\b|"
    r"\b(?:in\s+(?:the\s+)?(?:[A-Z][\w'’]*\s+){0,3}(?:hospital|infirmary|hospice)|(?:re)?admitted|discharged|rushed\s+(?:to|into)\s+hospital)\s+"
    r"(?:with|after|for)\s+(?:a\s+|an\s+)?\w+|"
    r"\bcame\s+out\s+of\s+hospital\b"
)

_HEALTH = re.compile(
    rf"\b(?:{_HAVE}\s+{_QUALIFIED}(?:{_CONDITIONS})\b|{_BE}\s+(?:now\s+|very\s+|registered\s+|still\s+)?(?:{_STATES})\b|{_POSSESSIVE}\s+(?:{_HEALTH_NOUNS})\b|"
    rf"(?:'s|’s|has|he's|she's|hes|shes|have|i've)\s+got\s+{_QUALIFIED}(?:{_CONDITIONS})\b|"
    rf"\bwith\s+(?:a\s+)?(?:bad|dodgy|weak|broken)\s+(?:heart|back|hip|knee|chest|lungs)\b|"
    rf"\b(?:had|has\s+had)\s+a\s+(?:bad\s+)?fall\b|"
    rf"(?:took|taken)\s+an\s+overdose|tried\s+to\s+(?:kill|harm)\s+(?:him|her|them)sel(?:f|ves))|"
    rf"{_TREATMENT}",
    re.I,
)

_ETHNIC_GROUPS = (
    r"Black(?:\s+British|\s+African|\s+Caribbean)?|Asian|White\s+British|mixed[- ]race|Pakistani|Bangladeshi|Indian|"
    r"Nigerian|Somali|Ghanaian|Jamaican|Caribbean|Polish|Romanian|Lithuanian|Bulgarian|Roma|Romany|Gypsy|"
    r"(?:Irish\s+)?Traveller|Chinese|Arab|Kurdish|Turkish|Eritrean|Afghan|Sikh|Jewish|Tamil"
)
_PERSON_NOUNS = r"man|woman|lady|gentleman|lad|boy|girl|family|couple|neighbours?|tenants?|resident|chap|bloke|guy|kid|kids|child|children|household|lodger"
_ETHNICITY = re.compile(
    rf"\b(?:{_BE}\s+(?:an?\s+)?(?:{_ETHNIC_GROUPS})\b(?!\s+(?:restaurant|takeaway|shop|food|community|centre|center|society|association|festival|market|church|mould|mold|ice|bags?|sacks?|bins?|spots?|and\s+white|with\s+(?:mould|mold|damp|soot|dirt|grime)))|"
    rf"(?:{_ETHNIC_GROUPS})\s+(?:{_PERSON_NOUNS})\b|of\s+(?:\w+\s+){{0,2}}(?:origin|descent|heritage|ethnicity)\b|"
    rf"{_POSSESSIVE}\s+(?:ethnicity|race|ethnic\s+origin|skin\s+colou?r|immigration\s+status))",
    re.I,
)

_FAITHS = r"Muslim|Christian|Catholic|Jewish|Jew|Hindu|Sikh|Buddhist|atheist|Jehovah'?s\s+Witness|Mormon|Quaker|Rastafarian|born[- ]again"
_RELIGION = re.compile(
    rf"\b(?:{_BE}\s+(?:an?\s+)?(?:devout\s+|practising\s+|observant\s+)?(?:{_FAITHS})\b(?!\s+(?:school|church|community|centre|charity|festival|leaders?))|"
    rf"(?:{_FAITHS})\s+(?:{_PERSON_NOUNS})\b|converted\s+to\s+\w+|{_POSSESSIVE}\s+(?:faith|religion|religious\s+beliefs)|"
    rf"(?:goes|went|go|attends|attending)\s+(?:to\s+)?(?:the\s+)?(?:mosque|synagogue|gurdwara|temple|mandir|mass|Friday\s+prayers)|"
    rf"(?:back|home|returned)\s+from\s+(?:Hajj|Umrah|the\s+Hajj)|(?:on|doing|making|made)\s+(?:the\s+)?(?:Hajj|Umrah)|"
    rf"devout\s+(?:\w+\s+)?(?:{_FAITHS}|Pentecostals?|Anglicans?|Methodists?|Baptists?|Orthodox|Evangelicals?)s?)",
    re.I,
)

_SEXUALITY = re.compile(
    rf"\b(?:{_BE}\s+(?:openly\s+)?(?:gay|lesbian|bisexual|bi|queer|trans|transgender|homosexual|straight)\b|"
    rf"came\s+out\s+as|(?:gay|lesbian|same[- ]sex)\s+(?:couple|partner|relationship|man|woman|son|daughter|lover)|"
    rf"{_POSSESSIVE}\s+(?:sexuality|sexual\s+orientation|sex\s+life|gender\s+identity|boyfriend|girlfriend))",
    re.I,
)

_CRIMINAL = re.compile(
    rf"\b(?:{_BE}\s+(?:just\s+|recently\s+|once\s+)?(?:arrested|charged|convicted|jailed|imprisoned|cautioned|sentenced|remanded|"
    rf"released\s+from\s+prison|on\s+bail|on\s+probation|on\s+licence|a\s+convicted\s+\w+|a\s+known\s+(?:drug\s+)?dealer|a\s+(?:drug\s+)?dealer|"
    rf"a\s+thief|a\s+paedophile|a\s+sex\s+offender|a\s+burglar|a\s+criminal|in\s+prison|inside|tagged)\b|"
    rf"(?:has|had)\s+a\s+(?:criminal\s+record|conviction|record)|(?:served|doing)\s+time|deals?\s+drugs|dealing\s+(?:drugs|from)|"
    rf"criminal\s+record|sex\s+offenders?'?\s+register|(?:an?\s+)?(?:ASBO|CBO|restraining\s+order|injunction)\s+against|"
    rf"{_BE}\s+(?:a\s+)?(?:known\s+)?(?:heroin|crack|drug|cocaine|smack)\s+(?:user|addict|dealer)|"
    rf"(?:dealing|selling|growing|supplying|pushing)\s+(?:crack|heroin|cannabis|weed|drugs|cocaine|coke|skunk|pills)|"
    rf"(?:got|came|is|was|just)\s+out\s+of\s+(?:prison|jail)|(?:released|out)\s+from\s+(?:prison|jail)|on\s+(?:probation|remand|a\s+tag)|"
    rf"(?:burglary|assault|drugs?|theft|fraud|drink[- ]driving|robbery|violence|sexual)\s+(?:conviction|charge)|convicted\s+of|"
    rf"(?:threatening|threatened|attacked|assaulted|hits|hitting|beats|beating|stabbed|punched)\s+(?:him|her|them)\b(?!\s+(?:back|up))|"
    rf"(?:scamming|conning|defrauding|stealing\s+from)\s+\w+)\b",
    re.I,
)


def special_category_recognizer() -> RegexRecognizer:
    rules = [
        RegexRule("health", _HEALTH, 0.75),
        RegexRule("health-acronym", _ACRONYMS, 0.75),
        RegexRule("ethnicity", _ETHNICITY, 0.7),
        RegexRule("religion", _RELIGION, 0.7),
        RegexRule("sexuality", _SEXUALITY, 0.7),
        RegexRule("criminal", _CRIMINAL, 0.75),
    ]
    return RegexRecognizer(SPECIAL_CATEGORY, rules, "UkSpecialCategoryRecognizer")
