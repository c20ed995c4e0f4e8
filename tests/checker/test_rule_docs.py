"""docs/rules/ is generated from the rule files, so the documentation cannot rot."""

from __future__ import annotations

from pathlib import Path

from councilguard.ruledocs import index_page, rule_page

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"


def test_every_rule_page_in_docs_matches_its_rule_file(protocol):
    stale = [
        rule.id
        for rule in protocol.rules.values()
        if not (DOCS / f"{rule.id}.md").exists()
        or (DOCS / f"{rule.id}.md").read_text(encoding="utf-8") != rule_page(rule, protocol)
    ]
    assert stale == [], "run `make docs` to regenerate docs/rules/"
    assert (DOCS / "README.md").read_text(encoding="utf-8") == index_page(protocol)


def test_a_rule_page_follows_the_template(protocol):
    page = rule_page(protocol.rules["predetermination"], protocol)
    for heading in (
        "## What it checks",
        "## The protocol",
        "## Why",
        "## What to do",
        "## Raises it",
        "## Does not raise it",
        "## Configuration",
    ):
        assert heading in page
    assert "Predisposition is\npermitted" in page or "Predisposition is permitted" in page


def test_a_rule_page_lists_the_pack_data_its_check_reads(protocol):
    copyright_page = rule_page(protocol.rules["copyright-risk"], protocol)
    assert "- **Stock libraries and news sites (an image's address on one of these)** (`domains`):" in copyright_page
    assert "`romfordrecorder.co.uk`" in copyright_page
    assert "the pattern `romford recorder`" in copyright_page
    assert "`docm`" in rule_page(protocol.rules["malware-risk"], protocol)
    assert "Disclaimers (the views are the councillor's own)" in rule_page(protocol.rules["bio-disclaimer"], protocol)
