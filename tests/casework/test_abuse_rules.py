from councilguard.casework import abuse
from councilguard.checker import default_checker


def _classify(text: str, **kwargs) -> abuse.Classification:
    checker = default_checker()
    findings = [f.to_dict() for f in checker.check({"text": text, "channel": "social", "platform": "twitter"}).findings]
    return abuse.classify(text, findings, checker.protocol.lexicons, **kwargs)


def test_a_threat_to_kill_is_a_threat_of_violence_citing_the_clause():
    result = _classify("I will kill you if you vote for the incinerator.")
    assert result.threat
    assert any("SM.dont.4" in reason for reason in result.reasons)


def test_racist_abuse_is_hate():
    assert abuse.HATE in _classify("Go back where you came from, you paki.").categories


def test_a_demand_for_nudes_is_sexual():
    assert abuse.SEXUAL in _classify("Send me nudes, councillor.").categories


def test_a_message_giving_the_councillors_address_or_family_is_classed_so():
    assert abuse.ADDRESS_OR_FAMILY in _classify("You live at 14 Rosewood Avenue, don't you.").categories
    assert abuse.ADDRESS_OR_FAMILY in _classify("Your kids go to Hacton Primary school, I have seen them.").categories


def test_a_civil_message_falls_in_no_category():
    assert _classify("Thank you for getting the pothole on Mill Street fixed.").categories == ()


def test_two_reports_from_one_sender_are_a_course_of_conduct_and_so_harassment():
    assert not abuse.course_of_conduct(1) and abuse.course_of_conduct(2)
    assert abuse.HARASSMENT in _classify("Thank you.", course_of_conduct=True).categories


def test_one_sender_is_recognised_however_the_handle_is_typed():
    assert abuse.sender_key("twitter", "@TrollFace99") == abuse.sender_key("twitter", " trollface99 ")
    assert abuse.sender_key("twitter", "@a") != abuse.sender_key("facebook", "@a")
    assert abuse.sender_key("facebook", "Jo  Bloggs") == abuse.sender_key("facebook", "jo bloggs")


def test_a_handle_copying_the_councillors_own_is_impersonation():
    assert abuse.looks_like_impersonation("@CllrPriyaPate1", ["@CllrPriyaPatel"], "Priya Patel")
    assert abuse.looks_like_impersonation("@RealCllrPatel", [], "Priya Patel")
    assert not abuse.looks_like_impersonation("@TrollFace99", ["@CllrPriyaPatel"], "Priya Patel")
    assert abuse.IMPERSONATION in _classify("Vote for me", impersonation=True).categories


def test_every_platform_has_a_reporting_route_and_an_unknown_one_gets_the_general_advice():
    assert abuse.reporting_route("twitter")["url"].startswith("https://")
    assert abuse.reporting_route("snapchat") == abuse.REPORTING_ROUTES["other"]
