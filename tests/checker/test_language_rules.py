"""The language rules on realistic drafts a councillor might write, beyond the rules' own
examples: ward work, planning, licensing, budgets, officers, cabinet, contractors and
residents. Each test names what the checker should do; the hard negatives (disagreeing
with a policy, "I'm minded to support", a resident's complaint passed on politely,
"you can speak to me in confidence", "drinks reception", "killer app") are as much the
point as the positives."""

# The drafts are whole sentences, quoted as a councillor would write them: splitting
# them to fit the line length would make the tests harder to read.
# ruff: noqa: E501

from __future__ import annotations

import pytest

from councilguard.checker import Checker, load_protocol

LANGUAGE_RULES = [
    "offensive-content",
    "personal-attack",
    "defamation-risk",
    "predetermination",
    "confidential-information",
    "council-view-misrepresented",
    "personal-financial-interest",
    "tone",
    "posting-in-haste",
    "indecent-or-illegal",
    "account-sharing",
]


@pytest.fixture(scope="module")
def checker():
    return Checker(load_protocol())


def _draft(text_or_draft: str | dict) -> dict:
    draft = {"text": text_or_draft} if isinstance(text_or_draft, str) else dict(text_or_draft)
    draft.setdefault("channel", "social")
    return draft


def severity_of(checker: Checker, rule: str, text_or_draft: str | dict) -> str | None:
    """The severity the rule is raised at for this draft, or None when it is not raised."""
    result = checker.check(_draft(text_or_draft))
    return next((f.severity for f in result.findings if f.rule == rule), None)


def assert_raises(checker: Checker, rule: str, drafts: list, at: str | None = None) -> None:
    missed = []
    for draft in drafts:
        severity = severity_of(checker, rule, draft)
        if severity is None or (at is not None and severity != at):
            missed.append((draft, severity))
    assert missed == [], f"{rule} should be raised{' at ' + at if at else ''} on: {missed}"


def assert_quiet(checker: Checker, rule: str, drafts: list) -> None:
    raised = [draft for draft in drafts if severity_of(checker, rule, draft) is not None]
    assert raised == [], f"{rule} should not be raised on: {raised}"


def test_every_language_rule_is_in_the_pack_with_a_why_a_suggestion_and_configure_notes():
    pack = load_protocol()
    for rule_id in LANGUAGE_RULES:
        rule = pack.rule(rule_id)
        assert rule.why and rule.suggestion and rule.configure, rule_id
        assert len(rule.examples_bad) >= 3 and len(rule.examples_good) >= 3, rule_id


def test_the_language_rules_cite_and_grade_as_the_rule_catalogue_says():
    pack = load_protocol()
    expected = {
        "offensive-content": (["ICT.unacceptable.2", "SM.dont.4", "SM.dont.7"], "block"),
        "personal-attack": (["ICT.unacceptable.3", "SM.dont.4"], "warn"),
        "defamation-risk": (["SM.libel", "ICT.unacceptable.8"], "warn"),
        "predetermination": (["SM.predetermination"], "warn"),
        "confidential-information": (["SM.dont.5", "SM.do.6"], "block"),
        "council-view-misrepresented": (["SM.dont.6"], "warn"),
        "personal-financial-interest": (["SM.dont.9"], "warn"),
        "tone": (["SM.tone"], "advise"),
        "posting-in-haste": (["SM.dont.1"], "advise"),
        "indecent-or-illegal": (["ICT.unacceptable.1", "SM.dont.7"], "block"),
        "account-sharing": (["ICT.unacceptable.6"], "warn"),
    }
    for rule_id, (cites, severity) in expected.items():
        rule = pack.rule(rule_id)
        assert (rule.cites, rule.severity) == (cites, severity), rule_id


# --- offensive-content ------------------------------------------------------------------


def test_it_blocks_obscenities_however_they_are_disguised(checker):
    assert_raises(
        checker,
        "offensive-content",
        [
            "What a f***ing joke the cabinet has made of the budget.",
            "That c*nt of a leader has done it again.",
            "The cabinet are a bunch of sh!tes.",
            "Tories are fûcking useless.",
            "The leader is a tw@t.",
            "Absolute bullsh1t from the administration tonight.",
            "What a bunch of wankers.",
        ],
        at="block",
    )


def test_it_blocks_threats_and_intimidation(checker):
    assert_raises(
        checker,
        "offensive-content",
        [
            "I know where you live, Cllr Hale.",
            "Someone should burn his house down.",
            "Vote against the library again and you'll regret it.",
            "The officer who refused my request deserves a slap.",
            "Fly-tippers should be strung up.",
        ],
        at="block",
    )


def test_it_blocks_demeaning_generalisations_about_protected_groups(checker):
    assert_raises(
        checker,
        "offensive-content",
        [
            "Romanians are all thieves.",
            "Eastern Europeans are taking our jobs.",
            "Muslims are a cancer on this country.",
            "The travellers on Harrow Lodge Park are dirty thieves.",
            "Women are too emotional to chair committees.",
            "The disabled are a drain on the council's budget.",
            "Asylum seekers should go back to where they came from.",
        ],
        at="block",
    )


def test_it_does_not_block_welcoming_or_factual_posts_about_communities(checker):
    assert_quiet(
        checker,
        "offensive-content",
        [
            "Our Polish community has made a huge contribution to Romford.",
            "Muslims in Havering have raised £5,000 for the food bank.",
            "The Pakistani community centre hosted a brilliant Eid celebration.",
            "Happy Pride to all our LGBT residents!",
            "Gypsies and travellers have rights too; the new site consultation opens today.",
            "Let's make sure disabled people aren't a forgotten group in the budget.",
            "Refugees fleeing the invasion of Ukraine were welcomed at the town hall today.",
            "It is a myth that immigrants are a drain on the NHS.",
        ],
    )


def test_it_does_not_block_a_member_condemning_hate_or_reporting_a_threat(checker):
    assert_quiet(
        checker,
        "offensive-content",
        [
            "Disgusted to see 'go back where you came from' sprayed on the mosque; I have reported it to the police.",
            "I received a threatening message saying 'I know where you live' and have reported it to the police.",
        ],
    )


def test_it_does_not_block_everyday_words_that_contain_or_resemble_offensive_ones(checker):
    assert_quiet(
        checker,
        "offensive-content",
        [
            "The new Love Havering app is a killer app for reporting fly-tipping.",
            "Lovely drinks reception at the town hall for our volunteers.",
            "Scunthorpe United fans are welcome at the Arsenal match screening in Romford.",
            "There is a chink of light for the Hornchurch library campaign.",
            "Fag ends are the most common litter on South Street.",
            "Watch yourself on the icy pavements this morning.",
            "The lib dems deserve a good kicking at the ballot box.",
            "Miss the West Ward fun day and you'll regret it!",
            "The portfolio holder for housing is a spineless coward who hides behind his officers.",
        ],
    )


# --- personal-attack --------------------------------------------------------------------


def test_it_warns_about_insults_aimed_at_members_officers_the_council_or_contractors(checker):
    assert_raises(
        checker,
        "personal-attack",
        [
            "Cllr Smith is a disgrace and should resign.",
            "The leader is a total idiot.",
            "Biffa are useless.",
            "The bin men are lazy.",
            "Officers at the council are bone idle.",
            "Cllr Patel voted to close the youth centre. She is a hypocrite.",
            "You lot in the cabinet are clueless.",
            "This incompetent administration has let Harold Hill down again.",
        ],
        at="warn",
    )


def test_it_does_not_treat_disagreeing_with_a_decision_as_a_personal_attack(checker):
    assert_quiet(
        checker,
        "personal-attack",
        [
            "I disagree with the new parking policy and will be asking for it to be reviewed.",
            "The cabinet's decision to close the day centre was the wrong one and I will ask for it to be called in.",
            "The council's refusal to grit Mill Lane was a poor decision.",
            "The portfolio holder's policy is a disaster for West Ward.",
            "We need to hold the administration to account for the overspend.",
            "The leader should resign over the housing scandal.",
            "Thames Water have failed residents again - this is the third burst main this month.",
        ],
    )


def test_it_does_not_treat_praise_or_a_residents_complaint_passed_on_politely_as_an_attack(checker):
    assert_quiet(
        checker,
        "personal-attack",
        [
            "The chair of the licensing committee opened the new community hub.",
            "Hats off to the chair of planning for a fair meeting.",
            "Our officers have worked incredibly hard through the storm.",
            "A resident wrote to me to say the council's handling of her repair was useless; I have raised it with the housing team.",
            "I've met the planning officer and he was very helpful.",
            "Thank you to the idiot who dumped a mattress on Elm Road - we have your number plate.",
        ],
    )


# --- defamation-risk --------------------------------------------------------------------


def test_it_warns_about_allegations_of_wrongdoing_stated_as_fact(checker):
    assert_raises(
        checker,
        "defamation-risk",
        [
            "The cabinet member is lying to residents about the budget.",
            "Cllr Jones lied to full council about the consultation.",
            "The owner of the Crown has been running an illegal HMO upstairs.",
            "The landlord is a crook.",
            "The developer, Acme Homes Ltd, has been dumping waste illegally on the site.",
            "Word is the deputy leader got a brown envelope from the developer.",
            "Cllr Ahmed only got elected because of postal vote fraud.",
            "The planning officer has clearly been paid off by the developer.",
            "Mr Davies, the owner of Davies Motors, sells stolen cars.",
        ],
        at="warn",
    )


def test_a_rumour_is_still_an_allegation_but_a_question_or_reported_proceedings_are_not(checker):
    assert_raises(checker, "defamation-risk", ["I'm told the licensing officer is on the take."])
    assert_quiet(
        checker,
        "defamation-risk",
        [
            "Has the contractor been paid twice for the same job?",
            "The former mayor has been charged with fraud and will appear in court next month.",
            "Police are investigating allegations that money went missing from the allotment society.",
            "If true, the landlord's behaviour would be a matter for the police.",
            "Beware of scam callers claiming to be from the council tax team.",
            "The police are investigating a break-in at the community centre.",
            "I'm told the developer will submit a new application in the spring.",
        ],
    )


# --- predetermination -------------------------------------------------------------------


def test_it_blocks_a_closed_mind_from_a_member_of_the_deciding_committee(checker):
    planning = {"committees": ["Planning Committee"]}
    licensing = {"committees": ["Licensing Committee"]}
    assert_raises(
        checker,
        "predetermination",
        [
            {
                **planning,
                "text": "I will be voting to refuse the application for the Tesco Express on Station Lane.",
            },
            {
                **planning,
                "text": "There's no way the Aldi application gets through committee while I'm on it.",
            },
            {
                **planning,
                "text": "The leisure centre development will be approved next week, mark my words.",
            },
            {
                **licensing,
                "text": "The Bull's late licence will be thrown out at the hearing on Tuesday.",
            },
        ],
        at="block",
    )


def test_it_only_warns_when_the_author_does_not_sit_on_the_deciding_committee(checker):
    text = "The Bull's late licence will be thrown out at the hearing on Tuesday."
    assert severity_of(checker, "predetermination", {"text": text, "committees": ["Planning Committee"]}) == "warn"
    assert severity_of(checker, "predetermination", {"text": text}) == "warn"


def test_predisposition_and_policy_votes_are_not_predetermination(checker):
    planning = {"committees": ["Planning Committee"]}
    assert_quiet(
        checker,
        "predetermination",
        [
            {
                **planning,
                "text": "I'm minded to support the application for the new GP surgery but will listen to residents at committee.",
            },
            {
                **planning,
                "text": "I have serious concerns about the height of the proposed tower on Station Road.",
            },
            {
                **planning,
                "text": "My view is that the application should be refused, but I will keep an open mind until the hearing.",
            },
            {
                **planning,
                "text": "Delighted the planning committee approved the new school last night.",
            },
            {
                **planning,
                "text": "I will be voting against the budget on Wednesday because of the cuts to youth services.",
            },
            {
                **planning,
                "text": "Please come to the Planning Committee on Thursday to have your say.",
            },
        ],
    )


# --- confidential-information -----------------------------------------------------------


def test_it_blocks_disclosure_of_closed_session_part_2_and_legal_advice(checker):
    assert_raises(
        checker,
        "confidential-information",
        [
            "Confidential: please do not share. The council is about to sell the old town hall.",
            "The leaked report shows three libraries will close next year.",
            "What I heard in the closed session would shock you: the overspend is £4m.",
            "The part 2 papers say the preferred bidder is Webb Developments.",
            "Officers told us in confidence that the depot will be sold.",
            "The council's lawyers advised us that we would lose the case, so we're settling.",
            "Cabinet was told privately that the council is on the brink of a section 114 notice.",
        ],
        at="block",
    )


def test_confidential_used_innocently_is_not_a_disclosure(checker):
    assert_quiet(
        checker,
        "confidential-information",
        [
            "You can speak to me in confidence at my surgery on Saturday.",
            "Everything you tell me at my surgery is treated in confidence.",
            "Closed session discussions are an important part of local democracy.",
            "The meeting then went into closed session to discuss the depot contract.",
            "Free legal advice for tenants is available at the Citizens Advice drop-in on Tuesdays.",
            "Legal advice is available for tenants facing eviction from Shelter.",
            "Why was the library report taken in Part 2 report form at all?",
            "Never share your password, even with family.",
        ],
    )


def test_it_does_not_block_asking_officers_for_confidential_papers_inside_the_council(checker):
    draft = {
        "text": "Could you send me the exempt appendix for Thursday's cabinet?",
        "channel": "email",
        "account": "council",
        "recipients": {"to": ["democratic.services@havering.gov.uk"]},
    }
    assert severity_of(checker, "confidential-information", draft) is None


# --- council-view-misrepresented --------------------------------------------------------


def test_it_warns_when_a_personal_view_is_presented_as_the_councils(checker):
    assert_raises(
        checker,
        "council-view-misrepresented",
        [
            "Havering Council's official position is to oppose the expansion.",
            "The council has scrapped the garden waste charge - official.",
            "I'm speaking on behalf of the council when I say we will not fund the festival again.",
            "As Havering's spokesperson on transport I can confirm the council will oppose the bus cuts.",
        ],
        at="warn",
    )


def test_marking_a_view_as_ones_own_or_thanking_on_the_councils_behalf_is_fine(checker):
    assert_quiet(
        checker,
        "council-view-misrepresented",
        [
            "I'm speaking for myself, not the council.",
            "That is my personal view, not the council's position.",
            "On behalf of the council, thank you to the volunteers who cleared the brook.",
            "The council has agreed the budget; the decision is on the website.",
            "I've been told the opposition spokesperson on housing will visit the estate.",
        ],
    )


def test_the_leader_and_cabinet_may_state_the_councils_position(checker):
    text = "The council's position is that the ULEZ expansion should be scrapped."
    assert severity_of(checker, "council-view-misrepresented", text) == "warn"
    # A pack loaded afresh is the test's own to configure: give it an executive role.
    pack = load_protocol()
    pack.executive_roles = [*pack.executive_roles, "Cabinet Member for Environment"]
    with_roles = Checker(pack)
    draft = {"text": text, "roles": ["Cabinet Member for Environment"]}
    assert severity_of(with_roles, "council-view-misrepresented", draft) is None
    assert (
        severity_of(with_roles, "council-view-misrepresented", {"text": text, "roles": ["Ward councillor"]}) == "warn"
    )


# --- personal-financial-interest --------------------------------------------------------


def test_it_warns_when_a_member_promotes_their_own_or_their_familys_business(checker):
    assert_raises(
        checker,
        "personal-financial-interest",
        [
            "Visit my shop on Station Road for the best coffee in Romford!",
            "My wife's salon is offering 15% off for Gidea Park residents this week.",
            "Need a builder? Call Hale & Sons and tell them Cllr Hale sent you.",
            "Get 10% off at Hale Hardware this weekend - owned by yours truly!",
        ],
        at="warn",
    )


def test_my_business_in_ordinary_casework_is_not_promotion(checker):
    assert_quiet(
        checker,
        "personal-financial-interest",
        [
            "A resident told me her business is struggling with the roadworks; I have raised it with highways.",
            "Before I was elected I ran my own business, so I know how hard the high street is.",
            "Shop local this Christmas: Romford market has stalls every Wednesday, Friday and Saturday.",
            "My business today: three surgeries, a planning site visit and a residents' meeting.",
        ],
    )


# --- tone and posting-in-haste ----------------------------------------------------------


def test_it_advises_on_sarcasm_shouting_and_heated_rhetoric(checker):
    assert_raises(
        checker,
        "tone",
        [
            "Oh great, another consultation nobody will read. What could possibly go wrong?",
            "WHEN WILL THE COUNCIL FIX THESE ROADS",
            "Potholes everywhere!!! Nobody cares!!!",
            "The bin collections this week have been a shambles.",
        ],
        at="advise",
    )


def test_tone_leaves_plain_polite_and_enthusiastic_posts_alone(checker):
    assert_quiet(
        checker,
        "tone",
        [
            "Great to see so many families at the West Ward fun day!",
            "The NHS and TfL have agreed to meet residents about the A127 junction.",
            "A resident described the underpass as a disgrace, and I have asked officers to clean it.",
            "Lovely drinks reception at the town hall for our volunteers.",
        ],
    )


def test_it_advises_against_posting_late_at_night_or_after_a_drink(checker):
    assert_raises(
        checker,
        "posting-in-haste",
        [
            {
                "text": "Great turnout at the ward surgery this morning.",
                "sent_at": "2026-03-11T00:40:00+00:00",
            },
            "Just back from the pub and I have some things to say about the Local Plan.",
            "Can't sleep, so here are my thoughts on the cabinet's housing strategy.",
            "Sorry for the rant, but I'm livid about the bus cuts.",
        ],
        at="advise",
    )


def test_drink_in_a_civic_or_campaign_sense_is_not_impairment(checker):
    assert_quiet(
        checker,
        "posting-in-haste",
        [
            {
                "text": "Lovely drinks reception at the town hall for our volunteers.",
                "sent_at": "2026-03-10T19:30:00+00:00",
            },
            "Drink-aware campaign launches in Romford pubs this weekend.",
            "Tired of potholes on your street? Report them on the council website.",
        ],
    )


# --- indecent-or-illegal ----------------------------------------------------------------


def test_it_blocks_indecent_material_and_offers_of_illegal_goods(checker):
    assert_raises(
        checker,
        "indecent-or-illegal",
        [
            "Anyone want cheap cigarettes? No questions asked, dm me.",
            "Check out these pr0n clips, link below.",
            {
                "text": "See attached - nudes from the party.",
                "channel": "email",
                "account": "council",
            },
        ],
        at="block",
    )


def test_enforcement_and_council_services_are_not_illegal_material(checker):
    assert_quiet(
        checker,
        "indecent-or-illegal",
        [
            "Police raided a cannabis factory on Elm Road; please report drug dealing to Crimestoppers.",
            "Council weed killing contractors are in Upminster this week.",
            "Free download of the ward newsletter here.",
            "Trading Standards seized counterfeit vapes from a shop on South Street.",
        ],
    )


# --- account-sharing --------------------------------------------------------------------


def test_it_warns_when_someone_else_writes_from_the_members_council_account(checker):
    assert_raises(
        checker,
        "account-sharing",
        [
            {
                "text": "Hi all, I'm Anna's husband using her login to let you know she is unwell.",
                "channel": "email",
                "account": "council",
                "recipients": {"to": ["democratic.services@havering.gov.uk"]},
            },
            {
                "text": "This is Jim in Cllr Webb's office - she asked me to chase the streetlight on Ash Grove.",
                "channel": "email",
                "account": "council",
                "sender": "cllr.anna.webb@havering.gov.uk",
            },
            {
                "text": "This is Anna's daughter - Mum is in hospital so I'm replying to her emails for her.",
                "channel": "email",
                "account": "council",
            },
        ],
        at="warn",
    )


def test_a_member_writing_for_a_resident_or_about_themselves_is_not_account_sharing(checker):
    assert_quiet(
        checker,
        "account-sharing",
        [
            {
                "text": "I'm sorry I can't make the meeting, I am unwell.",
                "channel": "email",
                "account": "council",
                "recipients": {"to": ["democratic.services@havering.gov.uk"]},
            },
            {
                "text": "Mr Lee asked me to write on his behalf about the fence at the rec.",
                "channel": "email",
                "account": "council",
            },
        ],
    )


# --- the clean contract examples stay clean ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The West Ward spring update: new bins on Mill Street, the swimming pool reopens on 3 April, and my surgery moves to the community centre.",
        "Great to see so many families at the West Ward fun day. Thank you to the park rangers and volunteers!",
        "The application for the old library site goes to committee next month. I'd encourage residents to comment on the planning portal so their views are considered.",
        "Thank you for contacting me, Mr Lee. I've asked the council's environmental health team to visit your street this week.",
    ],
)
def test_everyday_ward_posts_raise_no_language_rule_at_warn_or_block(checker, text):
    result = checker.check({"text": text, "channel": "social", "committees": ["Planning Committee"]})
    raised = [f.rule for f in result.findings if f.rule in LANGUAGE_RULES and f.severity in ("warn", "block")]
    assert raised == []


def test_a_cabinet_member_may_state_the_councils_position_but_a_backbencher_may_not(checker):
    post = {
        "text": "Speaking on behalf of Havering Council, I can confirm the council will scrap the parking charges at Upminster Park."
    }
    assert "council-view-misrepresented" in checker.check(post).rules()
    assert (
        "council-view-misrepresented"
        not in checker.check({**post, "roles": ["Cabinet Member for Environment"]}).rules()
    )


def test_deciding_regardless_of_the_officers_advice_is_a_closed_mind(checker):
    post = {
        "text": "I'll be voting this down at the planning committee next week, no matter what the officers say.",
        "committees": ["Planning Committee"],
    }
    assert "predetermination" in checker.check(post).rules()


def test_reporting_the_officers_recommendation_is_not_a_stance(checker):
    post = {
        "text": "Officers recommend refusal of the Station Road planning application, which goes to committee on Tuesday.",
        "committees": ["Planning Committee"],
    }
    assert "predetermination" not in checker.check(post).rules()


def test_someone_writing_as_the_members_relative_from_the_council_account_is_account_sharing(checker):
    draft = {
        "text": "Hi, this is Mark, Sue's husband. I'm answering from her council email while she is in hospital.",
        "channel": "email",
        "account": "council",
    }
    assert "account-sharing" in checker.check(draft).rules()


def test_an_allegation_about_whoever_runs_a_business_is_a_defamation_risk(checker):
    post = {"text": "The landlord of the Red Lion is running a cannabis farm upstairs."}
    assert "defamation-risk" in checker.check(post).rules()


def test_a_prejudiced_generalisation_only_the_model_recognises_warns_but_never_blocks(checker):
    result = checker.check({"text": "Muslims are all terrorist sympathisers."})
    finding = next(f for f in result.findings if f.rule == "offensive-content")
    assert finding.severity == "warn"
    assert finding.evidence["model_scores"]["offensive"] >= 0.5


def test_a_word_list_hit_beside_a_high_model_score_still_blocks(checker):
    result = checker.check({"text": "Muslims are all terrorist sympathisers and sh1t."})
    assert next(f.severity for f in result.findings if f.rule == "offensive-content") == "block"


def test_a_closed_mind_split_over_two_sentences_is_still_predetermination(checker):
    post = {
        "text": "The Station Road planning application is a non-starter. I'll be voting against it at committee next week.",
        "committees": ["Planning Committee"],
    }
    assert "predetermination" in checker.check(post).rules()


def test_wishing_violence_in_an_idiom_is_offensive(checker):
    assert "offensive-content" in checker.check({"text": "Whoever designed this junction deserves shooting."}).rules()


def test_misogynistic_abuse_is_offensive_but_a_cow_in_a_field_is_not(checker):
    assert "offensive-content" in checker.check({"text": "She's a stupid cow and should resign."}).rules()
    assert "offensive-content" not in checker.check({"text": "Cows are back grazing on Rainham Marshes."}).rules()
