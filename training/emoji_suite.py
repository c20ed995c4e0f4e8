"""Hate and non-hate written with emoji: two labelled sets in the shape of the hate suite.

Issue 10 asks for emoji hate caught as often as hate in words, and a published suite of
hate expressed with emoji caught 31% of the time. Two helpers wrote a set each, from the
functionalities alone (an emoji for the violent verb, for the group, for the insult, for
both; hate with emoji appended, with friendly emoji that do not soften it, emoji as letters
in a slur; and the other side: supportive and neutral identity emoji, counter-speech,
emoji violence aimed at traffic or football rivals, negated hate), with UK groups:

- ``training/data/emoji_suite_dev.jsonl`` (323 cases): the development set. Its misses
  may be read (``python -m training.emoji_suite --misses``) and the emoji tables tuned on
  it, so its figure is in-distribution.
- ``training/blind/emoji/emoji-2026-12.jsonl`` (326 cases): written by another helper who never
  saw the checker, the tables or the development set. Only its figures are printed.

A case is scored as the hate suite scores one (training/hate_suite.py: a hateful case must
raise ``offensive-content`` at block, any other must not raise it), and also by whether
the hateful case is raised at all (warn or block), the measure the published suites use.
"""

# ruff: noqa: E501 (table rows read best unbroken)

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import hate_suite

ROOT = Path(__file__).resolve().parent
DEV = ROOT / "data" / "emoji_suite_dev.jsonl"
BLIND = ROOT / "blind" / "emoji" / "emoji-2026-12.jsonl"
SETS = {"development (tuned on: in-distribution)": DEV, "blind (never read)": BLIND}


def load(path: Path) -> list[hate_suite.Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            cases.append(hate_suite.Case(row["functionality"], row["text"], bool(row["hateful"]), row["target"]))
    return cases


def figures(checker, cases: list[hate_suite.Case]) -> dict:  # noqa: ANN001
    """Macro accuracy over functionalities (hate suite scoring), the hateful cases blocked
    and raised at all, and the non-hateful cases raised (false alarms)."""
    result = hate_suite.score(checker, cases)
    missed_entirely = sum(1 for case, severity in result.misses if case.hateful and severity is None)
    hateful_total = result.hateful[1]
    non_hateful_raised = result.non_hateful[1] - result.non_hateful[0]
    return {
        "score": result,
        "macro": result.macro,
        "hateful_blocked": result.hateful[0] / hateful_total,
        "hateful_raised": (hateful_total - missed_entirely) / hateful_total,
        "non_hateful_raised": non_hateful_raised / result.non_hateful[1],
        "n": len(cases),
    }


def table(checker) -> list[str]:  # noqa: ANN001
    """The eval section: both sets, per functionality and overall."""
    measured = {name: figures(checker, load(path)) for name, path in SETS.items()}
    names = list(measured)
    lines = [
        "| functionality | hateful | " + " | ".join(f"{n.split(' ')[0]} correct" for n in names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    kinds: dict[str, bool] = {}
    for path in SETS.values():
        for case in load(path):
            kinds.setdefault(case.functionality, case.hateful)
    for func, hateful in kinds.items():
        cells = []
        for name in names:
            correct, total = measured[name]["score"].per_functionality.get(func, (0, 0))
            cells.append(f"{correct} / {total} ({correct / total:.2f})" if total else "–")
        lines.append(f"| {func} | {'yes' if hateful else 'no'} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "| set | cases | macro accuracy | hateful blocked | hateful raised (warn or block) | not hateful raised |",
        "|---|---|---|---|---|---|",
    ]
    for name in names:
        m = measured[name]
        lines.append(
            f"| {name} | {m['n']} | **{m['macro']:.3f}** | {m['hateful_blocked']:.1%} | {m['hateful_raised']:.1%} | {m['non_hateful_raised']:.1%} |"
        )
    return lines


def main(argv: list[str]) -> int:
    from councilguard.checker import Checker

    checker = Checker()
    print("\n".join(table(checker)))
    if "--misses" in argv:  # the development set's only: the blind set's are never printed
        print("\nDevelopment misses:")
        for case, severity in figures(checker, load(DEV))["score"].misses:
            print(f"  [{case.functionality}] hateful={case.hateful} got={severity}: {case.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
