"""CSV and JSON Lines files read through a column mapping."""

from __future__ import annotations

import pytest

from councilguard.archive.importers import tabular
from councilguard.archive.items import ParseContext

from .conftest import parse_all


@pytest.fixture
def mapped(protocol):
    def make(spec: str) -> ParseContext:
        return ParseContext(protocol=protocol, mapping=tabular.parse_mapping(spec))

    return make


def test_it_reads_a_csv_through_the_column_mapping(archives, mapped):
    ctx = mapped("text=body,sent_at=date,sender=from,platform=network")
    parsed, skipped = parse_all(tabular.split_csv, tabular.parse, ctx, archives / "posts.csv")
    assert [p.draft["text"][:20] for p in parsed] == [
        "Full Council tonight",
        "Anyone who votes for",
        "Cabinet meets on Tue",
    ]
    assert parsed[0].draft["sent_at"] == "2026-03-10T22:30:00+00:00"  # UK day/month order
    assert parsed[0].draft["platform"] == "twitter" and parsed[0].draft["account"] == "personal"
    assert parsed[2].notes == ["unreadable date 'not a date'"]
    assert skipped == ["empty text"]


def test_it_reads_jsonl_through_the_column_mapping_and_skips_a_broken_line(archives, mapped):
    ctx = mapped("text=message,sent_at=when")
    parsed, skipped = parse_all(tabular.split_jsonl, tabular.parse, ctx, archives / "posts.jsonl")
    assert len(parsed) == 2
    assert parsed[0].draft["sent_at"] == "2026-03-08T20:00:00+00:00"  # a Unix timestamp
    assert parsed[1].draft["platform"] == "facebook"
    assert len(skipped) == 1 and skipped[0].startswith("not JSON")


def test_without_a_text_column_the_reason_says_how_to_map_one(archives, ctx):
    _, skipped = parse_all(tabular.split_jsonl, tabular.parse, ctx, archives / "posts.jsonl")
    assert skipped[0].startswith("no 'text' column (columns: message, when, platform)")
    assert "--map text=COLUMN" in skipped[0]


def test_recipients_in_a_cell_make_an_email_draft(tmp_path, mapped):
    path = tmp_path / "mail.csv"
    path.write_text("body,from,to\nHello,cllr.x@havering.gov.uk,a@example.org; b@example.org\n")
    parsed, _ = parse_all(tabular.split_csv, tabular.parse, mapped("text=body,sender=from"), path)
    draft = parsed[0].draft
    assert draft["channel"] == "email" and draft["account"] == "council"
    assert draft["recipients"]["to"] == ["a@example.org", "b@example.org"]


@pytest.mark.parametrize("spec", ["text", "text=", "colour=body"])
def test_a_bad_mapping_is_refused_with_a_message(spec):
    with pytest.raises(tabular.MappingError):
        tabular.parse_mapping(spec)
