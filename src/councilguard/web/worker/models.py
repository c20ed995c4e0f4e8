"""The task workers that are running, and the daily duties already enqueued."""

from __future__ import annotations

from django.db import models


class Worker(models.Model):
    """A ``councilguard worker`` process, while it runs (it deletes its row when it stops).

    A row whose process has gone on this host, or whose heartbeat is older than
    ``liveness.STALE_AFTER`` (a worker elsewhere, or a frozen one), is a dead worker:
    the next worker to look hands its running task back to the queue."""

    # host:pid:token, the id the database backend records on each task the worker claims
    id = models.CharField(primary_key=True, max_length=64)
    host = models.CharField(max_length=64)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    heartbeat_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return self.id


class DailyRun(models.Model):
    """One daily duty enqueued for one day: the unique pair makes it once a day, however
    many workers look at the schedule at the same moment."""

    duty = models.CharField(max_length=40)
    day = models.DateField()
    task_id = models.CharField(max_length=64)
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "duty"]
        constraints = [models.UniqueConstraint(fields=["duty", "day"], name="one_run_of_a_duty_a_day")]

    def __str__(self) -> str:
        return f"{self.duty} on {self.day}"
