"""The daily duties: enqueued by the workers once a day at COUNCILGUARD_DAILY_DUTIES_AT,
the Service Desk's deadlines on working days only; and a dead worker's task handed back."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from councilguard.web.worker import liveness, schedule
from councilguard.web.worker.models import DailyRun, Worker

from .task_workers import DATABASE_BACKEND

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TUESDAY = datetime(2026, 12, 1, tzinfo=LONDON)
SATURDAY = datetime(2026, 12, 5, tzinfo=LONDON)
CHRISTMAS = datetime(2026, 12, 25, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def queue(settings):
    settings.TASKS = DATABASE_BACKEND
    settings.COUNCILGUARD_DAILY_DUTIES_AT = time(7, 30)
    return settings


def _queued() -> list[str]:
    return sorted(DBTaskResult.objects.values_list("task_path", flat=True))


def test_nothing_is_enqueued_before_the_hour():
    assert schedule.enqueue_due(TUESDAY.replace(hour=7, minute=29)) == []
    assert _queued() == []


def test_each_duty_is_enqueued_once_a_day_however_often_the_workers_look():
    at_eight = TUESDAY.replace(hour=8)
    assert schedule.enqueue_due(at_eight) == ["deadlines", "casework_reminders", "casework_retention"]
    assert schedule.enqueue_due(at_eight + timedelta(minutes=1)) == []
    assert schedule.enqueue_due(TUESDAY.replace(hour=23, minute=59)) == []
    assert _queued() == [
        "councilguard.web.worker.tasks.casework_reminders",
        "councilguard.web.worker.tasks.casework_retention",
        "councilguard.web.worker.tasks.deadlines",
    ]
    run = DailyRun.objects.get(duty="deadlines")
    assert run.day == TUESDAY.date() and DBTaskResult.objects.filter(pk=run.task_id).exists()
    # The next morning, the next day's.
    assert len(schedule.enqueue_due(at_eight + timedelta(days=1))) == 3


@pytest.mark.parametrize("day", [SATURDAY, CHRISTMAS], ids=["a Saturday", "Christmas Day"])
def test_the_service_desk_deadlines_wait_for_a_working_day(day):
    assert schedule.enqueue_due(day.replace(hour=9)) == ["casework_reminders", "casework_retention"]


def test_off_leaves_the_duties_to_cron(settings):
    settings.COUNCILGUARD_DAILY_DUTIES_AT = None
    assert schedule.enqueue_due(TUESDAY.replace(hour=12)) == []


def test_a_duty_runs_its_management_command_and_keeps_what_it_printed(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from councilguard.web.worker import tasks

    result = tasks.casework_reminders.enqueue()
    assert result.status == "SUCCESSFUL" and result.return_value == ["0 reminder(s) sent"]


def _claimed_by(worker: Worker) -> DBTaskResult:
    from councilguard.web.worker import tasks

    task_id = tasks.deadlines.enqueue().id
    DBTaskResult.objects.filter(pk=task_id).update(status="RUNNING", worker_ids=[worker.id])
    return DBTaskResult.objects.get(pk=task_id)


def test_the_task_of_a_worker_that_stopped_beating_goes_back_to_the_queue_and_a_live_ones_stays():
    now = timezone.now()
    elsewhere = {"host": "scanner-2.havering.local", "pid": 4242, "started_at": now}
    live = Worker.objects.create(id="scanner-2.havering.local:4242:live", heartbeat_at=now, **elsewhere)
    silent = Worker.objects.create(
        id="scanner-2.havering.local:4242:silent", heartbeat_at=now - liveness.STALE_AFTER - timedelta(seconds=5),
        **elsewhere,
    )  # fmt: skip
    kept, handed = _claimed_by(live), _claimed_by(silent)
    assert liveness.hand_back_abandoned() == 1
    kept.refresh_from_db()
    handed.refresh_from_db()
    assert (kept.status, handed.status) == ("RUNNING", "READY")
    assert list(Worker.objects.values_list("id", flat=True)) == [live.id]
    assert liveness.hand_back_abandoned() == 0  # once


def test_a_worker_taken_for_dead_learns_it_at_its_next_beat():
    worker = liveness.register(liveness.new_worker_id())
    assert liveness.beat(worker.id)
    Worker.objects.filter(pk=worker.id).delete()
    assert not liveness.beat(worker.id)
