"""The Ray engine: the same work on a Ray cluster, one actor per CPU, each actor
building the checker (and any models it loads) once.

``address`` is a cluster's address (``ray://head:10001``, ``head:6379``, ``auto``) or
``local`` to start a private Ray instance on this machine (what the tests do). When
the address is a remote cluster, this package's code is shipped with the job, so the
actors run exactly the code (and protocol pack) that the driver runs; the nodes need
the dependencies installed (``pip install councilguard[cluster]``).
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..items import RawItem
from ..scan_options import ScanSettings, ScanUsageError
from ..worker import MessageChecker

IN_FLIGHT_PER_ACTOR = 2


class _CheckerActor:
    def __init__(self, settings: ScanSettings):
        self.worker = MessageChecker(settings, owns_process=True)

    def process(self, batch: list[RawItem]) -> list[dict[str, Any]]:
        return self.worker.process(batch)


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ScanUsageError("engine", "ray needs Ray: pip install 'councilguard[cluster]'") from None
    return ray


class RayEngine:
    name = "ray"

    def __init__(self, settings: ScanSettings, processes: int | None = None, address: str | None = None):
        self.settings = settings
        self.processes = processes
        self.address = address or "local"
        self._ray: Any = None
        self._owns_connection = False
        self._actors: list[Any] = []

    def __enter__(self) -> RayEngine:
        ray = self._ray = _import_ray()
        if not ray.is_initialized():
            options: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.WARNING}
            if self.address == "local":
                ray.init(num_cpus=self.processes or os.cpu_count(), include_dashboard=False, **options)
            else:
                package = Path(__file__).resolve().parents[2]
                try:
                    ray.init(address=self.address, runtime_env={"py_modules": [str(package)]}, **options)
                except (ConnectionError, RuntimeError, ValueError) as exc:
                    raise ScanUsageError("address", f"{self.address}: cannot connect to Ray ({exc})") from None
            self._owns_connection = True
        cpus = int(ray.cluster_resources().get("CPU", 1))
        count = max(1, min(self.processes or cpus, cpus))
        actor_class = ray.remote(num_cpus=1)(_CheckerActor)
        self._actors = [actor_class.remote(self.settings) for _ in range(count)]
        return self

    def __exit__(self, *exc: object) -> None:
        ray = self._ray
        for actor in self._actors:
            ray.kill(actor)
        self._actors = []
        if self._owns_connection:
            ray.shutdown()

    @property
    def workers(self) -> int:
        return len(self._actors)

    def map_unordered(self, batches: Iterable[list[RawItem]]) -> Iterator[list[dict[str, Any]]]:
        ray = self._ray
        # Each actor appears IN_FLIGHT_PER_ACTOR times: a free slot is an actor that can
        # take one more batch without the driver holding more than that in memory.
        free = deque(a for a in self._actors for _ in range(IN_FLIGHT_PER_ACTOR))
        pending: dict[Any, Any] = {}

        def collect() -> Iterator[list[dict[str, Any]]]:
            ready, _ = ray.wait(list(pending), num_returns=1)
            for ref in ready:
                free.append(pending.pop(ref))
                yield ray.get(ref)

        for batch in batches:
            while not free:
                yield from collect()
            actor = free.popleft()
            pending[actor.process.remote(batch)] = actor
        while pending:
            yield from collect()
