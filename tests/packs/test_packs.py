"""Packs as data, without Django: read from zips held to the pack's layout, YAML that
could explode refused, patterns that could take super-linear time refused, edits that
keep comments, the side-by-side diff, re-scoring, and the versions by date."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest

from councilguard.checker import Checker, ProtocolError, load_protocol
from councilguard.checker.protocol import PACKS_DIR
from councilguard.packs import edit, load_files, read_dir, read_zip, to_zip, write_dir
from councilguard.packs.diff import diff_packs, word_diff
from councilguard.packs.files import check_yaml
from councilguard.packs.rescore import example_failures, reference_drafts, rescore
from councilguard.packs.safety import nested_quantifier, patterns_of
from councilguard.packs.timeline import Timeline

SHIPPED = load_protocol()
ALLOWED = patterns_of(SHIPPED)


@pytest.fixture(scope="module")
def files():
    return read_dir(PACKS_DIR / "havering-2018")


def _zip(entries: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return out.getvalue()


class TestFiles:
    def test_a_pack_loaded_from_its_files_is_the_pack_on_disk(self, files):
        protocol = load_files(files, allowed_patterns=ALLOWED)
        assert protocol.rules.keys() == SHIPPED.rules.keys() and protocol.clauses == SHIPPED.clauses
        assert protocol.rules["tone"].source == "rules/tone.yaml:1"

    def test_errors_name_the_file_as_the_pack_names_it(self, files):
        broken = {**files, "rules/tone.yaml": files["rules/tone.yaml"].replace("severity: advise", "severity: loud")}
        with pytest.raises(ProtocolError) as caught:
            load_files(broken, allowed_patterns=ALLOWED)
        assert str(caught.value).startswith("rules/tone.yaml:")
        assert "severity 'loud' is not one of block, warn, advise, info" in str(caught.value)

    def test_a_zip_round_trips_through_a_single_folder(self, files, tmp_path):
        again = read_zip(to_zip(files, "havering-2018"))
        assert again == files
        write_dir(again, tmp_path / "pack")
        assert load_protocol(tmp_path / "pack").rules.keys() == SHIPPED.rules.keys()

    @pytest.mark.parametrize(
        ("name", "problem"),
        [
            ("../evil.yaml", "is outside the pack"),
            ("rules/../../evil.yaml", "is outside the pack"),
            ("/etc/passwd", "is outside the pack"),
            ("rules/sub/x.yaml", "is not part of a pack"),
            ("script.py", "is not part of a pack"),
        ],
    )
    def test_a_path_outside_the_pack_is_refused_by_name(self, files, name, problem):
        with pytest.raises(ProtocolError, match=problem) as caught:
            read_zip(_zip({**files, name: "x: 1\n"}))
        assert caught.value.path == name

    def test_a_symbolic_link_is_refused(self, files):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name, text in files.items():
                archive.writestr(name, text)
            link = zipfile.ZipInfo("lexicons/link.yaml")
            link.external_attr = 0o120777 << 16
            archive.writestr(link, "/etc/passwd")
        with pytest.raises(ProtocolError, match="symbolic link"):
            read_zip(out.getvalue())

    def test_a_billion_laughs_is_refused_without_expanding_it(self):
        lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
        lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(12)]
        with pytest.raises(ProtocolError, match="expands to more than 50,000 YAML nodes"):
            check_yaml("lexicons/lol.yaml", "\n".join(lines) + "\n")

    def test_the_shipped_packs_own_anchors_are_allowed(self, files):
        check_yaml("rules/digital-imprint.yaml", files["rules/digital-imprint.yaml"])

    def test_nesting_deeper_than_any_pack_needs_is_refused(self):
        with pytest.raises(ProtocolError, match="nested more than 20 levels"):
            check_yaml("rules/deep.yaml", "a: " + "[" * 30 + "]" * 30 + "\n")

    def test_an_empty_word_list_is_refused(self, files):
        with pytest.raises(ProtocolError, match="lexicons/threats.yaml:1: has no terms"):
            load_files({**files, "lexicons/threats.yaml": "terms: []\n"}, allowed_patterns=ALLOWED)


class TestPatterns:
    @pytest.mark.parametrize("pattern", [r"(a+)+$", r"(?:\w+\s?)*x", r"(x|\d+)*y", r"(?:[a-z]{1,}-?)+"])
    def test_a_repeated_repeat_is_refused(self, pattern):
        assert "exponential time" in nested_quantifier(pattern)

    @pytest.mark.parametrize("pattern", [r"\bvote\s+for\b", r"(?:ab)+", r"\d{2,4}-\d+", r"(?>a+)+", r"(?:a|b)*c"])
    def test_a_pattern_without_one_is_accepted(self, pattern):
        assert nested_quantifier(pattern) is None

    def test_a_new_slow_pattern_names_the_file_and_field(self, files):
        rule = files["rules/tone.yaml"].replace("detector: composite", "detector: composite", 1)
        slow = rule.replace("- lexicons: [sarcasm]", '- patterns: ["(\\\\w+\\\\s?)+!"]', 1)
        with pytest.raises(ProtocolError) as caught:
            load_files({**files, "rules/tone.yaml": slow}, allowed_patterns=ALLOWED)
        assert str(caught.value).startswith("rules/tone.yaml:1: params: any[0].patterns[0]")


class TestEdits:
    def test_a_rule_edit_keeps_the_files_comments_and_other_fields(self, files):
        rule = SHIPPED.rules["tone"]
        changed = edit.set_rule(
            files, "tone", message="Mind the tone.", suggestion=rule.suggestion, severity="warn",
            case_severities=[], examples_bad=[e["text"] for e in rule.examples_bad],
            examples_good=[e["text"] for e in rule.examples_good],
        )  # fmt: skip
        text = changed["rules/tone.yaml"]
        assert "# Sarcasm the word list does not know" in text
        protocol = load_files(changed, allowed_patterns=ALLOWED)
        assert protocol.rules["tone"].severity == "warn" and protocol.rules["tone"].message == "Mind the tone."
        assert protocol.rules["tone"].params == rule.params

    def test_an_unchanged_example_keeps_its_context(self, files):
        rule = SHIPPED.rules["meeting-use"]
        changed = edit.set_rule(
            files, "meeting-use", message=rule.message, suggestion=rule.suggestion, severity=rule.severity,
            case_severities=[c.severity for c in rule.severity_when],
            examples_bad=[e["text"] for e in rule.examples_bad],
            examples_good=[*(e["text"] for e in rule.examples_good), "Lovely day in the park."],
        )  # fmt: skip
        edited = load_files(changed, allowed_patterns=ALLOWED).rules["meeting-use"]
        assert edited.examples_bad == rule.examples_bad
        assert edited.examples_good[-1] == {"text": "Lovely day in the park."}

    def test_a_clause_edit_is_no_longer_verbatim(self, files):
        changed = edit.set_clause(files, "SM.tone", title="Tone", text="Be courteous.\nAlways.")
        clause = load_files(changed, allowed_patterns=ALLOWED).clauses["SM.tone"]
        assert clause.text == "Be courteous.\nAlways." and clause.verbatim is False


class TestDiff:
    def test_word_diff_marks_only_the_words_that_changed(self):
        old, new = word_diff("Members should be polite.", "Members must be polite.")
        assert [p.text for p in old if p.kind == "removed"] == ["should"]
        assert [p.text for p in new if p.kind == "added"] == ["must"]

    def test_clauses_rules_and_word_lists_are_compared(self, files):
        changed = edit.set_lexicon(files, "threats", ["watch your back", "you will be sorry"])
        changed = edit.set_clause(changed, "SM.tone", title="Tone", text="Be courteous.")
        diff = diff_packs(SHIPPED, load_files(changed, allowed_patterns=ALLOWED))
        assert diff.summary() == "1 clause changed; 1 word list changed"
        threats = diff.lexicons[0]
        assert threats.added == ["you will be sorry"] and "you'll regret it" in threats.removed
        assert diff_packs(SHIPPED, SHIPPED).empty


class TestRescore:
    def test_the_reference_drafts_cover_every_rule_and_everyday_mail(self):
        drafts = reference_drafts()
        assert len(drafts) >= 140 and len({d["id"] for d in drafts}) == len(drafts)
        breached = {rule for d in drafts for rule in d["breaches"]}
        assert breached == set(SHIPPED.rules)
        assert sum(1 for d in drafts if not d["breaches"]) >= 60

    def test_the_shipped_pack_catches_each_reference_breach_and_passes_the_everyday_drafts(self):
        checker = Checker(SHIPPED)
        for draft in reference_drafts():
            result = checker.check({k: v for k, v in draft.items() if k != "breaches"})
            if draft["breaches"]:
                assert draft["breaches"][0] in result.rules(), draft["id"]
            else:
                assert result.verdict == "ok", (draft["id"], result.rules())

    def test_a_tightened_severity_regrades_and_a_removed_rule_clears(self, files):
        without = {k: v for k, v in files.items() if k != "rules/personal-safety.yaml"}
        tone = files["rules/tone.yaml"].replace("severity: advise", "severity: warn", 1)
        draft = load_files({**without, "rules/tone.yaml": tone}, allowed_patterns=ALLOWED)
        subset = tuple(d for d in reference_drafts() if d["id"].startswith(("tone-", "personal-safety-", "clean-00")))
        scored = {r.rule: r for r in rescore(SHIPPED, draft, subset).rules}
        assert {d.id for d in scored["tone"].regraded} == {"tone-1", "tone-2", "tone-3"}
        assert {d.id for d in scored["personal-safety"].cleared} == {f"personal-safety-{i}" for i in (1, 2, 3)}
        assert not any(r.caught for r in scored.values())

    def test_a_bad_example_nobody_catches_is_a_failure(self, files):
        tone = files["rules/tone.yaml"].replace("  bad:\n", '  bad:\n    - "The play area reopens on Monday."\n', 1)
        failures = example_failures(load_files({**files, "rules/tone.yaml": tone}, allowed_patterns=ALLOWED))
        assert [(f.rule, f.kind, f.text) for f in failures] == [("tone", "bad", "The play area reopens on Monday.")]


class TestTimeline:
    def test_each_date_gets_the_version_in_force_then(self, files):
        old = Checker(SHIPPED)
        new = Checker(load_files(edit.set_pack_id(files, "havering-2026"), allowed_patterns=ALLOWED))
        timeline = Timeline(new, [(date(2018, 7, 18), old), (date(2026, 12, 1), new)])
        assert timeline.checker_on(datetime(2026, 5, 1, 9)) is old
        assert timeline.checker_on(date(2026, 12, 1)) is new
        assert timeline.checker_on(None) is new
        assert timeline.checker_on(date(2010, 1, 1)) is old  # before any: the earliest

    def test_every_finding_names_the_version_and_the_decision(self, files):
        result = Checker(SHIPPED).check(
            {"text": "Another brilliant decision from the cabinet. What could possibly go wrong?"}
        )
        finding = result.to_dict()["findings"][0]
        assert finding["version"] == "havering-2018"
        assert finding["adopted_by"].startswith("Governance Committee, 2018-07-18, minute 8")
        assert result.to_dict()["version"] == "havering-2018"


def test_packs_do_not_import_django():
    import subprocess
    import sys

    code = "import sys, councilguard.packs.rescore, councilguard.packs.edit, councilguard.packs.timeline; "
    code += "print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
