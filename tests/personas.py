"""The people every web test is about, one set for the whole suite (after healthchecks'
``hc/test.py``): a councillor, another councillor, their group leader, the Monitoring
Officer, Members' Services, the ICT Service Desk, the administrator, and an outsider (a
sign-in holding no role). Each is built from the factories in ``tests/<app>/factories.py``
and is the same person whichever test asks for them; ``tests/web/conftest.py`` offers
each one as a fixture, and ``sign_in`` is the one way a test signs someone in.

Browser tests drive the demo data instead (``load_demo``), signing in through the page.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from councilguard.web import roles

from .accounts.factories import PASSWORD, TOTPDeviceFactory, UserFactory
from .register.factories import (
    CommitteeFactory,
    CommitteeMembershipFactory,
    MemberFactory,
    PoliticalGroupFactory,
    SocialAccountFactory,
)

__all__ = [
    "PASSWORD", "PERSONAS", "administrator", "councillor", "group_leader", "ict_service_desk",
    "members_services", "monitoring_officer", "other_councillor", "outsider", "sign_in",
]  # fmt: skip


def _councillor(username: str, full_name: str, group: str, *extra_roles: str) -> Any:
    first, last = full_name.lower().split()
    user = UserFactory(username=username, email=f"{first}.{last}@example.org", first_name=full_name.split()[0],
                       last_name=full_name.split()[1], roles=[roles.COUNCILLOR, *extra_roles])  # fmt: skip
    if not hasattr(user, "member"):
        member = MemberFactory(user=user, full_name=full_name, group=PoliticalGroupFactory(name=group))
        CommitteeMembershipFactory(member=member, committee=CommitteeFactory(name="Planning Committee"))
        SocialAccountFactory(member=member, handle=f"@{username}", bio="Dad, runner, Spurs fan.")
    return user


def councillor() -> Any:
    """Anna Webb (Labour Group, Harold Wood), on the Planning Committee, on Twitter as @anna."""
    return _councillor("anna", "Anna Webb", "Labour Group")


def other_councillor() -> Any:
    """Bob Okafor: a councillor in another group (Conservative Group), also on Planning."""
    return _councillor("bob", "Bob Okafor", "Conservative Group")


def group_leader() -> Any:
    """Leah Grant, a councillor who leads Anna Webb's group (Labour Group)."""
    return _councillor("leader", "Leah Grant", "Labour Group", roles.GROUP_LEADER)


def _officer(username: str, role: str, email: str, full_name: str) -> Any:
    first, last = full_name.split()
    return UserFactory(username=username, email=email, first_name=first, last_name=last, roles=[role])


def monitoring_officer() -> Any:
    return _officer("mo", roles.MONITORING_OFFICER, "monitoring.officer@havering.gov.uk", "Morgan Reeve")


def members_services() -> Any:
    return _officer("services", roles.MEMBERS_SERVICES, "members.services@havering.gov.uk", "Sam Shore")


def ict_service_desk() -> Any:
    return _officer("ict", roles.ICT_SERVICE_DESK, "ict.servicedesk@havering.gov.uk", "Isla Tan")


def administrator() -> Any:
    return _officer("administrator", roles.ADMINISTRATOR, "administrator@havering.gov.uk", "Ada Minter")


def outsider() -> Any:
    """Someone with a sign-in and no role (e.g. a former member): they may see nothing inside."""
    return UserFactory(username="stranger", first_name="Stan", last_name="Ranger")


# Persona name -> builder, in the order the permission matrix lists them.
PERSONAS = {
    "councillor": councillor,
    "other councillor": other_councillor,
    "group leader": group_leader,
    "Monitoring Officer": monitoring_officer,
    "Members' Services": members_services,
    "ICT Service Desk": ict_service_desk,
    "administrator": administrator,
    "outsider": outsider,
}


def sign_in(client: Client | None, user: Any, *, verified: bool = True) -> Client:
    """Sign ``user`` in on ``client`` (a new Client when None) and return it.

    Officers must pass two-factor sign-in: unless ``verified`` is False, they get a
    confirmed authenticator and the session records it as used, as the TOTP page would.
    """
    client = client if client is not None else Client()
    client.force_login(user)
    if verified and roles.is_officer(user):
        device = TOTPDeviceFactory(user=user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
