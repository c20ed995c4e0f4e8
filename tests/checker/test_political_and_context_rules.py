"""The political and context rules on realistic drafts nobody wrote the rules from.

Each rule gets positives (drafts a Monitoring Officer would want flagged) and hard
negatives (everyday councillor posts and e-mails that share its words). Personas: Cllr
Anna Webb (Labour, West Ward) writes from her council address or her own accounts;
residents and officers receive. The rules' own examples are tested elsewhere
(test_rule_examples.py); these are extra.
"""

from __future__ import annotations

import pytest

COUNCIL = "cllr.anna.webb@havering.gov.uk"
HOTMAIL = "annawebb77@hotmail.com"


def council_email(text: str, to: str = "d.lee@gmail.com", **extra) -> dict:
    return {
        "text": text,
        "channel": "email",
        "account": "council",
        "sender": COUNCIL,
        "recipients": {"to": [to]},
        **extra,
    }


def personal_email(text: str, to: str = "priya.shah@havering.gov.uk", **extra) -> dict:
    return {
        "text": text,
        "channel": "email",
        "account": "personal",
        "sender": HOTMAIL,
        "recipients": {"to": [to]},
        **extra,
    }


def post(text: str, account: str = "personal", platform: str = "facebook", **extra) -> dict:
    return {"text": text, "channel": "social", "account": account, "platform": platform, **extra}


def severity_of(checker, draft: dict, rule: str) -> str | None:
    for finding in checker.check(draft).findings:
        if finding.rule == rule:
            return finding.severity
    return None


def raises(checker, draft: dict, rule: str) -> bool:
    """Raised at warn or block: what changes the verdict."""
    return severity_of(checker, draft, rule) in ("warn", "block")


# --- party-political-use ---------------------------------------------------------------

ELECTION_MATERIAL_FROM_COUNCIL = {
    "vote-labour": council_email("Polling day is Thursday. Vote Labour to protect our libraries!"),
    "tories-squeeze": council_email(
        "It's a two-horse race in Emerson Park: only we can stop the Tories.",
        to="emerson-park@googlegroups.com",
    ),
    "canvassing-call": council_email(
        "Can you help? We're door-knocking in Mawneys this weekend - meet at the Bell at 10am.",
        to="volunteers@romfordlabour.org.uk",
    ),
    "leafleting": council_email("Leafleting in Rainham tomorrow, I have 400 to get through!"),
    "membership": council_email("Join Havering Conservatives today - membership is just £25 a year."),
    "fundraising": council_email("Please donate to the Lib Dem campaign fund so we can print our Focus leaflets."),
    "raffle": council_email("Raffle tickets for the Reform UK branch dinner are now on sale."),
    "postal-votes": council_email(
        "Your postal vote should arrive this week - please use it for the Green Party candidates."
    ),
    "re-elect": council_email("Re-elect Cllr Anna Webb on 7 May!", to="westward-news@outlook.com"),
    "person-on-date": council_email("Please vote for Anna Webb on Thursday."),
    "imprint-footer": council_email(
        "A message from your local team.\nPromoted by R. Hale on behalf of Anna Webb, 4 Station Road, RM1 1AA"
    ),
    "council-blog": post(
        "Labour is delivering for Harold Hill, and we'll keep standing up for you.",
        account="council",
        platform="blog",
    ),
    "council-facebook-candidate": post("Meet our candidates for Gooshays: Anna, Tom and Priya.", account="council"),
    "residents-association": council_email(
        "Vote Residents' Association on 7 May to keep party politics out of Upminster."
    ),
    "personal-account-council-sender": {
        **personal_email("Vote Conservative on Thursday!", to="friends@gmail.com"),
        "sender": COUNCIL,
    },
}


@pytest.mark.parametrize("draft", ELECTION_MATERIAL_FROM_COUNCIL.values(), ids=ELECTION_MATERIAL_FROM_COUNCIL)
def test_it_blocks_election_material_from_a_council_account(checker, draft):
    assert severity_of(checker, draft, "party-political-use") == "block"


COUNCIL_BUSINESS_AND_NEWSLETTERS = {
    "ward-newsletter": council_email(
        "West Ward news: the Mill Street crossing is funded, the library's summer reading "
        "challenge starts on 12 July, and my next surgery is at St Mary's hall.",
        to="westward-residents@northvale-ra.org",
    ),
    "polling-station": council_email(
        "Your polling station is St John's Church Hall, open 7am to 10pm on Thursday. "
        "You can also vote by post: apply by 5pm on 16 April."
    ),
    "group-motion-reported": council_email(
        "The Labour group's motion was debated at Full Council and referred to Cabinet.",
        to="sarah.jones@havering.gov.uk",
    ),
    "group-vote-at-council": council_email(
        "The Conservatives will vote for the amendment; the Residents' group will abstain.",
        to="democratic.services@havering.gov.uk",
    ),
    "food-bank": council_email(
        "Please donate tins and toiletries to the Harold Hill food bank - volunteers collect on Fridays."
    ),
    "litter-pick": council_email("Join our Cranham litter pick on Saturday; the council provides bags and pickers."),
    "recycling-campaign": council_email(
        "The council's new recycling campaign launches on Monday with leaflets to every home."
    ),
    "annual-canvass": council_email(
        "Electoral Services will send canvass forms in July; the annual canvass keeps the register up to date."
    ),
    "labour-market": council_email("The jobs fair at the Liberty will help residents back into the labour market."),
    "cabinet-member-reply": council_email(
        "Thank you for your e-mail about the cycle lane. I have asked officers for a full report."
    ),
    "mayor-elect": council_email("The Mayor-elect will be installed at the Annual Council meeting."),
    "standing-down": council_email(
        "I'm not standing for re-election in May; it has been an honour to serve West Ward."
    ),
    "group-pre-meet": council_email(
        "Please join the Labour group pre-meet at 6pm in committee room 2.",
        to="cllr.tom.hale@havering.gov.uk",
    ),
}


@pytest.mark.parametrize("draft", COUNCIL_BUSINESS_AND_NEWSLETTERS.values(), ids=COUNCIL_BUSINESS_AND_NEWSLETTERS)
def test_it_lets_council_business_and_ward_newsletters_through_from_the_council_address(checker, draft):
    assert not raises(checker, draft, "party-political-use")


def test_it_never_raises_party_political_use_on_a_personal_account_campaign_tweet(checker):
    tweet = post(
        "Out canvassing in Harold Wood with a brilliant Labour team. Vote Labour on 7 May!",
        platform="twitter",
    )
    assert severity_of(checker, tweet, "party-political-use") is None


def test_it_never_raises_party_political_use_on_a_party_email_asking_for_donations(checker):
    mail = {
        **personal_email(
            "Our fighting fund needs £500 for the Gooshays leaflets - please donate!",
            to="members@romfordlabour.org.uk",
        ),
        "account": "party",
        "sender": "secretary@romfordlabour.org.uk",
    }
    assert severity_of(checker, mail, "party-political-use") is None


def test_a_campaign_slogan_quoted_in_a_residents_reply_is_not_the_councillors_own_words(checker):
    reply = council_email(
        "Thank you, I have passed your concern to the highways team.\n\n"
        "On 3 May 2026, Joe Bloggs wrote:\n> Vote Labour? Not after the state of our roads!"
    )
    assert not raises(checker, reply, "party-political-use")


def test_the_finding_cites_the_email_clause_and_points_to_a_party_address(checker):
    result = checker.check(ELECTION_MATERIAL_FROM_COUNCIL["vote-labour"])
    finding = next(f for f in result.findings if f.rule == "party-political-use")
    assert "ICT.email-address" in finding.clauses
    assert "party or personal address" in finding.suggestion
    assert any("vote labour" in s.text.lower() for s in finding.spans)
    assert result.verdict == "do-not-send"


# --- personal-account-council-business ----------------------------------------------------


PERSONAL_ACCOUNT_CASEWORK = {
    "to-officer": personal_email("Any news on the tree survey for Ashlyn Grove?"),
    "casework-to-resident": personal_email(
        "Dear Mr Ahmed, I've chased your planning application with the planning officer.",
        to="k.ahmed@gmail.com",
    ),
    "council-tax": personal_email(
        "I have asked the revenues team to review your council tax account and will come back to you.",
        to="m.patel@yahoo.co.uk",
    ),
    "party-address-to-officer": {
        **personal_email("Please can the fly-tipping in Bridge Close be cleared this week?"),
        "account": "party",
        "sender": "a.webb@haveringlabour.org.uk",
    },
    "to-democratic-services": personal_email(
        "Please send me the papers for Thursday's committee.",
        to="democratic.services@havering.gov.uk",
    ),
}


@pytest.mark.parametrize("draft", PERSONAL_ACCOUNT_CASEWORK.values(), ids=PERSONAL_ACCOUNT_CASEWORK)
def test_it_warns_about_council_business_from_a_personal_email_account(checker, draft):
    assert severity_of(checker, draft, "personal-account-council-business") == "warn"


NOT_COUNCIL_BUSINESS_FROM_PERSONAL = {
    "family": personal_email("See you at Mum's on Sunday - I'll bring the pudding.", to="sis@gmail.com"),
    "campaign-team": {
        **personal_email(
            "Leaflets for Squirrels Heath are in my garage; can you collect them Saturday?",
            to="team@romfordlabour.org.uk",
        ),
        "account": "party",
    },
    "police": personal_email(
        "Two police officers came round about the break-in at the allotment shed.",
        to="dave@gmail.com",
    ),
}


@pytest.mark.parametrize("draft", NOT_COUNCIL_BUSINESS_FROM_PERSONAL.values(), ids=NOT_COUNCIL_BUSINESS_FROM_PERSONAL)
def test_it_leaves_private_and_party_email_alone(checker, draft):
    assert severity_of(checker, draft, "personal-account-council-business") is None


def test_the_same_casework_from_the_council_address_is_right(checker):
    draft = council_email("Hi Priya, can the highways team look at Elm Road?", to="priya.shah@havering.gov.uk")
    assert severity_of(checker, draft, "personal-account-council-business") is None


def test_a_personal_account_with_a_council_sender_counts_as_the_council_address(checker):
    draft = {**personal_email("Can the highways team look at Elm Road?"), "sender": COUNCIL}
    assert severity_of(checker, draft, "personal-account-council-business") is None


def test_casework_words_in_a_social_post_are_for_other_rules(checker):
    draft = post("Reported three potholes on Hacton Lane to the highways team today.")
    assert severity_of(checker, draft, "personal-account-council-business") is None


# --- digital-imprint -----------------------------------------------------------------------

NEEDS_AN_IMPRINT = {
    "vote-lib-dem": post("Vote Lib Dem on Thursday to save the Cranham library.", platform="twitter"),
    "lend-vote": post("I'm asking for your vote on 7 May. Let's keep Upminster green.", platform="instagram"),
    "squeeze": post("Labour can't win here - only the Conservatives can beat Reform in Rainham."),
    "candidates": post("Meet your Green Party candidates for Squirrels Heath!"),
    "imprint-without-address": post(
        "Re-elect Anna Webb on 1 May!\nPromoted by R. Hale on behalf of Anna Webb",
        platform="twitter",
    ),
    "mass-email": {
        **personal_email(
            "Please vote for Anna Webb on Thursday: she has delivered for West Ward.",
            to="list@westwardvoters.org",
        ),
        "recipients": {"bcc": [f"voter{i}@example.com" for i in range(12)]},
    },
}


@pytest.mark.parametrize("draft", NEEDS_AN_IMPRINT.values(), ids=NEEDS_AN_IMPRINT)
def test_it_warns_when_online_election_material_has_no_imprint(checker, draft):
    assert severity_of(checker, draft, "digital-imprint") == "warn"


IMPRINT_NOT_NEEDED = {
    "imprint-in-post": post(
        "Vote Labour on 7 May!\nPromoted by J. Smith on behalf of Romford Labour, 85 Western Road, Romford RM1 3LS",
        platform="twitter",
    ),
    "imprint-in-bio": post(
        "Vote Labour on 7 May!",
        platform="twitter",
        bio=("Romford Labour councillor. Views my own. Promoted by J. Smith, 85 Western Road, Romford RM1 3LS"),
    ),
    "civic-reminder": post("Polls are open until 10pm. Whoever you support, please vote!", platform="twitter"),
    "register": post("Only two days left to register to vote in the May elections.", platform="twitter"),
    "group-report": post("The Labour group's motion on potholes was debated at Full Council tonight."),
    "small-team-email": {
        **personal_email("Vote Labour posters are in my garage.", to="team@romfordlabour.org.uk"),
        "account": "party",
    },
    "from-council-account": council_email("Vote Labour on Thursday!"),
}


@pytest.mark.parametrize("draft", IMPRINT_NOT_NEEDED.values(), ids=IMPRINT_NOT_NEEDED)
def test_it_does_not_ask_for_an_imprint_where_none_is_needed(checker, draft):
    assert severity_of(checker, draft, "digital-imprint") is None


def test_the_imprint_suggestion_gives_the_form_of_words(checker):
    finding = next(f for f in checker.check(NEEDS_AN_IMPRINT["vote-lib-dem"]).findings if f.rule == "digital-imprint")
    assert "Promoted by NAME on behalf of NAME, ADDRESS" in finding.suggestion


# --- pre-election-publicity ----------------------------------------------------------------


PURDAH_PUBLICITY = {
    "named-member": post(
        "Cllr Tom Hale cut the ribbon at the new Elm Park library.",
        account="council",
        pre_election=True,
    ),
    "party": post(
        "The Labour administration's new housing plan is out today.",
        account="council",
        pre_election=True,
    ),
    "controversial": post(
        "Find out why the council is introducing a low traffic neighbourhood in Gidea Park.",
        account="council",
        pre_election=True,
    ),
    "leader-quote": post(
        "The Leader of the Council said the budget protects frontline services.",
        account="council",
        platform="twitter",
        pre_election=True,
    ),
    "council-email-mailout": council_email(
        "Cllr Webb and Cllr Hale invite you to the opening of the Mill Street play area.",
        to="westward-residents@northvale-ra.org",
        pre_election=True,
    ),
}


@pytest.mark.parametrize("draft", PURDAH_PUBLICITY.values(), ids=PURDAH_PUBLICITY)
def test_it_warns_about_council_publicity_featuring_members_parties_or_contested_issues(checker, draft):
    assert severity_of(checker, draft, "pre-election-publicity") == "warn"


NOT_PURDAH_PUBLICITY = {
    "outside-period": post("Cllr Tom Hale cut the ribbon at the new library.", account="council", pre_election=False),
    "service-notice": post(
        "Bin collections move by one day over the bank holiday weekend.",
        account="council",
        pre_election=True,
    ),
    "polling-info": council_email(
        "Your polling station is St Mary's Church Hall. Bring photo ID; polls are open 7am to 10pm.",
        pre_election=True,
    ),
    "personal-campaigning": post("Cllr Webb for West Ward! Vote Labour.", pre_election=True),
    "internal-email": council_email(
        "Cllr Hale asked for the report on the library closure options.",
        to="sarah.jones@havering.gov.uk",
        pre_election=True,
    ),
    "councillor-surgery": post(
        "Councillor surgeries are paused until after the election.",
        account="council",
        pre_election=True,
    ),
}


@pytest.mark.parametrize("draft", NOT_PURDAH_PUBLICITY.values(), ids=NOT_PURDAH_PUBLICITY)
def test_it_leaves_factual_and_non_council_drafts_alone_in_the_pre_election_period(checker, draft):
    assert severity_of(checker, draft, "pre-election-publicity") is None


# --- official-capacity ----------------------------------------------------------------------


OFFICIAL = {
    "signed-cllr": council_email(
        "Dear Mr Lee,\nThe bins will be collected on Friday.\n\nKind regards,\nCllr Anna Webb"
    ),
    "council-matters": post("Chased the housing repairs team again about the damp on the Chippenham estate."),
    "councillor-bio": post(
        "What a match at Rush Green!", platform="twitter", bio="Cllr for Heaton ward. Views my own."
    ),
    "council-page": post("Road resurfacing on Ardleigh Green Road starts on Monday.", account="council"),
}


@pytest.mark.parametrize("draft", OFFICIAL.values(), ids=OFFICIAL)
def test_it_notes_official_capacity_as_information_only(checker, draft):
    assert severity_of(checker, draft, "official-capacity") == "info"


def test_official_capacity_never_changes_the_verdict(checker):
    result = checker.check(OFFICIAL["signed-cllr"])
    assert result.verdict == "ok"


@pytest.mark.parametrize(
    "text",
    [
        "Anyone know a good Indian restaurant in Hornchurch?",
        "Proud of my daughter's first half marathon today!",
        "Happy Diwali to everyone celebrating in Havering.",
    ],
)
def test_private_posts_are_not_official_capacity(checker, text):
    assert severity_of(checker, post(text, bio="Mum of two. Runner."), "official-capacity") is None


# --- bio-disclaimer -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bio",
    [
        "Councillor for Rainham & Wennington. Conservative.",
        "Leader of Havering Council. Husband, dad, Hammers fan.",
        "Labour councillor, Harold Wood ward",
        "Deputy Mayor of Havering",
        "Cabinet Member for Housing, LB Havering",
    ],
)
def test_it_advises_a_disclaimer_on_a_councillor_bio(checker, bio):
    assert severity_of(checker, post("Lovely day in the park.", bio=bio), "bio-disclaimer") == "advise"


@pytest.mark.parametrize(
    "bio",
    [
        "Councillor for Rainham & Wennington. Views my own.",
        "Cllr, Gooshays ward. All views are my own and not those of Havering Council.",
        "Leader of Havering Council. Personal account.",
        "Labour councillor. Tweets do not necessarily reflect the views of the Council.",
        "Councillor for Upminster - my own views, not the council's",
        "Retired teacher, Orient fan, grandad of four",
    ],
)
def test_it_accepts_a_bio_with_a_disclaimer_or_no_councillor_title(checker, bio):
    assert severity_of(checker, post("Lovely day in the park.", bio=bio), "bio-disclaimer") is None


# --- copyright-risk --------------------------------------------------------------------------


# Five sentences of a (fictional) local news story: the kind of extract that gets pasted
# into a Facebook post whole.
RECORDER_ARTICLE = (
    "Residents of Harold Hill have waited more than two years for the leisure centre to reopen, "
    "and the latest report to cabinet suggests another delay of at least six months. Costs have "
    "risen sharply since the contract was signed, and officers now warn that the final bill "
    "could be far higher than the figure approved in 2023. Swimming clubs have moved to "
    "Hornchurch and Brentwood, and parents say lessons are now out of reach for many families "
    "without a car. The council said it remained committed to the project and would publish a "
    "revised timetable in the summer."
)

COPYRIGHT_RISKS = {
    "getty-credit-on-upload": post(
        "Romford market in its heyday.",
        images=[{"source": "upload:romford.jpg", "credit": "Getty Images"}],
    ),
    "istock-file": post("Spring is here!", images=[{"source": "upload:istockphoto-1143453781-612x612.jpg"}]),
    "bbc-image": post(
        "Shocking flooding in Rainham.",
        images=[{"source": "https://ichef.bbci.co.uk/news/976/cpsprodpb/flood.jpg"}],
    ),
    "google-thumbnail": post(
        "Our beautiful borough",
        images=[{"source": "https://encrypted-tbn0.gstatic.com/images?q=tbn:ANd9"}],
    ),
    "rights-notice": post("Great piece on our high street. © 2024 Newsquest Media Group. All rights reserved."),
    "found-on-google": post("Found this on Google - Upminster windmill in the snow. Credit to the owner!"),
    "quoted-article": post(f'The Recorder says it all: "{RECORDER_ARTICLE}"'),
}


@pytest.mark.parametrize("draft", COPYRIGHT_RISKS.values(), ids=COPYRIGHT_RISKS)
def test_it_warns_about_other_peoples_pictures_and_writing(checker, draft):
    assert severity_of(checker, draft, "copyright-risk") == "warn"


NO_COPYRIGHT_RISK = {
    "own-upload": post("Spring flowers in Harrow Lodge Park.", images=[{"source": "upload:IMG_2231.HEIC"}]),
    "licensed": post(
        "Spring is here!",
        images=[{"source": "upload:istockphoto-1143453781-612x612.jpg", "credit": "Licensed via iStock"}],
    ),
    "permission": post(
        "Great shot of the lights switch-on.",
        images=[
            {
                "source": "https://www.romfordrecorder.co.uk/img/1.jpg",
                "credit": "with kind permission of the Romford Recorder",
            }
        ],
    ),
    "link-and-short-quote": post(
        'The Recorder calls the delay "deeply disappointing" - I agree. Full story: '
        "https://www.romfordrecorder.co.uk/news/123"
    ),
    "talking-about-copyright": post("Reminder to clubs: check copyright before using music in your videos."),
}


@pytest.mark.parametrize("draft", NO_COPYRIGHT_RISK.values(), ids=NO_COPYRIGHT_RISK)
def test_it_accepts_own_licensed_or_linked_material(checker, draft):
    assert severity_of(checker, draft, "copyright-risk") is None


def test_passing_an_article_to_an_officer_by_email_is_not_publishing_it(checker):
    draft = council_email(f'Have you seen this? "{RECORDER_ARTICLE}"', to="sarah.jones@havering.gov.uk")
    assert severity_of(checker, draft, "copyright-risk") is None


def test_a_mail_out_copying_an_article_to_many_residents_is_publishing_it(checker):
    draft = council_email(f'From this week\'s Recorder: "{RECORDER_ARTICLE}"')
    draft["recipients"] = {"bcc": [f"resident{i}@example.com" for i in range(25)]}
    assert severity_of(checker, draft, "copyright-risk") == "warn"


# --- personal-safety --------------------------------------------------------------------------


UNSAFE = {
    "house-empty": post("The house will be empty for the bank holiday weekend - off to the Lakes!"),
    "away-until": post("I'm on holiday until the 14th, so replies will be slow.", platform="twitter"),
    "home-address": post("My address is 22 Oak Gardens if anyone wants to drop off a food bank donation."),
    "live-street": post("We live on Briar Road and the speeding is terrible."),
    "right-now": post("I'm at the Brewery car park right now, come and say hi!", platform="twitter"),
    "children-school": post("Our twins go to Branfil Primary and love it."),
    "alone": post("Walking home alone from the station at midnight again."),
    "just-landed": post("Just landed in Malaga for a week in the sun!", platform="instagram"),
}


@pytest.mark.parametrize("draft", UNSAFE.values(), ids=UNSAFE)
def test_it_warns_when_a_post_leaves_the_author_or_family_vulnerable(checker, draft):
    assert severity_of(checker, draft, "personal-safety") == "warn"


SAFE = {
    "surgery-location": post("My surgery is at Harold Wood library, first Saturday of the month, 10am-12."),
    "surgery-future": post("I'll be at the community centre on Saturday for my surgery."),
    "full-council-now": post("I'm at the Town Hall right now for the budget committee.", platform="twitter"),
    "lives-in-area": post("I've lived in Elm Park all my life and I'm proud to represent it."),
    "back-from-holiday": post("Back from a lovely week away - catching up on casework."),
    "resident-house-fire": post("Thoughts with the family whose house on Oak Road caught fire last night."),
    "school-visit": post("Great to visit Branfil Primary today and meet the school council."),
    "conference": post("We are away at the LGA conference until Thursday; casework replies may be slow."),
    "out-of-office-email": council_email(
        "I am away until Monday 3 June. For urgent matters please contact Members' Services."
    ),
}


@pytest.mark.parametrize("draft", SAFE.values(), ids=SAFE)
def test_it_leaves_public_duties_and_ordinary_posts_alone(checker, draft):
    assert severity_of(checker, draft, "personal-safety") is None


# --- all together -------------------------------------------------------------------------------


MY_RULES = {
    "party-political-use",
    "personal-account-council-business",
    "digital-imprint",
    "pre-election-publicity",
    "copyright-risk",
    "personal-safety",
}


@pytest.mark.parametrize(
    "draft",
    [
        council_email(
            "The West Ward spring update: new bins on Mill Street, the swimming pool reopens "
            "on 3 April, and my surgery moves to the community centre.",
            to="westward-residents@northvale-ra.org",
        ),
        post("Great to see so many families at the West Ward fun day. Thank you to the park rangers and volunteers!"),
        council_email(
            "Thank you for contacting me, Mr Lee. I've asked the council's environmental health team to visit."
        ),
        post("Congratulations to Hornchurch FC on promotion - what a season!", platform="twitter"),
        post("The consultation on Romford's new market layout closes on Friday - have your say online."),
    ],
    ids=["ward-newsletter", "fun-day", "casework-reply", "football", "consultation"],
)
def test_everyday_councillor_drafts_raise_none_of_these_rules(checker, draft):
    raised = {f.rule for f in checker.check(draft).findings if f.severity in ("warn", "block")}
    assert raised & MY_RULES == set()


def test_a_vote_ask_without_for_is_still_election_material(checker):
    email = {
        "text": "Vote Patel on Thursday for a greener Hylands.",
        "channel": "email",
        "account": "council",
        "recipients": {"to": ["neighbours@example.org"]},
    }
    assert "party-political-use" in checker.check(email).rules()
    assert "digital-imprint" in checker.check({"text": "Vote Patel on Thursday for a greener Hylands."}).rules()


def test_voting_against_an_item_on_thursday_is_not_a_vote_ask(checker):
    email = {"text": "I will vote against the parking item on Thursday.", "channel": "email", "account": "council"}
    assert "party-political-use" not in checker.check(email).rules()


def test_a_long_article_pasted_with_its_source_named_is_a_copyright_risk(checker):
    article = "The council's budget gap has widened again this year. " * 10
    post = {"text": f"Full story from the Recorder, pasted here so you can read it without a subscription: {article}"}
    assert "copyright-risk" in checker.check(post).rules()
