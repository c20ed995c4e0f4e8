"""The mbox importer, on the real public corpus and on the small archives."""

from __future__ import annotations

import itertools
import tracemalloc

from councilguard.archive.importers import mbox
from councilguard.archive.items import RawItem, Skipped

from .conftest import parse_all


def test_it_counts_every_message_in_the_real_mbox(real_mbox):
    assert mbox.count(real_mbox) == 6046


def test_it_reads_the_first_messages_of_the_real_mbox_with_their_headers(real_mbox, ctx):
    items = list(itertools.islice(mbox.split(real_mbox), 40))
    assert all(isinstance(i, RawItem) for i in items)
    assert items[0].key.endswith("#0") and items[0].locator == "byte 0"
    first = mbox.parse(items[0], ctx)
    draft = first.draft
    assert draft["subject"] == "Re: New Sequences Window"
    assert draft["sender"] == "kre@munnari.OZ.AU"
    assert draft["sent_at"].startswith("2002-08-22T18:26:25")
    assert draft["recipients"]["cc"] == ["exmh-workers@spamassassin.taint.org"]
    assert draft["channel"] == "email" and draft["account"] == "personal"
    # A reply to two addresses (To and Cc) counts as reply-all.
    assert draft["reply_all"] is True
    assert first.message_id == "<13258.1030015585@munnari.OZ.AU>"
    assert "Sequences" in draft["text"] or draft["text"].strip()
    parsed = [mbox.parse(i, ctx) for i in items]
    assert all(p.draft["text"].strip() for p in parsed)
    assert all(p.draft["id"] == i.key for p, i in zip(parsed, items, strict=True))


def test_it_streams_the_real_mbox_without_holding_the_file_in_memory(real_mbox):
    tracemalloc.start()
    try:
        count = sum(1 for _ in mbox.split(real_mbox))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 6046
    # The file is 32 MB; one message at a time is a few hundred kilobytes at most.
    assert peak < 8 * 1024 * 1024, f"peak {peak:,} bytes"


def test_it_keys_messages_by_byte_offset_so_a_rerun_finds_the_same_keys(real_mbox):
    first = [i.key for i in itertools.islice(mbox.split(real_mbox), 25)]
    again = [i.key for i in itertools.islice(mbox.split(real_mbox), 25)]
    assert first == again and len(set(first)) == 25


def test_it_checks_what_is_left_of_a_message_cut_off_at_the_end_of_the_file(archives, ctx):
    parsed, skipped = parse_all(mbox.split, mbox.parse, ctx, archives / "truncated.mbox")
    assert skipped == []
    assert [p.draft["subject"] for p in parsed] == ["Bin collections", "Closed session"]
    assert parsed[1].notes[0].startswith("truncated")
    # The mbox escaped the body line "From the closed session…"; the words come back whole.
    assert parsed[1].draft["text"].startswith("From the closed session tonight")


def test_it_records_a_message_cut_off_inside_its_headers_as_skipped(tmp_path):
    path = tmp_path / "cut.mbox"
    path.write_bytes(
        b"From a@example.org Mon Mar  2 09:00:00 2026\n"
        b"Subject: whole\nFrom: a@example.org\n\nHello.\n\n"
        b"From a@example.org Mon Mar  2 10:00:00 2026\nSubject: cut\nFrom: a@exa"
    )
    items = list(mbox.split(path))
    assert isinstance(items[0], RawItem)
    assert isinstance(items[1], Skipped) and "inside this message's headers" in items[1].reason


def test_it_does_not_split_a_message_at_a_from_line_inside_its_body(tmp_path, ctx):
    path = tmp_path / "body.mbox"
    path.write_bytes(
        b"From a@example.org Mon Mar  2 09:00:00 2026\nSubject: one\nFrom: a@example.org\n\n"
        b"Dear all,\nFrom here on the meeting starts at 7pm.\n\n"
        b"From b@example.org Mon Mar  2 10:00:00 2026\nSubject: two\nFrom: b@example.org\n\nBye.\n"
    )
    items = list(mbox.split(path))
    assert [mbox.parse(i, ctx).draft["subject"] for i in items] == ["one", "two"]


def test_a_file_with_no_from_line_is_recorded_as_not_an_mbox(tmp_path):
    path = tmp_path / "notes.mbox"
    path.write_text("Just some notes.\nNothing else.\n")
    items = list(mbox.split(path))
    assert len(items) == 1 and isinstance(items[0], Skipped)
    assert "not an mbox" in items[0].reason
