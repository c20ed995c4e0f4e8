"""The check page's and the API's use of the checker, inside Django: which checker
(the protocol pack in settings), what the register says about the member, and the
statistics row a check leaves behind."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from councilguard.checker import Checker, Result
from councilguard.checker.protocol import DEFAULT_PACK
from councilguard.web.roles import member_for
from councilguard.web_services import MemberContext, statistic_for

from .models import CheckedRule, CheckStatistic


def protocol_name() -> str:
    return getattr(settings, "COUNCILGUARD_PROTOCOL", DEFAULT_PACK) or DEFAULT_PACK


def checker(sent_at: datetime | None = None) -> Checker:
    """The checker for the protocol version in force when the draft is (or was) sent:
    ``sent_at``, or now. Each version's checker is loaded once per process."""
    from councilguard.web.governance.protocols import checker_on

    return checker_on(sent_at)


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
