"""Rebuild the checker's models from ../shared/data: ``make train``.

For each task: hashed word and character n-grams (the checker's own featuriser),
sublinear TF-IDF with IDF from all the training texts, a class-balanced logistic
regression whose C is chosen by 5-fold cross-validation on the training split, a
calibration map fitted on the out-of-fold scores, and a decision threshold chosen on
those same out-of-fold scores. The test split is touched once, to report figures.

Every model is written as arrays (.npz) + JSON + a model card (.md) into
src/councilguard/checker/models/. Everything is seeded: two runs give the same files.
"""

# ruff: noqa: E501 (report prose, model cards and word lists read best unbroken)

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier

from councilguard.checker.models import MODELS_DIR, features
from councilguard.checker.models.linear import LinearTextModel, load, save

from . import data
from .metrics import reliability, report

C_GRID = (0.5, 2.0, 8.0)
FOLDS = 5
FAST_SAMPLE = 300  # texts per test split in `make eval-fast`
FLOOR_MARGIN = 0.03  # a floor sits this far under the figure recorded at training time


@dataclass
class Spec:
    name: str
    load: Callable[[], data.Task]
    purpose: str
    headline: str  # "macro_f1" or "f1:<label>": what the threshold and C are chosen for
    limits: list[str]
    try_davidson: bool = False


SPECS = [
    Spec(
        "offensive",
        lambda: data.olid_level("a"),
        "Is the text offensive (insults, threats, profanity)? Feeds `offensive-content`, `personal-attack` and `tone`.",
        "macro_f1",
        [
            "Trained on US Twitter from 2019: UK insults and council vocabulary ('jobsworth', 'numpty') are "
            "under-represented; the lexicon rules carry those.",
            "Profanity used in a friendly way ('bloody brilliant') scores high: a borderline score alone "
            "should never block.",
            "Hashtags and political slogans of the time weigh more than they should.",
        ],
        try_davidson=True,
    ),
    Spec(
        "targeted",
        lambda: data.olid_level("b"),
        "Given an offensive text: is it aimed at someone (TIN) or untargeted profanity (UNT)? Feeds `personal-attack`.",
        "macro_f1",
        [
            "Trained on only 4,400 offensive tweets, nine in ten of them targeted: the UNT class is small "
            "and its recall is weak.",
            "Meaningful only on text that is offensive in the first place: chain it after `offensive`.",
        ],
    ),
    Spec(
        "target",
        lambda: data.olid_level("c"),
        "Given a targeted offensive text: is the target an individual (IND), a group (GRP) or other (OTH)? "
        "Feeds `personal-attack` (IND) and `offensive-content` (GRP).",
        "macro_f1",
        [
            "OTH (organisations, events, issues) has few examples; its F1 is poor.",
            "Meaningful only on targeted offensive text: chain it after `offensive` and `targeted`.",
        ],
    ),
    Spec(
        "partisan",
        lambda: data.political("bias"),
        "Is a politician's post partisan or neutral? Feeds `party-political-use` and `digital-imprint`.",
        "macro_f1",
        [
            "US politicians' posts from 2013–2015 (Obamacare, GOP, Democrats): UK party names and UK "
            "campaign language are absent, so UK partisanship is carried by the lexicon.",
            "Crowd labels with moderate agreement: the ceiling for any model on this set is low.",
        ],
    ),
    Spec(
        "campaign",
        lambda: data.political("message"),
        "What a politician's post does: mobilization (get out, vote, sign up), attack (on an opponent), "
        "support (for a person, a cause), or other. Feeds `party-political-use` and `digital-imprint`.",
        "macro_f1",
        [
            "Only 129 mobilization and 172 attack posts: those classes' recall is limited.",
            "US politics 2013–2015; a UK 'vote for' or 'join us on the doorstep' is learnt only by analogy.",
        ],
    ),
    Spec(
        "sarcasm",
        lambda: data.isarcasm(),
        "Is the text sarcastic or ironic? Feeds `tone` (advice only).",
        "f1:sarcastic",
        [
            "Sarcasm is hard for any model without context: F1 on the sarcastic class is modest, so the "
            "rule should only advise.",
            "Trained on 3,468 tweets with a quarter sarcastic; the test set has one in seven.",
        ],
    ),
]


# --- features -------------------------------------------------------------------------


class Featuriser:
    """Counts each distinct text once, then builds TF-IDF matrices for any split over
    the columns seen in the training texts."""

    def __init__(self) -> None:
        self._counts: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.seen: np.ndarray | None = None
        self.idf: np.ndarray | None = None

    def counts(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        found = self._counts.get(text)
        if found is None:
            found = self._counts[text] = features.counts(text)
        return found

    def fit_idf(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        unique = sorted(set(texts))
        seen, df = np.unique(np.concatenate([self.counts(t)[0] for t in unique]), return_counts=True)
        # scikit-learn's smooth IDF; stored as float16, so use the rounded values here too.
        idf = (np.log((1 + len(unique)) / (1 + df)) + 1).astype(np.float16).astype(np.float32)
        self.seen, self.idf = seen.astype(np.int32), idf
        return self.seen, self.idf

    def matrix(self, texts: list[str]) -> sp.csr_matrix:
        assert self.seen is not None and self.idf is not None
        indptr, indices, values = [0], [], []
        for text in texts:
            positions, hashed, tf = features.select(*self.counts(text), self.seen)
            indices.append(positions)
            values.append(features.weigh(hashed, tf, self.idf[positions]))
            indptr.append(indptr[-1] + len(positions))
        return sp.csr_matrix(
            (np.concatenate(values), np.concatenate(indices), np.asarray(indptr)),
            shape=(len(texts), len(self.seen)),
        )


# --- fitting --------------------------------------------------------------------------


def _estimator(c: float, n_classes: int) -> LogisticRegression | OneVsRestClassifier:
    # liblinear is fast on wide sparse data; several classes go one-vs-rest (multinomial
    # lbfgs over half a million columns takes minutes per fit), and the calibration map
    # below turns the k one-vs-rest scores into one distribution.
    binary = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=2000, random_state=data.SEED)
    return binary if n_classes == 2 else OneVsRestClassifier(binary)


def _coef(model: LogisticRegression | OneVsRestClassifier) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(model, OneVsRestClassifier):
        coef = np.vstack([e.coef_ for e in model.estimators_])
        return coef, np.concatenate([e.intercept_ for e in model.estimators_])
    return model.coef_, model.intercept_


def _scores(model: LogisticRegression | OneVsRestClassifier, x: sp.csr_matrix) -> np.ndarray:
    z = model.decision_function(x)
    return z.reshape(-1, 1) if z.ndim == 1 else z


def _calibrator(z: np.ndarray, y: np.ndarray) -> LogisticRegression:
    # Platt scaling (binary) or matrix scaling (several classes) on out-of-fold scores.
    return LogisticRegression(C=100.0, max_iter=5000).fit(z, y)


def _probabilities(cal: LogisticRegression, z: np.ndarray) -> np.ndarray:
    return cal.predict_proba(z)


def _decide(proba: np.ndarray, labels: list[str], threshold: float, weights: np.ndarray | None = None) -> list[str]:
    if len(labels) == 2:
        return [labels[1] if p >= threshold else labels[0] for p in proba[:, 1]]
    # Calibrated probabilities of rare classes seldom top the majority's, so each label's
    # probability is weighed (weights chosen on out-of-fold scores, see _decision_weights)
    # before the largest is taken; the probabilities themselves stay calibrated for the
    # rules' thresholds.
    weights = np.ones(len(labels)) if weights is None else weights
    return [labels[i] for i in (proba * weights).argmax(axis=1)]


WEIGHT_GRID = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0)


def _decision_weights(proba: np.ndarray, gold: list[str], labels: list[str], headline: str) -> np.ndarray:
    """Per-label weights for the multi-class decision, the majority label's fixed at 1,
    by coordinate ascent on out-of-fold headline F1 (three sweeps, ties to the smaller
    weight). Between plain argmax (all 1), which never names a rare class, and weighing
    by 1/share, which names them far too often."""
    y = np.asarray([labels.index(g) for g in gold])
    majority = int(np.bincount(y, minlength=len(labels)).argmax())
    weights = np.ones(len(labels))

    def score(w: np.ndarray) -> float:
        return _headline(report(gold, _decide(proba, labels, 0.5, w), labels), headline)

    for _ in range(3):
        for k in range(len(labels)):
            if k == majority:
                continue
            best = max(WEIGHT_GRID, key=lambda v: (score(np.where(np.arange(len(labels)) == k, v, weights)), -v))
            weights[k] = best
    return weights


def _headline(figures: dict, headline: str) -> float:
    if headline == "macro_f1":
        return float(figures["macro_f1"])
    return float(figures["labels"][headline.split(":", 1)[1]]["f1"])


def _best_threshold(proba: np.ndarray, gold: list[str], labels: list[str], headline: str) -> float:
    if len(labels) != 2:
        return 0.5
    candidates = np.round(np.arange(0.2, 0.81, 0.02), 2)
    best = max(
        candidates,
        key=lambda t: (
            _headline(report(gold, _decide(proba, labels, t), labels), headline),
            -abs(t - 0.5),
        ),
    )
    return float(best)


@dataclass
class Fitted:
    labels: list[str]
    model: LogisticRegression | OneVsRestClassifier
    cal: LogisticRegression
    threshold: float
    c: float
    cv: dict[float, float]
    priors: np.ndarray
    weights: np.ndarray | None  # the multi-class decision weights (None for a binary model)


def fit(feats: Featuriser, texts: list[str], gold: list[str], positive: str | None, headline: str) -> Fitted:
    labels = sorted(set(gold))
    if positive is not None:  # the positive label goes last, as scikit-learn's classes_ do
        labels = [label for label in labels if label != positive] + [positive]
    y = np.asarray([labels.index(g) for g in gold])
    x = feats.matrix(texts)
    folds = list(StratifiedKFold(FOLDS, shuffle=True, random_state=data.SEED).split(x, y))
    cv: dict[float, float] = {}
    oof_by_c: dict[float, np.ndarray] = {}
    for c in C_GRID:
        oof = np.zeros((len(y), 1 if len(labels) == 2 else len(labels)))
        for train_idx, test_idx in folds:
            oof[test_idx] = _scores(_estimator(c, len(labels)).fit(x[train_idx], y[train_idx]), x[test_idx])
        predicted = (
            [labels[i] for i in (oof[:, 0] > 0).astype(int)] if len(labels) == 2 else [labels[i] for i in oof.argmax(1)]
        )
        cv[c] = _headline(report(gold, predicted, labels), headline)
        oof_by_c[c] = oof
    best_c = max(C_GRID, key=lambda c: (cv[c], -c))
    cal = _calibrator(oof_by_c[best_c], y)
    threshold = _best_threshold(_probabilities(cal, oof_by_c[best_c]), gold, labels, headline)
    model = _estimator(best_c, len(labels)).fit(x, y)
    priors = np.bincount(y, minlength=len(labels)) / len(y)
    weights = (
        None if len(labels) == 2 else _decision_weights(_probabilities(cal, oof_by_c[best_c]), gold, labels, headline)
    )
    return Fitted(labels, model, cal, threshold, best_c, cv, priors, weights)


def evaluate(feats: Featuriser, fitted: Fitted, texts: list[str], gold: list[str]) -> tuple[dict, np.ndarray]:
    proba = _probabilities(fitted.cal, _scores(fitted.model, feats.matrix(texts)))
    decided = _decide(proba, fitted.labels, fitted.threshold, fitted.weights)
    return report(gold, decided, fitted.labels), proba


def _int8(coef: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-row symmetric int8: a row's largest weight maps to ±127. Shrinks the shipped
    arrays threefold (most weights land on a few small integers, which compress well)."""
    scale = np.maximum(np.abs(coef).max(axis=1), 1e-12) / 127.0
    return np.clip(np.round(coef / scale[:, None]), -127, 127).astype(np.int8), scale.astype(np.float32)


def quantise(fitted: Fitted) -> None:
    """Give the fitted scikit-learn model the int8 weights the checker will ship, so
    that every figure measured from here on (test, fast sample, card) is the shipped
    model's. The calibration map stays the one fitted on full-precision scores."""
    coef, _ = _coef(fitted.model)
    q, scale = _int8(coef)
    weights = q.astype(np.float64) * scale[:, None].astype(np.float64)
    if isinstance(fitted.model, OneVsRestClassifier):
        for i, estimator in enumerate(fitted.model.estimators_):
            estimator.coef_ = weights[i : i + 1]
    else:
        fitted.model.coef_ = weights


def export(fitted: Fitted, name: str, card: dict) -> LinearTextModel:
    coef, intercept = _coef(fitted.model)
    q, scale = _int8(coef)
    linear = LinearTextModel(
        name=name,
        labels=fitted.labels,
        coef=q,
        scale=scale,
        intercept=intercept.astype(np.float32),
        cal_coef=fitted.cal.coef_.astype(np.float32),
        cal_intercept=fitted.cal.intercept_.astype(np.float32),
        threshold=fitted.threshold,
        card=card,
    )
    save(MODELS_DIR, linear)
    return load(MODELS_DIR, name, coef.shape[1])


def check_parity(shipped: LinearTextModel, fitted: Fitted, feats: Featuriser, texts: list[str]) -> float:
    """The shipped arrays, scored by the checker's own code, must agree with scikit-learn."""
    x = feats.matrix(texts)
    reference = _probabilities(fitted.cal, _scores(fitted.model, x))
    ours = np.vstack([shipped.calibrated(shipped.raw_scores(*_row(x, i)))[0] for i in range(x.shape[0])])
    gap = float(np.max(np.abs(reference - ours)))
    if gap > 0.01:
        raise SystemExit(f"{shipped.name}: the shipped model disagrees with scikit-learn by {gap:.4f}")
    return gap


def _row(x: sp.csr_matrix, i: int) -> tuple[np.ndarray, np.ndarray]:
    start, end = x.indptr[i], x.indptr[i + 1]
    return x.indices[start:end], x.data[start:end].astype(np.float32)


# --- the run --------------------------------------------------------------------------


def _rounded(value):
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def train_all(names: list[str] | None = None) -> None:
    started = time.perf_counter()
    specs = [s for s in SPECS if names is None or s.name in names]
    tasks = {s.name: s.load() for s in SPECS}
    extra = data.davidson()
    feats = Featuriser()
    # IDF from every training text (never a test text), shared by all models.
    corpus = [t for task in tasks.values() for t in task.train.texts] + extra.texts
    seen, idf = feats.fit_idf(corpus)
    np.savez_compressed(
        MODELS_DIR / "vectoriser.npz",
        seen=seen,
        idf=idf.astype(np.float16),
        version=np.int64(features.VERSION),
    )
    print(
        f"IDF from {len(set(corpus))} training texts ({time.perf_counter() - started:.0f}s)",
        flush=True,
    )
    for spec in specs:
        train_one(spec, tasks[spec.name], extra, feats)
        print(f"{spec.name} done ({time.perf_counter() - started:.0f}s)", flush=True)


def _davidson_choice(spec: Spec, task: data.Task, extra: data.Split, feats: Featuriser) -> dict:
    """Does Davidson help? Decided on a validation split of OLID's training set (the
    test set is only reported), then both variants are also measured on the test set."""
    train_idx, val_idx = data.stratified_split(task.train.labels, 0.2)
    texts = [task.train.texts[i] for i in train_idx]
    gold = [task.train.labels[i] for i in train_idx]
    val_texts = [task.train.texts[i] for i in val_idx]
    val_gold = [task.train.labels[i] for i in val_idx]
    outcome = {}
    for variant, (x, y) in {
        "OLID only": (texts, gold),
        "OLID + Davidson": (texts + extra.texts, gold + extra.labels),
    }.items():
        fitted = fit(feats, x, y, task.positive, spec.headline)
        figures, _ = evaluate(feats, fitted, val_texts, val_gold)
        outcome[variant] = {"validation_macro_f1": figures["macro_f1"]}
    return outcome


def train_one(spec: Spec, task: data.Task, extra: data.Split, feats: Featuriser) -> None:
    texts, gold = task.train.texts, task.train.labels
    card: dict = {}
    if spec.try_davidson:
        choice = _davidson_choice(spec, task, extra, feats)
        use = choice["OLID + Davidson"]["validation_macro_f1"] > choice["OLID only"]["validation_macro_f1"]
        without = fit(feats, texts, gold, task.positive, spec.headline)
        with_extra = fit(feats, texts + extra.texts, gold + extra.labels, task.positive, spec.headline)
        choice["OLID only"]["test_macro_f1"] = evaluate(feats, without, task.test.texts, task.test.labels)[0][
            "macro_f1"
        ]
        choice["OLID + Davidson"]["test_macro_f1"] = evaluate(feats, with_extra, task.test.texts, task.test.labels)[0][
            "macro_f1"
        ]
        card["davidson"] = {"used": use, "variants": choice}
        fitted = with_extra if use else without
        if use:
            texts, gold = texts + extra.texts, gold + extra.labels
    else:
        fitted = fit(feats, texts, gold, task.positive, spec.headline)
    quantise(fitted)
    figures, proba = evaluate(feats, fitted, task.test.texts, task.test.labels)
    fast = task.test.sample(FAST_SAMPLE)
    fast_figures, _ = evaluate(feats, fitted, fast.texts, fast.labels)
    positive = fitted.labels[-1] if task.positive else None
    calibration = (
        reliability(proba[:, -1], [g == positive for g in task.test.labels])
        if positive
        else reliability(
            proba.max(axis=1),
            [fitted.labels[i] == g for i, g in zip(proba.argmax(1), task.test.labels, strict=True)],
        )
    )
    card.update(
        {
            "purpose": spec.purpose,
            "priors": {label: float(p) for label, p in zip(fitted.labels, fitted.priors, strict=True)},
            **(
                {}
                if fitted.weights is None
                else {"decision_weights": dict(zip(fitted.labels, map(float, fitted.weights), strict=True))}
            ),
            "positive": positive,
            "headline": spec.headline,
            "train": {"rows": len(texts), "labels": dict(Counter(gold)), "source": task.name},
            "test": {
                "rows": len(task.test),
                "labels": dict(Counter(task.test.labels)),
                "name": task.test_name,
            },
            "method": {
                "features": f"hashed word {features.WORD_NGRAMS} + char {features.CHAR_NGRAMS} n-grams, "
                f"hashed into 2 x {features.BUCKETS} buckets of which the {len(feats.seen)} seen in training are kept, "
                f"sublinear TF-IDF, L2 per block (features v{features.VERSION})",
                "classifier": "LogisticRegression (liblinear"
                + (", one-vs-rest" if len(fitted.labels) > 2 else "")
                + "), class_weight=balanced",
                "C": fitted.c,
                "cv_headline_by_C": {str(c): v for c, v in fitted.cv.items()},
                "calibration": "Platt scaling" if len(fitted.labels) == 2 else "matrix scaling (multinomial)",
                "calibrated_on": f"{FOLDS}-fold out-of-fold scores on the training split",
                "seed": data.SEED,
            },
            "test_figures": figures,
            "calibration": calibration,
            "fast_sample": {"size": len(fast), "seed": data.SEED, "figures": fast_figures},
            "floor": {
                "metric": spec.headline,
                "value": _headline(fast_figures, spec.headline) - FLOOR_MARGIN,
                "on": f"fast sample of {len(fast)} test texts",
            },
            "limits": spec.limits,
        }
    )
    shipped = export(fitted, spec.name, _rounded(card))
    gap = check_parity(shipped, fitted, feats, task.test.sample(200).texts)
    write_card(shipped, gap)
    print(
        f"  {spec.name}: test {spec.headline} = {_headline(figures, spec.headline):.3f}, C={fitted.c}, threshold={fitted.threshold}"
    )


def write_card(model: LinearTextModel, parity_gap: float) -> None:
    c = model.card
    size = sum((MODELS_DIR / f"{model.name}.{ext}").stat().st_size for ext in ("npz", "json"))
    lines = [
        f"# Model card: `{model.name}`",
        "",
        c["purpose"],
        "",
        f"Labels: {', '.join(f'`{label}`' for label in model.labels)}."
        + (f" Default threshold on P(`{c['positive']}`): {model.threshold:.2f}." if c.get("positive") else ""),
        "",
        "## Data",
        "",
        f"- Trained on `{c['train']['source']}` training split: {c['train']['rows']} texts, "
        + ", ".join(f"{k} {v}" for k, v in sorted(c["train"]["labels"].items())),
        f"- Tested on {c['test']['name']}: {c['test']['rows']} texts, "
        + ", ".join(f"{k} {v}" for k, v in sorted(c["test"]["labels"].items())),
    ]
    if "davidson" in c:
        d = c["davidson"]
        lines.append(
            f"- Davidson et al. 2017 as extra training data: {'used' if d['used'] else 'not used'} "
            "(decided on a 20% validation split of OLID training):"
        )
        for variant, figs in d["variants"].items():
            lines.append(
                f"  - {variant}: validation macro-F1 {figs['validation_macro_f1']:.3f}, "
                f"OLID test macro-F1 {figs['test_macro_f1']:.3f}"
            )
    m = c["method"]
    lines += [
        "",
        "## Method",
        "",
        f"- Features: {m['features']}; IDF from all training texts of all models (no test text).",
        f"- {m['classifier']}, C = {m['C']} chosen by {FOLDS}-fold CV on the training split "
        f"({', '.join(f'C={k}: {v:.3f}' for k, v in m['cv_headline_by_C'].items())} {c['headline']}).",
        f"- Calibration: {m['calibration']} fitted on {m['calibrated_on']}; "
        + (
            "threshold chosen on the same scores."
            if c.get("positive")
            else "the reported label is the largest weighted probability, with per-label weights chosen on the same "
            "scores (" + ", ".join(f"{k} × {v:g}" for k, v in c.get("decision_weights", {}).items()) + ")."
        ),
        f"- Seed {m['seed']}. Shipped as int8 weights (a float scale per row) + JSON ({size / 1e6:.1f} MB), no pickle; the "
        f"checker's scoring matches scikit-learn's to {parity_gap:.4f} in probability.",
        "",
        "## Test figures",
        "",
        "| label | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for label, f in c["test_figures"]["labels"].items():
        lines.append(f"| {label} | {f['precision']:.3f} | {f['recall']:.3f} | {f['f1']:.3f} | {f['support']} |")
    lines += [
        f"| **macro** | | | **{c['test_figures']['macro_f1']:.3f}** | {c['test_figures']['n']} |",
        "",
        f"Expected calibration error on the test set: {c['calibration']['ece']:.3f} "
        "(reliability table in docs/evaluation.md). "
        f"CI floor: {c['floor']['metric']} ≥ {c['floor']['value']:.3f} on the {c['floor']['on']}.",
        "",
        "## Known limits",
        "",
        *[f"- {limit}" for limit in c["limits"]],
        "",
        "Rebuild with `make train`; figures beside the anchors in docs/evaluation.md (`make eval`).",
        "",
    ]
    (MODELS_DIR / f"{model.name}.md").write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "models",
        nargs="*",
        help=f"models to train (default: all of {', '.join(s.name for s in SPECS)})",
    )
    args = parser.parse_args(argv)
    unknown = set(args.models) - {s.name for s in SPECS}
    if unknown:
        print(f"unknown model(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    train_all(args.models or None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
