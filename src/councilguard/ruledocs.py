"""Rule documentation generated from the rule files themselves, one template for all:
what it checks, the clause text it cites, why, a failing and a passing example, how to
configure it. ``councilguard rules --explain ID`` prints the same page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .checker.detectors import context
from .checker.protocol import Protocol, Rule

CONTEXT_FIELDS = (
    "channel", "account", "platform", "subject", "sender", "recipients", "reply_all", "forwarded",
    "attachments", "images", "sent_at", "bio", "meetings_attending", "committees", "pre_election",
)  # fmt: skip


def _example(example: dict) -> str:
    context = {k: example[k] for k in CONTEXT_FIELDS if k in example}
    lines = ["> " + line for line in example["text"].splitlines()]
    if context:
        lines.append("")
        lines.append("Context: " + ", ".join(f"`{k}={v}`" for k, v in context.items()))
    return "\n".join(lines)


def _severity(rule: Rule) -> str:
    parts = [f"**{rule.severity}** by default"]
    for case in rule.severity_when:
        when = " and ".join(f"{k} = {v}" for k, v in case.when.items()) or "otherwise"
        level = "not raised" if case.severity == "off" else f"**{case.severity}**"
        parts.append(f"{level} when {when}")
    return "; ".join(parts) + "."


def rule_page(rule: Rule, protocol: Protocol) -> str:
    out = [f"# `{rule.id}`: {rule.title}", ""]
    if rule.aliases:
        out += [f"Also known as: {', '.join(f'`{a}`' for a in rule.aliases)}.", ""]
    # Placeholders are filled from what the detector found; the page shows them as [slots].
    out += ["## What it checks", "", rule.message.replace("{", "[").replace("}", "]"), ""]
    out += [f"Severity: {_severity(rule)} Detector: `{rule.detector}`.", ""]
    out += ["## The protocol", ""]
    for clause_id in rule.cites:
        clause = protocol.clauses[clause_id]
        document = protocol.documents.get(clause.document, {}).get("title", clause.document)
        out.append(f"**{clause_id}** — {clause.title} ({document}{'' if clause.verbatim else ', summarised'}):")
        out.append("")
        out += ["> " + line if line else ">" for line in clause.text.splitlines()]
        out.append("")
    if rule.why:
        out += ["## Why", "", rule.why, ""]
    out += ["## What to do", "", rule.suggestion, ""]
    if rule.examples_bad:
        out += ["## Raises it", ""]
        for example in rule.examples_bad:
            out += [_example(example), ""]
    if rule.examples_good:
        out += ["## Does not raise it", ""]
        for example in rule.examples_good:
            out += [_example(example), ""]
    out += ["## Configuration", ""]
    out.append(rule.configure or "Set `enabled: false` in the rule file to switch it off for a council.")
    lists = _pack_lists(rule.params)
    if lists:
        out += ["", "The lists it reads, from the rule file:", ""]
        for key, title, value in lists:
            out.append(f"- **{title}** (`{key}`): {_list_text(value)}")
    out += ["", f"Source: `{Path(rule.source).parent.name}/{Path(rule.source.split(':')[0]).name}`", ""]
    return "\n".join(out)


def _pack_lists(params: Any) -> list[tuple[str, str, Any]]:
    """The pack lists of every context check in a rule's params, however deeply nested."""
    if isinstance(params, list):
        return [found for item in params for found in _pack_lists(item)]
    if not isinstance(params, dict):
        return []
    return context.pack_lists(params) + [found for value in params.values() for found in _pack_lists(value)]


def _list_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(f"`{v}`" for v in value)
    # A match spec: its terms, the lexicons it names and its patterns.
    parts = [f"`{t}`" for t in value.get("terms") or []]
    parts += [f"the `{name}` lexicon" for name in value.get("lexicons") or []]
    parts += [f"the pattern `{p}`" for p in value.get("patterns") or []]
    return "; ".join(parts)


def index_page(protocol: Protocol) -> str:
    out = [f"# Rules of `{protocol.id}`", "", protocol.title, ""]
    out += ["Generated from the rule files by `make docs`: do not edit by hand.", ""]
    out += ["| rule | severity | cites | title |", "|---|---|---|---|"]
    for rule in protocol.rules.values():
        out.append(f"| [`{rule.id}`]({rule.id}.md) | {rule.severity} | {', '.join(rule.cites)} | {rule.title} |")
    return "\n".join(out) + "\n"


def write_docs(protocol: Protocol, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for rule in protocol.rules.values():
        path = directory / f"{rule.id}.md"
        path.write_text(rule_page(rule, protocol), encoding="utf-8")
        written.append(path)
    index = directory / "README.md"
    index.write_text(index_page(protocol), encoding="utf-8")
    written.append(index)
    return written
