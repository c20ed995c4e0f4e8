"""Demo data for the ICT Service Desk: a device in every status, incidents open and closed
(each outcome), return requests overdue, due and done, leaver cases on time, overdue and
closed, and filter requests asked, in place and declined. Dates count from ``today``.

Created through ``services`` (so the histories and the audit log read as real ones) and
only once: a second ``load_demo`` finds the first demo device and changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from councilguard.calendar.workdays import add_working_days

from ..register.models import Member, PoliticalGroup, SocialAccount, Ward
from . import notify, services
from .models import Asset, FilterRequest, Incident, LeaverCase, ReturnRequest

FIRST_TAG = "HAV-L001"
# (tag, kind, make, model, serial)
DEVICES = [
    ("HAV-L001", "laptop", "Dell", "Latitude 5450", "DL5450-7781"),
    ("HAV-L002", "laptop", "Dell", "Latitude 5450", "DL5450-7782"),
    ("HAV-I001", "ipad", "Apple", "iPad (10th generation)", "DMPX81K2Q1"),
    ("HAV-I002", "ipad", "Apple", "iPad (10th generation)", "DMPX81K2Q2"),
    ("HAV-I003", "ipad", "Apple", "iPad Air", "DMPX81K2Q3"),
    ("HAV-I004", "ipad", "Apple", "iPad (9th generation)", "DMPX81K2Q4"),
    ("HAV-P001", "phone", "Samsung", "Galaxy A55", "R58W31AB01"),
    ("HAV-P002", "phone", "Samsung", "Galaxy A55", "R58W31AB02"),
    ("HAV-P003", "phone", "Apple", "iPhone SE", "F2LZ31AB03"),
    ("HAV-P004", "phone", "Apple", "iPhone 13", "F2LZ31AB04"),
    ("HAV-X001", "personal", "Google", "Pixel 8 (member's own, set up by IT)", "GP8-0001"),
    ("HAV-L003", "laptop", "Lenovo", "ThinkPad T14", "PF4TZ003"),
]
# Fictional members without sign-ins, for the leaver cases and the Service Desk's other states.
DEMO_MEMBERS = [
    ("Jamie Clarke", "Squirrels Heath", "Conservative Group"),
    ("Chris Doyle", "Gooshays", "Labour Group"),
    ("Alex Turner", "Emerson Park", "Residents' Group"),
    ("Kim Adeyemi", "St Andrew's", "Labour Group"),
]


def _member(name: str, ward: str, group: str) -> Member:
    member, _ = Member.objects.get_or_create(full_name=name)
    member.ward = Ward.objects.get_or_create(name=ward)[0]
    member.group = PoliticalGroup.objects.get_or_create(name=group)[0]
    member.council_email = member.council_email or f"{name.lower().replace(' ', '.')}@havering.gov.uk"
    member.save()
    return member


def load_servicedesk_demo(today: date) -> None:
    if Asset.objects.filter(asset_tag=FIRST_TAG).exists():
        return
    with notify.silenced():
        _load(today)


def _load(today: date) -> None:
    desk = get_user_model().objects.get(username="ict.lee")
    assets = {}
    for tag, kind, make, model, serial in DEVICES:
        asset = Asset.objects.create(asset_tag=tag, kind=kind, make=make, model=model, serial_number=serial)
        services.record_added(asset, desk, {"asset_tag": [None, tag]})
        assets[tag] = asset
    patel = Member.objects.get(user__username="cllr.patel")
    okafor = Member.objects.get(user__username="cllr.okafor")
    hughes = Member.objects.get(user__username="cllr.hughes")
    clarke, doyle, turner, adeyemi = (_member(*m) for m in DEMO_MEMBERS)
    SocialAccount.objects.get_or_create(
        member=clarke, platform="twitter", kind="council", defaults={"handle": "@CllrJamieClarke"}
    )
    long_ago = today - timedelta(days=400)
    issue = [
        ("HAV-I001", patel),
        ("HAV-P001", patel),
        ("HAV-L002", okafor),
        ("HAV-P002", hughes),
        ("HAV-I002", doyle),
        ("HAV-I003", clarke),
        ("HAV-P003", clarke),
        ("HAV-L003", turner),
        ("HAV-P004", adeyemi),
        ("HAV-I004", adeyemi),
        ("HAV-X001", hughes),
    ]
    for tag, member in issue:
        services.issue_asset(assets[tag], member, long_ago, desk)

    # Audits: one overdue, one due in a fortnight.
    Asset.objects.filter(pk=assets["HAV-L002"].pk).update(next_audit_due=today - timedelta(days=3))
    Asset.objects.filter(pk=assets["HAV-P002"].pk).update(next_audit_due=today + timedelta(days=14))

    # Incidents: an open damage (device in repair), an open theft still without a crime number,
    # a theft closed with its crime number, a loss replaced from the allowance, misuse charged.
    services.report_incident(
        asset=assets["HAV-I002"],
        kind="damage",
        happened_on=today - timedelta(days=2),
        crime_number="",
        actor=desk,
        description="Screen cracked when the iPad fell from the council chamber desk.",
    )
    services.report_incident(
        asset=assets["HAV-P004"],
        kind="theft",
        happened_on=today - timedelta(days=5),
        crime_number="",
        actor=desk,
        description="Phone taken from a coat at a ward surgery in the community hall.",
    )
    stolen, _ = services.report_incident(
        asset=assets["HAV-X001"],
        kind="theft",
        happened_on=today - timedelta(days=60),
        crime_number="",
        actor=desk,
        description="Phone stolen on the train to Liverpool Street; council mail was on it.",
    )
    services.close_incident(
        stolen,
        outcome="replaced_insurance",
        crime_number="CAD 4471/26",
        charge_amount=None,
        decision="",
        notes="Remote wipe confirmed the same day.",
        actor=desk,
    )
    lost, _ = services.report_incident(
        asset=assets["HAV-P003"],
        kind="loss",
        happened_on=today - timedelta(days=90),
        crime_number="",
        actor=desk,
        description="Left on a bus; TfL lost property has not found it.",
    )
    services.close_incident(
        lost, outcome="replaced_allowance", crime_number="", charge_amount=None, decision="", notes="", actor=desk
    )
    misuse, _ = services.report_incident(
        asset=assets["HAV-I004"],
        kind="damage",
        happened_on=today - timedelta(days=120),
        crime_number="",
        actor=desk,
        description="Water damage: used at a garden party against the advice given when issued.",
    )
    services.close_incident(
        misuse,
        outcome="charged_misuse",
        crime_number="",
        charge_amount=Decimal("249.00"),
        decision="Head of ICT, with the Monitoring Officer's agreement: damage through misuse.",
        notes="Written off; a replacement issued.",
        actor=desk,
    )

    # Return requests: one overdue (red), one due in three working days, one returned.
    services.request_return(
        asset=assets["HAV-P002"],
        reason="upgrade",
        requested_on=today - timedelta(days=21),
        due_on=add_working_days(today, -4),
        note="The new phone is ready to collect.",
        actor=desk,
    )
    services.request_return(
        asset=assets["HAV-I001"],
        reason="audit",
        requested_on=today,
        due_on=add_working_days(today, 3),
        note="",
        actor=desk,
    )
    done = services.request_return(
        asset=assets["HAV-L003"],
        reason="maintenance",
        requested_on=today - timedelta(days=30),
        due_on=today - timedelta(days=20),
        note="",
        actor=desk,
    )
    services.record_return(done, today - timedelta(days=22), desk)
    services.issue_asset(assets["HAV-L003"], turner, today - timedelta(days=21), desk)

    # Leavers: Jamie Clarke's case is overdue, Chris Doyle's on time, Alex Turner's closed.
    for member, ends, reason in (
        (clarke, add_working_days(today, -14), "not_reelected"),
        (doyle, add_working_days(today, -3), "resigned"),
        (turner, today - timedelta(days=40), "not_reelected"),
    ):
        member.term_ends, member.term_end_reason = ends, reason
        member.save()
        services.term_end_recorded(member, desk)
    clarke_case = LeaverCase.objects.get(member=clarke, closed_at=None)
    for account in clarke_case.accounts.all()[:1]:
        services.tick_account(account, "suspend", desk)
    turner_case = LeaverCase.objects.get(member=turner, closed_at=None)
    for device in turner_case.devices.all():
        services.account_device(device, "returned", desk, on=today - timedelta(days=35))
    for account in turner_case.accounts.all():
        services.tick_account(account, "end", desk)
    services.close_leaver_case(turner_case, desk)
    LeaverCase.objects.filter(pk=turner_case.pk).update(closed_at=turner_case.opened_at + timedelta(days=1))
    # A device back in stock after a return, and one written off long ago.
    Asset.objects.filter(pk=assets["HAV-L003"].pk).update(next_audit_due=None)

    # E-mail filters: asked, in place, declined.
    services.ask_filter(
        member=patel, sender="newsletters@bigsupplier.example", reason="Daily sales mail I never asked for.", actor=desk
    )
    in_place, _ = services.ask_filter(
        member=okafor, sender="spam-lobby.example", reason="Hundreds of identical campaign e-mails.", actor=desk
    )
    # Asked six days before ``today`` (the demo's today, which tests set in the past too).
    asked = timezone.make_aware(datetime.combine(today - timedelta(days=6), time(10, 0)))
    FilterRequest.objects.filter(pk=in_place.pk).update(asked_at=asked)
    services.decide_filter(
        in_place, status="in_place", in_place_on=today - timedelta(days=5), declined_reason="", actor=desk
    )
    declined, _ = services.ask_filter(member=hughes, sender="residents-association.example", reason="", actor=desk)
    services.decide_filter(
        declined,
        status="declined",
        in_place_on=None,
        actor=desk,
        declined_reason=(
            "Residents write from this domain: filtering it would hide casework. Use Outlook rules instead."
        ),
    )
    assert Incident.objects.exists() and ReturnRequest.objects.exists()
