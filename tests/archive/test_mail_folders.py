"""Maildir folders, folders of .eml and .msg files, and Outlook .msg files."""

from __future__ import annotations

from councilguard.archive.importers import folder, maildir, msg

from .conftest import parse_all


def test_it_reads_a_maildirs_cur_and_new_but_not_tmp(archives, ctx):
    parsed, skipped = parse_all(maildir.split, maildir.parse, ctx, archives / "maildir")
    assert skipped == []
    assert [p.draft["subject"] for p in parsed] == ["Library consultation", "Budget vote"]
    assert maildir.count(archives / "maildir") == 2
    assert parsed[1].message_id == "<md-2@havering.gov.uk>"


def test_a_maildir_message_is_keyed_by_its_path_inside_the_maildir(archives):
    keys = [i.key for i in maildir.split(archives / "maildir")]
    assert keys[0].endswith("#cur/1772441400.M1P1.mail:2,S")


def test_a_folder_holds_eml_and_msg_files_at_any_depth_and_ignores_other_files(archives, ctx):
    items = list(folder.split(archives / "eml-folder"))
    assert [(i.format, i.locator) for i in items] == [
        ("eml", "2026/closed-session.eml"),
        ("msg", "2026/library.msg"),
        ("eml", "2026/pool.eml"),
    ]
    assert folder.count(archives / "eml-folder") == 3


def test_it_reads_an_outlook_msg_with_its_recipients_date_and_attachment(archives, ctx):
    path = archives / "eml-folder" / "2026" / "library.msg"
    parsed, skipped = parse_all(msg.split, msg.parse, ctx, path)
    assert skipped == []
    message = parsed[0]
    draft = message.draft
    assert draft["subject"] == "Re: Planning application for the old library"
    assert draft["text"].startswith("The application to turn the old library into 40 flats")
    assert draft["sender"] == "cllr.anna.webb@havering.gov.uk" and draft["account"] == "council"
    assert draft["recipients"] == {
        "to": ["resident.one@example.org"],
        "cc": ["planning-objectors@example.org"],
        "bcc": [],
    }
    assert draft["reply_all"] is True
    assert draft["sent_at"] == "2026-03-20T11:15:00+00:00"
    assert draft["attachments"] == [{"name": "site-plan.pdf", "content_type": "application/pdf", "size": 18}]
    assert message.message_id == "<outlook-1@havering.gov.uk>"


def test_a_file_named_msg_that_is_not_one_is_skipped_with_the_reason(archives, ctx):
    parsed, skipped = parse_all(msg.split, msg.parse, ctx, archives / "not-really.msg")
    assert parsed == []
    assert skipped == ["not an Outlook .msg file (it is not an OLE2 compound file)"]


def test_a_damaged_msg_file_is_skipped_with_the_reason(tmp_path, ctx):
    path = tmp_path / "damaged.msg"
    path.write_bytes(msg.OLE_MAGIC + bytes(2000))
    parsed, skipped = parse_all(msg.split, msg.parse, ctx, path)
    assert parsed == [] and skipped[0].startswith("not an Outlook .msg file (")
