"""The check page's and the API's use of the checker, inside Django: which checker
(the protocol pack in settings), what the register says about the member, and the
statistics row a check leaves behind."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache, partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from councilguard.checker import Checker, Result, default_checker
from councilguard.checker.protocol import DEFAULT_PACK
from councilguard.web.roles import member_for
from councilguard.web_services import MemberContext, statistic_for

from .forms import CheckForm
from .models import CheckedRule, CheckStatistic


def protocol_name() -> str:
    return settings.COUNCILGUARD_PROTOCOL or DEFAULT_PACK


@lru_cache(maxsize=4)
def _checker_for(name: str) -> Checker:
    return default_checker() if name == DEFAULT_PACK else Checker(name)


def checker() -> Checker:
    """The checker for the protocol in force, loaded once per process."""
    return _checker_for(protocol_name())


def member_context(
    user: Any,
    sent_at: datetime | None = None,
    *,
    platform: str | None = None,
    account: str | None = None,
) -> MemberContext:
    """What the register says about ``user`` at ``sent_at`` (now when not given), with the
    bio of the account on ``platform`` and of kind ``account`` the draft goes out from.

    Officers and others who are not members get an empty context: the checker then
    judges the draft on its own.
    """
    member = member_for(user)
    if member is None:
        return MemberContext()
    from councilguard.web.register.context import checker_context_for

    found = checker_context_for(member, sent_at or timezone.now(), platform=platform, account=account)
    return MemberContext(
        author=found.get("author") or member.register_id,
        council_email=member.council_email or "",
        committees=tuple(found.get("committees") or ()),
        meetings_attending=tuple(found.get("meetings_attending") or ()),
        bio=found.get("bio") or "",
        pre_election=bool(found.get("pre_election")),
        roles=tuple(found.get("roles") or ()),
    )


def record_statistics(results: list[tuple[Result, str]], source: str) -> None:
    """One CheckStatistic per checked draft (results with an error are not checks)."""
    today = timezone.localdate()
    with transaction.atomic():
        for result, channel in results:
            if result.error is not None:
                continue
            stat = statistic_for(result, channel, today, source)
            row = CheckStatistic.objects.create(
                day=stat["day"],
                channel=stat["channel"],
                verdict=stat["verdict"],
                source=stat["source"],
            )
            CheckedRule.objects.bulk_create(CheckedRule(statistic=row, rule=rule) for rule in stat["rules"])


def check_form(request: Any, data: Any, form_class: type[CheckForm] = CheckForm) -> CheckForm:
    """The check form (or a form built on it) for ``request``'s member, as of now: its
    ``clean()`` fills the draft's context from the register at this moment."""
    now = timezone.now()
    return form_class(data, member_context=partial(member_context, request.user, now), sent_at=now)
