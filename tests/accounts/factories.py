"""Factories for sign-ins: a user with the test password and roles, and a confirmed TOTP device."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

# One password for every test sign-in; the tests that type it into a form import it.
PASSWORD = "Plum-Orchard-47-Lantern"


class UserFactory(factory.django.DjangoModelFactory):
    """``UserFactory(username="anna", roles=[roles.COUNCILLOR])``: a sign-in holding those roles."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.LazyAttribute(lambda user: user.username.title())
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):  # noqa: N805 - factory_boy passes the object first
        # A role is a Django group of the same name (created by the accounts migration).
        if create and extracted:
            user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in extracted))


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice
        django_get_or_create = ("user", "name")

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True
