"""The local engine: a pool of processes on this machine.

Processes are started with "spawn", not "fork": the scan may be started from a web
application's thread, and forking a process that has threads can deadlock. Each
worker ignores Ctrl-C, so the keypress reaches only the scan's main process, which
stops handing out work and keeps what is finished; the workers are then shut down. A
worker whose scan was killed outright exits by itself (``processes.exit_when_orphaned``),
and multiprocessing's resource tracker follows once the last worker has gone.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from ...processes import default_processes, exit_when_orphaned
from ..items import RawItem
from ..scan_options import ScanSettings
from ..worker import MessageChecker

# Batches queued per worker: one being checked, one waiting, so no worker idles while
# the main process cuts the next batch, and no more than that is held in memory.
IN_FLIGHT_PER_WORKER = 2

_WORKER: MessageChecker | None = None


def _start_worker(settings: ScanSettings) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A scan killed outright (kill -9, the OOM killer) cannot shut its pool down.
    exit_when_orphaned()
    _WORKER = MessageChecker(settings, owns_process=True)


def _process(batch: list[RawItem]) -> list[dict[str, Any]]:
    assert _WORKER is not None, "worker started without its checker"
    return _WORKER.process(batch)


class LocalEngine:
    name = "local"

    def __init__(self, settings: ScanSettings, processes: int | None = None):
        self.settings = settings
        self.processes = processes or default_processes()
        self._pool: ProcessPoolExecutor | None = None
        self._inline: MessageChecker | None = None
        self._pending: set[Future] = set()

    @property
    def workers(self) -> int:
        return self.processes

    def __enter__(self) -> LocalEngine:
        if self.processes == 1:
            self._inline = MessageChecker(self.settings)
        else:
            self._pool = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.settings,),
            )
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if self._pool is not None:
            # On an interruption or error, queued batches are dropped: their messages
            # are not in the journal, so a resumed scan checks them.
            self._pool.shutdown(wait=exc_type is None, cancel_futures=True)
            self._pool = None

    def map_unordered(self, batches: Iterable[list[RawItem]]) -> Iterator[list[dict[str, Any]]]:
        if self._inline is not None:
            for batch in batches:
                yield self._inline.process(batch)
            return
        assert self._pool is not None, "use the engine in a with block"
        window = self.processes * IN_FLIGHT_PER_WORKER
        pending = self._pending
        for batch in batches:
            pending.add(self._pool.submit(_process, batch))
            while len(pending) >= window:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    pending.discard(future)
                    yield future.result()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                pending.discard(future)
                yield future.result()
