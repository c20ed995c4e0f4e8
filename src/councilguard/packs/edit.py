"""Edits a form makes to a pack's files, keeping each file's comments and layout
(ruamel.yaml's round trip): a clause's text, a rule's message, suggestion, severities and
examples, a word list's entries, the pack's id. Each takes and returns ``PackFiles`` and
never validates: the caller loads the result (``files.load_files``) and keeps it only if
it loads, so an edit that breaks the pack is refused with the loader's own message.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from ..checker.protocol import ProtocolError
from .files import PackFiles


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _load(files: PackFiles, name: str) -> Any:
    if name not in files:
        raise ProtocolError(name, None, "file not found")
    try:
        return _yaml().load(files[name])
    except Exception as exc:  # ruamel's errors carry the line in their text
        raise ProtocolError(name, None, f"invalid YAML: {exc}") from None


def _dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def _text(value: str) -> str:
    value = value.replace("\r\n", "\n").strip()
    return LiteralScalarString(value + "\n") if "\n" in value else DoubleQuotedScalarString(value)


def _with(files: PackFiles, name: str, data: Any) -> PackFiles:
    return {**files, name: _dump(data)}


def set_pack_id(files: PackFiles, pack_id: str, title: str | None = None) -> PackFiles:
    data = _load(files, "protocol.yaml")
    data["id"] = pack_id
    if title:
        data["title"] = title
    return _with(files, "protocol.yaml", data)


def set_adoption(
    files: PackFiles,
    *,
    body: str,
    day: date,
    minute: str,
    decision: str,
    in_force_from: date | None,
    citation: str = "",
) -> PackFiles:
    """The pack's ``adopted`` block, naming the committee decision that adopted it
    (``citation``: the words findings cite it by)."""
    data = _load(files, "protocol.yaml")
    block = CommentedMap()
    if citation:
        block["citation"] = citation
    block["body"] = body
    block["date"] = day
    block["minute"] = minute
    block["decision"] = _text(decision)
    if in_force_from:
        block["in_force_from"] = in_force_from
    data["adopted"] = block
    return _with(files, "protocol.yaml", data)


def set_clause(files: PackFiles, clause_id: str, *, title: str, text: str) -> PackFiles:
    data = _load(files, "protocol.yaml")
    for item in data.get("clauses") or []:
        if isinstance(item, dict) and item.get("id") == clause_id:
            item["title"] = title.strip()
            item["text"] = LiteralScalarString(text.replace("\r\n", "\n").strip() + "\n")
            # An amended clause no longer quotes the 2018 text word for word.
            if "verbatim" in item:
                item["verbatim"] = False
            return _with(files, "protocol.yaml", data)
    raise ProtocolError("protocol.yaml", None, f"defines no clause {clause_id!r}")


def rule_file(rule_id: str) -> str:
    return f"rules/{rule_id}.yaml"


def set_rule(
    files: PackFiles,
    rule_id: str,
    *,
    message: str,
    suggestion: str,
    severity: str,
    case_severities: list[str],
    examples_bad: list[str],
    examples_good: list[str],
) -> PackFiles:
    """A rule's words, its default severity, the severity of each existing context case
    (in order), and its examples (one text each; an example whose text is unchanged keeps
    the context it was written with)."""
    name = rule_file(rule_id)
    data = _load(files, name)
    data["message"] = _text(message)
    data["suggestion"] = _text(suggestion)
    data["severity"] = severity
    cases = data.get("severity_when") or []
    if len(case_severities) != len(cases):
        raise ProtocolError(name, None, f"severity_when has {len(cases)} cases, the form gave {len(case_severities)}")
    for case, level in zip(cases, case_severities, strict=True):
        case["severity"] = DoubleQuotedScalarString(level) if level == "off" else level
    examples = data.get("examples")
    if not isinstance(examples, dict):
        examples = CommentedMap()
        data["examples"] = examples
    for kind, texts in (("bad", examples_bad), ("good", examples_good)):
        old = examples.get(kind) or []
        kept = {(e["text"] if isinstance(e, dict) else str(e)).strip(): e for e in old}
        examples[kind] = CommentedSeq(
            kept.get(t.strip(), DoubleQuotedScalarString(t.strip())) for t in texts if t.strip()
        )
    return _with(files, name, data)


def set_lexicon(files: PackFiles, lexicon: str, terms: list[str]) -> PackFiles:
    name = f"lexicons/{lexicon}.yaml"
    data = _load(files, name)
    data["terms"] = CommentedSeq(t.strip() for t in terms if t.strip())
    return _with(files, name, data)


def set_file(files: PackFiles, name: str, text: str) -> PackFiles:
    """The expert's edit: a whole file's text, as typed."""
    return {**files, name: text.replace("\r\n", "\n")}


RULE_TEMPLATE = """\
id: {rule_id}
title: "{title}"
cites: [{clause}]
detector: lexicon
params:
  terms: ["a phrase to catch"]
severity: warn
message: "What the member is told."
suggestion: "How to put it right."
why: >
  Why the protocol asks this.
examples:
  bad:
    - "A draft that must be caught: a phrase to catch."
  good:
    - "A draft that must pass."
"""
