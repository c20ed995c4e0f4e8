"""The rule heads: one learned head per language rule over the shared sentence encoder,
run beside each rule's word lists (the rule file's ``learned:``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from councilguard.checker import Checker
from councilguard.checker.models import rule_heads
from councilguard.checker.protocol import PACKS_DIR, ProtocolError, load_protocol


def test_every_rule_that_asks_for_a_head_has_one_with_thresholds():
    shipped = rule_heads()
    asking = [r for r in load_protocol().rules.values() if r.learned is not None]
    # Two heads ship without a route for now: copyright-risk and council-view-misrepresented
    # (their rule files say why).
    assert len(asking) >= 13
    for rule in asking:
        for learned in rule.learned:
            head = learned["any"][0]["params"]["label"]
            assert head in shipped.rules
            assert 0.0 < shipped.thresholds[head] <= 1.0
            assert 0.0 < shipped.card["clear"][head] <= 1.0


def _pack_with(tmp_path: Path, rule_id: str, learned: str) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "havering-2018", pack)
    path = pack / "rules" / f"{rule_id}.yaml"
    text = path.read_text(encoding="utf-8")
    if "\nlearned:" in text:
        text = text[: text.index("\nlearned:")]
    path.write_text(text + "\n" + learned, encoding="utf-8")
    return pack


def test_a_pack_that_asks_for_a_head_the_models_lack_fails_naming_the_file(tmp_path):
    pack = _pack_with(tmp_path, "tone", "learned:\n  head: no-such-rule\n")
    with pytest.raises(ProtocolError) as failure:
        load_protocol(pack)
    assert "tone.yaml" in str(failure.value)
    assert "no-such-rule" in str(failure.value)


def test_a_borderline_head_score_never_blocks_on_its_own(tmp_path):
    # Fire on everything, call nothing clear: every head finding is borderline.
    pack = _pack_with(tmp_path, "indecent-or-illegal", "learned:\n  threshold: 0.0\n  clear: 1.0\n")
    result = Checker(load_protocol(pack), rules=["indecent-or-illegal"]).check(
        {"text": "Lovely walk in the park today."}
    )
    assert [(f.rule, f.severity) for f in result.findings] == [("indecent-or-illegal", "warn")]


def test_a_rule_may_ask_for_several_heads_and_each_route_runs_on_its_own(tmp_path):
    # The second head fires on everything and is never clear; the first is the rule's own.
    learned = (
        "learned:\n  - threshold: 0.0\n    clear: 0.0\n  - head: party-programme\n    threshold: 0.0\n    clear: 1.0\n"
    )
    protocol = load_protocol(_pack_with(tmp_path, "indecent-or-illegal", learned))
    heads_asked = [route["any"][0]["params"]["label"] for route in protocol.rules["indecent-or-illegal"].learned]
    assert heads_asked == ["indecent-or-illegal", "party-programme"]
    result = Checker(protocol, rules=["indecent-or-illegal"]).check({"text": "Lovely walk in the park today."})
    # Had the two merged into one hit, the borderline route would have made it a warning.
    assert [(f.rule, f.severity) for f in result.findings] == [("indecent-or-illegal", "block")]


def test_an_empty_list_of_learned_routes_is_refused_naming_the_file(tmp_path):
    with pytest.raises(ProtocolError) as failure:
        load_protocol(_pack_with(tmp_path, "tone", "learned: []\n"))
    assert "tone.yaml" in str(failure.value) and "learned" in str(failure.value)


def test_a_head_finding_marks_the_sentence_and_names_its_model(tmp_path):
    pack = _pack_with(tmp_path, "indecent-or-illegal", "learned:\n  threshold: 0.0\n  clear: 1.0\n")
    text = "Lovely walk in the park today. The ducks were out."
    finding = Checker(load_protocol(pack), rules=["indecent-or-illegal"]).check({"text": text}).findings[0]
    assert finding.spans and all(text[s.start : s.end] == s.text for s in finding.spans)
    assert "rule-heads" in finding.evidence["model_scores"]


def test_heads_saved_over_both_encodings_load_and_add_each_encodings_share(tmp_path):
    from councilguard.checker.models import features, heads

    rules = ["a-rule", "b-rule"]
    seen = np.asarray([3, 7, 11], dtype=np.int32)
    coef = np.asarray([[127, 0, -127], [0, 0, 0]], dtype=np.int8)  # b-rule reads no n-gram
    embedding_coef = np.asarray([[0.0, 0.0], [2.0, -1.0]])  # a-rule reads no embedding
    heads.save(
        tmp_path, rules, coef, np.asarray([0.01, 1.0]), np.asarray([0.0, 0.5]),
        (np.ones(2), np.zeros(2)), heads.BOTH, seen, np.ones(3), {"a-rule": 0.5, "b-rule": 0.5},
        {"clear": {"a-rule": 0.9, "b-rule": 0.9}}, embedding_coef,
    )  # fmt: skip
    loaded = heads.load(tmp_path)
    assert loaded.reads_ngrams and loaded.reads_embeddings and loaded.card["features_version"] == features.VERSION
    encoded = (np.asarray([0, 2]), np.asarray([1.0, 0.5], dtype=np.float32))  # columns 3 and 11
    z = 1.0 / (1.0 + np.exp(-np.asarray([1.27 - 0.635, 0.5 + 2.0 * 0.5 - 1.0 * 0.25])))
    assert np.allclose(loaded.proba(encoded, np.asarray([0.5, 0.25], dtype=np.float32)), z, atol=1e-5)


def test_heads_over_ngrams_alone_never_ask_for_the_sentence_encoder(tmp_path):
    from councilguard.checker.models import heads

    heads.save(
        tmp_path, ["a-rule"], np.asarray([[127]], dtype=np.int8), np.ones(1), np.zeros(1), (np.ones(1), np.zeros(1)),
        heads.NGRAMS, np.asarray([5], dtype=np.int32), np.ones(1), {"a-rule": 0.5}, {"clear": {"a-rule": 0.9}},
    )  # fmt: skip
    loaded = heads.load(tmp_path)
    assert loaded.reads_ngrams and not loaded.reads_embeddings
    assert loaded.proba((np.asarray([0]), np.asarray([1.0], dtype=np.float32)), None)[0] > 0.5
