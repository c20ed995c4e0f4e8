"""The personal-data recognizers added for issue 10's kinds of miss, one by one, and the
linking and filter changes beside them (the rule's cases are in cases/personal-data.yaml)."""

# ruff: noqa: E501 (sentences are data here; they read best unbroken)

from __future__ import annotations

import pytest

from councilguard.checker import Checker
from councilguard.checker.pii import scan_text
from councilguard.checker.pii.entities import ADDRESS, PERSON, POSTCODE
from councilguard.checker.pii.filters import in_public_role
from councilguard.checker.pii.names import is_given_name_at_line_start
from councilguard.checker.pii.recognizers.lower_case_postcode import lower_case_postcode_recognizer
from councilguard.checker.pii.recognizers.name_beside_detail import NameBesideDetailRecognizer
from councilguard.checker.pii.recognizers.numbered_address import numbered_address_recognizer
from councilguard.checker.pii.recognizers.self_introduced_name import SelfIntroducedNameRecognizer


def spans(recognizer, entity: str, text: str) -> list[str]:
    return [text[r.start : r.end] for r in recognizer.analyze(text, [entity])]


@pytest.fixture(scope="module")
def pd_checker(protocol):
    return Checker(protocol, rules=["personal-data", "email-distribution-personal-data"])


def disclosed(checker, text: str) -> set[str]:
    found = set()
    for finding in checker.check({"text": text, "channel": "social", "platform": "facebook"}).findings:
        found |= {s.text for s in finding.spans}
    return found


# --- lower-case postcodes ------------------------------------------------------------------


@pytest.mark.parametrize("postcode", ["rm3 7qt", "Rm12 4ru", "e17 4pq", "sw1a 1aa", "nn3 6ab"])
def test_a_postcode_in_lower_or_mixed_case_is_a_postcode(postcode):
    assert spans(lower_case_postcode_recognizer(), POSTCODE, f"we're {postcode} and the bins are late") == [postcode]


@pytest.mark.parametrize(
    "text",
    [
        "RM3 7QT in capitals is the main recognizer's",  # not reported twice
        "bins in rm3 go out on Tuesdays",  # an outward code alone is an area
        "my code is rm37qt",  # no space: too much like a product code in lower case
    ],
)
def test_capitals_areas_and_run_together_codes_are_not_lower_case_postcodes(text):
    assert spans(lower_case_postcode_recognizer(), POSTCODE, text) == []


# --- homes without a street word ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Dr. Kwame Asante, 44 Hilldene, RM3 8XP, says the bus stop moved", "44 Hilldene"),
        ("hello its deano, 22 Straight, the tree came down", "22 Straight"),
        ("Dr Emeka, 56 Eastern: the ambulance could not get through", "56 Eastern"),
        ("she's at 36 the ridgeway and her cat is missing", "36 the ridgeway"),
        ("im at 4 hawthorn, come round", "4 hawthorn"),
        ("I'm at 253 Lancaster Rd and the bins are late", "253 Lancaster Rd"),
    ],
)
def test_a_number_set_off_by_commas_before_a_postcode_or_after_someones_at_is_a_home(text, address):
    assert spans(numbered_address_recognizer(), ADDRESS, text) == [address]


@pytest.mark.parametrize(
    "text",
    [
        "On Saturday, 12 March, we meet at the hall",
        "Thanks to Dave, 40 Residents and the Friends group",
        "I'm at 10 am tomorrow",
        "she's at 3 of the meetings this week",
        "they're at 5 o'clock",
    ],
)
def test_dates_counts_and_times_after_a_number_are_no_home(text):
    assert spans(numbered_address_recognizer(), ADDRESS, text) == []


# --- names -------------------------------------------------------------------------------


def test_a_name_someone_gives_after_a_greeting_is_a_name():
    recognizer = SelfIntroducedNameRecognizer()
    assert spans(recognizer, PERSON, "hi, maureen here, flat 4, 12 Rosewood") == ["maureen"]
    assert spans(recognizer, PERSON, "Hello Bogdan here, I'm in RM13 8SD") == ["Bogdan"]
    assert spans(recognizer, PERSON, "hi, nobody here knows") == []


def test_a_given_name_that_is_also_a_word_counts_only_first_on_its_line_before_a_detail():
    recognizer = NameBesideDetailRecognizer()
    assert spans(recognizer, PERSON, "jay 07700 900 101 - sold the raffle tickets") == ["jay"]
    assert spans(recognizer, PERSON, "notes:\n- bob at number 8 has a key") == ["bob"]
    assert spans(recognizer, PERSON, "I asked bob at number 8") == []
    assert is_given_name_at_line_start("  jay 07700", 2, "jay")
    assert not is_given_name_at_line_start("ask jay 07700", 4, "jay")
    assert not is_given_name_at_line_start("will 07700", 0, "will")  # a function word


def test_uk_short_forms_are_given_names_beside_a_detail():
    recognizer = NameBesideDetailRecognizer()
    assert spans(recognizer, PERSON, "gav 07700 900 851 has a van") == ["gav"]
    assert spans(recognizer, PERSON, "please contact Steph 07700 900 130") == ["Steph"]


def test_a_named_farm_or_vicarage_is_a_place_not_the_person_beside_the_address():
    text = "Lady Helena Straker at Hollins Farm, 7 Gubbins Lane complained about the lorries"
    people = [text[e.start : e.end] for e in scan_text(text).entities if e.type == PERSON]
    assert people == ["Lady Helena Straker"]


def test_a_ward_after_a_party_label_is_not_a_person():
    text = "Cllr Jane Doe (Lab, Squirrels Heath) at the Salvation Army Hall, 1 Hill Road, RM2 5UH."
    assert [e for e in scan_text(text).entities if e.type == PERSON] == []


# --- public roles and linking ------------------------------------------------------------------


def test_a_public_figures_home_or_personal_number_is_not_their_role():
    text = "Call Cllr Derek Fairbrass on his home number 01708 765 218."
    assert not in_public_role(text, 5, 25)
    text = "Call Cllr Derek Fairbrass on the members' line 01708 432 000."
    assert in_public_role(text, 5, 25)


def test_a_pronoun_takes_the_name_before_it(pd_checker):
    text = "Can anyone help Rev. Olusegun Adebayo? He's at no. 14 and his fence is down."
    assert {"no. 14"} < disclosed(pd_checker, text)
    assert any("Adebayo" in s for s in disclosed(pd_checker, text))


def test_my_neighbour_is_somebody_else_than_the_name_before(pd_checker):
    text = "Thanks to Joan Pike for the flowers. My neighbour at no. 14 says the fence is down."
    assert not any("Pike" in s for s in disclosed(pd_checker, text))


def test_every_mention_of_a_disclosed_name_is_reported_and_no_other_persons(pd_checker):
    text = "Yusuf asked me to pass this on. 'Yusuf here, 9 Ravenscourt Grove, the fence is down.'"
    result = pd_checker.check({"text": text, "channel": "social", "platform": "facebook"})
    starts = {s.start for f in result.findings for s in f.spans if s.text == "Yusuf"}
    assert starts == {0, 33}
    text = "Karen Smith ran the stall. Karen Lewis at 22 Oldchurch Gardens wants a call back."
    assert "Karen Smith" not in disclosed(pd_checker, text)
    assert "Karen Lewis" in disclosed(pd_checker, text)


# --- a name after the detail, or after a form's label ---------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("07700 900 318 - Sharon, wants a call about the verge", "Sharon"),
        ("Lost keys handed in. Owner: RM7 9PL, Connor", "Connor"),
        ("Name: Precious Nwosu\nAddress: 11 Gidea Close", "Precious Nwosu"),
        ("Resident - joe bloggs", "joe bloggs"),
    ],
)
def test_a_name_after_a_detail_or_a_label_is_a_name(text, name):
    from councilguard.checker.pii.recognizers.name_after_detail import NameAfterDetailRecognizer

    assert spans(NameAfterDetailRecognizer(), PERSON, text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "07700 900 318 - ring after 6pm",
        "Call 01708 434343, Monday to Friday",
        "RM1 3AB, Market Place",
        "Name: the same as last time",
    ],
)
def test_words_after_a_detail_that_name_nobody_stay_clear(text):
    from councilguard.checker.pii.recognizers.name_after_detail import NameAfterDetailRecognizer

    assert spans(NameAfterDetailRecognizer(), PERSON, text) == []


def test_a_doctor_or_minister_named_at_their_work_is_in_their_role():
    text = "Ask for Dr Ahmed at the Elm Park surgery, 01708 555 000, for flu jabs."
    assert in_public_role(text, 8, 17)
    text = "Rev Mark Dunn, vicar of St Edward's, invites everyone."
    assert in_public_role(text, 0, 13)
    text = "Mrs Ahmed at the Elm Park surgery told me her number is 07700 900 111."
    assert not in_public_role(text, 0, 9)


def test_a_capitalised_possessive_is_not_a_name(pd_checker):
    text = 'Constituent\'s message: "My postcode is RM12 4DD, the bus has not turned up all week"'
    assert not any(s.startswith("My") for s in disclosed(pd_checker, text))


def test_a_bare_first_name_greeted_is_not_the_disclosed_person_of_that_first_name(pd_checker):
    text = "Hi Amira, could someone visit Amira Sheikh at 12 Hill Crescent about the damp?"
    result = pd_checker.check({"text": text, "channel": "email", "recipients": {"to": ["housing@havering.gov.uk"]}})
    assert {s.start for f in result.findings for s in f.spans if "Amira" in s.text} == {30}


@pytest.mark.parametrize("word", ["Tues", "Jan", "MS", "Addr:", "Hajj", "Shabbat"])
def test_a_short_day_month_condition_or_label_alone_is_never_a_person(word):
    from councilguard.checker.pii.entities import PERSON, Entity
    from councilguard.checker.pii.filters import _Others, plausible_person

    text = f"Note {word} here"
    entity = Entity(PERSON, 5, 5 + len(word), 0.85, {})
    assert not plausible_person(entity, text, _Others([entity]))


def test_those_words_inside_a_full_name_leave_the_name_a_person():
    from councilguard.checker.pii.entities import PERSON, Entity
    from councilguard.checker.pii.filters import _Others, plausible_person

    text = "Note Jan Kowalski here"
    entity = Entity(PERSON, 5, 17, 0.85, {})
    assert plausible_person(entity, text, _Others([entity]))
