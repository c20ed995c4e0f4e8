"""Bytes and HTML to text: the helpers every e-mail importer leans on."""

from __future__ import annotations

from councilguard.archive.importers.decoding import decode_bytes, known_charset
from councilguard.archive.importers.emailmsg import header_text
from councilguard.archive.importers.htmltext import html_to_text


def test_a_known_charset_is_used_without_a_note():
    assert decode_bytes("Café".encode("iso-8859-1"), "ISO-8859-1") == ("Café", None)


def test_an_unknown_charset_falls_back_to_utf8_then_windows_1252_with_a_note():
    assert decode_bytes("Café".encode(), "x-klingon") == (
        "Café",
        "unknown charset 'x-klingon'; decoded as utf-8",
    )
    text, note = decode_bytes("Café".encode("cp1252"), "x-klingon")
    assert text == "Café" and "decoded as cp1252" in note


def test_a_declared_charset_that_does_not_fit_the_bytes_is_noted():
    text, note = decode_bytes("£20 fee".encode(), "us-ascii")
    assert text == "£20 fee" and "did not fit the bytes" in note


def test_labels_that_mean_nothing_are_not_taken_as_charsets():
    assert known_charset("unknown-8bit") is None and known_charset("UTF8") == "utf-8"


def test_encoded_words_in_headers_are_decoded_even_with_an_unknown_charset():
    assert header_text("=?utf-8?Q?Caf=C3=A9_opening?=") == "Café opening"
    assert header_text("=?x-unknown?Q?Ward_news?=") == "Ward news"


def test_html_becomes_text_with_paragraphs_apart_and_scripts_gone():
    html = (
        "<html><head><title>t</title><script>var x=1</script></head>"
        "<body><p>Vote</p><p>For sale &amp; more</p></body></html>"
    )
    assert html_to_text(html) == "Vote\n\nFor sale & more"


def test_html_that_is_not_well_formed_still_gives_its_words():
    assert html_to_text("<div><b>Closed <i>session</div> notes") == "Closed session\nnotes"
