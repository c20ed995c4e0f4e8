"""What hostile text costs the checker, beside prose of the same length (the anchor), in
the same run (issue 11: "adversarial inputs cost at most 3x prose of the same length").

    python bench/adversarial_bench.py      # writes the "Adversarial inputs" section of docs/performance.md

Each input is the shape that made a pattern super-linear before the patterns ran on RE2
(runs of newlines, capitalised words, repeated insults, hyphen or apostrophe chains, blank
runs before a telephone extension, digits, e-mail-like chains, spaced letters), built to
the length given. The contract refuses a draft over 200,000 characters (the API answers
413 before reading a larger body), so a 1 MB upload is measured as what reaches the
checker: five drafts of 200,000 characters, the largest it accepts, checked one by one.
Each figure is the median of three warm runs of the whole check (one run above 50,000
characters), after a warm-up, so the models are loaded.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from councilguard.checker import default_checker  # noqa: E402
from councilguard.checker.draft import MAX_TEXT_CHARS  # noqa: E402
from drafts import emails  # noqa: E402
from perfdoc import machine_speed, replace_section  # noqa: E402


def _fill(unit: str, length: int, tail: str = "x") -> str:
    return (unit * (length // len(unit) + 1))[: length - len(tail)] + tail


SHAPES = {
    "runs of newlines": lambda n: _fill("\n", n),
    "capitalised words": lambda n: _fill("Abbey Road Holdings ", n, "Ltd"),
    "one insult repeated": lambda n: _fill("IDIOT ", n),
    "hyphen chains": lambda n: _fill("A-", n, "A Street"),
    "apostrophe chains": lambda n: _fill("o'", n, "Neill"),
    "blanks before an extension": lambda n: _fill(" ", n, "ext 1234"),
    "digits": lambda n: _fill("0123456789", n),
    "e-mail-like chains": lambda n: _fill("a.b@", n, "c.uk"),
    "spaced letters": lambda n: _fill("h a t e ", n),
}


def prose(length: int) -> str:
    """Councillors' e-mails (the checker bench's own), joined to the length."""
    text = "\n\n".join(e["text"] for e in emails(count=400, size=2048))
    while len(text) < length:
        text += "\n\n" + text
    return text[:length]


def _cost(checker, text: str, runs: int = 0) -> float:  # noqa: ANN001
    runs = runs or (3 if len(text) <= 50_000 else 1)
    draft = {"text": text, "channel": "email", "account": "council"}
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        checker.check(draft)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lengths", default=f"50000,{MAX_TEXT_CHARS}", help="draft lengths in characters")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/performance.md")
    args = parser.parse_args(argv)
    lengths = [int(x) for x in args.lengths.split(",")]
    # Measured to the end: the per-draft budget would otherwise cut the long prose short.
    os.environ["COUNCILGUARD_CHECK_BUDGET_SECONDS"] = "3600"
    checker = default_checker()
    checker.check({"text": "Warm-up: thanks to the volunteers at the West Ward fun day.", "channel": "social"})
    speed = machine_speed()
    rows, worst = [], 0.0
    for length in lengths:
        anchor = _cost(checker, prose(length))
        for name, make in SHAPES.items():
            cost = _cost(checker, make(length))
            ratio = cost / anchor
            worst = max(worst, ratio)
            rows.append((length, name, cost, anchor, ratio))
            print(
                f"{length:>7} {name:<28} {cost * 1000:8.0f} ms  prose {anchor * 1000:8.0f} ms  {ratio:5.2f}x",
                flush=True,
            )
    upload = 5 * _cost(checker, SHAPES["runs of newlines"](MAX_TEXT_CHARS), runs=1)
    upload_prose = 5 * _cost(checker, prose(MAX_TEXT_CHARS), runs=1)
    lines = [
        "## Adversarial inputs",
        "",
        "`python bench/adversarial_bench.py`: the whole check of hostile text beside councillors' prose of the same "
        "length (the anchor), median of three warm runs (one at 200,000 characters), same process, same run. Target: at most 3x prose.",
        f"Machine speed (pure-Python loop): {speed:.2f} s.",
        "",
        "| characters | input | check | prose, same length | ratio |",
        "|---:|---|---:|---:|---:|",
        *(f"| {n:,} | {name} | {c * 1000:,.0f} ms | {a * 1000:,.0f} ms | {r:.2f}x |" for n, name, c, a, r in rows),
        "",
        f"Worst ratio: **{worst:.2f}x** (target at most 3x). A 1 MB upload of newline runs, as the checker receives "
        f"it (five drafts of {MAX_TEXT_CHARS:,} characters, the contract's limit): {upload:.1f} s, against "
        f"{upload_prose:.1f} s for 1 MB of prose ({upload / upload_prose:.2f}x).",
    ]
    markdown = "\n".join(lines)
    print(markdown)
    if not args.no_write:
        replace_section("adversarial", markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
