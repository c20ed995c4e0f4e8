"""Patterns a pack may not hold: those Python's backtracking engine can take
exponential or polynomial time on, found by reading the pattern, not by running it.

A simple, conservative test: an unbounded repeat (``*``, ``+``, ``{n,}``) inside another
repeat, as in ``(a+)+`` or ``(?:\\w+\\s?)*``, is refused. It refuses some harmless
patterns too; the pack's author rewrites those (an atomic group or a possessive
quantifier, ``(?>...)``, ``++``, is accepted: it cannot backtrack). When the loader
itself gains a linear-time engine this check becomes redundant, not wrong.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT}
_UNBOUNDED = sre_parse.MAXREPEAT
PATTERN_KEYS = ("pattern", "patterns", "regex")


def nested_quantifier(pattern: str) -> str | None:
    """The nested unbounded repeat in ``pattern``, as text, or None when there is none."""
    try:
        parsed = sre_parse.parse(pattern)
    except re.error as exc:
        return f"is not a valid regular expression ({exc})"
    if _walk(parsed, inside_repeat=False):
        return "repeats a repeated group (like (a+)+), which can take exponential time"
    return None


def _walk(items: Any, inside_repeat: bool) -> bool:
    for op, arg in items:
        if op in _REPEATS:
            low, high, body = arg
            unbounded = high == _UNBOUNDED or high > 100
            if unbounded and inside_repeat and _can_repeat_text(body):
                return True
            if _walk(body, inside_repeat or unbounded):
                return True
        elif op is sre_parse.SUBPATTERN:
            if _walk(arg[-1], inside_repeat):
                return True
        elif op is sre_parse.BRANCH:
            if any(_walk(branch, inside_repeat) for branch in arg[1]):
                return True
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT) and _walk(arg[1], inside_repeat):
            return True
        # ATOMIC_GROUP and POSSESSIVE_REPEAT never backtrack into themselves: left alone.
    return False


def _can_repeat_text(body: Any) -> bool:
    """A repeat of something that consumes text (not of a zero-width assertion)."""
    return any(op not in (sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT) for op, _ in body)


def patterns_in(params: Any) -> set[str]:
    """Every pattern in a rule's params."""
    found: set[str] = set()
    if isinstance(params, dict):
        for key, value in params.items():
            if key in PATTERN_KEYS:
                found.update(p for p in (value if isinstance(value, list) else [value]) if isinstance(p, str))
            else:
                found |= patterns_in(value)
    elif isinstance(params, list):
        for item in params:
            found |= patterns_in(item)
    return found


def pattern_problems(params: Any, where: str = "", allowed: frozenset[str] = frozenset()) -> str | None:
    """The first unsafe pattern anywhere in a rule's params (composites nest them),
    leaving alone the patterns in ``allowed`` (those of a version already adopted)."""
    if isinstance(params, dict):
        for key, value in params.items():
            path = f"{where}.{key}" if where else str(key)
            if key in PATTERN_KEYS:
                for i, pattern in enumerate(value if isinstance(value, list) else [value]):
                    if isinstance(pattern, str) and pattern not in allowed:
                        problem = nested_quantifier(pattern)
                        if problem:
                            label = f"{path}[{i}]" if isinstance(value, list) else path
                            return f"{label} {pattern!r} {problem}"
            else:
                found = pattern_problems(value, path, allowed)
                if found:
                    return found
    elif isinstance(params, list):
        for i, item in enumerate(params):
            found = pattern_problems(item, f"{where}[{i}]", allowed)
            if found:
                return found
    return None


def patterns_of(protocol: Any) -> frozenset[str]:
    """Every pattern in a loaded pack's rules (to allow a version's patterns in its successor)."""
    return frozenset(set().union(*(patterns_in(rule.params) for rule in protocol.rules.values())))
