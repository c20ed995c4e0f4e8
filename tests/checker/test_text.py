"""Normalisation: folded text for matching, spans that still index the original."""

from __future__ import annotations

from councilguard.checker import Draft, load_protocol
from councilguard.checker.terms import TermMatcher
from councilguard.checker.text import Analysis, NormalisedText, split_regions

PROTOCOL = load_protocol()


def analysed(text: str, channel: str = "social") -> Analysis:
    return Analysis(Draft.from_dict({"text": text, "channel": channel}), PROTOCOL)


def test_folding_keeps_a_map_back_to_the_original_offsets():
    norm = NormalisedText("Ｃｏｕｎｃｉｌ ﬁnance")  # full-width letters and a ligature
    assert norm.folded == "council finance"
    start = norm.folded.index("finance")
    assert norm.to_original(start, start + len("finance")) == (8, 14)


def test_plain_ascii_and_mixed_text_map_every_folded_offset_back():
    ascii_text = NormalisedText("Call ME on Monday")
    assert ascii_text.folded == "call me on monday"
    assert ascii_text.to_original(5, 7) == (5, 7)
    mixed = NormalisedText("Café ﬁnance — SHOUTING fück")
    assert mixed.folded == "cafe finance - shouting fuck"
    for word in ("finance", "shouting", "fuck"):
        start = mixed.folded.index(word)
        a, b = mixed.to_original(start, start + len(word))
        assert NormalisedText(mixed.original[a:b]).folded == word


def test_cyrillic_look_alikes_fold_to_latin():
    assert NormalisedText("сrook").folded == "crook"


def test_obfuscated_spellings_are_found_with_original_spans():
    matcher = TermMatcher(["shit", "bastard", "fuck"], obfuscation=True)
    analysis = analysed("What a sh1t show, you b@stard, f*ck off and fuuuuck that")
    found = {(analysis.text[s:e], term) for s, e, term in matcher.find(analysis)}
    assert found == {("sh1t", "shit"), ("b@stard", "bastard"), ("f*ck", "fuck"), ("fuuuuck", "fuck")}


def test_plain_matching_does_not_read_digits_as_letters():
    matcher = TermMatcher(["ass"], obfuscation=False)
    assert matcher.find(analysed("the a55 and the assessment")) == []


def test_phrases_match_across_hyphens_and_spaces_and_prefixes_match_endings():
    matcher = TermMatcher(["brain dead", "corrupt*"])
    analysis = analysed("A brain-dead plan from a corruption-riddled board")
    assert [t for _, _, t in matcher.find(analysis)] == ["brain dead", "corrupt*"]


def test_an_email_separates_own_words_quoted_reply_and_signature():
    text = "Thanks, I will chase it.\n\nKind regards,\nCllr Anna Webb\n07700 900123\n\nOn 3 May, Joe wrote:\n> my number is 07911 123456\n"
    kinds = [(r.kind, text[r.start : r.end].strip()[:12]) for r in split_regions(text, "email")]
    assert [k for k, _ in kinds] == ["own", "signature", "quoted"]
    assert kinds[1][1].startswith("Cllr Anna")


def test_a_social_post_is_all_the_authors_own_words():
    assert [r.kind for r in split_regions("> not a quote on Twitter", "social")] == ["own"]


_REPLY = (
    "Dear Mrs Okafor,\n\nThank you, I have passed this to the housing team.\n\nKind regards,\nCllr Anna Webb\n\n"
    "On 3 May 2024, Grace Okafor <grace.okafor@example.org> wrote:\n"
    "> My neighbour John Smith at 14 Mill Lane, RM3 7QT, phone 07700 900123, has been dumping rubbish.\n"
)


def _distribution(to: list[str]) -> list[str]:
    from councilguard.checker import Checker

    draft = {"text": _REPLY, "channel": "email", "account": "council", "recipients": {"to": to}}
    return [f.severity for f in Checker(PROTOCOL).check(draft).findings if f.rule == "email-distribution-personal-data"]


def test_a_quoted_reply_sent_back_to_its_own_writer_is_not_the_member_publishing_it():
    assert _distribution(["grace.okafor@example.org"]) == []
    assert _distribution(["Grace Okafor <Grace.Okafor@example.org>"]) == []


def test_the_same_quoted_reply_sent_to_anyone_else_still_counts():
    assert _distribution(["editor@romfordrecorder.co.uk"]) == ["warn"]
    assert _distribution(["grace.okafor@example.org", "editor@romfordrecorder.co.uk"]) == ["warn"]


def test_a_quoted_block_remembers_the_address_its_header_names():
    quoted = [r for r in split_regions(_REPLY, "email") if r.kind == "quoted"]
    assert quoted[-1].author == "grace.okafor@example.org"


def test_a_resident_s_message_passed_on_to_an_officer_is_a_forward_though_the_box_is_unticked():
    assert _distribution(["housing.solutions@havering.gov.uk"]) == ["warn"]


_FORWARD = (
    "Please see below.\n\n---------- Forwarded message ---------\nFrom: Yasir Ali <yasirali.s2@example.org>\n"
    "Subject: Eviction notice\n\nMy landlord has served notice. I'm at 14 Kent Road, S8 9RN, tel 0114 496 0372.\n"
)


def _passes_on(text: str, to: list[str], subject: str = "") -> bool:
    draft = Draft.from_dict({"text": text, "subject": subject, "channel": "email", "recipients": {"to": to}})
    return Analysis(draft, PROTOCOL).passes_on_a_message


def test_a_forward_s_header_or_subject_says_the_email_passes_a_message_on():
    assert _passes_on(_FORWARD, ["housing@havering.gov.uk"])
    assert _passes_on(_FORWARD, [])  # a forward's header needs no recipients to be read
    assert _passes_on("See the resident's note: no heating at no. 4.", ["housing@havering.gov.uk"], "Fwd: heating")
    assert _passes_on("See below.", ["housing@havering.gov.uk"], "RE: FW: heating")


def test_a_reply_to_the_writer_of_the_quoted_message_passes_nothing_on():
    assert not _passes_on(_REPLY, ["grace.okafor@example.org"])
    assert not _passes_on("Thanks, I will chase it.", ["housing@havering.gov.uk"], "Re: heating")


def test_a_quoted_block_in_angle_brackets_remembers_the_writer_its_first_line_names():
    text = "FYI, can you log it?\n\n> On 2 Feb 2024, at 17:30, Jean Airey <jean.airey@example.org> wrote:\n> The shelter is smashed.\n"
    quoted = [r for r in split_regions(text, "email") if r.kind == "quoted"]
    assert [r.author for r in quoted] == ["jean.airey@example.org"]
    assert _passes_on(text, ["highways@havering.gov.uk"])
    assert not _passes_on(text, ["jean.airey@example.org"])


def _quoted(text: str) -> list[str]:
    analysis = Analysis(Draft(text=text), load_protocol())
    return [text[a:b] for a, b in analysis.quotations]


def test_inline_quotations_are_found_in_every_kind_of_quote_mark():
    assert _quoted("He wrote 'go home' and \"get out\", then “leave” and ‘now’.") == [
        "'go home'", '"get out"', "“leave”", "‘now’",
    ]  # fmt: skip


def test_apostrophes_inside_words_neither_open_nor_close_a_quotation():
    assert _quoted("The cabinet's plan isn't ready and the Travellers' site opens in May.") == []
    assert _quoted("Someone posted 'they don't belong here' on my page.") == ["'they don't belong here'"]


def test_a_quotation_stays_within_one_line():
    assert _quoted("He said 'this\nand that' twice.") == []


def test_a_hit_is_quoted_only_when_every_span_lies_inside_a_quotation():
    text = "They called me 'a scumbag' and worse, the scumbag."
    analysis = Analysis(Draft(text=text), load_protocol())
    inner = text.index("scumbag")
    outer = text.rindex("scumbag")
    assert analysis.inside_quotation([(inner, inner + 7)])
    assert not analysis.inside_quotation([(inner, inner + 7), (outer, outer + 7)])
    assert not analysis.inside_quotation([])
