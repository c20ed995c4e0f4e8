"""A sign-in belongs to one person: a member record links only to a councillor's sign-in
not linked elsewhere, Members' Services cannot change an officer's roles, and names refuse
the invisible characters that make them display as someone else's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from councilguard.web import roles
from councilguard.web.register.models import Member, Ward

from ..register.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("casework_settings")]

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE


def _edit_member(client, member, **changes):
    data = {"full_name": member.full_name, "ward": member.ward_id or "", "group": member.group_id or "",
            "council_email": member.council_email or "", "user": member.user_id or "", "active": "on"}  # fmt: skip
    data.update(changes)
    return client.post(reverse("register:edit", kwargs={"section": "members", "pk": member.pk}), data)


def test_the_sign_in_list_offers_only_councillors_sign_ins_not_linked_elsewhere(services_client, everyone, make_user):
    unlinked = make_user("newcllr", roles.COUNCILLOR)
    Member.objects.filter(user=unlinked).update(user=None)
    member = MemberFactory(full_name="Nadia Newcomer")
    form = services_client.get(reverse("register:edit", kwargs={"section": "members", "pk": member.pk})).context["form"]
    offered = set(form.fields["user"].queryset)
    assert offered == {unlinked}
    for who in (
        "Monitoring Officer",
        "administrator",
        "Members' Services",
        "ICT Service Desk",
        "outsider",
        "councillor",
    ):
        assert everyone[who] not in offered, who


def test_members_services_cannot_link_a_member_to_the_monitoring_officers_sign_in(
    services_client, officer_client, monitoring_officer, complaint
):
    member = MemberFactory(full_name="Nadia Newcomer")
    response = _edit_member(services_client, member, user=monitoring_officer.pk)
    assert response.status_code == 200  # the form again, with the error
    assert "Choose a councillor&#x27;s sign-in that is not linked to another member" in response.content.decode()
    member.refresh_from_db()
    assert member.user_id is None
    # The Monitoring Officer is still the Monitoring Officer, with no councillor menus.
    assert officer_client.get(complaint.get_absolute_url()).status_code == 200
    assert roles.member_for(monitoring_officer) is None


def test_a_member_cannot_take_a_sign_in_already_linked_to_another_member(services_client, councillor):
    member = MemberFactory(full_name="Nadia Newcomer")
    assert _edit_member(services_client, member, user=councillor.pk).status_code == 200
    member.refresh_from_db()
    assert member.user_id is None and councillor.member.full_name == "Anna Webb"


def test_the_model_refuses_an_officers_sign_in_wherever_the_member_is_saved(administrator):
    from django.core.exceptions import ValidationError

    member = MemberFactory.build(full_name="Nadia Newcomer", user=administrator, ward=None, group=None)
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    assert "Choose a councillor's sign-in" in str(caught.value.message_dict["user"])


def test_members_services_cannot_change_an_officers_roles(services_client, monitoring_officer):
    url = reverse("admin:auth_user_change", args=[monitoring_officer.pk])
    response = services_client.post(url, {"username": "mo", "groups": []})
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    assert set(monitoring_officer.groups.values_list("name", flat=True)) == {roles.MONITORING_OFFICER}


def test_a_members_name_with_a_right_to_left_override_is_refused_with_a_clear_message(services_client, councillor):
    member = councillor.member
    response = _edit_member(services_client, member, full_name=f"Anna {RLO}bbeW")
    assert response.status_code == 200  # the form again, with the error
    assert "Remove the invisible text-direction character (U+202E)" in response.content.decode()
    member.refresh_from_db()
    assert member.full_name == "Anna Webb"


@pytest.mark.parametrize(
    "control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
)
def test_every_bidirectional_control_is_refused_in_a_ward_name(services_client, control):
    response = services_client.post(
        reverse("register:add", kwargs={"section": "wards"}), {"name": f"Gooshays{control}"}
    )
    assert response.status_code == 200  # the form again, with the error
    assert f"U+{ord(control):04X}" in response.content.decode()
    assert not Ward.objects.filter(name__startswith="Gooshays").exists()


def test_a_complainants_name_with_bidirectional_controls_is_refused_on_the_public_form(client, councillor):
    from councilguard.web.casework.public_forms import PublicComplaintForm

    form = PublicComplaintForm(data={"complainant_name": f"Pat {RLO}tnediseR"})
    assert not form.is_valid()
    assert "Remove the invisible text-direction character" in " ".join(form.errors["complainant_name"])


def test_names_without_controls_in_any_script_are_accepted(services_client):
    response = services_client.post(
        reverse("register:add", kwargs={"section": "wards"}), {"name": "Squirrels Heath ܣܘܪܝܝܐ"}
    )
    assert response.status_code == 302


def test_every_name_field_of_every_form_refuses_bidirectional_controls():
    """A form added later with a name field and no check fails here."""
    import importlib
    import pkgutil

    from django import forms

    import councilguard.web as web
    from councilguard.web.forms import GovukFormMixin
    from councilguard.web.names import is_name_field, refuse_bidi_controls

    for info in pkgutil.walk_packages(web.__path__, "councilguard.web."):
        if ".migrations" not in info.name and not info.name.endswith(("manage", "wsgi", "serve")):
            importlib.import_module(info.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    unchecked = [
        f"{form.__module__}.{form.__qualname__}.{name}"
        for form in set(subclasses(forms.BaseForm))
        if form.__module__.startswith("councilguard.web") and not issubclass(form, GovukFormMixin)
        for name, field in form.base_fields.items()
        if is_name_field(name) and isinstance(field, forms.CharField) and refuse_bidi_controls not in field.validators
    ]
    assert not unchecked, f"name fields that accept bidirectional controls: {unchecked}"
