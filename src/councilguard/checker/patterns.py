"""Pack patterns, compiled so that none can stall a check (issue 11).

Python's ``re`` backtracks: ``(?:^|\\n)\\s*confidential`` on 16,000 newlines tries every
newline as a start and runs over all the rest from each, so a 32 KB draft took 16 s and
held the GIL for every other request in the process. A pack pattern is therefore run on
RE2 (``google-re2``), whose automaton reads the text once whatever the pattern.

RE2 has no lookaround. A pattern that needs one (``(?!'s)``, ``(?<!what )``) runs on
Python's engine only if the longest text it can match is bounded (``MAX_WIDTH``
characters): each start position then costs at most a bounded amount of work, so the
whole draft costs time linear in its length. Write ``\\s{1,10}`` rather than ``\\s+`` in
such a pattern. Anything else is refused when the pack loads (``linear_safety``), with
the reason, so a council officer editing a rule file learns it there and not from a
stalled server.

RE2 reads ``\\w``, ``\\d`` and ``\\b`` as ASCII; folded text (the default) has its accents
already removed, so this matters only for ``case_sensitive`` patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from re import _parser as sre_parse  # type: ignore[attr-defined]

import re2

# The longest match a Python-engine (lookaround) pattern may have. Generous for a phrase
# ("vote for Cllr X on Thursday"), small enough that the work at each start is bounded.
MAX_WIDTH = 400

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # a refused pattern is reported by linear_safety, not on stderr


class PatternError(ValueError):
    """A pattern that is not a valid regular expression or is not linear-safe."""


class PackPattern:
    """A compiled pack pattern; ``spans`` yields (start, end) of every non-empty match,
    in code points of the text searched."""

    def __init__(self, source: str, case_sensitive: bool):
        self.source = source
        flags = "(?m)" if case_sensitive else "(?im)"
        self.engine = "re2"
        try:
            self._regex = re2.compile(flags + source, _OPTIONS)
        except re2.error as exc:
            problem = _python_engine_problem(source, str(exc))
            if problem:
                raise PatternError(problem) from None
            self.engine = "python"
            self._regex = re.compile(source, re.MULTILINE if case_sensitive else re.IGNORECASE | re.MULTILINE)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        for match in self._regex.finditer(text):
            start, end = match.span()
            if end > start:
                yield start, end


def _python_engine_problem(source: str, re2_error: str) -> str | None:
    """Why ``source`` may not run on Python's engine either (None: it may)."""
    try:
        parsed = sre_parse.parse(source, re.IGNORECASE | re.MULTILINE)
    except re.error as exc:
        return f"is not a valid regular expression: {exc}"
    if _reach(parsed) > MAX_WIDTH:
        reason = re2_error.removeprefix("b'").removesuffix("'")
        return (
            f"is not linear-safe: the linear-time engine (RE2) refuses it ({reason}), and on Python's "
            f"engine it can match text of unbounded length (more than {MAX_WIDTH} characters); bound its "
            "repeats (\\s{1,10} rather than \\s+) or drop the lookaround"
        )
    return None


def _reach(parsed: sre_parse.SubPattern) -> int:
    """How far past a start position the engine may read: the longest match plus what
    each lookaround inside may read (``getwidth`` counts lookarounds as zero wide)."""
    reach = parsed.getwidth()[1]

    def lookarounds(sub: sre_parse.SubPattern) -> int:
        total = 0
        for op, av in sub.data:
            if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
                total += av[1].getwidth()[1] + lookarounds(av[1])
            elif op is sre_parse.BRANCH:
                total += sum(lookarounds(branch) for branch in av[1])
            elif op is sre_parse.SUBPATTERN:
                total += lookarounds(av[-1])
            elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
                total += lookarounds(av[2])
            elif op is sre_parse.ATOMIC_GROUP:
                total += lookarounds(av)
        return total

    return reach + lookarounds(parsed)


@lru_cache(maxsize=1024)
def compile_pattern(source: str, case_sensitive: bool = False) -> PackPattern:
    """The compiled pattern (shared by every draft); raises PatternError."""
    return PackPattern(source, case_sensitive)


def linear_safety(source: str) -> str | None:
    """What is wrong with a pack pattern (not valid, or not linear-safe), or None."""
    if not isinstance(source, str):
        return "must be a string"
    try:
        compile_pattern(source)
    except PatternError as exc:
        return str(exc)
    return None
