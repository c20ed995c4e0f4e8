"""The scan report as one self-contained HTML page: inline CSS, inline SVG charts, no
script and nothing fetched, so it can be attached to a case file and opened offline.

Every finding shows the words that raised it (highlighted in an excerpt), the clause
of the protocol it cites (quoted from the pack), and where the message is: the
archive, its place in the archive and its Message-ID.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from ...checker.protocol import Protocol
from ...checker.vocabulary import SEVERITY_TERMS, TAG_COLOURS_HEX, VERDICT_TERMS, Term, severity_term, verdict_term
from .charts import month_columns, rule_bars
from .collect import MAX_ADVICE_SHOWN, MAX_MESSAGES_SHOWN, ScanFacts


def _tag_css(kind: str, terms: dict[str, Term]) -> str:
    """A tag rule per verdict or severity, in the vocabulary's GOV.UK tag colours."""
    rules = []
    for term in terms.values():
        ink, tint = TAG_COLOURS_HEX[term.colour]
        rules.append(f".tag.{kind}-{term.value} {{\n  color: {ink};\n  background: {tint};\n}}\n")
    return "".join(rules)


CSS = """
body {
  font-family: Arial,Helvetica,sans-serif;
  color: #0b0c0c;
  margin: 0;
  line-height: 1.45;
}
header {
  background: #0b0c0c;
  color: #fff;
  padding: 16px 32px;
}
header h1 {
  margin: 0;
  font-size: 26px;
}
header p {
  margin: 4px 0 0;
  color: #ddd;
}
main {
  max-width: 1020px;
  margin: 0 auto;
  padding: 16px 32px 48px;
}
h2 {
  font-size: 22px;
  margin-top: 36px;
  border-bottom: 2px solid #b1b4b6;
  padding-bottom: 4px;
}
table {
  border-collapse: collapse;
  margin: 8px 0 16px;
}
td,th {
  border-bottom: 1px solid #b1b4b6;
  padding: 6px 12px 6px 0;
  text-align: left;
  vertical-align: top;
}
th {
  font-weight: bold;
}
td.n {
  text-align: right;
}
.stats {
  display: flex;
  flex-wrap: wrap;
  gap: 12px;
  margin: 16px 0;
}
.stat {
  border-left: 5px solid #1d70b8;
  padding: 4px 12px;
  min-width: 120px;
}
.stat b {
  display: block;
  font-size: 28px;
}
.stat.alarm {
  border-color: #d4351c;
}
.banner {
  border: 5px solid #d4351c;
  padding: 12px 16px;
  margin: 16px 0;
  font-weight: bold;
}
article {
  border: 1px solid #b1b4b6;
  border-left: 5px solid #f47738;
  padding: 8px 16px;
  margin: 16px 0;
}
article.do-not-send {
  border-left-color: #d4351c;
}
article.ok {
  border-left-color: #1d70b8;
}
article h3 {
  margin: 4px 0;
  font-size: 18px;
}
.meta {
  color: #505a5f;
  font-size: 14px;
  margin: 0 0 8px;
}
.source {
  font-family: monospace;
  font-size: 13px;
  color: #505a5f;
  word-break: break-all;
}
.finding {
  margin: 12px 0 4px;
  padding-top: 8px;
  border-top: 1px dashed #b1b4b6;
}
.tag {
  display: inline-block;
  font-weight: bold;
  font-size: 13px;
  padding: 2px 8px;
  margin-right: 6px;
}
.excerpt {
  background: #f3f2f1;
  padding: 6px 10px;
  margin: 6px 0;
  white-space: pre-wrap;
  font-size: 15px;
}
mark {
  background: #fd0;
  font-weight: bold;
  padding: 0 1px;
}
blockquote {
  margin: 6px 0;
  padding: 4px 12px;
  border-left: 4px solid #b1b4b6;
  white-space: pre-wrap;
  font-size: 14px;
}
details summary {
  cursor: pointer;
  color: #1d70b8;
}
.notes {
  font-size: 13px;
  color: #505a5f;
}
.legend span {
  display: inline-block;
  width: 12px;
  height: 12px;
  margin: 0 4px 0 12px;
  vertical-align: middle;
}
.stat small {
  display: block;
  font-size: 14px;
  color: #505a5f;
}
"""
CSS += _tag_css("severity", SEVERITY_TERMS) + _tag_css("verdict", VERDICT_TERMS)


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _when(iso: str | None) -> str:
    if not iso:
        return "date unknown"
    try:
        return datetime.fromisoformat(iso).strftime("%d %b %Y %H:%M %Z").strip()
    except ValueError:
        return iso


def _rule_title(protocol: Protocol, rule_id: str) -> str:
    rule = protocol.rules.get(rule_id)
    return rule.title if rule else rule_id


def _clause(protocol: Protocol, clause_id: str) -> str:
    clause = protocol.clauses.get(clause_id)
    if clause is None:
        return f"<p>{_e(clause_id)}</p>"
    document = protocol.documents.get(clause.document, {}).get("title", clause.document)
    return (
        f"<details><summary>{_e(clause_id)}: {_e(clause.title)} ({_e(document)})</summary>"
        f"<blockquote>{_e(clause.text)}</blockquote></details>"
    )


def _finding(protocol: Protocol, finding: dict[str, Any]) -> str:
    severity = finding.get("severity", "info")
    excerpts = "".join(
        f'<div class="excerpt">{_e(x["before"])}<mark>{_e(x["text"])}</mark>{_e(x["after"])}</div>'
        for x in finding.get("excerpts", [])
    )
    more = len(finding.get("spans", [])) - len(finding.get("excerpts", []))
    if more > 0:
        excerpts += f"<p class='notes'>… and {more} more places in this message.</p>"
    clauses = "".join(_clause(protocol, c) for c in finding.get("clauses", []))
    # The version in force when the message was sent, and the decision that adopted it.
    cited = ""
    if finding.get("version"):
        adopted = f", adopted by {_e(finding['adopted_by'])}" if finding.get("adopted_by") else ""
        cited = f"<p class='notes'>Protocol version <span class='version'>{_e(finding['version'])}</span>{adopted}.</p>"
    return (
        f'<div class="finding"><span class="tag severity-{_e(severity)}">'
        f"{_e(severity_term(severity).label)}</span>"
        f"<b>{_e(_rule_title(protocol, finding['rule']))}</b> "
        f"<span class='source'>{_e(finding['rule'])}</span>"
        f"<p>{_e(finding.get('message'))}</p>{excerpts}"
        f"<p><b>What to do:</b> {_e(finding.get('suggestion'))}</p>{clauses}{cited}</div>"
    )


def _message(protocol: Protocol, record: dict[str, Any], number: int) -> str:
    verdict = record.get("verdict", "ok")
    subject = record.get("subject") or ("(a post)" if record.get("channel") == "social" else "(no subject)")
    sender = record.get("sender") or "sender unknown"
    if record.get("from_name"):
        sender = f"{record['from_name']} <{sender}>"
    where = f"{record.get('archive')} · {record.get('locator')}"
    if record.get("message_id"):
        where += f" · Message-ID {record['message_id']}"
    notes = record.get("notes") or []
    notes_html = f"<p class='notes'>Import notes: {_e('; '.join(notes))}</p>" if notes else ""
    findings = "".join(_finding(protocol, f) for f in record.get("findings", []))
    meta = [
        sender,
        _when(record.get("sent_at")),
        f"{record.get('account') or ''} {record.get('platform') or record.get('channel') or ''}",
    ]
    return (
        f'<article class="{_e(verdict)}" id="m{number}"><h3>{number}. {_e(subject)}</h3>'
        f'<p class="meta"><span class="tag verdict-{_e(verdict)}">{_e(verdict_term(verdict).label)}</span>'
        f"{_e(' · '.join(meta))}</p>"
        f'<p class="source">{_e(where)}</p>{notes_html}{findings}</article>'
    )


def _table(rows: list[tuple[Any, ...]], header: tuple[str, ...]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="n">{v:,}</td>' if isinstance(v, int) else f"<td>{_e(v)}</td>" for v in row)
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _stats(facts: ScanFacts) -> str:
    review = len(facts.needing_review)
    by_verdict = {v: sum(1 for r in facts.needing_review if r.get("verdict") == v) for v in ("do-not-send", "review")}
    # "Need review" counts both verdicts; the line under it says how they split, so nobody
    # adds the do-not-send messages to it a second time.
    split = " and ".join(f"{by_verdict[v]:,} {verdict_term(v).label.lower()}" for v in by_verdict)
    stats = [
        ("Messages checked", facts.status["checked"], False, ""),
        ("Need review", review, review > 0, f"of which {split}" if review else ""),
        ("Advice only", len(facts.advice_only), False, f"verdict {verdict_term('ok').label}"),
        ("Skipped or failed", facts.skipped_count, False, ""),
        ("Left out by filters", facts.status["filtered"], False, ""),
    ]
    cells = "".join(
        f"<div class='stat{' alarm' if alarm else ''}'><b>{n:,}</b>{_e(label)}"
        + (f"<small>{_e(note)}</small>" if note else "")
        + "</div>"
        for label, n, alarm, note in stats
    )
    return f"<div class='stats'>{cells}</div>"


def _scope(protocol: Protocol, manifest: dict[str, Any]) -> str:
    sources = [(s["path"], s.get("format") or "unknown") for s in manifest.get("sources", [])]
    filters = manifest.get("settings", {}).get("filters", {})
    rules = ", ".join(filters.get("rules") or []) or f"all {len(protocol.rules)} rules in the pack"
    chosen = [
        ("Protocol", f"{protocol.title} ({protocol.id})"),
        ("Rules", rules),
        ("Senders", ", ".join(filters.get("senders") or []) or "any"),
        ("Dates", f"{filters.get('since') or 'any'} to {filters.get('until') or 'any'}"),
    ]
    return "<h2>What was scanned</h2>" + _table(sources, ("Archive", "Format")) + _table(chosen, ("Setting", "Value"))


def _as_table(rows: list[tuple[Any, ...]], header: tuple[str, ...]) -> str:
    return f"<details><summary>As a table</summary>{_table(rows, header)}</details>"


def _by_rule(protocol: Protocol, facts: ScanFacts) -> str:
    out = "<h2>Findings by rule</h2>"
    if not facts.by_rule:
        return out + "<p>No findings: nothing in the messages checked raised a rule.</p>"
    ranked = facts.by_rule.most_common()
    out += rule_bars([(_rule_title(protocol, rule), n) for rule, n in ranked])
    rows = []
    for rule, n in ranked:
        split = ", ".join(
            f"{facts.by_rule_severity[(rule, s)]} {term.label.lower()}"
            for s, term in SEVERITY_TERMS.items()
            if facts.by_rule_severity[(rule, s)]
        )
        rows.append((_rule_title(protocol, rule), rule, n, split))
    return out + _as_table(rows, ("Rule", "Id", "Findings", "By severity"))


def _by_month(facts: ScanFacts) -> str:
    out = "<h2>Messages by month</h2>"
    chart = month_columns(dict(facts.checked_by_month), dict(facts.flagged_by_month))
    if chart:
        out += (
            "<p class='legend'><span style='background:#b1b4b6'></span>checked"
            "<span style='background:#d4351c'></span>needing review</p>" + chart
        )
        rows = [
            (m, facts.checked_by_month[m], facts.flagged_by_month.get(m, 0)) for m in sorted(facts.checked_by_month)
        ]
        out += _as_table(rows, ("Month", "Checked", "Needing review"))
    if facts.undated:
        out += f"<p>{facts.undated:,} messages had no readable date.</p>"
    return out


def _messages(protocol: Protocol, facts: ScanFacts) -> str:
    out = "<h2>Messages that need review</h2>"
    review = facts.needing_review
    if review:
        out += (
            "<p>In archive order. Each message shows where to find it, the words that raised "
            "each rule, and the clause of the protocol the rule applies.</p>"
        )
        shown = review[:MAX_MESSAGES_SHOWN]
        out += "".join(_message(protocol, r, i) for i, r in enumerate(shown, start=1))
        if len(review) > len(shown):
            out += (
                f"<p class='banner'>{len(review) - len(shown):,} more are in findings.csv "
                "and findings.jsonl beside this page.</p>"
            )
    else:
        out += "<p>None.</p>"
    advice = facts.advice_only
    if advice:
        shown = advice[:MAX_ADVICE_SHOWN]
        more = len(advice) - len(shown)
        cards = "".join(_message(protocol, r, i) for i, r in enumerate(shown, start=1))
        if more > 0:
            cards += f"<p>{more:,} more are in findings.csv and findings.jsonl.</p>"
        out += (
            f"<h2>Messages with advice only</h2><details><summary>{len(advice):,} messages "
            f"raised only good-practice notes</summary>{cards}</details>"
        )
    return out


def _skipped(facts: ScanFacts, skipped: list[dict[str, Any]]) -> str:
    out = "<h2>Skipped and failed</h2>"
    if not facts.skipped_count:
        return out + "<p>Nothing was skipped.</p>"
    out += _table(list(facts.skip_reasons.most_common()), ("Why", "How many"))
    rows = [(r.get("archive", ""), r.get("locator", ""), r.get("reason", "")) for r in skipped]
    listing = _table(rows, ("Archive", "Where", "Why"))
    out += f"<details><summary>Each item</summary>{listing}</details>"
    if facts.skipped_count > len(skipped):
        out += "<p>The full list is in skipped.csv.</p>"
    return out


def _filters_and_notes(facts: ScanFacts) -> str:
    out = ""
    if facts.filtered:
        rows = list(facts.filtered.most_common())
        out += "<h2>Left out by filters</h2>" + _table(rows, ("Filter", "Messages"))
    if facts.notes:
        out += (
            "<h2>Import notes</h2><p>What the importer had to work around; these messages were "
            "still checked unless listed as skipped.</p>"
            + _table(list(facts.notes.most_common(20)), ("Import note", "Messages"))
        )
    return out


def _how_to_read() -> str:
    verdicts = "".join(
        f"<li><span class='tag verdict-{t.value}'>{_e(t.label)}</span>{_e(t.sentence)}</li>"
        for t in VERDICT_TERMS.values()
    )
    severities = "".join(
        f"<li><span class='tag severity-{t.value}'>{_e(t.label)}</span>{_e(t.sentence)}</li>"
        for t in SEVERITY_TERMS.values()
    )
    return (
        "<h2>How to read this report</h2><p>Each message has a verdict, from the most serious of "
        f"its findings. &ldquo;Need review&rdquo; counts the messages whose verdict is "
        f"{_e(verdict_term('do-not-send').label)} or {_e(verdict_term('review').label)}.</p>"
        f"<ul>{verdicts}</ul><p>Each finding has a severity:</p><ul>{severities}</ul>"
        "<p>The checker flags what the protocol's words cover; a person decides whether a message "
        "breached it. The findings, one per row, are in findings.csv; findings.jsonl holds them for "
        "other programs; skipped.csv lists what could not be checked.</p>"
    )


STOPPED = (
    "<p class='banner'>This scan was stopped before the end: the report covers the messages "
    "checked so far. Run the same command again to finish it; finished work is not redone.</p>"
)


def render_html(
    protocol: Protocol,
    manifest: dict[str, Any],
    facts: ScanFacts,
    skipped: list[dict[str, Any]],
    *,
    interrupted: bool,
    generated: str,
) -> str:
    sections = [
        STOPPED if interrupted else "",
        _stats(facts),
        _scope(protocol, manifest),
        _by_rule(protocol, facts),
        _by_month(facts),
        _messages(protocol, facts),
        _skipped(facts, skipped),
        _filters_and_notes(facts),
        _how_to_read(),
    ]
    review, checked = len(facts.needing_review), facts.status["checked"]
    title = f"Archive scan: {review:,} of {checked:,} messages need review"
    return (
        f"<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'><title>{_e(title)}</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<style>{CSS}</style></head><body><header><h1>{_e(title)}</h1>"
        f"<p>CouncilGuard scan against {_e(protocol.title)} · generated {_e(generated)}</p>"
        f"</header><main>{''.join(sections)}</main></body></html>\n"
    )
