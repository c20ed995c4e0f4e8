"""Which workers are alive, and handing a dead worker's task to the next one.

django-tasks' database backend marks a task RUNNING when a worker claims it and leaves it
so for ever if that worker is killed (kill -9, the OOM killer, a power cut). Every worker
here registers itself (``Worker``) and beats every HEARTBEAT_SECONDS; any worker that looks
(at start-up and every minute) puts the running task of a dead one back to READY, and the
next free worker runs it again. So every task in this project must be safe to run twice:
a scan resumes from its journal, each duty records what it has sent.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from councilguard.web.worker.models import Worker

HOST = socket.gethostname()[:40]
HEARTBEAT_SECONDS = 15.0
# Six missed heartbeats: a worker elsewhere (or frozen here) this long is taken for dead.
STALE_AFTER = timedelta(seconds=90)
RUNNING, READY = TaskResultStatus.RUNNING, TaskResultStatus.READY


def new_worker_id() -> str:
    return f"{HOST}:{os.getpid()}:{secrets.token_hex(4)}"


def register(worker_id: str) -> Worker:
    now = timezone.now()
    return Worker.objects.create(id=worker_id, host=HOST, pid=os.getpid(), started_at=now, heartbeat_at=now)


def beat(worker_id: str) -> bool:
    """Say this worker is alive; False when its row is gone (another worker took it for
    dead and handed its task on), so this one must stop before it runs that task twice."""
    return bool(Worker.objects.filter(pk=worker_id).update(heartbeat_at=timezone.now()))


def unregister(worker_id: str) -> None:
    Worker.objects.filter(pk=worker_id).delete()


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False


def is_dead(worker: Worker, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    if worker.host == HOST and worker.pid != os.getpid() and _process_gone(worker.pid):
        return True
    return now - worker.heartbeat_at > STALE_AFTER


def is_alive(worker_id: str) -> bool:
    worker = Worker.objects.filter(pk=worker_id).first()
    return worker is not None and not is_dead(worker)


def any_alive() -> bool:
    return any(not is_dead(w) for w in Worker.objects.filter(heartbeat_at__gte=timezone.now() - STALE_AFTER))


def hand_back_abandoned(now: datetime | None = None) -> int:
    """Put the running tasks of dead workers back in the queue; returns how many."""
    dead = {w.id for w in Worker.objects.all() if is_dead(w, now)}
    if not dead:
        return 0
    handed = 0
    with transaction.atomic():
        for result in DBTaskResult.objects.filter(status=RUNNING).only("pk", "worker_ids"):
            if result.worker_ids and result.worker_ids[-1] in dead:
                # Conditional, so two workers looking at once hand it back once.
                handed += DBTaskResult.objects.filter(pk=result.pk, status=RUNNING).update(
                    status=READY, started_at=None
                )
        Worker.objects.filter(pk__in=dead).delete()
    return handed
