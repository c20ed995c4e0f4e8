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
from dataclasses import dataclass
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
        for rule in self.rules:
            for match in rule.pattern.finditer(text):
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


def near_before(text: str, index: int, pattern: re.Pattern[str], window: int = 40) -> bool:
    """Whether ``pattern`` occurs in the ``window`` characters before ``index``."""
    return pattern.search(text, max(0, index - window), index) is not None
