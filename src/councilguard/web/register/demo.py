"""Demo data: the seed's Governance Committee of 18 July 2018, and fictional people to sign in as.

The committee, its members and their groups, the apologies and substitutes, the meeting
and the decision come from the minutes in shared/seed (no wards are invented for the real
councillors: the minutes do not give them). Everyone who can sign in is fictional.
``load_demo()`` can run any number of times: it updates rather than duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import roles
from ..governance.protocols import record_pack
from .models import (
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMembership,
    Decision,
    Election,
    Meeting,
    Member,
    MemberVote,
    PoliticalGroup,
    Post,
    SocialAccount,
    Vote,
    Ward,
)

LONDON = ZoneInfo("Europe/London")
DEMO_PASSWORD = "Havering-Demo-2018!"
# The demo officers' authenticator key (hex, as django-otp stores it; base32 in the
# printout). Only for the demo: real officers enrol their own app.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"

GOVERNANCE = "Governance Committee"
# (name, group, position) as the minutes of 18 July 2018 list those present.
SEED_PRESENT = [
    ("Robert Benham", "Conservative Group", "vice_chair"),
    ("Michael White", "Conservative Group", "chairman"),
    ("Joshua Chapman", "Conservative Group", "member"),
    ("Damian White", "Conservative Group", "member"),
    ("Maggie Themistocli", "Conservative Group", "substitute"),
    ("Ray Morgon", "Residents' Group", "member"),
    ("Paul Middleton", "Residents' Group", "substitute"),
    ("Clarence Barrett", "Upminster & Cranham Residents' Group", "member"),
    ("David Durant", "Independent Residents Group", "member"),
    ("Keith Darvill", "Labour Group", "member"),
    ("Darren Wise", "North Havering Residents Group", "member"),
]
# Apologies, and who substituted for them. The minutes do not give the absentees' groups.
SEED_APOLOGIES = [("Barry Mugglestone", "Paul Middleton"), ("Roger Ramsey", "Maggie Themistocli")]
SEED_MEETING_START = datetime(2018, 7, 18, 19, 30, tzinfo=LONDON)
SEED_MEETING_END = datetime(2018, 7, 18, 20, 15, tzinfo=LONDON)
SEED_VENUE = "Town Hall, Main Road, Romford"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    roles: tuple[str, ...]
    # Councillors only:
    ward: str = ""
    group: str = ""
    committees: tuple[str, ...] = ()
    posts: tuple[tuple[str, bool], ...] = ()
    accounts: tuple[tuple[str, str, str, str], ...] = field(default=())  # platform, kind, handle, bio

    @property
    def is_councillor(self) -> bool:
        return roles.COUNCILLOR in self.roles


DEMO_PEOPLE = [
    DemoPerson(
        "cllr.patel", "Priya", "Patel", (roles.COUNCILLOR,),
        ward="Harold Wood", group="Labour Group", committees=("Planning Committee",),
        accounts=(
            ("twitter", "personal", "@PriyaPatelHW",
             "Mum of two, Harold Wood resident, Spurs fan. Views my own."),
            ("twitter", "council", "@CllrPriyaPatel",
             "Labour councillor for Harold Wood ward, London Borough of Havering."),
            ("facebook", "party", "Cllr Priya Patel",
             "Working hard for Harold Wood. Promoted by Harold Wood Labour."),
        ),
    ),
    DemoPerson(
        "cllr.okafor", "Sam", "Okafor", (roles.COUNCILLOR,),
        ward="Romford Town", group="Residents' Group",
        committees=("Licensing Committee", GOVERNANCE),
        posts=(("Cabinet Member for Environment", True),),
        accounts=(("twitter", "council", "@CllrSamOkafor",
                   "Residents' Group councillor for Romford Town."),),
    ),
    DemoPerson(
        "cllr.hughes", "Morgan", "Hughes", (roles.COUNCILLOR, roles.GROUP_LEADER),
        ward="Heaton", group="Labour Group", committees=("Overview and Scrutiny Board",),
        posts=(("Leader of the Labour Group", False),),
    ),
    DemoPerson("mo.reid", "Jordan", "Reid", (roles.MONITORING_OFFICER,)),
    DemoPerson("ict.lee", "Casey", "Lee", (roles.ICT_SERVICE_DESK,)),
    DemoPerson("ms.shah", "Robin", "Shah", (roles.MEMBERS_SERVICES,)),
    DemoPerson("admin", "Alex", "Morgan", (roles.ADMINISTRATOR,)),
]  # fmt: skip


def _member(name: str, group: str | None = None, ward: str | None = None, email: str | None = None) -> Member:
    member, _ = Member.objects.get_or_create(full_name=name)
    if group:
        member.group = PoliticalGroup.objects.get_or_create(name=group)[0]
    if ward:
        member.ward = Ward.objects.get_or_create(name=ward)[0]
    if email:
        member.council_email = email
    member.save()
    return member


def _seed_governance_committee() -> Meeting:
    committee, _ = Committee.objects.get_or_create(name=GOVERNANCE)
    since = date(2018, 5, 31)  # the committee's membership as appointed at the annual meeting
    meeting, _ = Meeting.objects.update_or_create(
        committee=committee,
        start=SEED_MEETING_START,
        defaults={"end": SEED_MEETING_END, "venue": SEED_VENUE},
    )
    for name, group, position in SEED_PRESENT:
        member = _member(name, group)
        if position != "substitute":
            CommitteeMembership.objects.update_or_create(
                member=member, committee=committee, since=since, defaults={"position": position}
            )
    substitutes = dict(SEED_APOLOGIES)
    for absent, _substitute in SEED_APOLOGIES:
        member = _member(absent)
        CommitteeMembership.objects.update_or_create(
            member=member, committee=committee, since=since, defaults={"position": "member"}
        )
        Attendance.objects.update_or_create(
            meeting=meeting, member=member, defaults={"status": "apologies", "substitute_for": None}
        )
    for name, _group, _position in SEED_PRESENT:
        member = Member.objects.get(full_name=name)
        replaced = next((a for a, s in substitutes.items() if s == name), None)
        Attendance.objects.update_or_create(
            meeting=meeting,
            member=member,
            defaults={
                "status": "substitute" if replaced else "present",
                "substitute_for": Member.objects.get(full_name=replaced) if replaced else None,
            },
        )
    for name, title in (("Michael White", "Chairman of the Governance Committee"),
                        ("Robert Benham", "Vice-Chair of the Governance Committee")):  # fmt: skip
        Post.objects.get_or_create(member=Member.objects.get(full_name=name), title=title)
    _seed_minutes(meeting)
    return meeting


SEED_AMENDMENT = (
    "Councillor Jason Frost was appointed to the Transport & Environment Committee instead of "
    "Councillor Joshua Chapman as stated in the appendix 1 to the minutes"
)
SEED_ITEM_8 = "\n\n".join(
    (
        "The Council's Monitoring Officer presented a report before the Committee that sought its adoption of"
        " a protocol relating to email communications between Members of the Council.",
        "The purpose of the report was to recommend adoption of a protocol which provided guidance and "
        "assistance on the appropriate use of Council IT in general, including email. The Committee was "
        "informed that the protocol encompassing the wider use of IT resources was also essential given the "
        "recent introduction of the General Data Protection Regulations (GDPR).",
        "It was noted that the protocol provided guidance which would ensures that Members make use of these "
        "facilities in an effective, efficient and responsible manner and in accordance with GDPR.",
        "The Committee was informed that the protocol should be read in conjunction with the Member Code of "
        "Conduct and the section concerning the use of local authority resources.",
        "Members were informed that social media now played an increasingly important part in the operation "
        "of a democratic society by offering positive opportunities for the Council and Councillors to engage"
        " with citizens.",
        "The report detailed that the use of social media presented Members with certain risks and challenges"
        " which could result in complaints being made against the Council, or allegations regarding a breach "
        "of the Member Code of Conduct.",
        "Members sought clarification if a councillor could be held personally liable for an Information "
        "Commissioner's Office fine under data protection breach.",
        "The Monitoring Officer stated that the protocol had been drafted to provide advice and guidance on "
        "the use of social media. If a Member was in any doubt, the advice was to contact the Council's "
        "Monitoring Officer before",
    )
)
SEED_DECISIONS = (
    "Approved the 'Member IT Usage Protocol' as amended and attached as Appendix 1.",
    "Approved the 'Social Media Protocol for Members' as amended and attached as Appendix 2.",
)


def _seed_minutes(meeting: Meeting) -> Decision:
    """Items 5 to 8 of the minutes, the vote of 10 to 1 and the two decisions; published."""
    meeting.chair = Member.objects.get(full_name="Michael White")
    meeting.vice_chair = Member.objects.get(full_name="Robert Benham")
    meeting.opening_remarks = "The Chairman reminded Members of the action to be taken in an emergency."
    meeting.previous_minutes_of = date(2018, 5, 31)
    meeting.previous_minutes_amendment = SEED_AMENDMENT
    meeting.published_at = meeting.published_at or SEED_MEETING_END + timedelta(days=14)
    meeting.save()
    items = {}
    for number, title, kind, minute in (
        (5, "Apologies for absence & substitute members", "apologies", ""),
        (6, "Disclosure of interests", "declarations", ""),
        (7, "Minutes", "minutes", ""),
        (8, "Members IT usage and social media protocols", "business", SEED_ITEM_8),
    ):
        items[number], _ = AgendaItem.objects.update_or_create(
            meeting=meeting, number=number, defaults={"title": title, "kind": kind, "minute": minute}
        )
    vote, _ = Vote.objects.update_or_create(
        meeting=meeting, item=items[8], motion="to approve the protocol",
        defaults={"recorded": True, "count_for": None, "count_against": None, "count_abstain": None},
    )  # fmt: skip
    for attendance in meeting.attendance.filter(status__in=["present", "substitute"]):
        MemberVote.objects.update_or_create(
            vote=vote, member=attendance.member,
            defaults={"option": "against" if attendance.member.full_name == "David Durant" else "for",
                      "on_behalf_of": attendance.substitute_for},
        )  # fmt: skip
    decisions = []
    for number, outcome in enumerate(SEED_DECISIONS, start=1):
        decision, _ = Decision.objects.update_or_create(
            meeting=meeting, item=items[8], number=number,
            defaults={"outcome": outcome, "vote": vote, "minute": "8 Members IT usage and social media protocols"},
        )  # fmt: skip
        decisions.append(decision)
    return decisions[0]


def _seed_fictional_register(today: date) -> None:
    # Upcoming meetings, so a draft checked during one finds the member "at" it.
    planning, _ = Committee.objects.get_or_create(name="Planning Committee")
    licensing, _ = Committee.objects.get_or_create(name="Licensing Committee")
    Committee.objects.get_or_create(name="Overview and Scrutiny Board")
    Committee.objects.get_or_create(name="Full Council")
    first_thursday = today + timedelta(days=(3 - today.weekday()) % 7 or 7)
    for committee, day in (
        (planning, first_thursday),
        (licensing, first_thursday + timedelta(days=7)),
    ):
        Meeting.objects.get_or_create(
            committee=committee,
            start=datetime.combine(day, time(19, 0), LONDON),
            defaults={"end": datetime.combine(day, time(21, 30), LONDON), "venue": SEED_VENUE},
        )
    # London borough elections fall on the first Thursday of May every four years (2026, 2030).
    year = today.year + (4 - (today.year - 2026) % 4) % 4
    may = date(year, 5, 1)
    polling = may + timedelta(days=(3 - may.weekday()) % 7)
    if polling < today:
        polling = date(polling.year + 4, 5, 1)
        polling += timedelta(days=(3 - polling.weekday()) % 7)
    Election.objects.get_or_create(
        polling_day=polling, kind="borough",
        defaults={"name": f"London Borough of Havering elections {polling.year}"},
    )  # fmt: skip
    # A by-election in Heaton ward only (fictional): its pre-election period is on now, for
    # Heaton's councillors alone; polling day 30 days ahead.
    heaton = Ward.objects.get_or_create(name="Heaton")[0]
    by_day = today + timedelta(days=30)
    Election.objects.filter(kind="by_election", ward=heaton).exclude(polling_day=by_day).delete()
    Election.objects.get_or_create(
        kind="by_election", ward=heaton, polling_day=by_day,
        defaults={"name": "Heaton ward by-election", "period_starts": today - timedelta(days=5)},
    )  # fmt: skip


def _person(person: DemoPerson) -> None:
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=person.username,
        defaults={"first_name": person.first_name, "last_name": person.last_name,
                  "email": f"{person.username}@havering.gov.uk"},
    )  # fmt: skip
    if created:
        user.set_password(DEMO_PASSWORD)
    user.is_staff = user.is_superuser = roles.ADMINISTRATOR in person.roles
    user.save()
    user.groups.set(Group.objects.filter(name__in=person.roles))
    if any(r in roles.OFFICER_ROLES for r in person.roles):
        TOTPDevice.objects.get_or_create(
            user=user, name="Demo authenticator", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
        )
    if not person.is_councillor:
        return
    member = _member(
        f"{person.first_name} {person.last_name}",
        group=person.group,
        ward=person.ward,
        email=f"{person.first_name.lower()}.{person.last_name.lower()}@havering.gov.uk",
    )
    member.user = user
    member.save()
    for name in person.committees:
        committee, _ = Committee.objects.get_or_create(name=name)
        CommitteeMembership.objects.get_or_create(member=member, committee=committee, since=date(2022, 5, 25))
    for title, executive in person.posts:
        Post.objects.update_or_create(member=member, title=title, defaults={"executive": executive})
    for platform, kind, handle, bio in person.accounts:
        SocialAccount.objects.update_or_create(
            member=member, platform=platform, kind=kind, defaults={"handle": handle, "bio": bio}
        )


@transaction.atomic
def load_demo(today: date | None = None, pack_id: str = "havering-2018") -> dict[str, int]:
    """Create or refresh the demo data; returns how many of each record exist afterwards."""
    for name in roles.ROLES:
        Group.objects.get_or_create(name=name)
    version = record_pack(pack_id, in_force=True)
    meeting = _seed_governance_committee()
    version.decision = meeting.decisions.order_by("number").first()
    version.save(update_fields=["decision"])
    _seed_fictional_register(today or date.today())
    for person in DEMO_PEOPLE:
        _person(person)
    from ..servicedesk.demo import load_servicedesk_demo

    load_servicedesk_demo(today or date.today())
    from ..casework.demo import load_casework_demo

    load_casework_demo(today or date.today())
    return {
        "members": Member.objects.count(),
        "committees": Committee.objects.count(),
        "meetings": Meeting.objects.count(),
        "sign-ins": get_user_model().objects.count(),
    }


def sign_in_help() -> str:
    """What `councilguard serve --demo` prints: who to sign in as."""
    import base64

    secret = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode("ascii")
    width = max(len(p.username) for p in DEMO_PEOPLE)
    lines = [f"Demo sign-ins (password for all: {DEMO_PASSWORD}):"]
    for person in DEMO_PEOPLE:
        labels = ", ".join(roles.ROLE_LABELS[r] for r in person.roles)
        lines.append(f"  {person.username:<{width}}  {person.first_name} {person.last_name} ({labels})")
    lines.append(
        "Officers also enter a 6-digit code: add the demo key "
        f"{secret} to an authenticator app (time-based, 30 s), or run\n"
        '  .venv/bin/python -c "from django_otp.oath import totp; '
        f'print(f\'{{totp(bytes.fromhex(\\"{DEMO_TOTP_KEY}\\")):06d}}\')"'
    )
    return "\n".join(lines)
