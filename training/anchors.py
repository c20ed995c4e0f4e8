"""The anchors every model is measured against, on the same data in the same run.

- ``alt-profanity-check`` (its published model): what a council would get off the
  shelf. It pins old scikit-learn and joblib, so it lives in its own environment
  (``.venv-anchors``, made by ``make anchors-env``) and is called once on a list.
- Plain keyword lists: what a word filter does. Deliberately ordinary: the words a
  council's IT team would type in on a first afternoon.
"""

# ruff: noqa: E501 (report prose, model cards and word lists read best unbroken)

from __future__ import annotations

import json
import re
import subprocess

from .data import REPO

ANCHOR_PYTHON = REPO / ".venv-anchors" / "bin" / "python"

OFFENSIVE_WORDS = [
    "fuck*", "f*ck", "shit*", "bullshit", "crap", "piss*", "bitch*", "bastard*", "asshole*", "arsehole*",
    "ass", "arse", "dick", "dickhead", "prick", "twat", "wanker", "cunt*", "pussy", "whore*", "slut*",
    "idiot*", "moron*", "stupid", "dumb", "dumbass", "imbecile", "retard*", "loser*", "scum*", "trash",
    "pathetic", "disgusting", "liar*", "clown*", "hate", "kill", "die", "wtf", "stfu", "damn", "hell",
    "bloody", "bollocks", "tosser", "git", "pillock", "muppet", "numpty",
]  # fmt: skip

PARTISAN_WORDS = [
    "democrat*", "republican*", "gop", "dems", "liberal*", "conservative*", "obama*", "obamacare",
    "tea party", "left-wing", "right-wing", "partisan", "labour", "tory", "tories", "lib dem*",
    "reform uk", "green party", "our party", "opponent*", "my opponent", "radical*", "extreme",
]  # fmt: skip

CAMPAIGN_WORDS = {
    "mobilization": [
        "vote", "voting", "polls", "sign up", "sign the", "petition", "join us", "join me", "volunteer*",
        "register", "rsvp", "rally", "tune in", "watch live", "call your", "donate", "chip in", "get out",
        "canvass*", "doorstep", "leaflet*",
    ],
    "attack": [
        "failed", "failure", "shameful", "disgrace*", "blame*", "reckless", "broken promise*", "wrong",
        "out of touch", "hypocri*", "incompeten*", "betray*", "lies", "lied",
    ],
    "support": [
        "congratulations", "congrats", "proud", "thank you", "thanks", "honored", "honoured", "great job",
        "well done", "support", "endorse*", "salute", "applaud",
    ],
}  # fmt: skip


def _compile(words: list[str]) -> re.Pattern[str]:
    parts = [re.escape(w).replace(r"\*", r"\w*") for w in words]
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)


_OFFENSIVE = _compile(OFFENSIVE_WORDS)
_PARTISAN = _compile(PARTISAN_WORDS)
_CAMPAIGN = {label: _compile(words) for label, words in CAMPAIGN_WORDS.items()}


def keyword_offensive(texts: list[str]) -> list[str]:
    return ["OFF" if _OFFENSIVE.search(t) else "NOT" for t in texts]


def keyword_partisan(texts: list[str]) -> list[str]:
    return ["partisan" if _PARTISAN.search(t) else "neutral" for t in texts]


def keyword_campaign(texts: list[str]) -> list[str]:
    out = []
    for text in texts:
        found = [label for label, pattern in _CAMPAIGN.items() if pattern.search(text)]
        out.append(found[0] if found else "other")
    return out


class AnchorUnavailable(RuntimeError):
    pass


_PROFANITY_SCRIPT = (
    "import json, sys\n"
    "from profanity_check import predict_prob\n"
    "texts = json.load(sys.stdin)\n"
    "json.dump([float(p) for p in predict_prob(texts)], sys.stdout)\n"
)


def profanity_check(texts: list[str]) -> list[float]:
    """P(offensive) from alt-profanity-check's published model, run in .venv-anchors."""
    if not ANCHOR_PYTHON.exists():
        raise AnchorUnavailable(f"{ANCHOR_PYTHON} is missing: run `make anchors-env` to install alt-profanity-check")
    done = subprocess.run(
        [str(ANCHOR_PYTHON), "-c", _PROFANITY_SCRIPT],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise AnchorUnavailable(f"alt-profanity-check failed: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)
