"""The context detector's named checks, one by one, on the draft's fields.

Each check is called through the detector (``context.detect``) exactly as a rule's
params would call it, so these tests also pin the option names rules rely on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from councilguard.checker import Draft
from councilguard.checker.detectors import context
from councilguard.checker.text import Analysis


def run_with(protocol, check: str, options: dict, **fields) -> list:
    """The hits of one check with the given options, on a draft built from ``fields``."""
    draft = Draft.from_dict({"text": fields.pop("text", "Hello."), **fields})
    return context.detect(Analysis(draft, protocol), {"check": check, **options})


def pack_options(protocol, check: str) -> dict:
    """The lists the shipped pack's rules give ``check`` (its data lives there, not in code)."""
    lists = context.CHECKS[check][2]

    def found(params):
        if isinstance(params, dict):
            if params.get("check") == check:
                yield {k: v for k, v in params.items() if k in lists}
            for value in params.values():
                yield from found(value)
        elif isinstance(params, list):
            for item in params:
                yield from found(item)

    return next((o for rule in protocol.rules.values() for o in found(rule.params)), {})


def run(protocol, check: str, **fields) -> list:
    """The hits of one check with the lists the shipped pack gives it."""
    return run_with(protocol, check, pack_options(protocol, check), **fields)


# --- the registry -------------------------------------------------------------------------


def test_the_lead_engineers_checks_keep_their_names():
    for name in (
        "risky_attachments", "image_sources", "during_meeting", "late_night", "writes_to_council",
        "sender_not_council", "bio_without_disclaimer", "over_platform_limit",
    ):  # fmt: skip
        assert name in context.CHECKS


def test_validation_names_an_unknown_check_and_an_unknown_option():
    assert context.validate({"check": "no_such_check"})[0].startswith("check must be one of")
    assert context.validate({"check": "imprint_present", "colour": "red"}) == ["unknown parameter 'colour'"]
    assert context.validate({"check": "council_account", "channels": ["social"]}) == []


def test_the_lists_a_check_reads_must_come_from_the_pack():
    assert context.validate({"check": "risky_attachments"}) == [
        "missing parameter 'document_extensions'",
        "missing parameter 'extensions'",
    ]
    assert context.validate({"check": "bio_without_disclaimer"}) == ["missing parameter 'disclaimer'"]


def test_validation_names_the_entry_of_a_pack_list_that_is_wrong():
    problems = context.validate({"check": "risky_attachments", "extensions": ["exe", ".JS"], "document_extensions": []})
    assert problems == [
        "extensions: '.JS' is not a file extension: write it in lower case without the dot ('exe', not '.EXE')",
        "document_extensions must be a non-empty list",
    ]
    problems = context.validate(
        {"check": "image_sources", "domains": ["https://www.alamy.com/"], "agency_credit": {"patterns": ["(getty"]}}
    )
    assert problems[0].startswith("domains: 'https://www.alamy.com/' is not a domain name")
    assert problems[1].startswith("agency_credit: patterns[0] '(getty' is not a valid regular expression")


def test_no_council_data_is_left_in_the_context_detector():
    source = Path(context.__file__).read_text(encoding="utf-8").lower()
    for council_data in ("romfordrecorder", "romford recorder", "shutterstock.com", '"docm"', "views my own"):
        assert council_data not in source


# --- image_sources --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "image",
    [
        {"source": "https://www.shutterstock.com/image-photo/sunset-123"},
        {"source": "https://media.gettyimages.com/id/1234/photo.jpg", "credit": "© Getty Images"},
        {"source": "upload:shutterstock_1234567.jpg"},
        {"source": "upload:GettyImages-98765.jpg"},
        {"source": "upload:photo.jpg", "credit": "Reuters"},
        {"source": "https://encrypted-tbn0.gstatic.com/images?q=tbn:abc"},
    ],
)
def test_image_sources_flags_stock_and_news_images_without_recorded_permission(protocol, image):
    hits = run(protocol, "image_sources", images=[image])
    assert len(hits) == 1
    assert hits[0].evidence["image_sources"]


@pytest.mark.parametrize(
    "image",
    [
        {"source": "upload:IMG_2231.jpg"},
        {
            "source": "https://www.shutterstock.com/image-photo/sunset-123",
            "credit": "Licensed from Shutterstock",
        },
        {
            "source": "https://www.romfordrecorder.co.uk/img/1.jpg",
            "credit": "Courtesy of the Romford Recorder",
        },
        {"source": "https://flickr.com/photos/havering/1", "credit": "CC BY 2.0"},
        {"source": "https://www.havering.gov.uk/images/park.jpg"},
    ],
)
def test_image_sources_accepts_own_licensed_or_unknown_sources(protocol, image):
    assert run(protocol, "image_sources", images=[image]) == []


def test_image_sources_reads_its_domains_from_the_rule(protocol):
    image = {"source": "https://www.localpicturedesk.co.uk/photo/1"}
    options = pack_options(protocol, "image_sources")
    assert "romfordrecorder.co.uk" in options["domains"]
    assert run(protocol, "image_sources", images=[image]) == []
    local = {**options, "domains": [*options["domains"], "localpicturedesk.co.uk"]}
    assert run_with(protocol, "image_sources", local, images=[image])
    only_local = {**options, "domains": ["localpicturedesk.co.uk"]}
    assert run_with(protocol, "image_sources", only_local, images=[{"source": "https://www.alamy.com/x.jpg"}]) == []


def test_image_sources_reads_the_agencies_a_credit_names_from_the_rule(protocol):
    image = {"source": "upload:photo.jpg", "credit": "Havering Daily News"}
    options = pack_options(protocol, "image_sources")
    assert run(protocol, "image_sources", images=[image]) == []
    local = {**options, "agency_credit": {"terms": ["havering daily news"]}}
    assert run_with(protocol, "image_sources", local, images=[image])


def test_image_sources_reports_the_sources_for_the_message(protocol):
    hits = run(protocol, "image_sources", images=[{"source": "https://www.alamy.com/x.jpg"}])
    assert hits[0].facts["sources"] == "alamy.com"


# --- bio checks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bio",
    [
        "Cllr for Gooshays",
        "Labour councillor, Harold Wood",
        "Cabinet Member for Housing",
        "Leader of the Conservative group on Havering Council",
        "Deputy Mayor of Havering",
        "Portfolio holder for the environment",
    ],
)
def test_bio_without_disclaimer_fires_on_councillor_bios_with_no_disclaimer(protocol, bio):
    assert run(protocol, "bio_without_disclaimer", bio=bio)


@pytest.mark.parametrize(
    "disclaimer",
    [
        "Views my own.",
        "All views are my own.",
        "Opinions are mine, not the Council's.",
        "Personal account.",
        "Tweets do not necessarily reflect the views of the Council.",
        "My own views.",
        "Posts don't represent Havering Council.",
        "Not an official council account.",
    ],
)
def test_bio_without_disclaimer_accepts_common_disclaimers(protocol, disclaimer):
    assert run(protocol, "bio_without_disclaimer", bio=f"Councillor for Upminster. {disclaimer}") == []


def test_bio_without_disclaimer_ignores_bios_that_do_not_say_councillor(protocol):
    assert run(protocol, "bio_without_disclaimer", bio="Grandad, gardener, Daggers fan") == []
    assert run(protocol, "bio_without_disclaimer") == []


def test_bio_without_disclaimer_takes_a_councils_own_form_of_words(protocol):
    options = {"disclaimer": {"terms": ["speaking personally"]}}
    assert run_with(protocol, "bio_without_disclaimer", options, bio="Cllr, Rainham. Speaking personally.") == []
    assert run_with(protocol, "bio_without_disclaimer", options, bio="Cllr, Rainham. Views my own.")


def test_bio_names_councillor_fires_whatever_the_disclaimer(protocol):
    assert run(protocol, "bio_names_councillor", bio="Cllr for Heaton. Views my own.")
    assert run(protocol, "bio_names_councillor", bio="Runner. Reader.") == []


# --- accounts ----------------------------------------------------------------------------------


def test_council_account_reads_the_account_or_a_council_sender(protocol):
    assert run(protocol, "council_account", channel="social", account="council")
    assert run(
        protocol,
        "council_account",
        channel="email",
        account="personal",
        sender="a.webb@havering.gov.uk",
    )
    assert run(protocol, "council_account", channel="email", account="personal", sender="a@hotmail.com") == []


def test_council_account_can_be_limited_to_one_channel(protocol):
    options = {"channels": ["social"]}
    assert run_with(protocol, "council_account", options, channel="email", account="council") == []
    assert run_with(protocol, "council_account", options, channel="social", account="council")


def test_writes_to_council_lists_the_council_recipients(protocol):
    hits = run(
        protocol,
        "writes_to_council",
        channel="email",
        recipients={"to": ["k.ahmed@gmail.com"], "cc": ["Highways@Havering.gov.uk"]},
    )
    assert hits[0].evidence["council_recipients"] == ["Highways@Havering.gov.uk"]
    assert run(protocol, "writes_to_council", channel="email", recipients={"to": ["k.ahmed@gmail.com"]}) == []


def test_sender_not_council_is_about_email_only(protocol):
    assert run(protocol, "sender_not_council", channel="email", account="personal", sender="a@hotmail.com")
    assert run(protocol, "sender_not_council", channel="email", account="council") == []
    assert run(protocol, "sender_not_council", channel="social", account="personal") == []


# --- imprints -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "imprint",
    [
        "Promoted by R. Hale on behalf of Anna Webb, 4 Station Road, Northvale NV1 1AA",
        "Promoted by Anna Webb, 4 Station Road, Romford",
        "Printed and promoted by J. Smith on behalf of Romford Labour, both at 85 Western Road, RM1 3LS",
        "Published by K. Patel for Havering Residents Association, PO Box 123, Hornchurch",
    ],
)
def test_imprint_present_recognises_a_complete_imprint(protocol, imprint):
    assert run(protocol, "imprint_present", text=f"Vote Anna Webb on 7 May!\n{imprint}")


def test_imprint_present_reads_the_bio(protocol):
    bio = "Romford Labour. Promoted by J. Smith, 85 Western Road, Romford RM1 3LS"
    assert run(protocol, "imprint_present", text="Vote Labour!", bio=bio)


@pytest.mark.parametrize(
    "text",
    [
        "Vote Anna Webb on 7 May!",
        "Vote Anna Webb on 7 May!\nPromoted by R. Hale on behalf of Anna Webb",
        "The scheme is being promoted by the council's regeneration team.",
    ],
)
def test_imprint_present_needs_a_promoter_and_an_address(protocol, text):
    assert run(protocol, "imprint_present", text=text) == []


def test_imprint_in_finds_the_start_of_the_imprint():
    text = "Vote Reform!\n\nPromoted by T. Jones, 1 High Street, Romford RM1 1AA"
    match = context.imprint_in(text)
    assert match is not None and text[match.start() :].startswith("Promoted by")


# --- the lead engineer's other checks still work ------------------------------------------------


def test_risky_attachments_still_catches_a_double_extension(protocol):
    hits = run(protocol, "risky_attachments", channel="email", attachments=[{"name": "minutes.pdf.exe"}])
    assert hits[0].facts["attachments"] == "minutes.pdf.exe"


def test_risky_attachments_reads_its_extensions_from_the_rule(protocol):
    options = pack_options(protocol, "risky_attachments")
    workbook = [{"name": "budget.xlsm"}]
    assert run(protocol, "risky_attachments", channel="email", attachments=workbook)
    trusted = {**options, "extensions": [e for e in options["extensions"] if e != "xlsm"]}
    assert run_with(protocol, "risky_attachments", trusted, channel="email", attachments=workbook) == []


def test_over_platform_limit_still_measures_tweets(protocol):
    assert run(protocol, "over_platform_limit", text="x" * 281, platform="twitter")
    assert run(protocol, "over_platform_limit", text="x" * 280, platform="twitter") == []
