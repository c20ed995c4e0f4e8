"""The daily duties, enqueued by the workers once a day at COUNCILGUARD_DAILY_DUTIES_AT.

Every worker looks every minute; the first to look after the hour enqueues the day's
duties, and the unique (duty, day) row keeps every other from doing it again. A worker
that starts late in the day enqueues them then. A day when no worker ran at all is not
made up: each duty looks at everything due or overdue, so the next run catches up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks.base import Task

from councilguard.calendar.workdays import is_working_day

from . import tasks
from .models import DailyRun


@dataclass(frozen=True)
class Duty:
    name: str
    task: Task
    working_days_only: bool


DUTIES = (
    # The Service Desk's reminders go on working mornings (weekends and bank holidays off).
    Duty("deadlines", tasks.deadlines, working_days_only=True),
    Duty("casework_reminders", tasks.casework_reminders, working_days_only=False),
    Duty("casework_retention", tasks.casework_retention, working_days_only=False),
)


def enqueue_due(now: datetime | None = None) -> list[str]:
    """Enqueue the duties due by ``now`` and not yet enqueued today; their names."""
    at = settings.COUNCILGUARD_DAILY_DUTIES_AT
    local = timezone.localtime(now)
    if at is None or local.time() < at:
        return []
    day = local.date()
    enqueued = []
    for duty in DUTIES:
        if duty.working_days_only and not is_working_day(day):
            continue
        if DailyRun.objects.filter(duty=duty.name, day=day).exists():
            continue
        try:
            with transaction.atomic():
                run = DailyRun.objects.create(duty=duty.name, day=day)
                # In the same transaction: the task and the record of it exist together.
                run.task_id = str(duty.task.enqueue().id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another worker enqueued it a moment ago
        enqueued.append(duty.name)
    return enqueued
