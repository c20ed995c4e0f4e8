"""Template context: the navigation the signed-in person's roles allow."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from .. import roles


def _own_member_page(user: Any) -> str:
    member = roles.member_for(user)
    return reverse("register:member", args=[member.pk]) if member else ""


def _leads_a_group(user: Any) -> bool:
    member = roles.member_for(user)
    return roles.has_role(user, roles.GROUP_LEADER) and member is not None and member.group_id is not None


# (label, url name or a function of the user giving the address, who may see it); a url
# name that is not (yet) defined is skipped, so apps can add their pages independently.
NAVIGATION: list[tuple[str, Any, Any]] = [
    ("Check a draft", "checks:check", roles.can_check_drafts),
    ("My advice requests", "casework:mine", lambda u: roles.member_for(u) is not None),
    ("Advice queue", "casework:queue", roles.can_answer_advice),
    ("Complaints", "casework:complaints", roles.can_handle_complaints),
    (
        "Check statistics",
        "checks:statistics",
        lambda u: roles.has_role(u, roles.MONITORING_OFFICER, roles.ADMINISTRATOR),
    ),
    ("Your register entry", _own_member_page, lambda u: roles.member_for(u) is not None),
    ("Your group's members", "register:group-members", _leads_a_group),
    ("Abuse received", "abuse:list", lambda u: roles.can_report_abuse(u) or roles.can_review_abuse(u)),
    (
        "Page comments",
        "moderation:index",
        lambda u: roles.can_report_abuse(u) or roles.has_role(u, roles.ADMINISTRATOR),
    ),
    ("The protocol", "governance:protocol", lambda u: bool(roles.roles_of(u))),
    (
        "Protocol versions",
        "protocols:index",
        lambda u: roles.has_role(u, roles.MONITORING_OFFICER, roles.MEMBERS_SERVICES, roles.ADMINISTRATOR),
    ),
    ("Register", "register:index", roles.can_manage_register),
    ("Acknowledgements", "governance:acknowledgements", roles.can_view_acknowledgements),
    ("Audit log", "governance:audit", roles.can_view_audit_log),
    ("Sign-in support", "accounts:support", lambda u: roles.has_role(u, roles.ICT_SERVICE_DESK)),
    ("Service Desk", "servicedesk:dashboard", roles.can_run_service_desk),
    ("Leavers", "servicedesk:leavers", lambda u: roles.has_role(u, roles.MEMBERS_SERVICES)),
    ("Your devices", "servicedesk:mine", lambda u: roles.member_for(u) is not None),
    ("API tokens", "api:tokens", lambda u: roles.member_for(u) is not None),
    ("Your account", "accounts:account", lambda u: u.is_authenticated),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or roles.needs_two_factor(user):
        return {"nav_items": [], "user_roles": []}
    items = []
    for label, name, allowed in NAVIGATION:
        if not allowed(user):
            continue
        try:
            url = name(user) if callable(name) else reverse(name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": False})
    # The item whose address is the longest prefix of this page is the current one (so
    # /account/support/ marks "Sign-in support", not "Your account" too).
    matching = [i for i in items if request.path.startswith(i["url"])]
    if matching:
        max(matching, key=lambda i: len(i["url"]))["active"] = True
    return {
        "nav_items": items,
        "user_roles": [roles.ROLE_LABELS[r] for r in roles.ROLES if r in roles.roles_of(user)],
    }
