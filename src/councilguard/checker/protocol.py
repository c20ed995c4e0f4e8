"""Loading a protocol pack: the clauses as adopted, the rules as data, shared lexicons.

A pack is a directory::

    protocol.yaml          id, council, e-mail domains, adoption, clauses (verbatim)
    rules/<rule-id>.yaml   one rule each: detector type + params, severity by context,
                           message, suggestion, why, examples
    lexicons/<name>.yaml   word lists that several rules share

Everything is validated on load. Every error names the file and the line, because the
people who write packs are council officers, not the authors of this code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .result import SEVERITIES

PACKS_DIR = Path(__file__).resolve().parent.parent / "protocols"
DEFAULT_PACK = "havering-2018"

# Keys a severity condition may test. Each is a fact about the draft (see engine.facts)
# or about one hit (a detector may add facts, e.g. ``on_deciding_committee``).
CONDITION_KEYS = {
    "channel", "account", "platform", "pre_election", "reply_all", "forwarded",
    "from_council_address", "external_recipients", "recipient_count_at_least",
    "to_council_officer", "on_deciding_committee", "region", "entity_kind",
    "recipient_is_subject", "has_executive_role", "score_band", "route", "head_band", "quoted",
}  # fmt: skip


class ProtocolError(Exception):
    """A pack that cannot be loaded; says which file and line and what is wrong."""

    def __init__(self, path: Path | str, line: int | None, problem: str):
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}")


# libyaml's parser when PyYAML was built with it: the pack's 84 files take about a
# tenth of the time to parse as with the pure-Python scanner, which was most of the
# checker's own start-up. The nodes and marks (lines) it gives are the same.
_SafeLoaderBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoaderBase):  # type: ignore[valid-type,misc]
    """A YAML loader whose mappings remember the line they start on."""


class LineDict(dict):
    line: int = 0
    key_lines: dict[str, int]


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise ProtocolError(loader.name, key_node.start_mark.line + 1, f"duplicate key {key!r}")
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ProtocolError(path, None, "file not found") from None
    except OSError as exc:
        raise ProtocolError(path, None, f"cannot be read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProtocolError(path, line, "is not valid UTF-8") from None
    loader = _LineLoader(text)
    loader.name = str(path)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        problem_line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ProtocolError(path, problem_line, f"invalid YAML: {exc.problem}") from None
    finally:
        loader.dispose()


def _line(obj: Any, key: str | None = None) -> int | None:
    if isinstance(obj, LineDict):
        if key is not None and key in obj.key_lines:
            return obj.key_lines[key]
        return obj.line
    return None


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    text: str
    document: str
    section: str = ""
    verbatim: bool = True
    source: str = ""


@dataclass(frozen=True)
class SeverityCase:
    """``when`` every condition holds, the rule's severity is ``severity`` ("off" mutes it)."""

    when: dict[str, Any]
    severity: str


@dataclass
class Rule:
    id: str
    title: str
    cites: list[str]
    detector: str
    params: dict[str, Any]
    severity: str
    severity_when: list[SeverityCase]
    message: str
    suggestion: str
    why: str
    examples_bad: list[dict[str, Any]]
    examples_good: list[dict[str, Any]]
    aliases: list[str] = field(default_factory=list)
    configure: str = ""
    enabled: bool = True
    source: str = ""  # file:line, for error messages and the docs
    # The rule's learned routes (``learned:`` in the rule file): composites whose one
    # ``any`` item is a head in the shipped rule heads (the rule's own, or another such
    # as ``party-programme``), with the rule's vetoes as ``none``. Each runs beside the
    # detector on its own; None when the rule has no head.
    learned: list[dict[str, Any]] | None = None


@dataclass
class Protocol:
    id: str
    title: str
    council: str
    email_domains: list[str]
    adopted: dict[str, Any]
    documents: dict[str, Any]
    clauses: dict[str, Clause]
    rules: dict[str, Rule]
    lexicons: dict[str, list[str]]
    path: Path
    contacts: dict[str, str] = field(default_factory=dict)
    executive_roles: list[str] = field(default_factory=list)
    # The version every finding cites, and the decision that adopted it: from the pack's
    # own ``version`` and ``adopted`` blocks, or set by whoever picked the pack (the web
    # app names the decision recorded in its register).
    version: str = ""
    adopted_by: str = ""

    def rule(self, rule_id: str) -> Rule:
        """A rule by id or by an old id kept as an alias."""
        if rule_id in self.rules:
            return self.rules[rule_id]
        for rule in self.rules.values():
            if rule_id in rule.aliases:
                return rule
        raise KeyError(rule_id)

    def is_council_address(self, address: str, sender: str | None = None) -> bool:
        """Whether ``address`` is inside the council: at one of the pack's
        ``email_domains``, or at the sender's own domain when the sender writes from a
        council's system (a ``.gov.uk`` domain). A pack is adopted by one council and
        copied by others before they set ``email_domains``; a member of that council
        writing to an officer at the same domain is writing inside it, not to an outsider."""
        domain = _domain(address)
        own = _domain(sender) if sender else ""
        domains = [*self.email_domains, own] if own.endswith(".gov.uk") else self.email_domains
        return any(domain == d or domain.endswith("." + d) for d in domains)


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip().lower().rstrip(">")


def _require(obj: Any, key: str, kind: type | tuple[type, ...], path: Path) -> Any:
    if not isinstance(obj, dict):
        raise ProtocolError(path, _line(obj), "expected a mapping")
    if key not in obj:
        raise ProtocolError(path, _line(obj), f"missing required key {key!r}")
    value = obj[key]
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ProtocolError(path, _line(obj, key), f"{key!r} must be a {names}")
    return value


def _load_clauses(data: LineDict, path: Path) -> dict[str, Clause]:
    clauses: dict[str, Clause] = {}
    for item in _require(data, "clauses", list, path):
        clause_id = _require(item, "id", str, path)
        if clause_id in clauses:
            raise ProtocolError(path, _line(item, "id"), f"duplicate clause id {clause_id!r}")
        clauses[clause_id] = Clause(
            id=clause_id,
            title=_require(item, "title", str, path),
            text=_require(item, "text", str, path).strip(),
            document=str(item.get("document", clause_id.split(".", 1)[0])),
            section=str(item.get("section", "")),
            verbatim=bool(item.get("verbatim", True)),
            source=str(item.get("source", "")),
        )
    return clauses


def _load_lexicons(pack_dir: Path) -> dict[str, list[str]]:
    lexicons: dict[str, list[str]] = {}
    lex_dir = pack_dir / "lexicons"
    if not lex_dir.is_dir():
        return lexicons
    for path in sorted(lex_dir.glob("*.yaml")):
        data = load_yaml(path)
        terms = _require(data, "terms", list, path)
        if not terms:
            raise ProtocolError(path, _line(data, "terms"), "has no terms: a lexicon may not be left empty")
        for i, term in enumerate(terms):
            if not isinstance(term, str) or not term.strip():
                raise ProtocolError(path, _line(data, "terms"), f"term {i + 1} must be a non-empty string")
        lexicons[path.stem] = [t.strip() for t in terms]
    return lexicons


def _examples(value: Any, path: Path, line: int | None, kind: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ProtocolError(path, line, f"examples.{kind} must be a list")
    out = []
    for item in value:
        if isinstance(item, str):
            out.append({"text": item})
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            out.append(dict(item))
        else:
            raise ProtocolError(path, _line(item) or line, f"each examples.{kind} item needs a text")
    return out


def _load_rule(path: Path, protocol_clauses: dict[str, Clause], check_heads: bool = True) -> Rule:
    from .detectors import DETECTORS  # late import: detectors import this module's types

    data = load_yaml(path)
    rule_id = _require(data, "id", str, path)
    if rule_id != path.stem:
        raise ProtocolError(path, _line(data, "id"), f"id {rule_id!r} must match the file name {path.stem!r}")
    cites = _require(data, "cites", list, path)
    if not cites:
        raise ProtocolError(path, _line(data, "cites"), "a rule must cite at least one clause")
    for clause_id in cites:
        if clause_id not in protocol_clauses:
            raise ProtocolError(
                path, _line(data, "cites"), f"cites clause {clause_id!r}, which the pack does not define"
            )
    detector = _require(data, "detector", str, path)
    if detector not in DETECTORS:
        raise ProtocolError(
            path,
            _line(data, "detector"),
            f"unknown detector type {detector!r} (known: {', '.join(sorted(DETECTORS))})",
        )
    params = data.get("params") or {}
    if not isinstance(params, dict):
        raise ProtocolError(path, _line(data, "params"), "params must be a mapping")
    problems = DETECTORS[detector].validate(params)
    if problems:
        raise ProtocolError(path, _line(data, "params"), f"params for {detector}: {problems[0]}")
    severity = _require(data, "severity", str, path)
    if severity not in SEVERITIES:
        raise ProtocolError(
            path, _line(data, "severity"), f"severity {severity!r} is not one of {', '.join(SEVERITIES)}"
        )
    cases = []
    for case in data.get("severity_when") or []:
        when = _require(case, "when", dict, path)
        unknown = sorted(set(when) - CONDITION_KEYS)
        if unknown:
            raise ProtocolError(path, _line(case, "when"), f"unknown condition {unknown[0]!r}")
        level = _require(case, "severity", str, path)
        if level not in (*SEVERITIES, "off"):
            raise ProtocolError(
                path, _line(case, "severity"), f"severity {level!r} is not one of {', '.join(SEVERITIES)}, off"
            )
        cases.append(SeverityCase(when=dict(when), severity=level))
    learned = _learned(data, path, rule_id, check_heads)
    examples = data.get("examples") or {}
    return Rule(
        id=rule_id,
        title=_require(data, "title", str, path),
        cites=list(cites),
        detector=detector,
        params=dict(params),
        severity=severity,
        severity_when=cases,
        message=_require(data, "message", str, path).strip(),
        suggestion=_require(data, "suggestion", str, path).strip(),
        why=str(data.get("why", "")).strip(),
        examples_bad=_examples(examples.get("bad"), path, _line(examples, "bad"), "bad"),
        examples_good=_examples(examples.get("good"), path, _line(examples, "good"), "good"),
        aliases=list(data.get("aliases") or []),
        configure=str(data.get("configure", "")).strip(),
        enabled=bool(data.get("enabled", True)),
        source=f"{path}:{data.line}",
        learned=learned,
    )


LEARNED_KEYS = {"head", "none", "threshold", "clear", "window"}


def _learned(data: LineDict, path: Path, rule_id: str, check_heads: bool = True) -> list[dict[str, Any]] | None:
    """The composite params of each of a rule's learned routes, validated like any
    composite.

    learned:             # one route, or a list of them
      head: RULE-ID      # the head in models/rule-heads (default: the rule's own id)
      none: [ITEMS]      # vetoes in the same sentence (condemnation, reported speech)
      threshold, clear   # override the head's own thresholds (chosen at training)

    Each route is run on its own, so one head's borderline score never merges into
    another route's hit in the same sentence (a composite's ``any`` items would)."""
    spec = data.get("learned")
    if spec is None:
        return None
    line = _line(data, "learned")
    routes = spec if isinstance(spec, list) else [spec]
    if not routes:
        raise ProtocolError(path, line, "learned must be a mapping or a list of mappings")
    return [_learned_route(route, data, path, line, rule_id, check_heads) for route in routes]


def _learned_route(
    spec: Any, data: LineDict, path: Path, line: int | None, rule_id: str, check_heads: bool
) -> dict[str, Any]:
    from .detectors import DETECTORS
    from .models import HEADS, heads

    if not isinstance(spec, dict):
        raise ProtocolError(path, line, "learned must be a mapping or a list of mappings")
    unknown = sorted(set(spec) - LEARNED_KEYS)
    if unknown:
        known = ", ".join(sorted(LEARNED_KEYS))
        raise ProtocolError(path, line, f"learned: unknown key {unknown[0]!r} (known: {known})")
    head = str(spec.get("head", rule_id))
    shipped = heads.shipped_rules() if check_heads else None
    if shipped is not None and head not in shipped:
        raise ProtocolError(path, line, f"learned: the rule heads have no head {head!r} (run `make train`)")
    # The member's own words and signature, read canonically, as the heads were trained.
    classifier = {"model": HEADS, "label": head, "canonical": True, "scope": "written"}
    classifier.update({k: spec[k] for k in ("threshold", "clear") if k in spec})
    # The rule's own vetoes (hedges, negations, questions) hold for its head too.
    own = data.get("params") or {}
    inherited = list(own.get("none") or []) if data.get("detector") == "composite" and isinstance(own, dict) else []
    params = {
        "window": spec.get("window", "sentence"),
        "any": [{"detector": "classifier", "params": classifier, "fact": {"route": "model"}}],
        "none": inherited + list(spec.get("none") or []),
    }
    # Without the heads (while training them) only the vetoes can be checked.
    checked = params if check_heads else {"any": params["none"]} if params["none"] else None
    problems = DETECTORS["composite"].validate(checked) if checked else []
    if problems:
        raise ProtocolError(path, line, f"learned: {problems[0]}")
    return params


def load_protocol(pack: str | Path = DEFAULT_PACK, check_heads: bool = True) -> Protocol:
    """Load and validate a pack, by name (a directory under ``protocols/``) or by path.
    ``check_heads=False`` skips checking that every learned head is shipped (for
    training them)."""
    pack_dir = Path(pack)
    if not pack_dir.is_dir():
        pack_dir = PACKS_DIR / str(pack)
    if not pack_dir.is_dir():
        raise ProtocolError(pack, None, "no such protocol pack (expected a directory with protocol.yaml)")
    path = pack_dir / "protocol.yaml"
    data = load_yaml(path)
    clauses = _load_clauses(data, path)
    lexicons = _load_lexicons(pack_dir)
    rules: dict[str, Rule] = {}
    rule_files = sorted((pack_dir / "rules").glob("*.yaml"))
    for rule_path in rule_files:
        rule = _load_rule(rule_path, clauses, check_heads)
        for name in _lexicon_names(rule.params):
            if name not in lexicons:
                raise ProtocolError(
                    rule_path,
                    _line(load_yaml(rule_path), "params"),
                    f"uses lexicon {name!r}, which the pack does not define",
                )
        rules[rule.id] = rule
    seen_aliases: dict[str, str] = {}
    for rule in rules.values():
        for alias in rule.aliases:
            if alias in rules or alias in seen_aliases:
                raise ProtocolError(rule.source, None, f"alias {alias!r} is already a rule id or alias")
            seen_aliases[alias] = rule.id
    adopted = dict(data.get("adopted") or {})
    if isinstance(adopted.get("date"), date):
        adopted["date"] = adopted["date"].isoformat()
    pack_id = _require(data, "id", str, path)
    return Protocol(
        id=pack_id,
        title=_require(data, "title", str, path),
        council=str(data.get("council", "")),
        email_domains=[d.lower() for d in _require(data, "email_domains", list, path)],
        adopted=adopted,
        documents=dict(data.get("documents") or {}),
        clauses=clauses,
        rules=rules,
        lexicons=lexicons,
        path=pack_dir,
        contacts={k: str(v) for k, v in (data.get("contacts") or {}).items()},
        executive_roles=list(data.get("executive_roles") or []),
        version=str(data.get("version") or pack_id),
        adopted_by=adoption_text(adopted),
    )


def adoption_text(adopted: dict[str, Any]) -> str:
    """ "Governance Committee, 2018-07-18, minute 8 ..." from a pack's ``adopted`` block
    (its ``citation`` when it has one: a pack exported by the web app names its decision)."""
    if adopted.get("citation"):
        return str(adopted["citation"])
    parts = [str(adopted[k]) for k in ("body", "date") if adopted.get(k)]
    if adopted.get("minute"):
        parts.append(f"minute {adopted['minute']}")
    return ", ".join(parts)


def _lexicon_names(params: Any) -> list[str]:
    """Every lexicon a rule's params refer to, however deeply nested (composites)."""
    names: list[str] = []
    if isinstance(params, dict):
        for key, value in params.items():
            if key == "lexicons" and isinstance(value, list):
                names.extend(v for v in value if isinstance(v, str))
            else:
                names.extend(_lexicon_names(value))
    elif isinstance(params, list):
        for item in params:
            names.extend(_lexicon_names(item))
    return names
