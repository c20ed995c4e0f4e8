"""The protocol corpus: labelled drafts in ``training/corpus/*.jsonl`` (for training and
development) and ``training/blind/*.jsonl`` (blind splits, never tuned on).

Each line is a Draft of the checker's contract with labels (docs/annotation-guide.md):
``expect`` (rules the checker must raise at warn or block), ``evidence`` (for each rule
in ``expect``, the exact substring that makes it a breach) and ``hard_negative_for``.

    python -m training.corpus training/corpus/social.jsonl   # validate a file
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "training" / "corpus"
BLIND = REPO / "training" / "blind"
RULES_DIR = REPO / "src" / "councilguard" / "protocols" / "havering-2018" / "rules"
RULE_IDS = frozenset(p.stem for p in RULES_DIR.glob("*.yaml"))
# Rules that only advise or inform: never listed in ``expect``.
ADVISORY = frozenset({"tone", "posting-in-haste", "official-capacity", "bio-disclaimer", "platform-limit"})
LABEL_KEYS = ("expect", "evidence", "hard_negative_for", "note", "voice")


def problems_of(row: object) -> list[str]:
    """What is wrong with one labelled draft (empty when it is well formed)."""
    from councilguard.checker.draft import Draft, DraftError

    if not isinstance(row, dict):
        return ["not a JSON object"]
    found = []
    if not isinstance(row.get("id"), str) or not row["id"]:
        found.append("id: missing")
    expect = row.get("expect")
    if not isinstance(expect, list):
        found.append("expect: must be a list of rule ids")
        expect = []
    for rule in expect:
        if rule not in RULE_IDS:
            found.append(f"expect: unknown rule {rule!r}")
        elif rule in ADVISORY:
            found.append(f"expect: {rule!r} only advises or informs; leave it out")
    evidence = row.get("evidence") or {}
    if not isinstance(evidence, dict):
        found.append("evidence: must map rule ids to substrings")
        evidence = {}
    text = row.get("text") if isinstance(row.get("text"), str) else ""
    for rule, span in evidence.items():
        if rule not in expect:
            found.append(f"evidence: {rule!r} is not in expect")
        for piece in span if isinstance(span, list) else [span]:
            if not isinstance(piece, str) or not piece or piece not in text:
                found.append(f"evidence[{rule}]: {piece!r} is not a substring of text")
    for rule in row.get("hard_negative_for") or []:
        if rule not in RULE_IDS:
            found.append(f"hard_negative_for: unknown rule {rule!r}")
        elif rule in expect:
            found.append(f"hard_negative_for: {rule!r} is also in expect")
    try:
        Draft.from_dict(draft_of(row))
    except DraftError as exc:
        found.append(f"not a valid draft: {exc}")
    return found


def draft_of(row: dict) -> dict:
    """The Draft part of a labelled row (the labels taken off)."""
    return {k: v for k, v in row.items() if k not in LABEL_KEYS}


def read(path: Path) -> list[dict]:
    """Every well-formed row of ``path``; a malformed one stops with its line number."""
    rows = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{number}: invalid JSON: {exc}") from None
            problems = problems_of(row)
            if problems:
                raise SystemExit(f"{path}:{number}: " + "; ".join(problems))
            rows.append(row)
    return rows


def load(folder: Path = CORPUS) -> list[dict]:
    """Every labelled draft in ``folder`` (``training/corpus`` by default), in file order."""
    paths = sorted(folder.glob("*.jsonl"))
    if not paths:
        raise SystemExit(f"no labelled drafts in {folder}")
    return [row for path in paths for row in read(path)]


def main(argv: list[str]) -> int:
    total: Counter[str] = Counter()
    bad = 0
    for name in argv or [str(p) for p in sorted(CORPUS.glob("*.jsonl"))]:
        path = Path(name)
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    print(f"{path}:{number}: invalid JSON: {exc}")
                    bad += 1
                    continue
                problems = problems_of(row)
                if problems:
                    print(f"{path}:{number}: " + "; ".join(problems))
                    bad += 1
                    continue
                total["drafts"] += 1
                total["negatives" if not row["expect"] else "positives"] += 1
                total.update(f"rule {r}" for r in row["expect"])
    for key, count in sorted(total.items()):
        print(f"{count:6d}  {key}")
    print(f"{bad} bad lines")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
