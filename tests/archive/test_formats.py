"""Telling an archive's format from what it is."""

from __future__ import annotations

import pytest

from councilguard.archive.importers import UnknownFormat, detect


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("council-sent.mbox", "mbox"),
        ("broken-mime.eml", "eml"),
        ("maildir", "maildir"),
        ("eml-folder", "folder"),
        ("eml-folder/2026/library.msg", "msg"),
        ("not-really.msg", "msg"),
        ("twitter-archive", "twitter"),
        ("twitter-archive.zip", "twitter"),
        ("twitter-archive/data/tweets.js", "twitter"),
        ("facebook-export", "facebook"),
        (
            "facebook-export/your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_1.json",
            "facebook",
        ),
        ("posts.csv", "csv"),
        ("posts.jsonl", "jsonl"),
    ],
)
def test_it_detects_each_archive_format(archives, name, expected):
    assert detect(archives / name) == expected


def test_the_real_mbox_is_detected_as_an_mbox(real_mbox):
    assert detect(real_mbox) == "mbox"


def test_an_mbox_with_another_extension_is_detected_by_its_first_line(tmp_path):
    path = tmp_path / "Sent Items"
    path.write_bytes(b"From a@example.org Mon Mar  2 09:00:00 2026\nSubject: x\n\nHi\n")
    assert detect(path) == "mbox"


def test_an_unknown_file_says_so_and_names_the_formats(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 JFIF")
    with pytest.raises(UnknownFormat, match="use --format"):
        detect(path)
