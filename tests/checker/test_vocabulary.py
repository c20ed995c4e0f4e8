"""One presentation vocabulary: every output names a verdict or a severity with the words
in ``checker/vocabulary.py``, and no other module spells those words itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from councilguard.archive import run_scan
from councilguard.archive.report.charts import month_columns
from councilguard.checker import check
from councilguard.checker.result import SEVERITIES, verdict_for
from councilguard.checker.vocabulary import (
    RULE_OFF,
    SEVERITY_TERMS,
    VERDICT_TERMS,
    VERDICTS,
    severity_term,
    verdict_choices,
    verdict_term,
)
from councilguard.render import render_text
from councilguard.web_services import build_report
from councilguard.web_services.openapi import openapi_document

SRC = Path(__file__).resolve().parents[2] / "src" / "councilguard"
ARCHIVES = Path(__file__).resolve().parents[1] / "data" / "archives"
LABELS = {t.label for t in (*VERDICT_TERMS.values(), *SEVERITY_TERMS.values(), RULE_OFF)}
# The words outputs used before there was one vocabulary, for the same things.
RETIRED = {"Breach", "Breach likely", "Block", "Warn"}
SPELLED = LABELS | {label.upper() for label in LABELS} | RETIRED

# One draft per verdict, from the spec's own kind of examples.
DRAFTS = {
    "ok": {"text": "Lovely to see everyone at the Harold Hill fun day!", "channel": "social"},
    "review": {
        "text": "Can you chase the housing officer about the Smith family repairs case?",
        "channel": "email",
        "account": "personal",
    },
    "do-not-send": {"text": "Ward plan attached.", "channel": "email", "attachments": [{"name": "plan.docm"}]},
}


def test_every_verdict_and_severity_the_checker_can_give_has_words_and_a_colour():
    assert tuple(SEVERITY_TERMS) == SEVERITIES
    assert {verdict_for([])} | {"review", "do-not-send"} == set(VERDICTS)
    for term in (*VERDICT_TERMS.values(), *SEVERITY_TERMS.values()):
        assert term.label and term.sentence.endswith(".")
        assert term.tag_class == f"govuk-tag govuk-tag--{term.colour}"
        assert term.label.lower() not in term.sentence.lower(), "the sentence must not repeat the tag"


def test_a_verdict_and_a_severity_never_share_a_label():
    verdicts = {t.label for t in VERDICT_TERMS.values()}
    severities = {t.label for t in SEVERITY_TERMS.values()}
    assert verdicts.isdisjoint(severities)
    assert "Breach" not in verdicts | severities  # once a verdict in one place, a severity in another


@pytest.fixture(scope="module")
def results(protocol):
    out = {verdict: check(draft) for verdict, draft in DRAFTS.items()}
    for verdict, result in out.items():
        assert result.verdict == verdict, f"the {verdict} example no longer gives {verdict}"
    return out


def test_the_cli_text_report_names_the_verdict_and_each_severity_in_the_vocabulary(results, protocol):
    for verdict, result in results.items():
        text = render_text(result, DRAFTS[verdict]["text"], protocol)
        term = verdict_term(verdict)
        assert text.splitlines()[0] == f"{term.label.upper()}: {term.sentence}"
        for finding in result.findings:
            assert f"[{severity_term(finding.severity).label.upper()}]" in text


def test_the_check_page_view_model_takes_its_words_and_colours_from_the_vocabulary(results, protocol):
    for verdict, result in results.items():
        report = build_report(result, DRAFTS[verdict]["text"], protocol)
        term = verdict_term(verdict)
        assert (report.verdict_label, report.verdict_text, report.verdict_colour) == (
            term.label,
            term.sentence,
            term.colour,
        )
        for view in report.findings:
            assert (view.severity_label, view.severity_colour) == (
                severity_term(view.severity).label,
                severity_term(view.severity).colour,
            )


def test_the_openapi_document_lists_the_vocabulary_values_with_their_labels():
    doc = openapi_document(max_check_bytes=1, max_batch_bytes=1, max_batch_drafts=1, rate="1/s")
    schemas = doc["components"]["schemas"]
    verdict, severity = schemas["Result"]["properties"]["verdict"], schemas["Finding"]["properties"]["severity"]
    assert verdict["enum"] == list(VERDICTS) and severity["enum"] == list(SEVERITIES)
    for term in VERDICT_TERMS.values():
        assert f"`{term.value}` ({term.label})" in verdict["description"]
    for term in SEVERITY_TERMS.values():
        assert f"`{term.value}` ({term.label})" in severity["description"]


def test_the_database_choices_are_the_vocabulary_verdicts():
    assert verdict_choices() == [("ok", "OK"), ("review", "Review"), ("do-not-send", "Do not send")]


def test_the_scan_report_tags_messages_and_findings_in_the_vocabulary(tmp_path):
    summary = run_scan([ARCHIVES / "council-sent.mbox"], tmp_path, processes=1)
    page = Path(summary.report["html"]).read_text(encoding="utf-8")
    tags = re.findall(r"<span class='tag (verdict|severity)-([a-z-]+)'>([^<]+)</span>", page.replace('"', "'"))
    assert {kind for kind, _, _ in tags} == {"verdict", "severity"}
    for kind, value, label in tags:
        assert label == (verdict_term(value) if kind == "verdict" else severity_term(value)).label
    assert "Likely breaches" not in page  # the old stat that counted do-not-send messages


def test_the_scan_report_says_how_need_review_splits_between_the_two_verdicts(tmp_path):
    summary = run_scan([ARCHIVES / "council-sent.mbox"], tmp_path, processes=1)
    page = Path(summary.report["html"]).read_text(encoding="utf-8")
    stat = re.search(r"<b>(\d+)</b>Need review<small>of which (\d+) do not send and (\d+) review</small>", page)
    assert stat, "the Need review figure says how many of it are do-not-send"
    assert int(stat[1]) == int(stat[2]) + int(stat[3]) > 0


def test_month_labels_in_the_scan_report_never_overlap():
    for months in (2, 5, 12, 30):
        counts = {f"{2002 + (i // 12)}-{i % 12 + 1:02d}": 3 for i in range(months)}
        svg = month_columns(counts, {})
        xs = [float(x) for x in re.findall(r'<text x="([0-9.]+)" y="\d+" font-size="11" fill', svg)]
        assert len(xs) >= min(months, 6)
        assert all(b - a >= 50 for a, b in zip(xs, xs[1:], strict=False)), (months, xs)


def _string_constants(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(n.lineno, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_no_module_or_template_defines_a_verdict_or_severity_label_of_its_own():
    """A label is written once, in the vocabulary; migrations keep the history they froze."""
    found = []
    for path in SRC.rglob("*"):
        if "migrations" in path.parts or path.name == "vocabulary.py":
            continue
        if path.suffix == ".py":
            found += [f"{path}:{line}: {value!r}" for line, value in _string_constants(path) if value in SPELLED]
        elif path.suffix in {".html", ".js", ".mjs"}:
            text = path.read_text(encoding="utf-8")
            found += [f"{path}: >{label}<" for label in SPELLED if re.search(rf">\s*{re.escape(label)}\s*<", text)]
    assert found == []
