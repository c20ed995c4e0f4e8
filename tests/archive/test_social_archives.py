"""X/Twitter archives and Facebook exports."""

from __future__ import annotations

import json
import zipfile

from councilguard.archive.importers import facebook, twitter
from councilguard.archive.items import Skipped

from .conftest import parse_all


def test_it_reads_tweets_from_an_unpacked_x_archive_with_the_handle_and_bio(archives, ctx):
    parsed, skipped = parse_all(twitter.split, twitter.parse, ctx, archives / "twitter-archive")
    assert skipped == []
    assert len(parsed) == 3
    first = parsed[0].draft
    assert first["text"].endswith("park rangers & volunteers!")  # &amp; unescaped
    assert first["platform"] == "twitter" and first["channel"] == "social"
    assert first["account"] == "personal"
    assert first["sender"] == "@CllrAnnaWebb"
    assert first["bio"] == "West Ward councillor. Views my own."
    assert first["sent_at"] == "2026-03-14T10:02:11+00:00"
    assert parsed[2].draft["images"] == [{"source": "https://pbs.twimg.com/media/pothole.jpg"}]
    assert "a reply to @millstreetres" in parsed[2].notes
    assert parsed[0].message_id == "1900000000000000001"


def test_the_zip_and_the_folder_of_an_x_archive_give_the_same_drafts(archives, ctx):
    from_zip, _ = parse_all(twitter.split, twitter.parse, ctx, archives / "twitter-archive.zip")
    from_dir, _ = parse_all(twitter.split, twitter.parse, ctx, archives / "twitter-archive")
    strip = lambda p: {k: v for k, v in p.draft.items() if k != "id"}  # noqa: E731
    assert [strip(p) for p in from_zip] == [strip(p) for p in from_dir]


def test_a_bare_tweets_js_file_is_read_too(archives, ctx):
    parsed, _ = parse_all(twitter.split, twitter.parse, ctx, archives / "twitter-archive" / "data" / "tweets.js")
    assert len(parsed) == 3 and "sender" not in parsed[0].draft


def test_the_social_account_setting_says_whose_account_posted(archives, protocol):
    from councilguard.archive.items import ParseContext

    official = ParseContext(protocol=protocol, social_account="council")
    parsed, _ = parse_all(twitter.split, twitter.parse, official, archives / "twitter-archive")
    assert {p.draft["account"] for p in parsed} == {"council"}


def test_a_zip_without_tweets_is_recorded_as_skipped(tmp_path):
    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data/like.js", "window.YTD.like.part0 = []")
    items = list(twitter.split(path))
    assert len(items) == 1 and isinstance(items[0], Skipped) and "no data/tweets.js" in items[0].reason


def test_a_damaged_tweets_js_is_recorded_as_skipped(tmp_path):
    root = tmp_path / "archive" / "data"
    root.mkdir(parents=True)
    (root / "tweets.js").write_text('window.YTD.tweets.part0 = [ {"tweet": {"full_text": "cut')
    items = list(twitter.split(tmp_path / "archive"))
    assert isinstance(items[0], Skipped) and "damaged JSON" in items[0].reason


def test_facebook_mojibake_is_turned_back_into_the_text_that_was_posted():
    assert facebook.fix_mojibake("cafÃ© â\x80\x94 support") == "café — support"
    assert facebook.fix_mojibake({"a": ["ZÃ¼rich"]}) == {"a": ["Zürich"]}
    # Real text with characters above U+00FF is left alone.
    assert facebook.fix_mojibake("Cllr — “quoted”") == "Cllr — “quoted”"


def test_it_reads_posts_from_a_facebook_export_fixing_their_encoding(archives, ctx):
    parsed, skipped = parse_all(facebook.split, facebook.parse, ctx, archives / "facebook-export")
    assert len(parsed) == 2
    assert parsed[0].draft["text"] == "Lovely coffee at the new café on Mill Street — support local!"
    assert parsed[0].draft["platform"] == "facebook"
    assert parsed[0].draft["sent_at"] == "2026-03-14T14:53:20+00:00"
    assert skipped == ["post has no text of the member's own (a photo, check-in or share)"]


def test_it_reads_an_older_facebook_export_in_a_zip(tmp_path, ctx):
    path = tmp_path / "facebook-2019.zip"
    posts = [{"timestamp": 1550000000, "data": [{"post": "Ward walk on Saturday"}]}]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("posts/your_posts_1.json", json.dumps(posts))
    assert facebook.looks_like_zip(path)
    parsed, _ = parse_all(facebook.split, facebook.parse, ctx, path)
    assert [p.draft["text"] for p in parsed] == ["Ward walk on Saturday"]
