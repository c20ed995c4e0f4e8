"""The contract's input: what a Draft accepts, and how it refuses what it cannot check."""

from __future__ import annotations

import pytest

from councilguard.checker import Draft, DraftError
from councilguard.checker.draft import MAX_TEXT_CHARS


def refused(obj) -> DraftError:
    with pytest.raises(DraftError) as info:
        Draft.from_dict(obj)
    return info.value


def test_only_text_is_required_and_social_personal_are_the_defaults():
    draft = Draft.from_dict({"text": "Lovely day at the fete"})
    assert (draft.channel, draft.account, draft.platform) == ("social", "personal", None)


def test_an_email_defaults_to_the_council_account():
    assert Draft.from_dict({"text": "Hello", "channel": "email"}).account == "council"


def test_a_missing_text_is_named():
    assert refused({"subject": "hi"}).field == "text"


def test_an_empty_text_is_refused_because_there_is_nothing_to_check():
    error = refused({"text": "   \n"})
    assert error.field == "text" and "empty" in error.problem


def test_a_wrong_type_names_the_field_and_the_type():
    error = refused({"text": "hi", "reply_all": "yes"})
    assert error.field == "reply_all" and "true or false" in error.problem


def test_an_unknown_enum_value_lists_the_allowed_ones():
    error = refused({"text": "hi", "channel": "fax"})
    assert error.field == "channel" and "email" in error.problem and "social" in error.problem


def test_nested_errors_name_the_path():
    assert refused({"text": "hi", "recipients": {"to": ["a@b.c", 7]}}).field == "recipients.to[1]"
    assert refused({"text": "hi", "attachments": [{"size": 3}]}).field == "attachments[0].name"
    assert refused({"text": "hi", "sent_at": "tomorrow"}).field == "sent_at"


def test_a_text_over_the_limit_is_refused_with_the_limit_stated():
    error = refused({"text": "a" * (MAX_TEXT_CHARS + 1)})
    assert f"{MAX_TEXT_CHARS:,}" in error.problem


def test_invalid_json_and_invalid_utf8_are_named():
    with pytest.raises(DraftError, match="invalid JSON at line 1"):
        Draft.from_json('{"text": ')
    with pytest.raises(DraftError, match="not valid UTF-8"):
        Draft.from_json(b'{"text": "caf\xe9"}')


def test_a_json_array_is_not_a_draft():
    with pytest.raises(DraftError, match="expected a JSON object, got an array"):
        Draft.from_json("[1, 2]")


def test_unknown_fields_are_kept_and_ignored():
    draft = Draft.from_dict({"text": "hi", "campaign": "spring"})
    assert draft.extra == {"campaign": "spring"}


def test_meetings_need_a_start_before_the_end():
    with pytest.raises(DraftError, match="before start"):
        Draft.from_dict(
            {
                "text": "hi",
                "meetings_attending": [{"name": "x", "start": "2026-01-01T20:00", "end": "2026-01-01T19:00"}],
            }
        )
