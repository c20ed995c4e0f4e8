"""Where the checking runs. Every engine maps batches of raw items to batches of
records, in any order, with a bounded number of batches in flight so memory stays flat
however large the archive; each of its workers builds the checker once.

* ``local``: processes on this machine (one process runs in the scan's own process).
* ``ray``: actors on a Ray cluster (the ``councilguard[cluster]`` extra).
"""

from __future__ import annotations

from typing import Any

from ..scan_options import ScanSettings, ScanUsageError

ENGINES = ("local", "ray")


def make_engine(name: str, settings: ScanSettings, *, processes: int | None, address: str | None) -> Any:
    if name == "local":
        from .local import LocalEngine

        return LocalEngine(settings, processes=processes)
    if name == "ray":
        from .ray_cluster import RayEngine

        return RayEngine(settings, processes=processes, address=address)
    raise ScanUsageError("engine", f"{name!r} is not one of {', '.join(ENGINES)}")
