"""Every rule measured at draft level, on text its heads never trained on, beside the
checker as it stood before the learned heads (the anchor), in the same run.

Sets (each rule's precision, recall and F1 over warn and block findings):
- the blind splits in ``training/blind/`` (written by an author who never saw the
  training corpus; never tuned on);
- the corpus's development split (``training/corpus``, one id in five): in-distribution,
  since thresholds and weights were chosen on it;
- real sets nobody here wrote, mapped to the rules: UK manifesto sentences of 2017 sent
  from a council address (``party-political-use``), OLID level A test, HatemojiBuild test
  and ConvAbuse test (``offensive-content``), and US politicians' neutral posts from
  personal accounts (should raise nothing offensive).

The anchor is the checker at commit ``BASELINE`` (the start of issue 10: word lists,
patterns and the OLID models, no heads), unpacked from git into ``build/baseline`` and
run in a subprocess on the same drafts.
"""

# ruff: noqa: E501 (report prose reads best unbroken)

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterable
from pathlib import Path

from councilguard.checker.engine import Checker

from . import corpus, data
from .train_heads import hatemoji, is_dev, manifesto_sentences

BASELINE = "f31d77d"
BASELINE_DIR = data.REPO / "build" / "baseline"
COUNCIL_SENDER = "cllr.sam.green@havering.gov.uk"
RAISING = ("warn", "block")

_RUNNER = """
import json, sys
from councilguard.checker.engine import Checker
checker = Checker()
for line in sys.stdin:
    result = checker.check(json.loads(line))
    print(json.dumps({f.rule: f.severity for f in result.findings if f.severity in ("warn", "block")}))
"""


def baseline_available() -> bool:
    if (BASELINE_DIR / "src" / "councilguard").is_dir():
        return True
    try:
        archive = subprocess.run(
            ["git", "-C", str(data.REPO), "archive", "--format=tar", BASELINE, "src/councilguard"],
            check=True, capture_output=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return False
    BASELINE_DIR.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(BASELINE_DIR, filter="data")
    return True


def raised_by_baseline(drafts: list[dict]) -> list[dict[str, str]] | None:
    """What the anchor raises (rule -> severity) on each draft, or None without git."""
    if not baseline_available():
        return None
    env = {**os.environ, "PYTHONPATH": str(BASELINE_DIR / "src")}
    lines = "".join(json.dumps(d) + "\n" for d in drafts)
    out = subprocess.run(
        [sys.executable, "-c", _RUNNER], input=lines, capture_output=True, text=True, env=env, check=True
    )
    return [json.loads(line) for line in out.stdout.splitlines()]


def raised_by(checker: Checker, drafts: list[dict]) -> list[dict[str, str]]:
    return [{f.rule: f.severity for f in checker.check(d).findings if f.severity in RAISING} for d in drafts]


def prf(
    rule: str, gold: list[set[str]], raised: list[dict[str, str]], severity: Iterable[str] = RAISING
) -> tuple[float | None, float | None, float | None, int]:
    wanted = set(severity)
    tp = sum(1 for g, r in zip(gold, raised, strict=True) if rule in g and r.get(rule) in wanted)
    fp = sum(1 for g, r in zip(gold, raised, strict=True) if rule not in g and r.get(rule) in wanted)
    fn = sum(1 for g, r in zip(gold, raised, strict=True) if rule in g and r.get(rule) not in wanted)
    p = tp / (tp + fp) if tp + fp else None
    rec = tp / (tp + fn) if tp + fn else None
    f = 2 * p * rec / (p + rec) if p and rec else (0.0 if p is not None and rec is not None else None)
    return p, rec, f, tp + fn


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def rule_table(
    name: str, rows: list[dict], checker: Checker, note: str, anchors: bool = True
) -> tuple[list[str], dict]:
    drafts = [corpus.draft_of(r) for r in rows]
    gold = [set(r["expect"]) for r in rows]
    ours = raised_by(checker, drafts)
    anchor = raised_by_baseline(drafts) if anchors else None
    rules = sorted({rule for g in gold for rule in g})
    lines = [
        f"### {name} ({len(rows)} drafts)",
        "",
        note,
        "",
        "| rule | n | P | R | F1 | P at block | anchor P | anchor R | anchor F1 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    figures = {}
    for rule in rules:
        p, r, f, n = prf(rule, gold, ours)
        pb, _, _, _ = prf(rule, gold, ours, ("block",))
        ap, ar, af, _ = prf(rule, gold, anchor) if anchor is not None else (None, None, None, 0)
        figures[rule] = {"p": p, "r": r, "f1": f, "n": n, "p_block": pb, "anchor_f1": af}
        lines.append(
            f"| `{rule}` | {n} | {_cell(p)} | {_cell(r)} | {_cell(f)} | {_cell(pb)} | {_cell(ap)} | {_cell(ar)} | {_cell(af)} |"
        )
    micro = _micro(gold, ours, rules)
    anchor_micro = _micro(gold, anchor, rules) if anchor is not None else None
    lines += [
        f"| **all rules (micro)** | {sum(f['n'] for f in figures.values())} | {_cell(micro[0])} | {_cell(micro[1])} | **{_cell(micro[2])}** | | {_cell(anchor_micro[0] if anchor_micro else None)} | {_cell(anchor_micro[1] if anchor_micro else None)} | {_cell(anchor_micro[2] if anchor_micro else None)} |",
        "",
    ]
    clean = [i for i, g in enumerate(gold) if not g]
    blocks = sum(1 for i in clean if "block" in ours[i].values())
    warns = sum(1 for i in clean if ours[i] and "block" not in ours[i].values())
    lines += [f"Drafts that must pass: {len(clean)}; raised at block {blocks}, at warn only {warns}.", ""]
    return lines, {"rules": figures, "micro": micro, "anchor_micro": anchor_micro}


def _micro(gold: list[set[str]], raised: list[dict[str, str]], rules: list[str]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for g, r in zip(gold, raised, strict=True):
        got = {rule for rule in r if rule in rules}
        tp += len(got & g)
        fp += len(got - g)
        fn += len(g - got)
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return p, rec, (2 * p * rec / (p + rec) if p + rec else 0.0)


# --- real sets ------------------------------------------------------------------------


def _share(raised: list[dict[str, str]], rule: str) -> float:
    return sum(1 for r in raised if rule in r) / max(1, len(raised))


def real_sets(checker: Checker, fast: bool, anchors: bool = True) -> list[str]:
    step = 8 if fast else 1
    lines = [
        "### Real sets nobody here wrote",
        "",
        "Share of each set's drafts raised at warn or block by the rule named, ours beside the anchor (same drafts, same run).",
        "",
        "| set | rule | drafts | should raise | ours | anchor |",
        "|---|---|---|---|---|---|",
    ]

    def row(name: str, rule: str, drafts: list[dict], should: str) -> None:
        ours = raised_by(checker, drafts)
        anchor = raised_by_baseline(drafts) if anchors else None
        lines.append(
            f"| {name} | `{rule}` | {len(drafts)} | {should} | {_share(ours, rule):.1%} | {'–' if anchor is None else f'{_share(anchor, rule):.1%}'} |"
        )

    manifesto = manifesto_sentences(("2017",))[:: step * 4]
    row("UK manifestos 2017, e-mailed from a council address", "party-political-use",
        [{"text": t, "channel": "email", "account": "council", "sender": COUNCIL_SENDER, "recipients": {"to": ["residents@example.org"]}} for t in manifesto],
        "all")  # fmt: skip
    olid = data.olid_level("a").test
    off = [t for t, y in zip(olid.texts, olid.labels, strict=True) if y == "OFF"][::step]
    not_off = [t for t, y in zip(olid.texts, olid.labels, strict=True) if y == "NOT"][::step]
    row("OLID A test, offensive", "offensive-content", [{"text": t} for t in off], "all")
    row("OLID A test, not offensive", "offensive-content", [{"text": t} for t in not_off], "none")
    hate = hatemoji("test")[::step]
    row("HatemojiBuild test, hateful", "offensive-content", [{"text": t} for t, y in hate if y == 1], "all")
    row("HatemojiBuild test, not hateful", "offensive-content", [{"text": t} for t, y in hate if y == 0], "none")
    abuse, clean = convabuse_test()
    row(
        "ConvAbuse test, abusive (majority of raters)", "offensive-content", [{"text": t} for t in abuse[::step]], "all"
    )
    row("ConvAbuse test, not abusive", "offensive-content", [{"text": t} for t in clean[:: step * 4]], "none")
    neutral = [t for t, y in zip(*_political_bias_test(), strict=True) if y == "neutral"][:: step * 2]
    row(
        "politicians' neutral posts, personal accounts",
        "offensive-content",
        [{"text": t, "channel": "social", "account": "personal", "platform": "twitter"} for t in neutral],
        "none",
    )
    lines.append("")
    return lines


def _political_bias_test() -> tuple[list[str], list[str]]:
    test = data.political("bias").test
    return test.texts, test.labels


def convabuse_test() -> tuple[list[str], list[str]]:
    """ConvAbuse test messages (the user's turn), abusive when most raters said so."""
    with data.data_file("convabuse/ConvAbuseEMNLPtest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    abuse, clean = [], []
    for r in rows:
        votes = []
        for k in range(1, 9):
            scores = {v: r.get(f"Annotator{k}_is_abuse.{v}") for v in ("1", "0", "-1", "-2", "-3")}
            if any(s == "1" for s in scores.values()):
                votes.append(scores["1"] != "1")  # 1 means "not abusive"
        if not votes or not r["user"].strip():
            continue
        (abuse if sum(votes) * 2 > len(votes) else clean).append(r["user"])
    return abuse, clean


FLOORS = data.REPO / "training" / "results" / "rule-floors.json"
FLOOR_MARGIN = 0.05


def floors() -> dict[str, float]:
    """Each rule's F1 floor on the blind splits, recorded by the last `make eval`."""
    return json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}


def record_floors(figures: dict) -> dict[str, float]:
    """Each measured split's floors; a split not measured this run keeps its floors."""
    measured = tuple(f"{name}:" for name in figures)
    recorded = {k: v for k, v in floors().items() if not k.startswith(measured)}
    for name, figs in figures.items():
        if name == "development":
            continue
        for rule, f in figs["rules"].items():
            if f["f1"] is not None:
                recorded[f"{name}:{rule}"] = round(max(0.0, f["f1"] - FLOOR_MARGIN), 3)
        recorded[f"{name}:micro"] = round(max(0.0, figs["micro"][2] - FLOOR_MARGIN), 3)
    FLOORS.parent.mkdir(parents=True, exist_ok=True)
    FLOORS.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return recorded


def below_floor(figures: dict, recorded: dict[str, float]) -> list[str]:
    """What fell below its recorded floor (for the fast evaluation in CI)."""
    failures = []
    for name, figs in figures.items():
        for rule, f in figs["rules"].items():
            floor = recorded.get(f"{name}:{rule}")
            if floor is not None and (f["f1"] or 0.0) < floor:
                failures.append(f"rule {rule}: F1 {f['f1'] or 0:.3f} on {name}, below its floor {floor:.3f}")
        floor = recorded.get(f"{name}:micro")
        if floor is not None and figs["micro"][2] < floor:
            failures.append(f"rules: micro F1 {figs['micro'][2]:.3f} on {name}, below its floor {floor:.3f}")
    return failures


def wanted_splits(splits: Iterable[str] | None) -> tuple[list[Path], bool, bool]:
    """The blind files, whether the development split and whether the real sets are
    scored, for ``--splits`` (None: every one). A blind split that is still blind must
    not be scored while tuning, so a tuning run names the spent ones it may read."""
    paths = sorted(corpus.BLIND.glob("*.jsonl"))
    if splits is None:
        return paths, True, True
    chosen = set(splits)
    known = {p.stem for p in paths} | {"dev", "real"}
    unknown = sorted(chosen - known)
    if unknown:
        raise SystemExit(f"--splits: unknown split {unknown[0]!r} (known: {', '.join(sorted(known))})")
    return [p for p in paths if p.stem in chosen], "dev" in chosen, "real" in chosen


def section(fast: bool = False, splits: Iterable[str] | None = None) -> tuple[list[str], dict]:
    """The page's section and the figures. Fast (CI): the blind splits in full, the real
    sets sampled, no anchor. ``splits``: the names of the sets to score (blind file
    stems, ``dev``, ``real``); None scores every one."""
    anchors = not fast
    checker = Checker()
    lines = ["## Every rule, draft by draft: blind split, development split and real sets", ""]
    lines += [__doc__.split("\n\n", 1)[1].strip(), ""]
    figures = {}
    blind_paths, with_dev, with_real = wanted_splits(splits)
    for path in blind_paths:
        rows = corpus.read(path)
        part, figs = rule_table(
            f"Blind split `{path.relative_to(data.REPO)}`", rows, checker,
            "Written by an author who never saw the training corpus or the rule files; never tuned on.",
            anchors,
        )  # fmt: skip
        lines += part
        figures[path.stem] = figs
    if with_dev:
        rows = [r for r in corpus.load() if is_dev(r["id"])]
        part, figs = rule_table(
            "Development split of the corpus", rows, checker,
            "In-distribution: written by the same authors as the training part (the heads never trained on it, but their authors' habits are the training part's).",
            anchors,
        )  # fmt: skip
        lines += part
        figures["development"] = figs
    if with_real:
        lines += real_sets(checker, fast, anchors)
    return lines, figures


def parse_splits(value: str | None) -> list[str] | None:
    return [s.strip() for s in value.split(",") if s.strip()] if value else None


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Every rule, draft by draft (build/rules-evaluation.md).")
    parser.add_argument("--fast", action="store_true", help="real sets sampled, no anchor")
    parser.add_argument("--splits", help="comma-separated sets to score: blind file stems, dev, real (default: all)")
    args = parser.parse_args()
    text, _ = section(fast=args.fast, splits=parse_splits(args.splits))
    Path(data.REPO / "build").mkdir(exist_ok=True)
    (data.REPO / "build" / "rules-evaluation.md").write_text("\n".join(text) + "\n", encoding="utf-8")
    print("\n".join(text))
