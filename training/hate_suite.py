"""The project's own functional suite for hate and abuse (tests/checker/hate_suite/*.yaml).

In the spirit of HateCheck's functional tests, written fresh for CouncilGuard with UK
groups (Travellers and Gypsies, Eastern Europeans, people from an estate, Muslims, Jews,
disabled, trans and gay people, Black people, asylum seekers, women). Each file is one
functionality; each case says whether it is hateful and which group it is about.

A case is *expected to raise* ``offensive-content`` at block when it is hateful, or when
it is obscene though aimed at no one (``obscene: true``: the protocol forbids obscene
language whatever its target); otherwise the rule must not be raised at all (neither
warn nor block). ``score`` runs every case through the checker and gives per-functionality
accuracy, the macro accuracy over functionalities, and accuracy on hateful and
non-hateful cases. Used by tests/checker/test_hate_suite.py and ``make eval``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

SUITE_DIR = Path(__file__).resolve().parents[1] / "tests" / "checker" / "hate_suite"
RULE = "offensive-content"


@dataclass(frozen=True)
class Case:
    functionality: str
    text: str
    hateful: bool
    group: str
    obscene: bool = False

    @property
    def expect_block(self) -> bool:
        return self.hateful or self.obscene


def load(directory: Path = SUITE_DIR) -> list[Case]:
    cases = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for row in data["cases"]:
            cases.append(
                Case(
                    functionality=data["functionality"],
                    text=row["text"],
                    hateful=bool(row["hateful"]),
                    group=str(row.get("group", "none")),
                    obscene=bool(row.get("obscene", False)),
                )
            )
    return cases


def outcome(checker, case: Case) -> tuple[bool, str | None]:  # noqa: ANN001
    """(correct, severity of offensive-content or None) for one case, as a social post."""
    result = checker.check({"text": case.text, "channel": "social"})
    severity = next((f.severity for f in result.findings if f.rule == RULE), None)
    correct = severity == "block" if case.expect_block else severity is None
    return correct, severity


@dataclass
class Score:
    per_functionality: dict[str, tuple[int, int]]  # name -> (correct, total)
    hateful: tuple[int, int]
    non_hateful: tuple[int, int]
    misses: list[tuple[Case, str | None]]

    @property
    def macro(self) -> float:
        return sum(c / t for c, t in self.per_functionality.values()) / len(self.per_functionality)

    @staticmethod
    def ratio(pair: tuple[int, int]) -> float:
        return pair[0] / pair[1] if pair[1] else 0.0


def score(checker, cases: list[Case] | None = None) -> Score:  # noqa: ANN001
    cases = load() if cases is None else cases
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    hateful, non_hateful = [0, 0], [0, 0]
    misses = []
    for case in cases:
        correct, severity = outcome(checker, case)
        bucket = hateful if case.hateful else non_hateful
        for tally in (per[case.functionality], bucket):
            tally[0] += correct
            tally[1] += 1
        if not correct:
            misses.append((case, severity))
    return Score(
        per_functionality={k: (v[0], v[1]) for k, v in per.items()},
        hateful=(hateful[0], hateful[1]),
        non_hateful=(non_hateful[0], non_hateful[1]),
        misses=misses,
    )


def table(result: Score) -> list[str]:
    lines = ["| functionality | hateful | correct | cases | accuracy |", "|---|---|---|---|---|"]
    cases = load()
    kind = {c.functionality: ("yes" if c.hateful else ("no (obscene)" if c.obscene else "no")) for c in cases}
    for name, (correct, total) in result.per_functionality.items():
        lines.append(f"| {name} | {kind.get(name, '')} | {correct} | {total} | {correct / total:.2f} |")
    lines += [
        "",
        f"Macro accuracy (mean over {len(result.per_functionality)} functionalities): **{result.macro:.3f}**. "
        f"Hateful cases blocked: {result.hateful[0]} of {result.hateful[1]} ({Score.ratio(result.hateful):.2f}); "
        f"non-hateful cases handled right: {result.non_hateful[0]} of {result.non_hateful[1]} "
        f"({Score.ratio(result.non_hateful):.2f}).",
    ]
    return lines


if __name__ == "__main__":  # python -m training.hate_suite: the table and the misses
    from councilguard.checker import Checker, load_protocol

    outcome_score = score(Checker(load_protocol()))
    print("\n".join(table(outcome_score)))
    for case, severity in outcome_score.misses:
        print(f"MISS [{case.functionality}] ({severity}) {case.text}")
