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

from .entities import SPECIAL_CATEGORY
from .regex_recognizer import RegexRecognizer, RegexRule

_BE = r"(?:is|was|are|were|be|being|been|'s|’s|became|has\s+become)"
_HAVE = r"(?:has|had|have|having|with|suffers?\s+from|suffering\s+from|diagnosed\s+with|living\s+with|battling|recovering\s+from|treated\s+for|died\s+of)"
_POSSESSIVE = r"(?:his|her|their|hubby's|husband's|wife's|son's|daughter's|mum's|dad's)"

_CONDITIONS = (
    r"dementia|alzheimer'?s|cancer|leukaemia|a\s+tumour|chemo(?:therapy)?|mental\s+health\s+(?:problems|issues|difficulties|condition)|"
    r"(?:a\s+)?mental\s+illness|depression|anxiety|bipolar(?:\s+disorder)?|schizophrenia|psychosis|ptsd|autism|adhd|"
    r"(?:a\s+)?learning\s+disabilit(?:y|ies)|(?:a\s+)?disabilit(?:y|ies)|diabetes|hiv|aids|(?:a\s+)?stroke|"
    r"(?:a\s+)?heart\s+(?:attack|condition)|epilepsy|asthma|copd|multiple\s+sclerosis|parkinson'?s|motor\s+neurone\s+disease|"
    r"(?:a\s+)?(?:drink|drug|alcohol|gambling)\s+problem|(?:an\s+)?addiction|long\s+covid|covid|(?:a\s+)?miscarriage|"
    r"(?:a\s+)?terminal\s+illness|(?:a\s+)?breakdown|(?:an\s+)?eating\s+disorder"
)
_STATES = (
    r"disabled|blind|deaf|pregnant|autistic|diabetic|epileptic|terminally\s+ill|seriously\s+ill|in\s+hospital|"
    r"hospitali[sz]ed|in\s+a\s+hospice|sectioned|an\s+alcoholic|a\s+drug\s+addict|an\s+addict|depressed|suicidal|"
    r"self[- ]harming|housebound|bed[- ]?bound|on\s+dialysis|in\s+a\s+wheelchair|a\s+wheelchair\s+user|registered\s+blind"
)
_HEALTH_NOUNS = (
    r"carer|care\s+package|care\s+plan|medication|meds|diagnosis|condition|illness|disability|wheelchair|"
    r"mental\s+health|cancer|dementia|treatment|prescription|mobility\s+scooter|GP|psychiatrist|therapist|"
    r"social\s+worker|hospital\s+appointment|surgery\s+date|operation|chemo"
)

_HEALTH = re.compile(
    rf"\b(?:{_HAVE}\s+(?:{_CONDITIONS})\b|{_BE}\s+(?:now\s+|very\s+|registered\s+)?(?:{_STATES})\b|{_POSSESSIVE}\s+(?:{_HEALTH_NOUNS})\b|"
    rf"(?:'s|’s|has|he's|she's|hes|shes|have)\s+got\s+(?:{_CONDITIONS})\b|"
    rf"\bwith\s+(?:a\s+)?(?:bad|dodgy|weak|broken)\s+(?:heart|back|hip|knee|chest|lungs)\b|"
    rf"\b(?:had|has\s+had)\s+a\s+(?:bad\s+)?fall\b|"
    rf"(?:took|taken)\s+an\s+overdose|tried\s+to\s+(?:kill|harm)\s+(?:him|her|them)sel(?:f|ves))",
    re.I,
)

_ETHNIC_GROUPS = (
    r"Black(?:\s+British|\s+African|\s+Caribbean)?|Asian|White\s+British|mixed[- ]race|Pakistani|Bangladeshi|Indian|"
    r"Nigerian|Somali|Ghanaian|Jamaican|Caribbean|Polish|Romanian|Lithuanian|Bulgarian|Roma|Romany|Gypsy|"
    r"(?:Irish\s+)?Traveller|Chinese|Arab|Kurdish|Turkish|Eritrean|Afghan|Sikh|Jewish|Tamil"
)
_PERSON_NOUNS = r"man|woman|lady|gentleman|lad|boy|girl|family|couple|neighbours?|tenants?|resident|chap|bloke|guy|kid|kids|child|children|household|lodger"
_ETHNICITY = re.compile(
    rf"\b(?:{_BE}\s+(?:an?\s+)?(?:{_ETHNIC_GROUPS})\b(?!\s+(?:restaurant|takeaway|shop|food|community|centre|center|society|association|festival|market|church))|"
    rf"(?:{_ETHNIC_GROUPS})\s+(?:{_PERSON_NOUNS})\b|of\s+(?:\w+\s+){{0,2}}(?:origin|descent|heritage|ethnicity)\b|"
    rf"{_POSSESSIVE}\s+(?:ethnicity|race|ethnic\s+origin|skin\s+colou?r|immigration\s+status))",
    re.I,
)

_FAITHS = r"Muslim|Christian|Catholic|Jewish|Jew|Hindu|Sikh|Buddhist|atheist|Jehovah'?s\s+Witness|Mormon|Quaker|Rastafarian|born[- ]again"
_RELIGION = re.compile(
    rf"\b(?:{_BE}\s+(?:an?\s+)?(?:devout\s+|practising\s+|observant\s+)?(?:{_FAITHS})\b(?!\s+(?:school|church|community|centre|charity|festival|leaders?))|"
    rf"(?:{_FAITHS})\s+(?:{_PERSON_NOUNS})\b|converted\s+to\s+\w+|{_POSSESSIVE}\s+(?:faith|religion|religious\s+beliefs)|"
    rf"(?:goes|went|go)\s+to\s+(?:the\s+)?(?:mosque|synagogue|gurdwara|temple|mandir))",
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
    rf"criminal\s+record|sex\s+offenders?'?\s+register|(?:an?\s+)?(?:ASBO|CBO|restraining\s+order|injunction)\s+against)\b",
    re.I,
)


def special_category_recognizer() -> RegexRecognizer:
    rules = [
        RegexRule("health", _HEALTH, 0.75),
        RegexRule("ethnicity", _ETHNICITY, 0.7),
        RegexRule("religion", _RELIGION, 0.7),
        RegexRule("sexuality", _SEXUALITY, 0.7),
        RegexRule("criminal", _CRIMINAL, 0.75),
    ]
    return RegexRecognizer(SPECIAL_CATEGORY, rules, "UkSpecialCategoryRecognizer")
