"""A Presidio recognizer driven by a table of regular expressions.

Presidio's own PatternRecognizer reports the whole match; UK personal data often needs
a lead-in to be recognised ("born on …", "case ref …", "her number is …") while only
the datum itself is personal data and should be highlighted or redacted. Each rule here
names the capture group that is the entity, and may validate the match (a checksum, a
valid prefix) and adjust its score.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from presidio_analyzer import LocalRecognizer, RecognizerResult

# A validator returns the score to report (0 rejects the match) and extra detail.
Validator = Callable[[re.Match[str], str], tuple[float, dict[str, Any]]]


@dataclass(frozen=True)
class RegexRule:
    name: str
    pattern: re.Pattern[str]
    score: float
    group: str | int = 0
    validate: Validator | None = None
    # The same pattern for lower-cased text, matched case-sensitively: Python's re runs
    # a case-insensitive pattern 3-8 times slower. None where it cannot stand in.
    lowered: re.Pattern[str] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lowered", _lowered(self.pattern) if self.validate is None else None)


class RegexRecognizer(LocalRecognizer):
    """One entity type, found by a list of ``RegexRule``s."""

    def __init__(self, entity: str, rules: list[RegexRule], name: str | None = None):
        self.rules = rules
        super().__init__(supported_entities=[entity], name=name or f"{entity}Recognizer", supported_language="en")

    def load(self) -> None:  # patterns are compiled at import; nothing to load
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        entity = self.supported_entities[0]
        if entities and entity not in entities:
            return []
        results: list[RecognizerResult] = []
        lower = text.lower()
        same_offsets = len(lower) == len(text)  # not so for a few letters ("İ")
        for rule in self.rules:
            pattern, subject = rule.pattern, text
            if rule.lowered is not None and same_offsets:
                pattern, subject = rule.lowered, lower
            for match in pattern.finditer(subject):
                start, end = match.span(rule.group)
                if start < 0 or end <= start:
                    continue
                score, detail = rule.score, dict[str, Any]()
                if rule.validate is not None:
                    score, detail = rule.validate(match, text)
                    if score <= 0:
                        continue
                results.append(self.result(start, end, score, rule.name, detail))
        return results

    def result(self, start: int, end: int, score: float, rule: str, detail: dict[str, Any]) -> RecognizerResult:
        return RecognizerResult(
            self.supported_entities[0],
            start,
            end,
            score,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,  # type: ignore[has-type]
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                "rule": rule,
                **detail,
            },
        )


# Escapes whose letter's case is their meaning (\S is not \s): a pattern using one is
# left as it is rather than lower-cased.
_CASED_ESCAPE = re.compile(r"\\[A-Z]|\(\?P?<[^>=!]*[A-Z]")


def _lowered(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` (case-insensitive) as a case-sensitive pattern for lower-cased text."""
    if not pattern.flags & re.IGNORECASE or _CASED_ESCAPE.search(pattern.pattern):
        return None
    source = pattern.pattern.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P=")
    return re.compile(source, pattern.flags & ~re.IGNORECASE)


def near_before(text: str, index: int, pattern: re.Pattern[str], window: int = 40) -> bool:
    """Whether ``pattern`` occurs in the ``window`` characters before ``index``."""
    return pattern.search(text, max(0, index - window), index) is not None
