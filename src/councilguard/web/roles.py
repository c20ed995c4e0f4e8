"""Who may see and do what: the six roles and the permission helpers every view uses.

A role is a Django group of the same name (created by a migration in ``accounts``), so a
person can hold several (a councillor who leads a political group) and an administrator
can change them in the admin. Officer roles must sign in with a second factor (TOTP).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from .register.models import Member

COUNCILLOR = "councillor"
MONITORING_OFFICER = "monitoring_officer"
ICT_SERVICE_DESK = "ict_service_desk"
MEMBERS_SERVICES = "members_services"
GROUP_LEADER = "group_leader"
ADMINISTRATOR = "administrator"

ROLE_LABELS = {
    COUNCILLOR: "Councillor",
    MONITORING_OFFICER: "Monitoring Officer",
    ICT_SERVICE_DESK: "ICT Service Desk",
    MEMBERS_SERVICES: "Members' Services",
    GROUP_LEADER: "Political group leader",
    ADMINISTRATOR: "Administrator",
}
ROLES = tuple(ROLE_LABELS)
# Council officers handle other people's data: they must use two-factor sign-in.
OFFICER_ROLES = frozenset({MONITORING_OFFICER, ICT_SERVICE_DESK, MEMBERS_SERVICES, ADMINISTRATOR})


def roles_of(user: Any) -> frozenset[str]:
    """The role names a user holds (empty for anonymous or inactive users); cached per user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_councilguard_roles", None)
    if cached is None:
        cached = remember_roles(user, user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    return cached


def remember_roles(user: Any, group_names: Any) -> frozenset[str]:
    """Cache on ``user`` the roles its group names give (for callers that read the groups
    with another query, as the API's token look-up does)."""
    held = frozenset(name for name in group_names if name in ROLE_LABELS)
    if user.is_superuser:
        held |= {ADMINISTRATOR}
    user._councilguard_roles = held
    return held


def has_role(user: Any, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_officer(user: Any) -> bool:
    return bool(roles_of(user) & OFFICER_ROLES)


def has_authenticator(user: Any) -> bool:
    """Whether ``user`` has enrolled an authenticator app (cached on the user per request)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_councilguard_authenticator", None)
    if cached is None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        cached = user._councilguard_authenticator = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return cached


def needs_two_factor(user: Any) -> bool:
    """Someone who must pass a TOTP check and has not yet this session: every officer, and
    a councillor once they have chosen to enrol (their enrolment is meant to protect them)."""
    if not (is_officer(user) or (roles_of(user) and has_authenticator(user))):
        return False
    verified = getattr(user, "is_verified", None)
    return not (callable(verified) and verified())


def member_for(user: Any) -> Member | None:
    """The register entry of the signed-in councillor, or None (officers, outsiders)."""
    if not getattr(user, "is_authenticated", False):
        return None
    from .register.models import Member

    try:
        return Member.objects.select_related("ward", "group").get(user=user)
    except Member.DoesNotExist:
        return None


def councillor_sign_ins(users: Any) -> Any:
    """The sign-ins (of the ``users`` queryset) a member record may be linked to: a
    councillor's, holding no officer role and not a superuser. Linked to an officer's, the
    register would give an officer a councillor's menus and deny them the complaints about
    "their" member; a sign-in belongs to one person."""
    return users.filter(groups__name=COUNCILLOR, is_superuser=False).exclude(groups__name__in=OFFICER_ROLES).distinct()


# --- What each role may do (one function per decision, so views and tests agree) ------


def can_manage_register(user: Any) -> bool:
    return has_role(user, MEMBERS_SERVICES, ADMINISTRATOR)


def can_answer_advice(user: Any) -> bool:
    """The Monitoring Officer answers advice requests; the administrator may do everything."""
    return has_role(user, MONITORING_OFFICER, ADMINISTRATOR)


def can_handle_complaints(user: Any) -> bool:
    """Complaints about members, their archive scans and reports: the Monitoring Officer
    investigates, the administrator keeps the system running; nobody else sees them."""
    return has_role(user, MONITORING_OFFICER, ADMINISTRATOR)


def can_run_service_desk(user: Any) -> bool:
    """Changing the equipment register and closing incidents, returns, leaver cases and filters."""
    return has_role(user, ICT_SERVICE_DESK, ADMINISTRATOR)


def can_view_leaver_cases(user: Any) -> bool:
    """Members' Services end terms, so they may follow the leaver cases (read only)."""
    return has_role(user, ICT_SERVICE_DESK, MEMBERS_SERVICES, ADMINISTRATOR)


def can_report_abuse(user: Any) -> bool:
    """A councillor reports the abuse they received (and moderates their own page)."""
    return has_role(user, COUNCILLOR) and member_for(user) is not None


def can_review_abuse(user: Any) -> bool:
    """Who is told of abuse reports and follows them up: Members' Services and group
    leaders (their group's members only; see can_see_abuse_report), the administrator."""
    return has_role(user, MEMBERS_SERVICES, GROUP_LEADER, ADMINISTRATOR)


def can_see_abuse_report(user: Any, member: Member) -> bool:
    """The councillor who received it, their group's leader, Members' Services, the administrator."""
    if has_role(user, MEMBERS_SERVICES, ADMINISTRATOR):
        return True
    own = member_for(user)
    if own is None:
        return False
    if own.pk == member.pk:
        return True
    return has_role(user, GROUP_LEADER) and own.group_id is not None and own.group_id == member.group_id


def can_reset_two_factor(user: Any, target: Any) -> bool:
    """The Service Desk resets a lost authenticator, but never on an account with more
    rights than its own (the administrator's: whoever held it could take the whole
    service); the administrator may reset anyone's."""
    if has_role(user, ADMINISTRATOR):
        return True
    if not has_role(user, ICT_SERVICE_DESK):
        return False
    return not (target.is_superuser or target.groups.filter(name=ADMINISTRATOR).exists())


def can_view_audit_log(user: Any) -> bool:
    return has_role(user, ADMINISTRATOR)


def can_view_acknowledgements(user: Any) -> bool:
    return has_role(user, MEMBERS_SERVICES, MONITORING_OFFICER, ADMINISTRATOR)


def can_check_drafts(user: Any) -> bool:
    """Councillors check their own drafts; officers may try the checker too."""
    return bool(roles_of(user))


def can_view_member(user: Any, member: Member) -> bool:
    """A councillor sees their own entry; officers see everyone; a group leader their group."""
    if has_role(user, MEMBERS_SERVICES, MONITORING_OFFICER, ICT_SERVICE_DESK, ADMINISTRATOR):
        return True
    own = member_for(user)
    if own is None:
        return False
    if own.pk == member.pk:
        return True
    return has_role(user, GROUP_LEADER) and own.group_id is not None and own.group_id == member.group_id


def role_required(*roles: str) -> Callable:
    """View decorator: sign in first, then hold one of ``roles`` (any role if none given).

    Outsiders go to the sign-in page; signed-in people without the role get 403. (Officers
    without a second factor never reach the view: OfficerTwoFactorMiddleware sends them on.)
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            held = roles_of(request.user)
            if not held or (roles and not held & set(roles)):
                raise PermissionDenied("Your role does not give you access to this page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
