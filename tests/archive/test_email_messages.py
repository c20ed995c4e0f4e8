"""One e-mail to a draft: context (account, reply-all, forwards, attachments), bodies
(plain preferred, HTML converted), and damage (broken MIME, unknown charsets)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from councilguard.archive.importers import eml
from councilguard.archive.importers.emailmsg import message_to_draft
from councilguard.archive.items import SkipMessage
from councilguard.checker.draft import MAX_TEXT_CHARS

from .conftest import parse_all


def _mail(
    subject="Ward update",
    body="New bins on Mill Street.",
    sender="cllr.anna.webb@havering.gov.uk",
    **headers,
):
    msg = EmailMessage()
    msg["From"] = sender
    msg["Subject"] = subject
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg


def test_a_message_from_a_council_address_is_sent_from_the_council_account(ctx):
    draft = message_to_draft(bytes(_mail(To="resident@example.org")), "k", ctx).draft
    assert draft["account"] == "council"
    assert draft["sender"] == "cllr.anna.webb@havering.gov.uk"


def test_a_message_from_a_personal_address_is_sent_from_a_personal_account(ctx):
    draft = message_to_draft(bytes(_mail(sender="annawebb77@hotmail.com", To="x@example.org")), "k", ctx).draft
    assert draft["account"] == "personal"


def test_a_reply_with_a_cc_counts_as_reply_all(ctx):
    msg = _mail(subject="Re: Mill Street bins", To="one@example.org", Cc="two@example.org")
    assert message_to_draft(bytes(msg), "k", ctx).draft["reply_all"] is True


def test_a_reply_to_one_person_is_not_reply_all(ctx):
    msg = _mail(subject="RE: Mill Street bins", To="one@example.org")
    assert message_to_draft(bytes(msg), "k", ctx).draft["reply_all"] is False


def test_a_new_message_to_many_people_is_not_a_reply_all(ctx):
    msg = _mail(subject="Ward newsletter", To="one@example.org, two@example.org, three@example.org")
    assert message_to_draft(bytes(msg), "k", ctx).draft["reply_all"] is False


@pytest.mark.parametrize("subject", ["Fwd: ward plan", "FW: ward plan", "Re: Fw: ward plan"])
def test_a_forward_is_recognised_from_its_subject(ctx, subject):
    msg = _mail(subject=subject, To="one@example.org")
    assert message_to_draft(bytes(msg), "k", ctx).draft["forwarded"] is True


def test_a_forward_is_recognised_from_its_forwarded_message_block(ctx):
    body = "See below.\n\n---------- Forwarded message ---------\nFrom: Priya\n\nThe report."
    msg = _mail(subject="ward plan", body=body, To="one@example.org")
    assert message_to_draft(bytes(msg), "k", ctx).draft["forwarded"] is True


def test_attachments_give_name_type_and_size_but_never_their_bytes(ctx):
    msg = _mail(To="one@example.org")
    msg.add_attachment(b"x" * 3000, maintype="application", subtype="pdf", filename="minutes.pdf")
    draft = message_to_draft(bytes(msg), "k", ctx).draft
    assert draft["attachments"] == [{"name": "minutes.pdf", "content_type": "application/pdf", "size": 3000}]
    assert "xxxx" not in draft["text"]


def test_recipients_keep_to_cc_and_bcc_apart(ctx):
    msg = _mail(To="a@example.org, B <b@example.org>", Cc="c@example.org", Bcc="d@havering.gov.uk")
    assert message_to_draft(bytes(msg), "k", ctx).draft["recipients"] == {
        "to": ["a@example.org", "b@example.org"],
        "cc": ["c@example.org"],
        "bcc": ["d@havering.gov.uk"],
    }


def test_the_plain_text_body_is_preferred_to_the_html_one(ctx):
    msg = _mail(body="Plain words.", To="one@example.org")
    msg.add_alternative("<p>HTML words.</p>", subtype="html")
    assert message_to_draft(bytes(msg), "k", ctx).draft["text"].strip() == "Plain words."


def test_an_html_only_body_is_converted_to_text_without_its_styles(archives, ctx):
    from councilguard.archive.importers import mbox

    parsed, _ = parse_all(mbox.split, mbox.parse, ctx, archives / "council-sent.mbox")
    surgery = next(p for p in parsed if p.draft["subject"] == "Surgery times")
    assert surgery.draft["text"] == "My surgery is now on Saturdays\n\nat the community centre, 10am–12pm."
    assert "HTML body converted to text" in surgery.notes
    assert any("unknown charset 'x-klingon'" in n for n in surgery.notes)


def test_a_message_with_broken_mime_and_an_unknown_charset_is_still_checked(archives, ctx):
    parsed, skipped = parse_all(eml.split, eml.parse, ctx, archives / "broken-mime.eml")
    assert skipped == []
    message = parsed[0]
    assert "parking policy is a disgrace" in message.draft["text"]
    assert "Café owners" in message.draft["text"]  # quoted-printable decoded, cp1252 guessed
    assert message.draft["subject"] == "Letter to the editor"
    assert any(n.startswith("broken MIME") for n in message.notes)
    assert any("x-no-such-charset" in n for n in message.notes)
    assert message.draft["attachments"][0]["name"] == "petition.pdf"


def test_a_body_over_the_checkers_limit_is_truncated_with_a_note(ctx):
    msg = _mail(body="word " * (MAX_TEXT_CHARS // 4), To="one@example.org")
    parsed = message_to_draft(bytes(msg), "k", ctx)
    assert len(parsed.draft["text"]) == MAX_TEXT_CHARS
    assert any("truncated" in n for n in parsed.notes)


def test_a_message_with_no_text_and_no_attachments_is_skipped(ctx):
    with pytest.raises(SkipMessage, match="no text to check"):
        message_to_draft(b"From: a@example.org\nTo: b@example.org\n\n\n", "k", ctx)


def test_bytes_that_are_not_an_email_are_skipped(ctx):
    with pytest.raises(SkipMessage, match="not an e-mail"):
        message_to_draft(b"\x89PNG\r\n\x1a\n binary", "k", ctx)


def test_an_attachment_of_50_megabytes_is_sized_without_being_decoded(tmp_path, ctx):
    msg = _mail(To="one@example.org", body="Site survey attached.")
    msg.add_attachment(bytes(50 * 1024 * 1024), maintype="application", subtype="zip", filename="survey.zip")
    path = tmp_path / "big.eml"
    path.write_bytes(bytes(msg))
    parsed, skipped = parse_all(eml.split, eml.parse, ctx, path)
    assert skipped == []
    attachment = parsed[0].draft["attachments"][0]
    assert attachment["name"] == "survey.zip"
    assert attachment["size"] == 50 * 1024 * 1024
    assert parsed[0].draft["text"].strip() == "Site survey attached."
