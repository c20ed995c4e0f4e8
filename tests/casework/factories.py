"""Factories for casework records: complaints about a member and advice requests."""

from __future__ import annotations

from datetime import date

import factory

from councilguard.web.casework.complaint_models import Complaint
from councilguard.web.casework.models import AdviceRequest

from ..register.factories import MemberFactory


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    complainant_name = "Pat Resident"
    complainant_contact = "pat@example.org"
    member = factory.SubFactory(MemberFactory)
    received_on = date(2026, 5, 2)
    summary = "The councillor sent election material from the council e-mail account."


class AdviceRequestFactory(factory.django.DjangoModelFactory):
    """A councillor's question to the Monitoring Officer about a draft (``member`` is a user)."""

    class Meta:
        model = AdviceRequest

    question = "May I send this from my council address?"
    text = "Vote Labour on Thursday!"
    draft = factory.LazyFunction(lambda: {"text": "Vote Labour on Thursday!", "channel": "email"})
    result = factory.LazyFunction(dict)
    verdict = "review"
