"""Every pattern the checker runs costs time linear in the draft (issue 11, defect 1).

Each pattern (the pack's, and every compiled regular expression in the checker's
modules) is run on adversarial texts of length n and 4n: runs of newlines, spaces,
capitalised words, digits, repeated tokens. Linear work grows about 4 times; the
quadratic patterns this replaced grew 16 times. The check is the growth ratio, with a
generous factor, never an absolute time (CPU time of the thread, so a busy machine does not
move it); timings too small to measure are not compared.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import councilguard.checker as checker_pkg
from councilguard.checker.patterns import compile_pattern, linear_safety
from councilguard.checker.protocol import ProtocolError, load_protocol

# Texts a hostile sender can make cheaply; each is built to any length.
ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "newlines": lambda n: "\n" * n + "x",
    "spaces": lambda n: " " * n + "x",
    "tabs-and-spaces": lambda n: " \t" * (n // 2) + "x",
    "capitalised-words": lambda n: "Abc " * (n // 4) + "x",
    "capital-letters": lambda n: "A" * n + " x",
    "capitals-and-spaces": lambda n: "A " * (n // 2),
    "digits": lambda n: "1" * n + " x",
    "digits-and-spaces": lambda n: "1 " * (n // 2),
    "repeated-insult": lambda n: "IDIOT " * (n // 6),
    "letters": lambda n: "a" * n + "!",
    "dots": lambda n: "." * n,
    "quotes": lambda n: '"' * n,
    "hyphens": lambda n: "-" * n + "x",
    "councillors": lambda n: "Cllr " * (n // 5),
    "numbered-streets": lambda n: "12 Abc " * (n // 7),
    "at-signs": lambda n: "a@" * (n // 2),
    "blank-lines-and-words": lambda n: "confidential\n \n" * (n // 15),
    "vote": lambda n: "vote " * (n // 5),
    "capital-hyphens": lambda n: "A-" * (n // 2),
    "apostrophes": lambda n: "Ab'" * (n // 3),
    "dotted-letters": lambda n: "a." * (n // 2),
    "commas": lambda n: "A, " * (n // 3),
    "pound-signs": lambda n: "£1 " * (n // 3),
}

N = 2_000
GROWTH = 4
GROWTH_LIMIT = 9.0  # linear work grows ~4x from n to 4n; quadratic ~16x
MEASURABLE = 0.002  # CPU seconds at 4n below which a ratio is only noise


def _cost(run: Callable[[str], Any], text: str, repeats: int = 2) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.thread_time()
        run(text)
        best = min(best, time.thread_time() - start)
    return best


def _growth(run: Callable[[str], Any], make: Callable[[int], str]) -> tuple[float, float]:
    """Cost at n and 4n. Short texts can sit below a step in the engine's cost (caches, its
    fast paths) that shows as a jump without super-linear growth, so a jump on a cheap text
    is measured again at 4n and 16n before it counts."""
    costs = _cost(run, make(N)), _cost(run, make(GROWTH * N))
    if costs[1] > MEASURABLE and costs[1] / max(costs[0], 1e-9) >= GROWTH_LIMIT and costs[1] < 0.05:
        costs = costs[1], _cost(run, make(GROWTH * GROWTH * N))
    return costs


def _pack_patterns() -> Iterator[tuple[str, str, bool]]:
    protocol = load_protocol()

    def walk(node: Any, where: str, case_sensitive: bool) -> Iterator[tuple[str, str, bool]]:
        if isinstance(node, dict):
            case_sensitive = bool(node.get("case_sensitive", case_sensitive))
            for key, value in node.items():
                if key == "patterns" and isinstance(value, list):
                    for i, pattern in enumerate(value):
                        yield f"{where}.patterns[{i}]", pattern, case_sensitive
                else:
                    yield from walk(value, f"{where}.{key}", case_sensitive)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                yield from walk(item, f"{where}[{i}]", case_sensitive)

    for rule in protocol.rules.values():
        yield from walk(rule.params, rule.id, False)
        for i, learned in enumerate(rule.learned or ()):
            yield from walk(learned, f"{rule.id}.learned[{i}]", False)


def _module_regexes() -> Iterator[tuple[str, re.Pattern[str]]]:
    seen: set[int] = set()
    for info in pkgutil.walk_packages(checker_pkg.__path__, checker_pkg.__name__ + "."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str) and id(value) not in seen:
                seen.add(id(value))
                yield f"{info.name}.{name}", value


PACK = list(_pack_patterns())
MODULE = list(_module_regexes())


def test_the_suite_reads_every_pattern_of_the_pack_and_of_the_detectors():
    assert len(PACK) > 40
    names = {name for name, _ in MODULE}
    assert {"councilguard.checker.pii.addresses._BARE_STREET", "councilguard.checker.text._SENTENCE_END"} <= names


@pytest.mark.parametrize(("where", "pattern", "case_sensitive"), PACK, ids=[p[0] for p in PACK])
def test_every_pack_pattern_runs_in_linear_time_on_adversarial_text(where, pattern, case_sensitive):
    compiled = compile_pattern(pattern, case_sensitive)
    for kind, make in ADVERSARIAL.items():
        small, large = _growth(lambda text: list(compiled.spans(text)), make)
        if large > MEASURABLE:
            assert large / max(small, 1e-9) < GROWTH_LIMIT, f"{where} on {kind}: {small:.4f}s -> {large:.4f}s"


@pytest.mark.parametrize(("where", "regex"), MODULE, ids=[m[0] for m in MODULE])
def test_every_detector_regex_runs_in_linear_time_on_adversarial_text(where, regex):
    for kind, make in ADVERSARIAL.items():
        small, large = _growth(lambda text: sum(1 for _ in regex.finditer(text)), make)
        if large > MEASURABLE:
            assert large / max(small, 1e-9) < GROWTH_LIMIT, f"{where} on {kind}: {small:.4f}s -> {large:.4f}s"


def test_the_patterns_the_issue_found_quadratic_now_read_16000_newlines_at_once():
    confidential = next(p for w, p, _ in PACK if w.startswith("confidential-information") and "confidential" in p)
    compiled = compile_pattern(confidential)
    assert compile_pattern(confidential).engine == "re2"
    assert list(compiled.spans("\n" * 16000 + "x")) == []
    assert list(compiled.spans("Hello\n\n  Strictly confidential: the report")) != []


def test_a_pattern_that_needs_backtracking_over_unbounded_text_is_not_linear_safe():
    problem = linear_safety(r"(?:^|\n)\s*confidential(?!ly)")
    assert problem is not None and "not linear-safe" in problem and "\\s{1,10}" in problem
    assert linear_safety(r"(?:^|\n)\s*confidential") is None  # RE2 runs it
    assert linear_safety(r"\bconfidential(?!ly\b)\s{1,10}report") is None  # bounded reach
    assert linear_safety(r"\bvote(?![a-z\s]*\bagainst)") is not None  # an unbounded lookahead


def test_the_pack_loader_refuses_a_pattern_that_is_not_linear_safe_naming_file_and_field(tmp_path):
    import shutil

    from councilguard.checker.protocol import PACKS_DIR

    pack = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "havering-2018", pack)
    rule = pack / "rules" / "confidential-information.yaml"
    text = rule.read_text(encoding="utf-8")
    rule.write_text(
        text.replace('- "\\\\bconfidential\\\\s+-\\\\s"', '- "\\\\bconfidential(?!ly)\\\\s+-"'), encoding="utf-8"
    )
    assert rule.read_text(encoding="utf-8") != text
    with pytest.raises(ProtocolError) as caught:
        load_protocol(pack)
    message = str(caught.value)
    assert "confidential-information.yaml:" in message
    assert "patterns[1]" in message and "not linear-safe" in message
