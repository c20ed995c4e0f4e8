"""Find personal data in a text: cheap patterns first, spaCy NER only where it matters.

Names are personal data worth reporting only next to something that identifies or
describes the person (an address, a number, an e-mail address, a date of birth, a case
reference, special-category data): the personal-data rules never act on a name alone.
So the regular-expression recognizers run over the whole draft first (microseconds),
and spaCy's NER runs only on the sentences around what they found, one sentence either
side, which is as far as the linking step looks. A draft with none of those details
(most posts) never reaches spaCy at all. ``full=True`` runs NER over everything, for
measuring name recognition on its own.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ..text import sentence_spans
from .analyzer import LANGUAGE, get_analyzer, name_recognizers, ner_engine
from .entities import IDENTIFIERS, PATTERN_ENTITIES, PERSON, SPECIAL_CATEGORY, Entity
from .filters import Context, filter_entities
from .references import introduced_names

# Scores below this are shapes, not findings (a bare ten-digit number that happens to
# pass the NHS checksum, a postcode-like code).
MIN_SCORE = 0.45
# NER is run on windows no longer than this, so one huge paragraph cannot make spaCy
# allocate for the whole draft at once.
MAX_WINDOW = 20_000


@dataclass
class Scan:
    entities: list[Entity]
    ner_windows: list[tuple[int, int]] = field(default_factory=list)
    # (offset, spaCy Doc) for each window NER read: other detectors may reuse them.
    docs: list[tuple[int, object]] = field(default_factory=list)

    @property
    def ner_ran(self) -> bool:
        return bool(self.ner_windows)


def _to_entity(result: RecognizerResult) -> Entity:
    meta = dict(result.recognition_metadata or {})
    detail = {k: v for k, v in meta.items() if k in ("rule", "drama_range", "national")}
    return Entity(result.entity_type, result.start, result.end, float(result.score), detail)


def _pattern_pass(text: str) -> list[Entity]:
    analyzer = get_analyzer()
    # The pattern recognizers read only the text; an empty artifact set keeps Presidio
    # from running spaCy for this pass.
    artifacts = NlpArtifacts(
        entities=[],
        tokens=None,  # type: ignore[arg-type]
        tokens_indices=[],
        lemmas=[],
        nlp_engine=analyzer.nlp_engine,
        language=LANGUAGE,
    )
    results = analyzer.analyze(
        text,
        language=LANGUAGE,
        entities=list(PATTERN_ENTITIES),
        nlp_artifacts=artifacts,
        score_threshold=MIN_SCORE,
    )
    # STREET entities score under the threshold on purpose; they are still needed to
    # tell streets from people, so they are collected separately.
    streets = get_analyzer().registry.get_recognizers(LANGUAGE, entities=["STREET"])
    extra = [r for rec in streets for r in rec.analyze(text, ["STREET"], artifacts)]
    return [_to_entity(r) for r in results] + [_to_entity(r) for r in extra]


def _windows(text: str, anchors: list[Entity], full: bool) -> list[tuple[int, int]]:
    sentences = sentence_spans(text)
    if not sentences:
        return []
    if full:
        chosen = list(range(len(sentences)))
    else:
        # An anchor's sentence, or the one before the gap it stands in (none before the
        # first sentence or after the last), found by binary search: a scan of every
        # sentence per anchor was quadratic on long drafts (issue 11).
        starts = [a for a, _ in sentences]
        chosen_set: set[int] = set()
        for anchor in anchors:
            i = bisect.bisect_right(starts, anchor.start) - 1
            if i < 0 or (i + 1 == len(sentences) and anchor.start >= sentences[i][1]):
                continue
            chosen_set.update(j for j in (i - 1, i, i + 1) if 0 <= j < len(sentences))
        chosen = sorted(chosen_set)
    windows: list[tuple[int, int]] = []
    for i in chosen:
        a, b = sentences[i]
        if windows and a - windows[-1][1] <= 2 and b - windows[-1][0] <= MAX_WINDOW:
            windows[-1] = (windows[-1][0], b)
        else:
            windows.extend((s, min(s + MAX_WINDOW, b)) for s in range(a, b, MAX_WINDOW))
    return windows


def _ner_pass(
    text: str, windows: list[tuple[int, int]], people: list[tuple[object, list[tuple[int, int, float]]]] | None = None
) -> tuple[list[Entity], list[tuple[int, object]]]:
    """Names NER found in the windows; ``people`` is what spaCy already said about
    them when they were read in a batch with other drafts' windows (scan_many)."""
    found: list[Entity] = []
    docs: list[tuple[int, object]] = []
    if people is None:
        people = ner_engine().people([text[a:b] for a, b in windows])
    for (a, _), (doc, names) in zip(windows, people, strict=True):
        docs.append((a, doc))
        for start, end, score in names:
            # "Zbigniew Wójcik's at 88…": the possessive is not part of the name.
            if doc.text[end - 2 : end] in ("'s", "’s") and end - start > 3:  # type: ignore[attr-defined]
                end -= 2
            found.append(Entity(PERSON, a + start, a + end, score, {}))
    return found, docs


def _has_detail_chars(name: str) -> bool:
    return any(ch.isdigit() for ch in name) or "@" in name


def _shaped_names(text: str, windows: list[tuple[int, int]]) -> list[Entity]:
    """Names the ``names``-stage recognizers find in the NER windows (titles, a name
    beside a detail, the person a reply is addressed to, a name someone gives)."""
    found = []
    for a, b in windows:
        window = text[a:b]
        for recognizer in name_recognizers():
            for r in recognizer.analyze(window, [PERSON]):
                rule = (r.recognition_metadata or {}).get("rule", recognizer.name)
                found.append(Entity(PERSON, a + r.start, a + r.end, float(r.score), {"rule": rule}))
    return found


def _merge_people(people: list[Entity]) -> list[Entity]:
    """NER's "Graham Oduya" and the title pattern's "Mr Graham Oduya" are one person."""
    merged: list[Entity] = []
    for person in sorted(people, key=lambda e: (e.start, -e.end)):
        if merged and person.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Entity(
                PERSON,
                last.start,
                max(last.end, person.end),
                max(last.score, person.score),
                last.detail or person.detail,
            )
        else:
            merged.append(person)
    return merged


def _resolve_overlaps(entities: list[Entity]) -> list[Entity]:
    """Where two non-person entities claim the same characters, keep the stronger
    (an NHS number with "NHS" before it beats the phone reading of the same digits)."""
    kept: list[Entity] = []
    for entity in sorted(entities, key=lambda e: (-e.score, e.start)):
        if entity.type in (PERSON, SPECIAL_CATEGORY, "STREET") or not any(
            k.overlaps(entity) and k.type not in (PERSON, SPECIAL_CATEGORY, "STREET") for k in kept
        ):
            kept.append(entity)
    return sorted(kept, key=lambda e: (e.start, e.end))


@dataclass
class _Plan:
    """A scan before NER: the pattern pass's entities and the windows NER must read."""

    text: str
    context: Context
    patterns: list[Entity]
    windows: list[tuple[int, int]]


def _plan(text: str, context: Context | None, full: bool, within: list[tuple[int, int]] | None) -> _Plan:
    context = context or Context()
    patterns = _pattern_pass(text)
    # Only details that survive the filters (not the author's own address, not a council
    # or info@ mailbox, not inside an imprint) can make a name worth finding.
    anchors = [
        e
        for e in filter_entities(patterns, text, context)
        if (e.type in IDENTIFIERS or e.type == SPECIAL_CATEGORY)
        and (within is None or any(a <= e.start < b for a, b in within))
    ]
    windows = _windows(text, anchors, full) if (anchors or full) else []
    return _Plan(text, context, patterns, windows)


def _finish(plan: _Plan, people_found: list[tuple[object, list[tuple[int, int, float]]]] | None = None) -> Scan:
    text, windows = plan.text, plan.windows
    people: list[Entity] = []
    docs: list[tuple[int, object]] = []
    if windows:
        people, docs = _ner_pass(text, windows, people_found)
        shaped = _shaped_names(text, windows)
        # spaCy sometimes runs a name into the detail beside it ("jo smith 07700 900418"
        # as one PERSON): where a shaped name sits inside such a span, the shape wins.
        people = [
            p for p in people if not (_has_detail_chars(text[p.start : p.end]) and any(p.overlaps(s) for s in shaped))
        ] + shaped
        people += [
            Entity(PERSON, a, b, 0.6, {"rule": "introduced-name"})
            for w in windows
            for a, b in introduced_names(text, *w)
        ]
    entities = _resolve_overlaps(plan.patterns) + _merge_people(people)
    entities = filter_entities(sorted(entities, key=lambda e: (e.start, e.end)), text, plan.context)
    return Scan(entities=entities, ner_windows=windows, docs=docs)


def scan_text(
    text: str, context: Context | None = None, full: bool = False, within: list[tuple[int, int]] | None = None
) -> Scan:
    """Every entity in ``text``. With ``within`` (the ranges a rule reads), NER looks for
    names only around details that stand inside those ranges."""
    return _finish(_plan(text, context, full, within))


def scan_many(requests: list[tuple[str, Context | None, list[tuple[int, int]] | None]]) -> list[Scan]:
    """``scan_text(text, context, within=within)`` for each request, with one spaCy
    run over every request's NER windows: NER on a batch of windows costs about a
    third less than the same windows a draft at a time (an archive scan's chunk of
    messages). Each Scan is what ``scan_text`` gives for its text alone."""
    plans = [_plan(text, context, False, within) for text, context, within in requests]
    texts = [plan.text[a:b] for plan in plans for a, b in plan.windows]
    people = ner_engine().people(texts) if texts else []
    scans = []
    used = 0
    for plan in plans:
        scans.append(_finish(plan, people[used : used + len(plan.windows)]))
        used += len(plan.windows)
    return scans
