"""The protocol pack: the adopted clauses are all there, verbatim, and a broken pack is
refused with the file and line named."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from councilguard.checker import Checker, ProtocolError, load_protocol
from councilguard.checker.protocol import PACKS_DIR
from tests.conftest import SHARED

RULES_MD = (SHARED / "spec" / "rules.md").read_text(encoding="utf-8")


def catalogue_clause_ids() -> set[str]:
    ids = set(re.findall(r"`((?:ICT|SM|LAW)\.[a-z0-9.\-]+)`", RULES_MD))
    ids |= {f"ICT.unacceptable.{n}" for n in range(1, 9)}
    ids |= {f"SM.do.{n}" for n in range(1, 7)} | {f"SM.dont.{n}" for n in range(1, 10)}
    return {i for i in ids if not i.endswith(".")}


def catalogue_rule_ids() -> set[str]:
    return set(re.findall(r"^\| `([a-z-]+)` \|", RULES_MD, re.MULTILINE))


def test_every_clause_id_of_the_catalogue_is_in_the_pack(protocol):
    assert catalogue_clause_ids() - set(protocol.clauses) == set()


def test_the_seed_clauses_are_quoted_verbatim(protocol):
    seed = next((SHARED / "seed").glob("*.txt")).read_text(encoding="utf-8")
    # Compare words only: list markers and Markdown emphasis are layout, not wording.
    seed = re.sub(r"^\s*(?:[-•]\s+)?(?:o\s+)?", "", seed, flags=re.MULTILINE)
    flat = " ".join(re.sub(r"[*#]|<u>|</u>", "", seed).split())
    for clause in protocol.clauses.values():
        if not clause.verbatim:
            continue
        for paragraph in clause.text.split("\n\n"):
            words = " ".join(re.sub(r"^- ", "", line) for line in paragraph.splitlines())
            assert " ".join(words.split()) in flat, f"{clause.id} is not verbatim: {words[:60]}"


def test_the_pack_records_the_adopting_decision(protocol):
    assert protocol.adopted["body"] == "Governance Committee"
    assert protocol.adopted["date"] == "2018-07-18"
    assert protocol.adopted["votes"] == {"for": 10, "against": 1}
    assert protocol.email_domains == ["havering.gov.uk"]


def test_every_rule_of_the_catalogue_ships(protocol):
    assert catalogue_rule_ids() - set(protocol.rules) == set()


@pytest.fixture
def pack_copy(tmp_path) -> Path:
    target = tmp_path / "my-council"
    shutil.copytree(PACKS_DIR / "havering-2018", target)
    return target


def test_a_council_can_point_the_checker_at_its_own_pack(pack_copy):
    protocol_file = pack_copy / "protocol.yaml"
    protocol_file.write_text(protocol_file.read_text().replace("id: havering-2018", "id: my-council", 1))
    assert Checker(pack_copy).protocol.id == "my-council"


def test_a_rule_citing_an_unknown_clause_is_refused_with_file_and_line(pack_copy):
    rule = pack_copy / "rules" / "malware-risk.yaml"
    rule.write_text(rule.read_text().replace("cites: [ICT.unacceptable.7.vii]", "cites: [ICT.nonsense]"))
    with pytest.raises(ProtocolError) as info:
        load_protocol(pack_copy)
    assert info.value.path.endswith("malware-risk.yaml") and info.value.line == 3
    assert "ICT.nonsense" in str(info.value)


def test_a_wrong_entry_in_a_rules_list_is_refused_with_file_and_line(pack_copy):
    rule = pack_copy / "rules" / "malware-risk.yaml"
    rule.write_text(rule.read_text().replace("    exe, com,", "    .EXE, com,", 1))
    with pytest.raises(ProtocolError) as info:
        load_protocol(pack_copy)
    assert info.value.path.endswith("malware-risk.yaml") and info.value.line == 5
    assert "extensions: '.EXE' is not a file extension" in str(info.value)


def test_a_rule_without_the_list_its_check_reads_is_refused(pack_copy):
    rule = pack_copy / "rules" / "bio-disclaimer.yaml"
    text = rule.read_text()
    rule.write_text(text[: text.index('  # "Views my own"')] + text[text.index("severity:") :])
    with pytest.raises(
        ProtocolError, match=r"bio-disclaimer.yaml:5: params for context: missing parameter 'disclaimer'"
    ):
        load_protocol(pack_copy)


def test_broken_yaml_is_refused_with_the_line(pack_copy):
    rule = pack_copy / "rules" / "meeting-use.yaml"
    rule.write_text(rule.read_text() + "\nexamples: [unclosed\n")
    with pytest.raises(ProtocolError, match=r"meeting-use.yaml:\d+: invalid YAML"):
        load_protocol(pack_copy)


def test_an_unknown_detector_type_is_refused(pack_copy):
    rule = pack_copy / "rules" / "platform-limit.yaml"
    rule.write_text(rule.read_text().replace("detector: context", "detector: crystal-ball"))
    with pytest.raises(ProtocolError, match="unknown detector type 'crystal-ball'"):
        load_protocol(pack_copy)


def test_a_missing_protocol_file_is_named(pack_copy):
    (pack_copy / "protocol.yaml").unlink()
    with pytest.raises(ProtocolError, match="protocol.yaml: file not found"):
        load_protocol(pack_copy)


def test_the_checker_does_not_import_django():
    import subprocess
    import sys

    code = "import sys, councilguard.checker; from councilguard.checker import check; check({'text': 'hello'}); print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
