"""The check page's view-model: the verdict, each finding with the clause it cites
quoted from the protocol in force, and the draft split into segments so the template
can mark each finding's spans without doing arithmetic on offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..checker.protocol import Protocol
from ..checker.result import SEVERITY_RANK, Finding, Result
from ..checker.vocabulary import severity_term, verdict_term


@dataclass(frozen=True)
class ClauseQuote:
    id: str
    title: str
    document: str
    section: str
    text: str
    verbatim: bool

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.split("\n\n") if p.strip()]


@dataclass(frozen=True)
class FindingView:
    number: int
    rule: str
    title: str
    severity: str
    severity_label: str
    severity_colour: str
    message: str
    suggestion: str
    confidence: float
    clauses: tuple[ClauseQuote, ...]
    quoted: tuple[str, ...]  # the words the finding is about, as they appear in the draft

    @property
    def anchor(self) -> str:
        return f"finding-{self.number}"


@dataclass(frozen=True)
class Segment:
    text: str
    findings: tuple[int, ...] = ()  # numbers of the findings whose spans cover it
    severity: str = ""  # the most serious of those findings
    anchor: str = ""  # set on the first segment of each finding, for "jump to text"

    @property
    def marked(self) -> bool:
        return bool(self.findings)


@dataclass
class CheckReport:
    verdict: str
    verdict_label: str  # "Do not send": the tag
    verdict_text: str  # the sentence beside the tag, which does not repeat it
    verdict_colour: str
    protocol_id: str
    protocol_title: str
    findings: list[FindingView]
    segments: list[Segment]
    rule_ids: list[str] = field(default_factory=list)
    # The version checked against and the decision that adopted it (findings cite both).
    version: str = ""
    adopted_by: str = ""

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for finding in self.findings:
            out[finding.severity] = out.get(finding.severity, 0) + 1
        return out


def clause_quotes(protocol: Protocol, clause_ids: list[str]) -> tuple[ClauseQuote, ...]:
    quotes = []
    for clause_id in clause_ids:
        clause = protocol.clauses.get(clause_id)
        if clause is None:  # a pack's loader checks cites; a stale finding may not
            continue
        document = protocol.documents.get(clause.document, {})
        title = document.get("title", clause.document) if isinstance(document, dict) else clause.document
        quotes.append(
            ClauseQuote(
                id=clause.id,
                title=clause.title,
                document=str(title),
                section=clause.section,
                text=clause.text,
                verbatim=clause.verbatim,
            )
        )
    return tuple(quotes)


def _finding_view(number: int, finding: Finding, protocol: Protocol) -> FindingView:
    rule = protocol.rules.get(finding.rule)
    severity = severity_term(finding.severity)
    return FindingView(
        number=number,
        rule=finding.rule,
        title=rule.title if rule else finding.rule,
        severity=finding.severity,
        severity_label=severity.label,
        severity_colour=severity.colour,
        message=finding.message,
        suggestion=finding.suggestion,
        confidence=finding.confidence,
        clauses=clause_quotes(protocol, finding.clauses),
        quoted=tuple(dict.fromkeys(s.text for s in finding.spans)),
    )


def segments_for(text: str, findings: list[Finding]) -> list[Segment]:
    """The text cut at every span boundary; each piece knows which findings cover it."""
    bounds = {0, len(text)}
    for finding in findings:
        for span in finding.spans:
            start, end = max(0, span.start), min(len(text), span.end)
            if start < end:
                bounds.update((start, end))
    cuts = sorted(bounds)
    first_piece: dict[int, int] = {}
    pieces: list[tuple[int, int, list[int], str]] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering: list[int] = []
        severity = ""
        for number, finding in enumerate(findings, start=1):
            if any(s.start <= start and end <= s.end for s in finding.spans):
                covering.append(number)
                if not severity or SEVERITY_RANK[finding.severity] < SEVERITY_RANK[severity]:
                    severity = finding.severity
        for number in covering:
            first_piece.setdefault(number, len(pieces))
        pieces.append((start, end, covering, severity))
    anchors = {index: f"finding-{number}-text" for number, index in sorted(first_piece.items(), reverse=True)}
    return [
        Segment(
            text=text[start:end],
            findings=tuple(covering),
            severity=severity,
            anchor=anchors.get(i, ""),
        )
        for i, (start, end, covering, severity) in enumerate(pieces)
    ]


def build_report(result: Result, text: str, protocol: Protocol) -> CheckReport:
    verdict = verdict_term(result.verdict)
    return CheckReport(
        verdict=result.verdict,
        verdict_label=verdict.label,
        verdict_text=verdict.sentence,
        verdict_colour=verdict.colour,
        protocol_id=protocol.id,
        protocol_title=protocol.title,
        findings=[_finding_view(n, f, protocol) for n, f in enumerate(result.findings, start=1)],
        segments=segments_for(text, result.findings),
        rule_ids=result.rules(),
        version=result.version or protocol.version,
        adopted_by=result.adopted_by or protocol.adopted_by,
    )
