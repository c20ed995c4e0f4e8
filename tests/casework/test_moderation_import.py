import json
import zipfile

import pytest

from councilguard.casework import moderation


def _facebook_zip(path, comments):
    data = {"comments_v2": [
        {"timestamp": 1767225600 + i, "title": f"{author} commented on Priya Patel's post.",
         "data": [{"comment": {"timestamp": 1767225600 + i, "comment": text, "author": author}}]}
        for i, (author, text) in enumerate(comments)
    ]}  # fmt: skip
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("your_facebook_activity/comments_and_reactions/comments.json", json.dumps(data))
    return path


def test_others_comments_are_read_from_a_facebook_export_and_the_pages_own_left_out(tmp_path):
    export = _facebook_zip(tmp_path / "fb.zip", [("Jo Bloggs", "Great work"), ("Priya Patel", "Thanks Jo"),
                                                 ("Caf\u00c3\u00a9 Owner", "Caf\u00c3\u00a9 open")])  # fmt: skip
    result = moderation.read_facebook(export, ["Priya Patel"])
    assert [c.author for c in result.comments] == ["Jo Bloggs", "Café Owner"]
    assert result.own_left_out == 1 and result.comments[0].posted_at.startswith("2026-01-01")


def test_replies_by_others_are_read_from_x_files_and_the_councillors_own_left_out(tmp_path):
    payload = [{"tweet": {"id_str": "1", "full_text": "You are a disgrace &amp; a liar", "user": {"screen_name": "Troll"},
                          "in_reply_to_screen_name": "CllrPatel", "created_at": "Wed Jan 07 10:00:00 +0000 2026"}},
               {"tweet": {"id_str": "2", "full_text": "Thanks all", "user": {"screen_name": "CllrPatel"}}}]  # fmt: skip
    path = tmp_path / "replies.js"
    path.write_text("window.YTD.tweets.part0 = " + json.dumps(payload))
    result = moderation.read_x(path, ["@CllrPatel"])
    assert [(c.author, c.text) for c in result.comments] == [("@Troll", "You are a disgrace & a liar")]
    assert result.own_left_out == 1 and result.comments[0].on == "reply to @CllrPatel"


def test_replies_in_the_x_apis_json_are_named_by_their_authors(tmp_path):
    path = tmp_path / "search.json"
    path.write_text(json.dumps({"data": [{"id": "9", "text": "Scum", "author_id": "42"}],
                                "includes": {"users": [{"id": "42", "username": "angry"}]}}))  # fmt: skip
    assert moderation.read_x(path).comments[0].author == "@angry"


def test_a_file_that_is_no_export_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text("{}")
    with pytest.raises(moderation.ExportError, match="no list of comments"):
        moderation.read_facebook(path)
    with pytest.raises(moderation.ExportError, match="no tweets"):
        moderation.read_x(path)


def test_authors_of_two_or_more_flagged_comments_are_repeat_offenders():
    assert moderation.repeat_offenders(["a", "b", "a", "c", "c", "c", "Unknown", "Unknown"]) == [("c", 3), ("a", 2)]
