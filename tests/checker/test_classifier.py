"""The ``classifier`` detector and the shipped models behind it.

These tests hold whatever the model files say: they compare scores with one another
and with thresholds the test sets itself, never with numbers copied from a training run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pytest
import yaml

from councilguard.checker import Checker, Draft, load_protocol, models
from councilguard.checker.detectors import DETECTORS, classifier
from councilguard.checker.protocol import DEFAULT_PACK, ProtocolError
from councilguard.checker.text import Analysis

EXPECTED_MODELS = {"offensive", "targeted", "target", "partisan", "campaign", "sarcasm"}
INSULT = "You are a pathetic lying idiot and everyone knows it."
FRIENDLY = "Thank you to the volunteers who helped at the West Ward fun day on Saturday."


@pytest.fixture(scope="module")
def protocol():
    return load_protocol()


def analysis_of(protocol, text: str, **fields) -> Analysis:
    return Analysis(Draft.from_dict({"text": text, **fields}), protocol)


def test_the_classifier_is_a_registered_detector_type():
    assert DETECTORS["classifier"] is classifier


def test_every_model_is_shipped_with_its_card_and_loads_without_pickle():
    assert set(models.available()) >= EXPECTED_MODELS
    for name in EXPECTED_MODELS:
        assert (models.MODELS_DIR / f"{name}.md").read_text(encoding="utf-8").startswith(f"# Model card: `{name}`")
        with np.load(models.MODELS_DIR / f"{name}.npz", allow_pickle=False) as arrays:
            assert arrays["coef"].dtype == np.int8


def test_the_shipped_models_stay_under_sixty_megabytes_in_all():
    # Issue 10's budget for every shipped model, the rule heads included.
    needed = [p for p in models.MODELS_DIR.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc", ".md")]
    assert any(p.suffix == ".onnx" for p in needed)
    assert any(p.name == "rule-heads.npz" for p in needed)
    assert sum(p.stat().st_size for p in needed) < 60e6


def test_every_model_and_the_transformer_load_in_a_fresh_process_without_torch():
    code = (
        "import sys; from councilguard.checker import models as m; m.idf(); "
        "[m.load_model(n) for n in m.available()]; r = m.refiner('offensive'); "
        "opened_early = r._session is not None; p = r.proba(['you are a disgrace']); "
        "print(r.name, r.labels, opened_early, round(float(p.sum()), 3), 'torch' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # The ONNX session opens on the first text that needs it, not when the model is found.
    assert done.stdout.split() == ["offensive-minilm", "['NOT',", "'OFF']", "False", "1.0", "False"]


def test_probabilities_over_a_models_labels_add_up_to_one():
    for name in EXPECTED_MODELS:
        proba = models.predict(name, INSULT)
        assert set(proba) == set(models.load_model(name).labels)
        assert sum(proba.values()) == pytest.approx(1.0, abs=1e-5)


def test_an_insult_scores_as_more_offensive_than_a_thank_you():
    insult = models.predict("offensive", INSULT)["OFF"]
    friendly = models.predict("offensive", FRIENDLY)["OFF"]
    assert insult > models.decision_threshold("offensive") > friendly


def test_a_call_to_action_scores_higher_for_mobilization_than_a_bin_notice():
    model = models.load_model("campaign")
    vote = models.predict("campaign", "Get out and vote on Thursday! Join us on the doorstep this weekend.")
    bins = models.predict("campaign", "Garden waste collections restart on Monday 3 March.")
    assert vote["mobilization"] > bins["mobilization"]
    # The weighted decision (weights chosen on out-of-fold scores) is the one the
    # evaluation reports for this multi-class model. (UK vote calls are learnt only by
    # analogy from US posts, so the rules carry those with word lists.)
    petition = models.predict("campaign", "Please sign our petition to save the library.")
    weighed = {label: p * model.card["decision_weights"][label] for label, p in petition.items()}
    assert max(weighed, key=weighed.get) == "mobilization"


def _count_transformer_calls(monkeypatch) -> list[str]:
    asked: list[str] = []
    ref = models.refiner("offensive")
    original = ref.proba
    monkeypatch.setattr(ref, "proba", lambda texts: asked.extend(texts) or original(texts))
    return asked


def test_the_transformer_reads_only_texts_the_linear_model_cannot_clear(monkeypatch):
    asked = _count_transformer_calls(monkeypatch)
    ref = models.refiner("offensive")
    for text in (INSULT, FRIENDLY):
        models.predict("offensive", text)
    linear = {
        t: models.load_model("offensive").proba_weighted(*models.weighted_features(t))["OFF"]
        for t in (INSULT, FRIENDLY)
    }
    assert asked == [t for t in (INSULT, FRIENDLY) if linear[t] >= ref.screen]
    assert INSULT in asked


def test_the_cheap_upper_bound_is_never_below_the_cascades_probability():
    for text in (INSULT, FRIENDLY, "Vote for me, you muppets.", "The bins are late again."):
        for label in ("OFF", "NOT"):
            assert models.upper_bound("offensive", text, [label]) >= models.predict("offensive", text)[label] - 1e-9


def test_a_chain_that_cannot_reach_its_threshold_never_asks_the_transformer(protocol, monkeypatch):
    asked = _count_transformer_calls(monkeypatch)
    analysis = analysis_of(protocol, FRIENDLY)
    params = {"model": "offensive", "label": "OFF", "given": {"sarcasm": "sarcastic"}, "threshold": 0.99}
    bound = classifier.score(analysis, FRIENDLY, params, refine=False)
    assert bound < 0.99
    assert classifier.detect(analysis, params) == []
    assert asked == []


def test_texts_that_pass_the_screen_go_to_the_transformer_in_one_call(protocol, monkeypatch):
    ref = models.refiner("offensive")
    batches: list[list[str]] = []
    original = ref.proba
    monkeypatch.setattr(ref, "proba", lambda texts: batches.append(list(texts)) or original(texts))
    email = (
        " ".join(f"Councillor {name} is a pathetic lying idiot." for name in ("Hale", "Patel", "Okoro"))
        + (" Please see the attached minutes from the last meeting of the committee, which I think are accurate.") * 5
    )
    hits = classifier.detect(analysis_of(protocol, email, channel="email"), {"model": "offensive", "label": "OFF"})
    assert hits and len(hits[0].spans) >= 3
    assert len(batches) == 1 and len(batches[0]) >= 3


def test_a_draft_is_featurised_once_however_many_models_score_it(protocol, monkeypatch):
    calls = []
    original = models.features.counts
    monkeypatch.setattr(models.features, "counts", lambda text: calls.append(text) or original(text))
    analysis = analysis_of(protocol, INSULT)
    for name in ("offensive", "targeted", "target", "sarcasm"):
        classifier.detect(analysis, {"model": name, "label": models.load_model(name).labels[-1], "threshold": 0.0})
    assert len(calls) == len(set(calls)) == 1


def test_it_finds_an_insult_and_reports_its_calibrated_probability(protocol):
    analysis = analysis_of(protocol, INSULT)
    hits = classifier.detect(analysis, {"model": "offensive", "label": "OFF"})
    assert len(hits) == 1
    assert hits[0].confidence == pytest.approx(models.predict("offensive", INSULT)["OFF"], abs=1e-3)
    assert hits[0].spans == [(0, len(INSULT))]
    assert hits[0].facts["model"] == "offensive"


def test_it_stays_quiet_on_an_everyday_post(protocol):
    assert classifier.detect(analysis_of(protocol, FRIENDLY), {"model": "offensive", "label": "OFF"}) == []


def test_in_a_long_email_it_points_at_the_sentence_that_scored_high(protocol):
    clean = (
        "Thank you for your e-mail about the bins on Mill Street. I have asked the waste team "
        "to look at the missed collections and will let you know what they say. The new "
        "recycling centre hours start in April, and the garden waste service restarts in March. "
    )
    text = clean + INSULT + " Kind regards to everyone at the residents' association."
    hits = classifier.detect(analysis_of(protocol, text, channel="social"), {"model": "offensive", "label": "OFF"})
    assert len(hits) == 1
    start = text.index(INSULT)
    assert hits[0].spans == [(start, start + len(INSULT))]


def test_it_reads_the_authors_own_words_not_the_quoted_reply(protocol):
    text = f"Thanks, I'll pass this on to the team.\n\nOn Mon, 3 Mar 2026, a resident wrote:\n> {INSULT}\n"
    analysis = analysis_of(protocol, text, channel="email")
    assert classifier.detect(analysis, {"model": "offensive", "label": "OFF", "threshold": 0.3}) == []
    assert classifier.detect(analysis, {"model": "offensive", "label": "OFF", "threshold": 0.3, "scope": "sent"})


def test_given_chains_conditional_models_into_one_probability(protocol):
    analysis = analysis_of(protocol, INSULT)
    params = {
        "model": "target",
        "label": "IND",
        "given": {"offensive": "OFF", "targeted": "TIN"},
        "threshold": 0.0,
    }
    hit = classifier.detect(analysis, params)[0]
    expected = (
        models.predict("offensive", INSULT)["OFF"]
        * models.predict("targeted", INSULT)["TIN"]
        * models.predict("target", INSULT)["IND"]
    )
    assert hit.confidence == pytest.approx(expected, abs=1e-3)


def test_a_list_of_labels_adds_their_probabilities(protocol):
    analysis = analysis_of(protocol, "Vote for our candidate on Thursday!")
    proba = models.predict("campaign", "Vote for our candidate on Thursday!")
    hit = classifier.detect(analysis, {"model": "campaign", "label": ["mobilization", "support"], "threshold": 0.0})[0]
    assert hit.confidence == pytest.approx(proba["mobilization"] + proba["support"], abs=1e-3)


def test_the_score_band_says_whether_a_score_is_clear_or_borderline(protocol):
    analysis = analysis_of(protocol, INSULT)
    p = models.predict("offensive", INSULT)["OFF"]
    below, above = max(p - 0.01, 0.0), min(p + 0.01, 1.0)
    band = classifier.detect(analysis, {"model": "offensive", "label": "OFF", "threshold": 0.0, "clear": above})
    assert band[0].facts["score_band"] == "borderline"
    band = classifier.detect(analysis, {"model": "offensive", "label": "OFF", "threshold": 0.0, "clear": below})
    assert band[0].facts["score_band"] == "clear"


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"model": "no-such-model", "label": "OFF"}, "unknown model 'no-such-model'"),
        ({"model": "offensive", "label": "RUDE"}, "model 'offensive' has no label 'RUDE'"),
        ({"model": "offensive", "label": "OFF", "threshold": 2}, "threshold must be a probability"),
        ({"model": "offensive"}, "missing parameter 'label'"),
        ({"model": "offensive", "label": "OFF", "colour": "red"}, "unknown parameter 'colour'"),
        (
            {"model": "target", "label": "IND", "given": {"offensive": "MAYBE"}},
            "model 'offensive' has no label",
        ),
    ],
)
def test_a_rule_with_bad_classifier_params_is_refused_with_the_reason(params, problem):
    assert any(problem in p for p in classifier.validate(params))


# --- the detector inside a rule: borderline warns, clear blocks, a lexicon hit is never lost ---


def _pack_with_rule(tmp_path, rule: dict):
    """The shipped pack's clauses and lexicons with this one rule: the colleagues' rule
    files are theirs to wire; this shows the pattern they can adopt."""
    pack_dir = tmp_path / "pack"
    shutil.copytree(load_protocol(DEFAULT_PACK).path, pack_dir, ignore=shutil.ignore_patterns("rules"))
    (pack_dir / "rules").mkdir()
    (pack_dir / "rules" / f"{rule['id']}.yaml").write_text(yaml.safe_dump(rule, sort_keys=False), encoding="utf-8")
    return load_protocol(pack_dir)


def _offensive_rule(threshold: float, clear: float) -> dict:
    return {
        "id": "offensive-content",
        "title": "Offensive content (classifier beside a word list)",
        "cites": ["ICT.unacceptable.2"],
        "detector": "composite",
        "params": {
            "any": [
                {
                    "detector": "classifier",
                    "params": {
                        "model": "offensive",
                        "label": "OFF",
                        "threshold": threshold,
                        "clear": clear,
                    },
                },
                {"terms": ["wazzock"], "fact": {"score_band": "lexicon"}},
            ]
        },
        "severity": "block",
        "severity_when": [{"when": {"score_band": "borderline"}, "severity": "warn"}],
        "message": "Offensive language.",
        "suggestion": "Rephrase it.",
        "why": "The protocol forbids it.",
        "configure": "Thresholds in params.",
        "examples": {"bad": [{"text": "What a wazzock."}], "good": [{"text": FRIENDLY}]},
    }


def test_a_borderline_model_score_alone_only_warns(tmp_path):
    p = models.predict("offensive", INSULT)["OFF"]
    checker = Checker(_pack_with_rule(tmp_path, _offensive_rule(threshold=p - 0.05, clear=min(p + 0.05, 1.0))))
    finding = checker.check({"text": INSULT}).findings[0]
    assert (finding.rule, finding.severity) == ("offensive-content", "warn")


def test_a_clear_model_score_blocks(tmp_path):
    p = models.predict("offensive", INSULT)["OFF"]
    checker = Checker(_pack_with_rule(tmp_path, _offensive_rule(threshold=p - 0.05, clear=p - 0.01)))
    assert checker.check({"text": INSULT}).findings[0].severity == "block"


def test_a_clear_lexicon_hit_still_blocks_when_the_model_is_unsure(tmp_path):
    text = "Honestly, what a wazzock."
    p = models.predict("offensive", text)["OFF"]
    rule = _offensive_rule(threshold=min(p, 0.99), clear=1.0)  # the model fires, but only as borderline
    checker = Checker(_pack_with_rule(tmp_path, rule))
    assert checker.check({"text": text}).findings[0].severity == "block"


def test_an_unknown_model_in_a_rule_stops_the_pack_loading(tmp_path):
    rule = _offensive_rule(0.5, 0.9)
    rule["params"]["any"][0]["params"]["model"] = "mind-reader"
    with pytest.raises(ProtocolError, match="mind-reader"):
        _pack_with_rule(tmp_path, rule)


def test_a_texts_score_does_not_depend_on_the_texts_scored_beside_it():
    ref = models.refiner("offensive")
    long_one = "Councillor Hale is a pathetic lying idiot and the whole estate knows exactly what he has done. " * 3
    alone = ref.proba([INSULT])[0]
    beside = ref.proba([long_one, INSULT, FRIENDLY])[1]
    assert alone.tolist() == beside.tolist()


def test_inside_a_composite_the_model_scores_only_sentences_where_the_word_list_matched(protocol, monkeypatch):
    from councilguard.checker.detectors import composite

    scored: list[str] = []
    original = models.predict
    monkeypatch.setattr(
        models, "predict", lambda name, text, cache=None: scored.append(text) or original(name, text, cache)
    )
    filler = " ".join(f"The minutes of meeting {i} are attached for the committee to read." for i in range(12))
    text = f"{filler} Those immigrants are ruining this town. {filler}"
    params = {
        "all": [
            {"lexicons": ["protected_groups"]},
            {"detector": "classifier", "params": {"model": "offensive", "label": "OFF", "threshold": 0.0}},
        ]
    }
    hits = composite.detect(analysis_of(protocol, text, channel="email"), params)
    sentence = (text.index("Those immigrants"), text.index("this town.") + len("this town."))
    assert hits and all(sentence[0] <= a < b <= sentence[1] for hit in hits for a, b in hit.spans)
    assert scored and all("immigrants" in t for t in scored)


def test_featurising_sentences_together_gives_each_exactly_its_own_features():
    from councilguard.checker.models import features

    texts = [
        "Thank you to the volunteers!!",
        "",
        "a",
        "Café owner says the £2m scheme is a disgrace 😡 @USER https://t.co/x",
        "What a sh1t show, you b@stard. Call 01708 434343 now",
        "Residents of Mill Street: the consultation closes on Friday.",
    ]
    together = features.counts_many(texts)
    for text, (columns, tf) in zip(texts, together, strict=True):
        alone = features.counts(text)
        assert np.array_equal(columns, alone[0]) and np.array_equal(tf, alone[1]), text


def test_sentences_already_counted_are_featurised_without_counting_again():
    # A short draft's own words are scored whole first; its sentences, counted by then
    # for another model, are featurised afterwards with nothing left to count.
    from councilguard.checker import models
    from councilguard.checker.models import features

    assert features.counts_many([]) == []
    texts = ["You absolute clown.", "Resign now."]
    cache: dict[str, object] = {}
    for text in texts:
        cache["models.counts:" + text] = features.counts(text)
    models.featurise(texts, cache)
    for text in texts:
        assert "models.features:" + text in cache
        positions, values = cache["models.features:" + text]  # type: ignore[misc]
        assert len(positions) == len(values) > 0


def test_the_seen_column_bitmap_finds_what_a_binary_search_finds():
    from councilguard.checker.models import features

    seen = models.vectoriser()[0]
    index = features.SeenColumns(seen)
    columns, tf = features.counts("The consultation on the Harold Hill library closes on Friday, you idiot.")
    by_bitmap = features.select(columns, tf, index)
    by_search = features.select(columns, tf, seen)
    assert all(np.array_equal(a, b) for a, b in zip(by_bitmap, by_search, strict=True))
    assert 0 < len(by_bitmap[0]) < len(columns)  # some n-grams were seen in training, some not
    positions, found = index.positions(seen[::997])
    assert found.all() and np.array_equal(positions, np.arange(len(seen))[::997])


def test_the_transformer_reads_a_text_as_it_was_trained_cut_but_never_padded():
    ref = models.refiner("offensive")
    _, tokenizer = ref._opened()
    short = tokenizer.encode("you are an idiot")
    assert 0 not in short.ids  # no [PAD] for the graph to read as words
    assert len(tokenizer.encode("word " * 500).ids) == ref.max_tokens
    # A text scores the same alone as beside a long neighbour.
    alone = ref.logits(["you are an idiot"])[0]
    beside = ref.logits(["you are an idiot", "word " * 500])[0]
    assert np.allclose(alone, beside)


def test_the_classifier_can_score_the_canonical_form_of_a_sentence():
    from councilguard.checker import Draft, load_protocol
    from councilguard.checker.detectors import classifier
    from councilguard.checker.text import Analysis

    text = "You are a f u c k i n g tw@t"
    analysis = Analysis(Draft.from_dict({"text": text, "channel": "social"}), load_protocol())
    plain = {"model": "offensive", "label": "OFF", "threshold": 0.0}
    read = classifier.detect(analysis, plain)[0].confidence
    canonical = classifier.detect(analysis, {**plain, "canonical": True})[0].confidence
    assert classifier.validate({**plain, "canonical": True}) == []
    assert classifier.validate({**plain, "canonical": "yes"}) == ["canonical must be true or false"]
    assert canonical > read
