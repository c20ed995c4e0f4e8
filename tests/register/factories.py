"""Factories for the register: wards, political groups, members and their committees."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from councilguard.web.register.models import (
    Committee,
    CommitteeMembership,
    Meeting,
    Member,
    PoliticalGroup,
    SocialAccount,
    Ward,
)


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        django_get_or_create = ("name",)

    name = "Harold Wood"


class PoliticalGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoliticalGroup
        django_get_or_create = ("name",)

    name = "Labour Group"


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("name",)

    name = "Planning Committee"


class MemberFactory(factory.django.DjangoModelFactory):
    """A councillor's register entry; pass ``user=`` to link it to their sign-in."""

    class Meta:
        model = Member

    user = None
    full_name = factory.Sequence(lambda n: f"Member {n}")
    ward = factory.SubFactory(WardFactory)
    group = factory.SubFactory(PoliticalGroupFactory)
    council_email = factory.LazyAttribute(
        lambda member: "cllr." + ".".join(member.full_name.lower().split()) + "@havering.gov.uk"
    )


class CommitteeMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMembership

    member = factory.SubFactory(MemberFactory)
    committee = factory.SubFactory(CommitteeFactory)


class SocialAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialAccount

    member = factory.SubFactory(MemberFactory)
    platform = "twitter"
    kind = "personal"
    handle = factory.LazyAttribute(lambda account: "@" + account.member.full_name.split()[0].lower())
    bio = ""


class MeetingFactory(factory.django.DjangoModelFactory):
    """A meeting of the Planning Committee under way now (started half an hour ago)."""

    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    start = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=30))
    end = factory.LazyAttribute(lambda meeting: meeting.start + timedelta(hours=2, minutes=30))
