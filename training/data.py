"""Readers for the public data sets in ``../shared/data`` (see its README).

Nothing here is copied into the repository: every reader opens the file where it lies,
beside the checkout, and stops with a clear message naming the file when it is missing.
``COUNCILGUARD_DATA`` may point elsewhere (a CI cache, say).
"""

from __future__ import annotations

import csv
import html
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = 20180718  # the day the protocols were adopted; every split and model uses it


class MissingData(SystemExit):
    """Raised (as a clean exit with a message) when a data file is not where expected."""


def data_dir() -> Path:
    return Path(os.environ.get("COUNCILGUARD_DATA") or REPO.parent / "shared" / "data")


def data_file(relative: str) -> Path:
    path = data_dir() / relative
    if not path.is_file():
        raise MissingData(
            f"missing data file: {path}\n"
            f"The training and evaluation scripts read the public data sets from "
            f"{data_dir()} (see shared/data/README.md); "
            "set COUNCILGUARD_DATA to use another folder."
        )
    return path


@dataclass
class Split:
    texts: list[str]
    labels: list[str]

    def __len__(self) -> int:
        return len(self.texts)

    def sample(self, size: int, seed: int = SEED) -> Split:
        """A fixed random sample (the same one every run), used by the fast evaluation."""
        if size >= len(self.texts):
            return self
        picked = sorted(random.Random(seed).sample(range(len(self.texts)), size))
        return Split([self.texts[i] for i in picked], [self.labels[i] for i in picked])


@dataclass
class Task:
    name: str
    train: Split
    test: Split
    positive: str | None  # the label a binary task is about (OFF, TIN, partisan, sarcastic)
    test_name: str


def _tsv(relative: str) -> list[dict[str, str]]:
    with data_file(relative).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _labels(relative: str) -> dict[str, str]:
    with data_file(relative).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return {row[0]: row[1] for row in rows if len(row) >= 2 and row[0] != "id"}


def _olid_test(level: str) -> tuple[list[str], list[str]]:
    tweets = _tsv(f"olid/testset-level{level}.tsv")
    labels = _labels(f"olid/labels-level{level}.csv")
    return [t["tweet"] for t in tweets], [labels[t["id"]] for t in tweets]


def olid_level(level: str) -> Task:
    """OLID v1.0: level a (OFF/NOT) on all tweets, b (TIN/UNT) on offensive ones,
    c (IND/GRP/OTH) on targeted offensive ones; the official test sets."""
    column = {"a": "subtask_a", "b": "subtask_b", "c": "subtask_c"}[level]
    rows = [r for r in _tsv("olid/olid-training-v1.0.tsv") if r[column] not in ("", "NULL")]
    texts, labels = _olid_test(level)
    positive = {"a": "OFF", "b": "TIN", "c": None}[level]
    return Task(
        name=f"olid-{level}",
        train=Split([r["tweet"] for r in rows], [r[column] for r in rows]),
        test=Split(texts, labels),
        positive=positive,
        test_name=f"OLID level {level.upper()} official test set",
    )


def davidson() -> Split:
    """Davidson et al. 2017 mapped to OLID level A: hate speech and offensive -> OFF."""
    with data_file("davidson/labeled_data.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts = [html.unescape(r["tweet"]) for r in rows]
    return Split(texts, ["NOT" if r["class"] == "2" else "OFF" for r in rows])


_TAGS = re.compile(r"<[^>]+>")


def _clean_political(text: str) -> str:
    # Embedded tweets come wrapped in <blockquote> markup with a byline and date.
    text = html.unescape(_TAGS.sub(" ", text))
    return re.sub(r"\s+", " ", text).strip()


CAMPAIGN_MESSAGES = ("mobilization", "attack", "support")


def political(label: str) -> Task:
    """Political social media posts: ``bias`` (partisan/neutral) or ``message`` reduced
    to the campaigning types (mobilization, attack, support) and ``other``. A fixed,
    stratified 80/20 split: the set has no official test split."""
    with data_file("political-social-media/political_social_media.csv").open(encoding="latin-1", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts = [_clean_political(r["text"]) for r in rows]
    if label == "bias":
        labels = [r["bias"] for r in rows]
    else:
        labels = [r["message"] if r["message"] in CAMPAIGN_MESSAGES else "other" for r in rows]
    train_idx, test_idx = stratified_split(labels, 0.2)
    return Task(
        name=f"political-{label}",
        train=Split([texts[i] for i in train_idx], [labels[i] for i in train_idx]),
        test=Split([texts[i] for i in test_idx], [labels[i] for i in test_idx]),
        positive="partisan" if label == "bias" else None,
        test_name="political social media, held-out 20% (fixed seed)",
    )


def stratified_split(labels: list[str], test_share: float, seed: int = SEED) -> tuple[list[int], list[int]]:
    rng = random.Random(seed)
    train: list[int] = []
    test: list[int] = []
    for label in sorted(set(labels)):
        members = [i for i, x in enumerate(labels) if x == label]
        rng.shuffle(members)
        cut = round(len(members) * test_share)
        test += members[:cut]
        train += members[cut:]
    return sorted(train), sorted(test)


def isarcasm() -> Task:
    """iSarcasmEval 2022 task A (English): sarcastic 1/0, official test set."""
    with data_file("isarcasmeval/train.En.csv").open(encoding="utf-8", newline="") as handle:
        train = [r for r in csv.DictReader(handle) if r["tweet"].strip()]
    with data_file("isarcasmeval/task_A_En_test.csv").open(encoding="utf-8", newline="") as handle:
        test = [r for r in csv.DictReader(handle) if r["text"].strip()]

    def name(value: str) -> str:
        return "sarcastic" if value.strip() == "1" else "not_sarcastic"

    return Task(
        name="isarcasmeval",
        train=Split([r["tweet"] for r in train], [name(r["sarcastic"]) for r in train]),
        test=Split([r["text"] for r in test], [name(r["sarcastic"]) for r in test]),
        positive="sarcastic",
        test_name="iSarcasmEval task A (English) official test set",
    )
