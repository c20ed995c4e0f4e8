"""The rule heads: one learned head per language rule over the shared sentence encoder,
run beside each rule's word lists (the rule file's ``learned:``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from councilguard.checker import Checker
from councilguard.checker.models import rule_heads
from councilguard.checker.protocol import PACKS_DIR, ProtocolError, load_protocol


def test_every_rule_that_asks_for_a_head_has_one_with_thresholds():
    shipped = rule_heads()
    asking = [r for r in load_protocol().rules.values() if r.learned is not None]
    assert len(asking) >= 15
    for rule in asking:
        head = rule.learned["any"][0]["params"]["label"]
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


def test_a_head_finding_marks_the_sentence_and_names_its_model(tmp_path):
    pack = _pack_with(tmp_path, "indecent-or-illegal", "learned:\n  threshold: 0.0\n  clear: 1.0\n")
    text = "Lovely walk in the park today. The ducks were out."
    finding = Checker(load_protocol(pack), rules=["indecent-or-illegal"]).check({"text": text}).findings[0]
    assert finding.spans and all(text[s.start : s.end] == s.text for s in finding.spans)
    assert "rule-heads" in finding.evidence["model_scores"]
