"""The readable text report of ``councilguard check``: the verdict, then each finding
with the protocol clause quoted and the offending words marked in the draft."""

from __future__ import annotations

import os
import sys
import textwrap

from .checker.protocol import Protocol
from .checker.result import Result
from .checker.vocabulary import ASK_FIRST, severity_term, verdict_term


def _use_colour(stream) -> bool:  # noqa: ANN001
    return hasattr(stream, "isatty") and stream.isatty() and "NO_COLOR" not in os.environ


def _wrap(text: str, indent: str, width: int = 88) -> str:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    return "\n".join(textwrap.fill(p, width=width, initial_indent=indent, subsequent_indent=indent) for p in paragraphs)


def _excerpt(text: str, start: int, end: int, colour: bool, context: int = 60) -> str:
    """The sentence around a span, with the span marked [[like this]] (or in colour)."""
    left = max(0, start - context)
    right = min(len(text), end + context)
    before, inside, after = text[left:start], text[start:end], text[end:right]
    marked = f"\033[1;4;31m{inside}\033[0m" if colour else f"[[{inside}]]"
    out = ("…" if left else "") + before + marked + after + ("…" if right < len(text) else "")
    return " ".join(out.split())


def render_text(result: Result, text: str, protocol: Protocol, stream=None) -> str:  # noqa: ANN001
    colour = _use_colour(stream or sys.stdout)
    lines = []
    if result.id:
        lines.append(f"Draft {result.id}")
    verdict = verdict_term(result.verdict)
    # Capitals stand in for the page's coloured tag; the words are the vocabulary's.
    lines.append(f"{verdict.label.upper()}: {verdict.sentence}")
    lines.append(f"Protocol: {protocol.title} ({protocol.id})")
    lines.extend(f"Note: {note}" for note in result.notes)  # e.g. the time budget spent
    if not result.findings:
        lines.append("")
        lines.append("No findings.")
    for number, finding in enumerate(result.findings, start=1):
        rule = protocol.rules.get(finding.rule)
        title = rule.title if rule else finding.rule
        lines.append("")
        label = severity_term(finding.severity).label.upper()
        lines.append(f"{number}. [{label}] {title} ({finding.rule}, confidence {finding.confidence:.2f})")
        lines.append(_wrap(finding.message, "   "))
        for span in finding.spans[:5]:
            lines.append("   > " + _excerpt(text, span.start, span.end, colour))
        if len(finding.spans) > 5:
            lines.append(f"   > … and {len(finding.spans) - 5} more places")
        lines.append(_wrap("What to do: " + finding.suggestion, "   "))
        for clause_id in finding.clauses:
            clause = protocol.clauses.get(clause_id)
            if clause is None:
                continue
            quote = clause.text if len(clause.text) <= 400 else clause.text[:400].rsplit(" ", 1)[0] + " …"
            source = protocol.documents.get(clause.document, {}).get("title", clause.document)
            lines.append(f"   {clause_id} — {clause.title} ({source}):")
            lines.append(_wrap(quote, "     | "))
    if result.verdict != "ok":
        lines.append("")
        lines.append(ASK_FIRST)
    return "\n".join(lines) + "\n"
