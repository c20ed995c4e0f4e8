"""The words and colours every output uses for the checker's verdicts and severities.

The CLI's text report, the scan report, the web pages, the OpenAPI document and the
database's choices all read their labels from here, so a thing has one name wherever a
reader meets it. The words come from the contract and ``spec/rules.md``: ``block`` is "a
clear breach: do not send", ``warn`` "a likely breach: review it", ``advise`` guidance and
``info`` context. A verdict is what to do with the whole draft; a severity describes one
finding, so the two never share a label ("Do not send" is a verdict, "Clear breach" a
severity).

Colours are GOV.UK Design System tag colours (``govuk-tag--red`` and so on); the scan
report, which must open offline without GOV.UK Frontend, uses the same colours' hex values.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    value: str  # the contract's value ("do-not-send", "block")
    label: str  # the short name a tag or a column shows
    colour: str  # a GOV.UK tag colour
    sentence: str  # what it means for the reader, a sentence that does not repeat the label

    @property
    def tag_class(self) -> str:
        return f"govuk-tag govuk-tag--{self.colour}"


VERDICT_TERMS: dict[str, Term] = {
    "ok": Term("ok", "OK", "green", "Nothing in the protocol stands in the way of sending this."),
    "review": Term("review", "Review", "yellow", "This may breach the protocol: read the findings before sending it."),
    "do-not-send": Term("do-not-send", "Do not send", "red", "This breaches the protocol as it stands."),
}
VERDICTS: tuple[str, ...] = tuple(VERDICT_TERMS)

SEVERITY_TERMS: dict[str, Term] = {
    "block": Term("block", "Clear breach", "red", "The protocol says this must not be sent."),
    "warn": Term("warn", "Likely breach", "orange", "Read it in context before sending."),
    "advise": Term("advise", "Advice", "blue", "Good practice the protocol recommends."),
    "info": Term("info", "Note", "grey", "Worth knowing: nothing to change."),
}

# A rule's severity_when may turn the rule off in some contexts ("severity: off"); the rule
# pages say so in the same tag style. It is never a finding's severity.
RULE_OFF = Term("off", "Not raised", "grey", "The rule does not apply in this context.")

# A draft's platform as readers know it (the contract's value is lower case: "twitter").
PLATFORM_LABELS: dict[str, str] = {
    "twitter": "X (Twitter)",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "linkedin": "LinkedIn",
    "youtube": "YouTube",
    "blog": "Blog",
    "snapchat": "Snapchat",
    "tiktok": "TikTok",
    "other": "Another platform",
}

# GOV.UK Frontend's tag colours (text on tint), for pages that cannot load its stylesheet.
TAG_COLOURS_HEX: dict[str, tuple[str, str]] = {
    "red": ("#2a0b06", "#f4cdc6"),
    "orange": ("#6e3619", "#fcd6c3"),
    "yellow": ("#594d00", "#fff7bf"),
    "green": ("#005a30", "#cce2d8"),
    "blue": ("#0c2d4a", "#bbd4ea"),
    "grey": ("#282d30", "#eeefef"),
}

# The advice every report ends on when a draft is not OK (SM.do.6: ask before sending).
ASK_FIRST = "In doubt? The protocol's advice is to ask the Monitoring Officer before sending."


def verdict_term(verdict: str) -> Term:
    """The words for a verdict; a ``KeyError`` here is a programming error, not bad input."""
    return VERDICT_TERMS[verdict]


def severity_term(severity: str) -> Term:
    return RULE_OFF if severity == RULE_OFF.value else SEVERITY_TERMS[severity]


def platform_label(platform: str) -> str:
    return PLATFORM_LABELS.get(platform, platform.title())


def verdict_choices() -> list[tuple[str, str]]:
    """Django ``choices`` for a verdict column: the contract's value and its label."""
    return [(t.value, t.label) for t in VERDICT_TERMS.values()]
