"""The personal_data detector, its two rules, the UK recognizers and redaction."""

# ruff: noqa: E501 (sentences and report prose are data here; they read best unbroken)

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys

import pytest

from councilguard.checker import Checker
from councilguard.checker.pii import scan_text
from councilguard.checker.pii.checksums import nhs_check_digit, nhs_is_valid, nino_is_valid
from councilguard.checker.redact import redact

SENDER = "cllr.anna.webb@havering.gov.uk"


@pytest.fixture(scope="module")
def pd_checker(protocol):
    return Checker(protocol, rules=["personal-data", "email-distribution-personal-data"])


def found(text: str) -> dict[str, list[str]]:
    by_type: dict[str, list[str]] = {}
    for entity in scan_text(text, full=True).entities:
        by_type.setdefault(entity.type, []).append(text[entity.start : entity.end])
    return by_type


def rules_raised(checker, draft) -> dict[str, str]:
    return {f.rule: f.severity for f in checker.check(draft).findings}


# --- UK formats and checksums --------------------------------------------------------------


@pytest.mark.parametrize("nino", ["AB123456C", "AB 12 34 56 C", "AB 123456 C", "ab123456c", "JT-75-81-62-B"])
def test_it_accepts_national_insurance_numbers_in_every_layout(nino):
    assert found(f"Her NI number is {nino}.").get("UK_NINO") == [nino]


@pytest.mark.parametrize("nino", ["QQ123456C", "GB123456A", "DA123456A", "AO123456B", "AB123456E"])
def test_it_rejects_national_insurance_prefixes_hmrc_never_issues(nino):
    assert not nino_is_valid(nino)
    assert "UK_NINO" not in found(f"NI number {nino}")


def test_nhs_numbers_need_a_valid_modulus_11_check_digit():
    assert nhs_is_valid("943 476 5919")
    assert not nhs_is_valid("943 476 5918")
    assert nhs_check_digit("943476591") == 9
    assert found("NHS number 943 476 5919").get("UK_NHS") == ["943 476 5919"]
    assert "UK_NHS" not in found("NHS number 943 476 5918")


@pytest.mark.parametrize(
    "phone",
    [
        "07911 123456",
        "07700 900123",
        "+44 7700 900123",
        "+44 (0)20 7946 0123",
        "01632 960123",
        "(01632) 960123",
        "0161-496-0182",
        "020 7946 0958",
    ],
)
def test_it_finds_uk_phone_numbers_including_ofcom_drama_ranges(phone):
    assert found(f"Call her on {phone} tomorrow.").get("PHONE_NUMBER") == [phone]


def test_it_does_not_read_us_identifiers_on_uk_text():
    kinds = found("Her SSN is 078-05-1120 and the order number is 4111 1111 1111 1111.")
    assert not {"US_SSN", "CREDIT_CARD", "PHONE_NUMBER"} & set(kinds)


def test_it_finds_addresses_postcodes_dates_of_birth_emails_and_case_references():
    text = (
        "Mrs Joan Pike of Flat 3, 22 Canal Side, NV4 2PD (born 12/03/1951, joan.pike@gmail.com) "
        "is case ref HSG/2024/01234."
    )
    kinds = found(text)
    assert kinds["ADDRESS"] == ["Flat 3, 22 Canal Side"]
    assert kinds["UK_POSTCODE"] == ["NV4 2PD"]
    assert kinds["DATE_OF_BIRTH"] == ["12/03/1951"]
    assert kinds["EMAIL_ADDRESS"] == ["joan.pike@gmail.com"]
    assert kinds["CASE_REFERENCE"] == ["HSG/2024/01234"]
    assert "Mrs Joan Pike" in kinds["PERSON"]


def test_streets_are_not_read_as_people():
    kinds = found("Hill Rise and Canal Side residents met Priya at 8 Hill Rise.")
    assert all("Rise" not in name and "Side" not in name for name in kinds.get("PERSON", []))


# --- the personal-data rule -------------------------------------------------------------------


def test_it_blocks_a_residents_name_address_and_phone_number_on_facebook(pd_checker):
    text = (
        "Spent the morning with Mr Graham Oduya at Flat 3, 22 Canal Side, NV4 2PD - mould everywhere. "
        "His number is 07911 123456 if anyone from housing reads this."
    )
    result = pd_checker.check({"text": text, "channel": "social", "platform": "facebook"})
    finding = next(f for f in result.findings if f.rule == "personal-data")
    assert finding.severity == "block"
    assert finding.message.startswith("This names a private individual with their")
    assert {"PERSON", "ADDRESS", "PHONE_NUMBER", "UK_POSTCODE"} <= set(finding.evidence["entities"])
    assert {s.text for s in finding.spans} >= {
        "Mr Graham Oduya",
        "Flat 3, 22 Canal Side",
        "07911 123456",
    }
    for span in finding.spans:  # spans index the original text
        assert text[span.start : span.end] == span.text


def test_spans_map_to_the_original_text_after_unicode_and_emoji(pd_checker):
    text = "🏠 Café visit: Mrs Zoë Brennan at 14 Brook Close — her mobile is 07700 900412."
    finding = next(f for f in pd_checker.check({"text": text}).findings if f.rule == "personal-data")
    assert "07700 900412" in {s.text for s in finding.spans}
    assert all(text[s.start : s.end] == s.text for s in finding.spans)


def test_it_blocks_special_category_data_about_a_named_resident(pd_checker):
    raised = rules_raised(
        pd_checker,
        {"text": "Kevin Marsh of Elm Park has been arrested for dealing from his flat, I'm told."},
    )
    assert raised.get("personal-data") == "block"


def test_it_blocks_an_nhs_number_even_without_a_name(pd_checker):
    raised = rules_raised(
        pd_checker,
        {"text": "Still waiting on the wheelchair for NHS number 943 476 5919. Disgraceful."},
    )
    assert raised.get("personal-data") == "block"


@pytest.mark.parametrize(
    "text",
    [
        "The Leader of the Council, Cllr Ray Morgon, opened the new play area on Mill Street today.",
        "Jon Cruddas MP joined us at 12 Station Road for the surgery; call the office on 01708 434343.",
        "Fly-tipping outside 14 Mill Street again - reported to StreetCare.",
        "Residents in the NV4 area should expect roadworks next week.",
        "Thank you to Joan Pike and the Hill Rise residents for a great litter pick!",
        "The dementia cafe at Harrow Lodge Park is back every Tuesday.",
        "Missed bin? Email streetcare@havering.gov.uk or call 01708 434343.",
        "Re-elect Anna Webb on 1 May.\nPromoted by R. Hale on behalf of Anna Webb, 4 Station Road, Northvale NV1 1AA",
    ],
)
def test_it_does_not_flag_public_figures_public_places_or_imprints(pd_checker, text):
    assert rules_raised(pd_checker, {"text": text, "platform": "facebook"}) == {}


def test_mailing_list_and_role_mailboxes_are_not_a_persons_details():
    footer = (
        "Peter Hale wrote to the list. To unsubscribe, e-mail rpm-list-request@freshrpms.net; "
        "the list owner is owner-ilug@linux.ie and listmaster@linux.ie; sales@example.com for orders."
    )
    assert "EMAIL_ADDRESS" not in found(footer)
    assert found("Peter Hale, peter.hale@example.com, wrote to the list.")["EMAIL_ADDRESS"] == [
        "peter.hale@example.com"
    ]


def test_the_authors_own_signature_is_not_a_leak(pd_checker):
    text = "I have asked the parking team to look at enforcement.\n\nKind regards,\nCllr Anna Webb\n8 Hill Rise\n07700 900123"
    draft = {
        "text": text,
        "channel": "email",
        "sender": SENDER,
        "recipients": {"to": ["parking@havering.gov.uk"]},
    }
    assert rules_raised(pd_checker, draft) == {}


def test_a_reply_to_the_resident_about_their_own_details_is_only_advice(pd_checker):
    draft = {
        "text": "Dear Mr Hughes, StreetCare will clear the rubbish outside 17 Brook Close and ring you on 07700 900881.",
        "channel": "email",
        "sender": SENDER,
        "recipients": {"to": ["t.hughes@gmail.com"]},
    }
    assert rules_raised(pd_checker, draft) == {"personal-data": "advise"}


def test_the_thank_you_to_mr_lee_raises_nothing(pd_checker):
    draft = {
        "text": "Thank you for contacting me, Mr Lee. I've asked the council's environmental health team to visit your street this week.",
        "channel": "email",
        "sender": SENDER,
        "recipients": {"to": ["d.lee@gmail.com"]},
    }
    assert rules_raised(pd_checker, draft) == {}


# --- the e-mail distribution rule ---------------------------------------------------------------

COMPLAINT = (
    "She is Mrs Joan Pike, 8 Hill Rise, NV2 3RT, tel 01632 960123, and says her carer has not visited for a week."
)


def test_it_warns_when_a_residents_details_are_forwarded_by_reply_all(pd_checker):
    draft = {
        "text": COMPLAINT,
        "channel": "email",
        "reply_all": True,
        "forwarded": True,
        "sender": SENDER,
        "recipients": {
            "to": ["all-councillors@havering.gov.uk"],
            "cc": ["westward-residents@northvale-ra.org"],
        },
    }
    raised = rules_raised(pd_checker, draft)
    assert raised["email-distribution-personal-data"] == "warn"
    assert raised["personal-data"] == "advise"


def test_it_warns_when_personal_data_goes_to_ten_council_recipients(pd_checker):
    many = [f"member{i}@havering.gov.uk" for i in range(10)]
    draft = {"text": COMPLAINT, "channel": "email", "sender": SENDER, "recipients": {"to": many}}
    assert rules_raised(pd_checker, draft)["email-distribution-personal-data"] == "warn"


def test_it_reads_the_quoted_message_being_forwarded(pd_checker):
    text = "See below.\n\n---------- Forwarded message ----------\nFrom: Joan\n\n" + COMPLAINT
    draft = {
        "text": text,
        "channel": "email",
        "forwarded": True,
        "sender": SENDER,
        "recipients": {"to": ["friend@gmail.com"]},
    }
    assert "email-distribution-personal-data" in rules_raised(pd_checker, draft)


def test_sending_a_residents_details_to_the_officer_who_acts_is_fine(pd_checker):
    draft = {
        "text": COMPLAINT,
        "channel": "email",
        "sender": SENDER,
        "recipients": {"to": ["housing@havering.gov.uk"]},
    }
    assert rules_raised(pd_checker, draft) == {"personal-data": "advise"}


# --- redaction, long drafts, offline ---------------------------------------------------------------


def test_redaction_replaces_each_personal_detail_with_a_placeholder(pd_checker):
    text = "Mr Graham Oduya at 22 Canal Side, NV4 2PD. His number is 07911 123456."
    clean = redact(text, pd_checker.check({"text": text}))
    assert clean == "[name] at [home address], [postcode]. His number is [phone number]."


def test_redaction_accepts_plain_spans_and_rejects_spans_outside_the_text():
    assert redact("Call 07911 123456 today", [(5, 17, "PHONE_NUMBER")]) == "Call [phone number] today"
    with pytest.raises(ValueError, match="outside the text"):
        redact("short", [(0, 50)])


def test_a_long_draft_is_checked_and_its_offsets_hold(pd_checker):
    filler = "The committee discussed the budget and the library opening hours at length. " * 2500
    text = filler + "My neighbour Mrs Joan Pike at 8 Hill Rise has dementia."
    assert len(text) > 190_000
    finding = next(f for f in pd_checker.check({"text": text}).findings if f.rule == "personal-data")
    assert {s.text for s in finding.spans} >= {"Mrs Joan Pike", "8 Hill Rise", "has dementia"}


def test_nothing_reaches_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    from councilguard.checker.pii import analyzer, offline

    monkeypatch.setattr(analyzer, "_analyzer", None)
    monkeypatch.setattr(offline, "_extractor", None)
    kinds = found("Write to joan.pike@gmail.com or j.pike@council.example.co.uk about flat 3.")
    assert kinds["EMAIL_ADDRESS"] == ["joan.pike@gmail.com", "j.pike@council.example.co.uk"]


def test_presidios_own_recognizers_never_fetch_the_public_suffix_list_either():
    # In a fresh process, as the first import: pii/scan.py imported Presidio (and with it
    # tldextract's module-level extractor, with its download URLs) before offline.py ran,
    # so Presidio's stock e-mail recognizer, as the evaluation's anchor runs it, went to
    # the network.
    code = (
        "from councilguard.checker.pii import scan; import tldextract.tldextract as t; "
        "print(repr(t.TLD_EXTRACTOR.suffix_list_urls))"
    )
    env = {k: v for k, v in os.environ.items() if k != "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "()"


def test_a_phone_number_in_brackets_is_marked_without_the_opening_bracket(checker):
    result = checker.check({"text": "Mrs Jane Smith of 14 Oak Road (07911 123456) says the bins are late."})
    spans = [s.text for f in result.findings for s in f.spans]
    assert "07911 123456" in spans
    assert "(07911 123456" not in spans


def test_names_are_looked_for_only_around_details_in_the_scope_a_rule_reads():
    from councilguard.checker import Draft, load_protocol
    from councilguard.checker.pii import scan_analysis
    from councilguard.checker.text import Analysis

    text = (
        "Thanks, I will chase the highways team today.\n\n"
        "On 3 May 2026, Joe Bloggs wrote:\n> Ring Mary Jones on 07911 123456 about the pothole.\n"
    )
    analysis = Analysis(Draft.from_dict({"text": text, "channel": "email"}), load_protocol())
    own = scan_analysis(analysis, "own")
    assert own.ner_windows == []  # the only detail is in the quoted reply
    sent = scan_analysis(analysis, "sent")
    assert sent.ner_windows and any(text[e.start : e.end] == "Mary Jones" for e in sent.entities)
    # Each scope is scanned once per draft.
    assert scan_analysis(analysis, "own") is own and scan_analysis(analysis, "sent") is sent


def test_a_scan_of_a_wider_scope_serves_a_narrower_one():
    from councilguard.checker import Draft, load_protocol
    from councilguard.checker.pii import scan_analysis
    from councilguard.checker.text import Analysis

    analysis = Analysis(
        Draft.from_dict({"text": "Ring Mary Jones on 07911 123456.", "channel": "email"}), load_protocol()
    )
    wide = scan_analysis(analysis, "all")
    assert scan_analysis(analysis, "own") is wide


@pytest.mark.parametrize(
    "text, number",
    [
        ("My daughter in Spain is on +34 612 345 678.", "+34 612 345 678"),
        ("Please call me at 905-674-3793 tomorrow.", "905-674-3793"),
        ("Name: Toshimi Arata Phone: 0490 75 40 81", "0490 75 40 81"),
        ("Desk: +41 (0)96 471 07 95", "+41 (0)96 471 07 95"),
    ],
)
def test_it_finds_phone_numbers_from_abroad_with_a_country_code_or_a_label(text, number):
    found = [text[e.start : e.end] for e in scan_text(text, full=True).entities if e.type == "PHONE_NUMBER"]
    assert found == [number]


@pytest.mark.parametrize(
    "text",
    ["The meeting is on 2024-05-01 at the town hall.", "Ring 999 in an emergency.", "Call me on 12 March."],
)
def test_dates_and_emergency_numbers_are_not_phone_numbers(text):
    assert not [e for e in scan_text(text, full=True).entities if e.type == "PHONE_NUMBER"]


def test_case_insensitive_patterns_run_lower_cased_and_find_exactly_what_they_did():
    from councilguard.checker.pii.analyzer import get_analyzer
    from councilguard.checker.pii.regex_recognizer import RegexRecognizer

    text = (
        "Her SON IS a Convicted burglar. MY NEIGHBOUR, Born on 3 March 1961, Has Dementia; "
        "The Polish Family next door go to the Mosque. İstanbul trip with HIS GIRLFRIEND."
    )
    rules = [r for rec in get_analyzer().registry.recognizers if isinstance(rec, RegexRecognizer) for r in rec.rules]
    lowered = [r for r in rules if r.lowered is not None]
    assert {r.name for r in lowered} >= {"health", "ethnicity", "religion", "sexuality", "criminal", "dob"}
    matched = 0
    for rule in lowered:
        for subject in (text, text.replace("İ", "I")):  # "İ" lower-cases to two characters
            expected = [m.span(rule.group) for m in rule.pattern.finditer(subject)]
            matched += len(expected)
            recognizer = RegexRecognizer("X", [rule])
            assert [(r.start, r.end) for r in recognizer.analyze(subject, [])] == expected, rule.name
    assert matched >= 10  # the sentence gives every family of pattern something to find


def test_email_addresses_are_found_at_their_places_in_a_long_text():
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    from councilguard.checker.pii.contact_details import email_recognizer

    text = (
        "Dear all,\n\nPlease write to jo.bloggs@example.co.uk or (j-smith+council@mail.example.org), "
        "not to me@localhost or to the @councilhq handle. " * 3 + "Ends: last@example.com"
    )
    ours = [(r.start, r.end) for r in email_recognizer().analyze(text, ["EMAIL_ADDRESS"])]
    stock = EmailRecognizer()
    stock.validate_result = email_recognizer().validate_result  # the same offline domain check
    assert ours == [(r.start, r.end) for r in stock.analyze(text, ["EMAIL_ADDRESS"])]
    assert [text[a:b] for a, b in ours][:2] == ["jo.bloggs@example.co.uk", "j-smith+council@mail.example.org"]
    assert text[ours[-1][0] : ours[-1][1]] == "last@example.com"
    assert email_recognizer().analyze("No address here, only words.", ["EMAIL_ADDRESS"]) == []


def test_names_come_straight_from_spacy_as_presidio_would_report_them():
    from councilguard.checker.pii.analyzer import LANGUAGE, get_analyzer
    from councilguard.checker.pii.entities import PERSON

    analyzer = get_analyzer()
    texts = [
        "Mrs Joan Archer of 14 Elm Road called about her son Peter; Dr Patel has her notes.",
        "The Leader, Cllr Ray Morgon, met Sarah Jones and the Environment Agency.",
        "No names at all in this one, only the budget.",
    ]
    ours = [[(a, b, score) for a, b, score in names] for _, names in analyzer.nlp_engine.people(texts)]
    presidio = [
        [
            (r.start, r.end, r.score)
            for r in analyzer.analyze(
                text,
                language=LANGUAGE,
                entities=[PERSON],
                nlp_artifacts=analyzer.nlp_engine.process_text(text, LANGUAGE),
            )
        ]
        for text in texts
    ]
    assert [sorted(x) for x in ours] == [sorted(x) for x in presidio]
    assert len(ours[0]) >= 2 and ours[2] == []


def test_scanning_texts_together_finds_what_scanning_each_alone_finds():
    from councilguard.checker.pii.scan import scan_many

    texts = [
        "Mr Graham Oduya of 22 Canal Side, NV4 2PD rang me on 07911 123456.",
        "Lovely turnout at the litter pick this morning.",
        "Email Sarah Jones at sarah.jones@example.com about her son's autism assessment.",
        "",
    ]
    alone = [scan_text(t, within=None) for t in texts]
    together = scan_many([(t, None, None) for t in texts])
    assert [s.entities for s in together] == [s.entities for s in alone]
    assert [s.ner_windows for s in together] == [s.ner_windows for s in alone]
    assert any(e.type == "PERSON" for e in together[0].entities)


# --- names in every shape, homes without a street word, quoted residents (issue 10) -----


def disclosed(checker, text: str, **draft) -> set[str]:
    """The personal data the personal-data rules report in ``text``."""
    found = set()
    for finding in checker.check({"text": text, "channel": "social", "platform": "facebook", **draft}).findings:
        found |= {s.text for s in finding.spans}
    return found


@pytest.mark.parametrize(
    ("text", "name", "detail"),
    [
        ("Anyone free to help Dave, RM3 7QT? His fence came down.", "Dave", "RM3 7QT"),
        ("jo smith 07700 900418 wants a call back re the bins", "jo smith", "07700 900418"),
        ("just spoke to mrs okoro again, she's at 14 Gooshays Dr, no heating", "mrs okoro", "14 Gooshays Dr"),
        ("Rev Oyelaran lives at 2 Church Cottages, happy for us to use the hall", "Rev Oyelaran", "2 Church Cottages"),
        (
            "Dame Joan Hill of 3 Manor Road wants to know why her road was not gritted.",
            "Dame Joan Hill",
            "3 Manor Road",
        ),
        (
            "Lord Ashby, the gentleman at 2 Warley Road, says the noise goes on past midnight.",
            "Lord Ashby",
            "2 Warley Road",
        ),
        ("D. Whitlock 07700 900 590 has a spare room for a family", "D. Whitlock", "07700 900 590"),
        (
            "Zbigniew Wójcik's at 88 Petersfield Ave - the ceiling has come down",
            "Zbigniew Wójcik",
            "88 Petersfield Ave",
        ),
        ("josé núñez RM7 8DA - you asked me to post your photos", "josé núñez", "RM7 8DA"),
        ("Marek at flat 7 says someone is dumping mattresses by block B", "Marek", "flat 7"),
    ],
)
def test_a_name_in_any_common_shape_beside_a_detail_is_personal_data(pd_checker, text, name, detail):
    assert {name, detail} <= disclosed(pd_checker, text)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Sheila - 253 Lancaster - says the drain is blocked", "253 Lancaster"),
        ("Can someone drop a parcel to Bernie, flat 4, 12 Parkside please", "flat 4, 12 Parkside"),
        ("Spoke to Mr Adebayo at no. 37 about the repair", "no. 37"),
        ("With Nanny Rose at 14 oak road, she's lived on the estate 60 years", "14 oak road"),
    ],
)
def test_a_home_written_without_a_street_word_or_in_lower_case_is_an_address(pd_checker, text, address):
    assert address in disclosed(pd_checker, text)


def test_a_postcode_after_a_home_without_a_street_word_stays_the_postcodes(pd_checker):
    text = "Dame Joan Hill, 97, still out gardening at 3 The Paddocks NR27 9PL, what an inspiration"
    assert {"3 The Paddocks", "NR27 9PL"} <= disclosed(pd_checker, text)


def test_a_residents_message_quoted_in_a_post_discloses_their_details(pd_checker):
    text = "Resident's message: 'I live at 7 Brook Street CM14 5LR and the lorries shake the house all night.'"
    assert {"7 Brook Street", "CM14 5LR"} <= disclosed(pd_checker, text)
    text = 'A resident wrote to me: "My name is Lorraine Fitch, I\'m at 253 Lancaster and it floods."'
    assert {"Lorraine Fitch", "253 Lancaster"} <= disclosed(pd_checker, text)


def test_the_person_a_reply_is_addressed_to_owns_the_details_in_it(pd_checker):
    text = "Hi Deborah, I'll ask StreetCare to look at the bins outside your house at 5 Rosewood Ave"
    assert {"Deborah", "5 Rosewood Ave"} <= disclosed(pd_checker, text)


def test_a_councillors_home_address_is_not_their_public_role(pd_checker):
    text = "Cllr Graham Williamson lives at 14 Hubbards Close, please stop sharing it."
    assert "14 Hubbards Close" in disclosed(pd_checker, text)


@pytest.mark.parametrize(
    "text",
    [
        "My surgery: every 2nd Saturday, Hornchurch Library, 44 North Street, RM11 1TB, 10-12",
        "Meeting: Thursday 7pm, St Andrew's Church Hall, 2 St Andrew's Road, RM12 4XY",
        "The bus garage on North Street, Hornchurch, RM11 1QX is recruiting drivers",
        "Residents in RM3 9PD will get a letter about the resurfacing works next week",
        "The pavement outside 14-20 Station Road is lifting. A resident tripped there last week.",
        "Dame Andrea Jenkyns MP spoke at the conference; I disagree with her on almost everything",
        "Havering Town Hall, Main Road, Romford RM1 3BD - open 9am-5pm, call 01708 434343",
        "Thank you Dave, Priya and Sheila for helping at the coffee morning",
        "Flooding on St Mary's Lane again. Reported to Thames Water, ref 10094511.",
        "Brentwood Road will be closed between number 1 and number 60 from Monday",
    ],
)
def test_venues_towns_public_figures_and_rows_of_houses_stay_clear(pd_checker, text):
    assert disclosed(pd_checker, text) == set()


def test_presidio_does_not_log_a_skipped_context_note_for_every_match(caplog):
    # The pattern pass gives Presidio no spaCy tokens on purpose; Presidio said so at INFO
    # for each match, 300 lines a scan. Its other messages still reach the log.
    text = "NHS number 943 476 5919, born 01/02/1960, jane@example.org, phone +33 1 23 45 67 89."
    with caplog.at_level(logging.INFO, logger="presidio-analyzer"):
        entities = scan_text(text, full=True).entities
        logging.getLogger("presidio-analyzer").info("a note Presidio still logs")
    assert entities
    messages = [r.getMessage() for r in caplog.records if r.name == "presidio-analyzer"]
    assert "a note Presidio still logs" in messages
    assert not [m for m in messages if m.startswith("Skipping context extraction")]


def test_a_disclosed_persons_given_name_written_again_alone_is_the_same_person(checker):
    text = "The young man who helped after the crash was Kieran Doyle from no. 3 Ash Road. Kieran, you're a hero."
    spans = [s.text for f in checker.check({"text": text}).findings if f.rule == "personal-data" for s in f.spans]
    assert spans.count("Kieran") == 1 and "Kieran Doyle" in spans


def test_a_given_name_shared_by_another_person_in_the_message_is_not_taken_for_the_first(checker):
    text = (
        "Kieran Doyle of 3 Ash Road, RM3 7QT rang about the hedge. Kieran Walsh from the residents' group also called."
    )
    spans = [s.text for f in checker.check({"text": text}).findings if f.rule == "personal-data" for s in f.spans]
    assert "Kieran Doyle" in spans and "Kieran" not in spans and "Kieran Walsh" not in spans


def test_a_letter_greeting_a_resident_by_name_makes_their_details_said_to_them_theirs(checker):
    text = (
        "Dear Mrs Penrose,\n\nThank you for coming to my surgery. I have chased the repairs team, "
        "and your reference is now RPR-2025-44871. They will call before Friday.\n\nKind regards,\nCllr Ann Lowe"
    )
    result = checker.check({"text": text, "channel": "email", "recipients": {"to": ["j.penrose@gmail.com"]}})
    spans = {s.text for f in result.findings if f.rule == "personal-data" for s in f.spans}
    assert {"Mrs Penrose", "RPR-2025-44871"} <= spans


def test_a_letter_greeting_a_service_has_no_addressee_to_link_to(checker):
    text = "Dear Environmental Health,\n\nYour reference for the noise complaint is NC-2025-18830, please chase."
    result = checker.check({"text": text, "channel": "email", "recipients": {"to": ["eh@havering.gov.uk"]}})
    assert [f.rule for f in result.findings if f.rule == "personal-data"] == []
