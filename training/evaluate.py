"""The evaluation page: ``make eval`` writes docs/evaluation.md; ``make eval-fast`` runs a
fixed sample for CI and exits 1 when a model falls below the floor recorded in its card.

Every figure is measured in this run, on held-out data, through the checker's own
code (the shipped model files, scored as the checker scores them), with its anchor
beside it on the same texts:

- models: the test splits of ../shared/data; anchors alt-profanity-check and keyword
  lists (training/anchors.py); the sentence-embedding comparison from
  training/results/embeddings.json (``make train-embeddings``);
- rules: ../shared/spec/examples.jsonl, each rule's own examples, and the project's
  clean set of everyday councillor posts (training/data/clean_posts.jsonl, target: no
  ``block``);
- personal data: training/eval_personal_data.py (a section of its own).
"""

# ruff: noqa: E501 (report prose, model cards and word lists read best unbroken)

from __future__ import annotations

import argparse
import functools
import importlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from councilguard.checker import Checker, load_protocol
from councilguard.checker import models as shipped

from . import anchors, data
from . import evaluate_rules as evaluate_rules_by_draft
from .metrics import prf, reliability, report

DOC = data.REPO / "docs" / "evaluation.md"
CLEAN_POSTS = data.REPO / "training" / "data" / "clean_posts.jsonl"
HOLDOUT = data.REPO / "tests" / "data" / "holdout_drafts.jsonl"
EMBEDDINGS = data.REPO / "training" / "results" / "embeddings.json"
FAST_SAMPLE = 300  # the same size train.py records its floors on
OLID_A_TARGET = 0.80
ATTACK_THRESHOLD = 0.4  # the personal-attack chain's threshold proposed for the rule


@dataclass
class ModelTask:
    model: str
    load: Callable[[], data.Task]
    metric: str  # "macro_f1" or "f1:<label>"
    anchors: dict[str, Callable[[list[str]], list[str]]] = field(default_factory=dict)
    target: float | None = None


def _profanity_labels(texts: list[str]) -> list[str]:
    return ["OFF" if p >= 0.5 else "NOT" for p in anchors.profanity_check(texts)]


def _constant(label: str) -> Callable[[list[str]], list[str]]:
    return lambda texts: [label] * len(texts)


TASKS = [
    ModelTask(
        "offensive",
        lambda: data.olid_level("a"),
        "macro_f1",
        {"alt-profanity-check": _profanity_labels, "keyword list": anchors.keyword_offensive},
        OLID_A_TARGET,
    ),
    ModelTask(
        "targeted",
        lambda: data.olid_level("b"),
        "macro_f1",
        {"all TIN (majority)": _constant("TIN")},
    ),
    ModelTask("target", lambda: data.olid_level("c"), "macro_f1", {"all IND (majority)": _constant("IND")}),
    ModelTask(
        "partisan",
        lambda: data.political("bias"),
        "macro_f1",
        {"keyword list": anchors.keyword_partisan},
    ),
    ModelTask(
        "campaign",
        lambda: data.political("message"),
        "macro_f1",
        {"keyword list": anchors.keyword_campaign},
    ),
    ModelTask("sarcasm", data.isarcasm, "f1:sarcastic", {"all sarcastic": _constant("sarcastic")}),
]


@dataclass
class Evaluation:
    sections: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def markdown(self) -> str:
        return "\n".join(self.sections).rstrip() + "\n"


def _headline(figures: dict, metric: str) -> float:
    if metric == "macro_f1":
        return float(figures["macro_f1"])
    return float(figures["labels"][metric.split(":", 1)[1]]["f1"])


def _metric_name(metric: str) -> str:
    return "macro-F1" if metric == "macro_f1" else f"F1 ({metric.split(':', 1)[1]})"


def _predict(model_name: str, texts: list[str]) -> tuple[list[str], list[dict[str, float]]]:
    model = shipped.load_model(model_name)
    probas = [shipped.predict(model_name, t) for t in texts]
    if model.binary:
        positive = model.labels[1]
        threshold = shipped.decision_threshold(model_name)
        labels = [positive if p[positive] >= threshold else model.labels[0] for p in probas]
    else:
        # The weighted decision train.py chose on out-of-fold scores (see its _decide).
        weights = model.card["decision_weights"]
        labels = [max(p, key=lambda label, p=p: p[label] * weights[label]) for p in probas]
    return labels, probas


def _floor(model_name: str) -> dict:
    """The CI floor of a model as the checker runs it: a refiner's (recorded by
    training/finetune.py) when one is shipped, else the linear model's own."""
    ref = shipped.refiner(model_name)
    return (ref.card if ref is not None else shipped.load_model(model_name).card).get("floor", {})


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


# --- models ----------------------------------------------------------------------------------


def evaluate_models(fast: bool, out: Evaluation) -> dict[str, dict]:
    results: dict[str, dict] = {}
    for task_spec in TASKS:
        task = task_spec.load()
        test = task.test.sample(FAST_SAMPLE) if fast else task.test
        model = shipped.load_model(task_spec.model)
        predicted, probas = _predict(task_spec.model, test.texts)
        ours = report(test.labels, predicted, model.labels)
        anchor_figures: dict[str, dict | str] = {}
        if not fast:  # the fast run checks our floors only; anchors do not change between runs
            for name, anchor in task_spec.anchors.items():
                try:
                    anchor_figures[name] = report(test.labels, anchor(test.texts), model.labels)
                except anchors.AnchorUnavailable as exc:
                    anchor_figures[name] = f"not run: {exc}"
                    out.notes.append(f"{task_spec.model}: anchor {name} not run ({exc})")
        if model.binary:
            positive = model.labels[1]
            calib = reliability([p[positive] for p in probas], [g == positive for g in test.labels])
        else:
            calib = reliability(
                [max(p.values()) for p in probas],
                [max(p, key=p.get) == g for p, g in zip(probas, test.labels, strict=True)],
            )
        results[task_spec.model] = {
            "test_texts": test.texts,
            "test_labels": test.labels,
            "task": task,
            "spec": task_spec,
            "ours": ours,
            "anchors": anchor_figures,
            "calibration": calib,
            "n": len(test),
        }
        floor = _floor(task_spec.model)
        fast_figures = (
            ours
            if fast
            else report(
                task.test.sample(FAST_SAMPLE).labels,
                _predict(task_spec.model, task.test.sample(FAST_SAMPLE).texts)[0],
                model.labels,
            )
        )
        value = _headline(fast_figures, floor.get("metric", task_spec.metric))
        results[task_spec.model]["fast"] = value
        if floor and value < float(floor["value"]):
            out.failures.append(
                f"model {task_spec.model}: {floor['metric']} {value:.3f} on the fast sample is below its floor {floor['value']:.3f}"
            )
    return results


def models_summary(results: dict[str, dict], fast: bool) -> list[str]:
    anchor_names = sorted({name for r in results.values() for name in r["spec"].anchors})
    lines = [
        "## Models: summary",
        "",
        "Headline figure of each shipped model on its held-out test split, beside the anchors on the same "
        "texts in the same run. Target: beat every anchor; OLID level A macro-F1 ≥ 0.80.",
        "",
        "| model | test set | metric | ours | " + " | ".join(anchor_names) + " | target | met? |",
        "|---|---|---|---|" + "---|" * len(anchor_names) + "---|---|",
    ]
    for name, r in results.items():
        spec: ModelTask = r["spec"]
        ours = _headline(r["ours"], spec.metric)
        cells, unbeaten = [], []
        for anchor_name in anchor_names:
            figures = r["anchors"].get(anchor_name)
            if isinstance(figures, dict):
                value = _headline(figures, spec.metric)
                if round(ours, 3) <= round(value, 3):
                    unbeaten.append(f"{anchor_name} {'ties' if round(ours, 3) == round(value, 3) else 'scores higher'}")
                cells.append(f"{value:.3f}")
            else:
                cells.append("not run" if isinstance(figures, str) else "")
        target = f"≥ {spec.target:.2f}" if spec.target else "beat anchors"
        met = not unbeaten and (spec.target is None or ours >= spec.target)
        if fast:
            met_text = "(fast run)"
        elif met:
            met_text = "yes"
        else:
            missed = []
            if spec.target is not None and ours < spec.target:
                missed.append(f"**no: {ours:.3f} < {spec.target:.2f}**")
            if unbeaten:
                missed.append(f"**no: {', '.join(unbeaten)}**")
            met_text = "; ".join(missed)
        lines.append(
            f"| `{name}` | {r['task'].test_name} ({r['n']}) | {_metric_name(spec.metric)} | **{ours:.3f}** | "
            + " | ".join(cells)
            + f" | {target} | {met_text} |"
        )
    return lines


def model_details(results: dict[str, dict]) -> list[str]:
    lines = ["## Models: per-label figures and reliability", ""]
    for name, r in results.items():
        model = shipped.load_model(name)
        lines += [f"### `{name}`", "", model.card.get("purpose", ""), ""]
        header = ["label", "ours P", "ours R", "ours F1"]
        anchor_names = [a for a, f in r["anchors"].items() if isinstance(f, dict)]
        for a in anchor_names:
            header += [f"{a} P", f"{a} R", f"{a} F1"]
        lines += ["| " + " | ".join(header) + " | support |", "|" + "---|" * (len(header) + 1)]
        for label in model.labels:
            f = r["ours"]["labels"][label]
            row = [f"`{label}`", _fmt(f["precision"]), _fmt(f["recall"]), f"**{f['f1']:.3f}**"]
            for a in anchor_names:
                g = r["anchors"][a]["labels"][label]
                row += [_fmt(g["precision"]), _fmt(g["recall"]), _fmt(g["f1"])]
            lines.append("| " + " | ".join(row) + f" | {f['support']} |")
        macro = ["macro-F1", "", "", f"**{r['ours']['macro_f1']:.3f}**"]
        for a in anchor_names:
            macro += ["", "", f"{r['anchors'][a]['macro_f1']:.3f}"]
        lines += ["| " + " | ".join(macro) + " | |", ""]
        what = f"P(`{model.labels[1]}`)" if model.binary else "the top label's probability"
        lines += [
            f"Reliability of {what} on the test split (expected calibration error {r['calibration']['ece']:.3f}): "
            "predicted is the mean probability in the bin, observed the share of texts that carry the label.",
            "",
            "| bin | texts | mean predicted | observed |",
            "|---|---|---|---|",
        ]
        for b in r["calibration"]["bins"]:
            if b["n"]:
                lines.append(f"| {b['bin']} | {b['n']} | {b['predicted']:.2f} | {b['observed']:.2f} |")
        lines.append("")
    return lines


def attack_chain(fast: bool) -> list[str]:
    """P(OFF) × P(TIN) × P(IND): an offensive text aimed at an individual (what
    personal-attack needs), measured on the whole OLID test set, where the gold label is
    OFF+TIN+IND from the official level A, B and C labels."""
    texts, a = data._olid_test("a")
    _, b_labels = data._olid_test("b")
    b = dict(zip(data._olid_test("b")[0], b_labels, strict=True))
    c = dict(zip(*data._olid_test("c"), strict=True))
    gold = [
        "attack" if x == "OFF" and b.get(t) == "TIN" and c.get(t) == "IND" else "none"
        for t, x in zip(texts, a, strict=True)
    ]
    split = data.Split(texts, gold)
    if fast:
        split = split.sample(FAST_SAMPLE)
    scores = []
    for t in split.texts:
        p = (
            shipped.predict("offensive", t)["OFF"]
            * shipped.predict("targeted", t)["TIN"]
            * shipped.predict("target", t)["IND"]
        )
        scores.append(p)
    ours = ["attack" if s >= ATTACK_THRESHOLD else "none" for s in scores]
    keyword = [
        "attack" if k == "OFF" and "@user" in t.lower() else "none"
        for t, k in zip(split.texts, anchors.keyword_offensive(split.texts), strict=True)
    ]
    o, k = prf(split.labels, ours, "attack"), prf(split.labels, keyword, "attack")
    calib = reliability(scores, [g == "attack" for g in split.labels])
    return [
        "### Chained: offensive and aimed at an individual (for `personal-attack`)",
        "",
        f"P(`OFF`) × P(`TIN` | OFF) × P(`IND` | TIN) ≥ {ATTACK_THRESHOLD}, on the OLID test tweets ({len(split)}), gold = "
        "OFF, TIN and IND in the official labels. Anchor: a keyword hit in a tweet that mentions a user.",
        "",
        "| | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
        f"| ours (chain) | {o['precision']:.3f} | {o['recall']:.3f} | **{o['f1']:.3f}** | {o['support']} |",
        f"| keyword + @mention | {k['precision']:.3f} | {k['recall']:.3f} | {k['f1']:.3f} | {k['support']} |",
        "",
        f"Expected calibration error of the chained probability: {calib['ece']:.3f}.",
        "",
    ]


def clean_set_scores() -> list[str]:
    """How the models score everyday councillor text: the data they were trained on is
    US Twitter, so this is where domain shift shows."""
    clean = [post["text"] for post in _clean_posts()]
    lines = [
        "### Model scores on everyday councillor posts (domain shift)",
        "",
        f"The {len(clean)} clean posts and e-mails (training/data/clean_posts.jsonl): none carries any of these "
        "labels, so every post at or above a threshold is a false alarm.",
        "",
        "| model | label | default threshold | posts ≥ default threshold | posts ≥ 0.8 | highest score |",
        "|---|---|---|---|---|---|",
    ]
    for name in ("offensive", "partisan", "sarcasm"):
        model = shipped.load_model(name)
        label = model.labels[1]
        scores = [shipped.predict(name, t)[label] for t in clean]
        above = sum(s >= model.threshold for s in scores)
        high = sum(s >= 0.8 for s in scores)
        lines.append(f"| `{name}` | `{label}` | {model.threshold:.2f} | {above} | {high} | {max(scores):.2f} |")
    for label in ("mobilization", "attack"):
        scores = [shipped.predict("campaign", t)[label] for t in clean]
        lines.append(
            f"| `campaign` | `{label}` | – | {sum(s >= 0.5 for s in scores)} (≥ 0.5) | {sum(s >= 0.8 for s in scores)} | {max(scores):.2f} |"
        )
    lines += [
        "",
        "Read with the test figures above: a score's calibration holds on text like the test split, not on "
        "council e-mail. Rules therefore use these models beside a lexicon and a target, at thresholds well "
        "above the defaults, and a model-only finding warns rather than blocks.",
        "",
    ]
    return lines


def _binary_macro(gold: list[str], labels: list[str], scores: Sequence[float], threshold: float) -> float:
    decided = [labels[1] if x >= threshold else labels[0] for x in scores]
    return float(report(gold, decided, labels)["macro_f1"])


def refiner_section(results: dict[str, dict]) -> list[str]:
    """Each refined model three ways on the same test texts: the linear model alone,
    the transformer alone, and the cascade the checker runs (the figure above)."""
    lines = ["## The fine-tuned transformer and the cascade", ""]
    for name, r in results.items():
        ref = shipped.refiner(name)
        if ref is None:
            continue
        texts, gold = r["test_texts"], r["test_labels"]
        model = shipped.load_model(name)
        positive = model.labels[1]
        linear = [model.proba_weighted(*shipped.weighted_features(t))[positive] for t in texts]
        started = time.perf_counter()
        alone = ref.proba(texts)[:, ref.labels.index(positive)]
        per_text = (time.perf_counter() - started) / len(texts) * 1000
        forwarded = sum(p >= ref.screen for p in linear) / len(texts)
        macro = functools.partial(_binary_macro, gold, model.labels)

        lines += [
            f"`{name}` is refined by `{ref.name}` ({ref.card.get('base', '')}); model card "
            f"`src/councilguard/checker/models/{ref.name}/README.md`. The linear model screens every text; "
            f"those with linear P({positive}) ≥ {ref.screen} go to the transformer, whose calibrated probability "
            f"then stands, mixed {1 - ref.blend:g} : {ref.blend:g} with the linear model's (the blend chosen on "
            "the development split).",
            "",
            "| variant | macro-F1 | texts the transformer reads |",
            "|---|---|---|",
            f"| linear n-grams alone (threshold {model.threshold}) | {macro(linear, model.threshold):.3f} | none |",
            f"| transformer alone (threshold {ref.threshold}) | {macro(alone, ref.threshold):.3f} | all |",
            f"| **cascade, as shipped** | **{_headline(r['ours'], r['spec'].metric):.3f}** | {forwarded:.0%} |",
            "",
            f"The transformer costs {per_text:.1f} ms per tweet, one at a time on one thread (onnxruntime, int8); the "
            "cascade spares it on the texts the linear model clears.",
            "",
        ]
    return lines


def embedding_comparison(results: dict[str, dict]) -> list[str]:
    lines = ["## Linear n-gram models against sentence embeddings", ""]
    if not EMBEDDINGS.exists():
        return lines + [
            f"Not measured in this checkout: {EMBEDDINGS.relative_to(data.REPO)} is missing (`make train-embeddings`).",
            "",
        ]
    emb = json.loads(EMBEDDINGS.read_text(encoding="utf-8"))
    lines += [
        f"Same tasks, same splits, same C grid, calibration and threshold choice; features from {emb['model']} "
        f"({emb['onnx_mb']} MB) instead of n-grams. Measured by `make train-embeddings`, not shipped.",
        "",
        "| model | metric | linear n-grams (shipped) | MiniLM embeddings + LR |",
        "|---|---|---|---|",
    ]
    for name, r in results.items():
        other = emb["tasks"].get(name)
        if not other:
            continue
        metric = r["spec"].metric
        lines.append(
            f"| `{name}` | {_metric_name(metric)} | {_headline(r['ours'], metric):.3f} | {_headline(other['test_figures'], metric):.3f} |"
        )
    lines += [
        "",
        f"Latency per short text: MiniLM {emb['latency_ms_per_text']:.1f} ms (onnxruntime, int8), against the "
        "n-gram models' figure in the latency section below.",
        "",
    ]
    return lines


def latency() -> list[str]:
    texts = data.olid_level("a").test.texts[:300]
    names = shipped.available()
    started = time.perf_counter()
    for text in texts:
        cache: dict[str, object] = {}
        for name in names:
            shipped.predict(name, text, cache)
    all_models = (time.perf_counter() - started) / len(texts) * 1000
    size = sum(p.stat().st_size for p in shipped.MODELS_DIR.rglob("*") if p.suffix in (".npz", ".json", ".onnx"))
    # tokenizer.json is a .json too: every file the models need is counted, code and cards not.
    cold = _cold_load_seconds()
    return [
        "## Cost",
        "",
        f"- All {len(names)} models on one tweet, featurised once and scored by each: {all_models:.2f} ms "
        f"(mean over {len(texts)} OLID test tweets).",
        f"- Loading the vectoriser, every model and the transformer in a fresh process: {cold:.2f} s.",
        f"- Shipped model files (arrays, JSON, ONNX graph and tokenizer): {size / 1e6:.1f} MB in all (limit 30 MB).",
        "",
    ]


def _cold_load_seconds() -> float:
    import subprocess

    code = (
        "import time; t=time.perf_counter(); from councilguard.checker import models as m; m.idf(); "
        "[m.load_model(n) for n in m.available()]; [m.refiner(n) for n in m.available()]; "
        "print(time.perf_counter()-t)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


# --- rules -----------------------------------------------------------------------------------


def _clean_posts() -> list[dict]:
    return [json.loads(line) for line in CLEAN_POSTS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _expectations(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if "expect" in r]


def _raised(checker: Checker, examples: list[dict]) -> list[set[str]]:
    raised = []
    for example in examples:
        draft = {k: v for k, v in example.items() if k not in ("expect", "note", "notes")}
        result = checker.check(draft)
        raised.append({f.rule for f in result.findings if f.severity in ("block", "warn")})
    return raised


def _prf_cells(rule_id: str, examples: list[dict], raised: list[set[str]]) -> str:
    gold = ["y" if rule_id in e["expect"] else "n" for e in examples]
    got = ["y" if rule_id in r else "n" for r in raised]
    s = prf(gold, got, "y")
    if not s["support"] and "y" not in got:
        return "– | – | – | 0"
    return f"{s['precision']:.2f} | {s['recall']:.2f} | {s['f1']:.2f} | {s['support']}"


def evaluate_rules(out: Evaluation) -> list[str]:
    protocol = load_protocol()
    checker = Checker(protocol)
    spec = _expectations(data.data_file("../spec/examples.jsonl"))
    spec_raised = _raised(checker, spec)
    holdout = _expectations(HOLDOUT) if HOLDOUT.exists() else []
    holdout_raised = _raised(checker, holdout)
    clean = _clean_posts()
    started = time.perf_counter()
    clean_results = [checker.check(post) for post in clean]
    per_draft_ms = (time.perf_counter() - started) / len(clean) * 1000
    lines = [
        "## Rules",
        "",
        f"Every rule in the pack ({len(protocol.rules)}), as the checker runs them now. A rule counts as raised "
        f"at warn or block. Spec: shared/spec/examples.jsonl ({len(spec)} drafts). Holdout: the project's "
        f"held-out drafts, tests/data/holdout_drafts.jsonl ({len(holdout)} drafts). Own: the rule's own "
        "examples (bad must raise it, good must not). Clean: blocks and warnings on the project's "
        f"{len(clean)} everyday councillor posts and e-mails (training/data/clean_posts.jsonl; target: no block).",
        "",
        "| rule | spec P | spec R | spec F1 | spec n | holdout P | holdout R | holdout F1 | holdout n "
        "| own P | own R | own F1 | clean blocks | clean warns |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for rule in protocol.rules.values():
        own_gold, own_got = [], []
        for kind, expected in (("bad", True), ("good", False)):
            for example in getattr(rule, f"examples_{kind}"):
                raised = rule.id in checker.check({"channel": "social", **example}).rules()
                own_gold.append("y" if expected else "n")
                own_got.append("y" if raised else "n")
        o = prf(own_gold, own_got, "y")
        blocks = sum(1 for r in clean_results for f in r.findings if f.rule == rule.id and f.severity == "block")
        warns = sum(1 for r in clean_results for f in r.findings if f.rule == rule.id and f.severity == "warn")
        flag = f"**{blocks}**" if blocks else "0"
        lines.append(
            f"| `{rule.id}` | {_prf_cells(rule.id, spec, spec_raised)} | {_prf_cells(rule.id, holdout, holdout_raised)} "
            f"| {o['precision']:.2f} | {o['recall']:.2f} | {o['f1']:.2f} | {flag} | {warns} |"
        )
    blocked = [
        (post["id"], [f.rule for f in r.findings if f.severity == "block"])
        for post, r in zip(clean, clean_results, strict=True)
    ]
    blocked = [(i, rules) for i, rules in blocked if rules]
    lines += [""]
    if blocked:
        lines.append(
            f"**Target missed: {len(blocked)} of {len(clean)} clean posts are blocked**: "
            + "; ".join(f"{i} ({', '.join(r)})" for i, r in blocked)
            + "."
        )
        out.notes.append(f"{len(blocked)} clean posts blocked")
    else:
        lines.append(f"No clean post is blocked (target met): 0 of {len(clean)}.")
    lines += ["", f"Whole check, every rule: {per_draft_ms:.1f} ms per clean draft (mean).", ""]
    return lines


# --- held-out drafts ----------------------------------------------------------------------------

# Realistic drafts written by the lead engineer and never shown to the rules' authors.
# Each set is measured as it stands; the history says which sets rules were later tuned on,
# so a reader knows which figures are still blind.
HELD_OUT_SETS = [
    (
        "tests/data/holdout_drafts.jsonl",
        "first measured with the lexicon rules alone: precision 0.97, recall 0.85 (28 of 33); the rules "
        "were then widened on its misses, so it is no longer blind",
    ),
    (
        "tests/data/holdout_drafts_2.jsonl",
        "first measured after that tuning: precision 1.00, recall 0.85 (22 of 26); the rules were then "
        "widened on its four misses, so it is no longer blind",
    ),
    (
        "tests/data/holdout_drafts_3.jsonl",
        "first measured blind, after the tuning above: precision 0.86, recall 0.69 (18 of 26); the rules "
        "were then widened on its misses, so it is no longer blind either. The blind figures are the "
        "honest estimate for drafts nobody has seen",
    ),
]


def held_out_drafts() -> list[str]:
    checker = Checker(load_protocol())
    lines = [
        "## Held-out drafts",
        "",
        "Pairs of (draft, rule) raised at warn or block against the rules each draft should raise; "
        "a draft is exact when it raises exactly its rules.",
        "",
        "| set | drafts | precision | recall | F1 | exact drafts | history |",
        "|---|---|---|---|---|---|---|",
    ]
    for relative, history in HELD_OUT_SETS:
        path = data.REPO / relative
        if not path.exists():
            lines.append(f"| `{relative}` | missing | | | | | {history} |")
            continue
        drafts = _expectations(path)
        raised = _raised(checker, drafts)
        tp = sum(len(set(d["expect"]) & r) for d, r in zip(drafts, raised, strict=True))
        fp = sum(len(r - set(d["expect"])) for d, r in zip(drafts, raised, strict=True))
        fn = sum(len(set(d["expect"]) - r) for d, r in zip(drafts, raised, strict=True))
        exact = sum(set(d["expect"]) == r for d, r in zip(drafts, raised, strict=True))
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        lines.append(
            f"| `{relative}` | {len(drafts)} | {precision:.2f} | {recall:.2f} | {f1:.2f} | "
            f"{exact} of {len(drafts)} | {history} |"
        )
    return lines + [""]


# --- the hate and abuse suite ------------------------------------------------------------------


def hate_suite_section() -> list[str]:
    from . import hate_suite

    score = hate_suite.score(Checker(load_protocol()))
    return [
        "## Hate and abuse suite",
        "",
        "The project's own functional suite (tests/checker/hate_suite/*.yaml, training/hate_suite.py): "
        f"{sum(t for _, t in score.per_functionality.values())} cases in {len(score.per_functionality)} functionalities, "
        "UK groups. A hateful case (or an obscene one aimed at no one) must raise offensive-content at block; any "
        "other must not raise it. History: macro 0.601 with the checker as issue 10 found it, 0.688 with canonical "
        "text, then the lexicons were widened on this suite, so the figure below is in-distribution, not blind.",
        "",
        *hate_suite.table(score),
        "",
    ]


def emoji_suite_section() -> list[str]:
    from . import emoji_suite

    return [
        "## Hate and non-hate written with emoji",
        "",
        "Two sets in the hate suite's shape (training/emoji_suite.py), written by two helpers from the "
        "functionalities alone, UK groups: the development set (training/data/emoji_suite_dev.jsonl), on whose "
        "misses the emoji readings and word lists were widened (in-distribution), and a blind set "
        "(training/blind/emoji/emoji-2026-12.jsonl) by a writer who never saw the checker or the other set, never read. "
        "Measured before any change (2026-12-03): development macro 0.711, blind macro 0.724 (hateful raised "
        "78.7%, not hateful raised 17.1%). Scored as the hate suite is (hateful: block; otherwise not raised), "
        "and by whether a hateful case is raised at all.",
        "",
        *emoji_suite.table(Checker(load_protocol())),
        "",
    ]


# --- personal data ---------------------------------------------------------------------------


def personal_data_section(fast: bool, out: Evaluation) -> list[str]:
    try:
        module = importlib.import_module("training.eval_personal_data")
    except ModuleNotFoundError as exc:
        if exc.name not in ("training.eval_personal_data",):
            raise
        out.notes.append("personal-data evaluation missing")
        return [
            "## Personal data",
            "",
            "**Not evaluated**: training/eval_personal_data.py is missing from this checkout, so the "
            "personal-data figures (and their Presidio anchor) are absent from this page.",
            "",
        ]
    try:
        return [module.section(fast), ""]
    except AssertionError as exc:  # the module's quality gate (TargetMissed) in fast mode
        out.failures.append(f"personal data: {str(exc).splitlines()[0]}")
        return ["## Personal data", "", f"**Quality gate failed**: {str(exc).splitlines()[0]}", ""]


# --- the page --------------------------------------------------------------------------------


def run(fast: bool = False, splits: list[str] | None = None) -> Evaluation:
    out = Evaluation()
    started = time.perf_counter()
    results = evaluate_models(fast, out)
    body = models_summary(results, fast) + [""] + model_details(results) + attack_chain(fast) + clean_set_scores()
    if not fast:
        body += refiner_section(results) + embedding_comparison(results) + latency()
    body += evaluate_rules(out)
    rule_lines, rule_figures = evaluate_rules_by_draft.section(fast, splits)
    body += rule_lines
    recorded = evaluate_rules_by_draft.floors() if fast else evaluate_rules_by_draft.record_floors(rule_figures)
    if fast:
        out.failures += evaluate_rules_by_draft.below_floor(rule_figures, recorded)
    body += held_out_drafts()
    body += hate_suite_section()
    body += emoji_suite_section()
    body += personal_data_section(fast, out)
    floors = [
        "## CI floors",
        "",
        "| model | metric | fast-sample figure | floor |",
        "|---|---|---|---|",
    ]
    for name, r in results.items():
        floor = _floor(name)
        floors.append(f"| `{name}` | {floor.get('metric')} | {r['fast']:.3f} | {floor.get('value', 0):.3f} |")
    for split, figs in rule_figures.items():
        if split == "development":
            continue
        floors.append(
            f"| `{shipped.HEADS}` (with the rules) | micro F1 over every rule, {split} | {figs['micro'][2]:.3f} | "
            f"{recorded.get(split + ':micro', 0):.3f} |"
        )
    head = [
        "# Evaluation",
        "",
        "Generated by `make eval` (training/evaluate.py); do not edit by hand. "
        + ("**Fast mode: a fixed sample, anchors not run.** " if fast else "")
        + f"Models rebuilt by `make train` (seed {data.SEED}); data from ../shared/data, never copied here. "
        f"Took {time.perf_counter() - started:.0f} s.",
        "",
    ]
    if out.failures:
        head += ["**Failures:**", "", *[f"- {f}" for f in out.failures], ""]
    out.sections = head + body + floors + [""]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the models and rules; write docs/evaluation.md.")
    parser.add_argument("--fast", action="store_true", help="a fixed sample; exit 1 if a model is below its floor")
    parser.add_argument(
        "--output",
        type=Path,
        help=f"where to write the page (default {DOC.relative_to(data.REPO)}; fast: stdout)",
    )
    parser.add_argument(
        "--splits",
        help="the sets the draft-by-draft rule section scores, comma-separated: blind file stems, dev, real "
        "(default: every one; a tuning run names only the blind splits already spent)",
    )
    args = parser.parse_args(argv)
    evaluation = run(fast=args.fast, splits=evaluate_rules_by_draft.parse_splits(args.splits))
    target = args.output or (None if args.fast else DOC)
    if target is None:
        print(evaluation.markdown)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(evaluation.markdown, encoding="utf-8")
        print(f"wrote {target}")
    for failure in evaluation.failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if evaluation.failures else 0


if __name__ == "__main__":
    sys.exit(main())
