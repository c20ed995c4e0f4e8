"""``councilguard check --batch``: one Draft JSON per line in, one Result JSON per line out.

Results come out in the order of the lines. A line that cannot be checked gets its own
``error`` Result and the rest go on; the exit status is then 1 (not every draft is
fine), 2 being only for bad usage.

A batch longer than one chunk is checked by a pool of processes, one per core unless
``--processes`` says otherwise: the checker is CPU-bound Python, so a second process is
the only way to use a second core. Each worker loads its own checker (about a second);
a short batch is checked in this process and pays for none of that. As in ``scan``,
workers are started with "spawn", ignore Ctrl-C (the main process stops and the pool is
shut down) and end by themselves if the main process is killed outright.
"""

from __future__ import annotations

import codecs
import multiprocessing
import signal
import sys
from collections import deque
from collections.abc import Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any

from ..checker.draft import Draft, DraftError, json_line, parse_json
from ..processes import default_processes, exit_when_orphaned
from .errors import EXIT_FINDINGS, EXIT_OK, BadInput
from .main import MAX_INPUT_BYTES

# Lines sent to a worker at a time: enough that the hand-over costs nothing beside the
# checks (a post takes about 10 ms), few enough that both cores finish together.
CHUNK = 64
# Chunks queued per worker: one being checked, one waiting.
IN_FLIGHT_PER_WORKER = 2

Line = tuple[int, bytes]  # (line number, the raw line)
Checked = tuple[dict[str, Any], int]  # a line's Result, as a dict, and its exit status


def lines(source: str) -> Iterator[Line]:
    """The batch's non-blank lines, numbered from 1 as an editor numbers them."""
    try:
        handle = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
    except FileNotFoundError:
        raise BadInput(f"{source}: no such file") from None
    except OSError as exc:
        raise BadInput(f"{source}: cannot be read ({exc.strerror})") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if number == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]  # Windows editors start UTF-8 files with one
            if line.strip():
                yield number, line


def check_line(checker, number: int, raw: bytes) -> Checked:  # noqa: ANN001
    """One line's Result (as a dict) and its exit status."""
    from ..checker.result import Result

    draft_id = None
    try:
        if len(raw) > MAX_INPUT_BYTES:
            raise DraftError("text", f"line is longer than {MAX_INPUT_BYTES:,} bytes")
        draft = Draft.from_json(raw)
        draft_id = draft.id
        result = checker.check(draft)
        return result.to_dict(), EXIT_OK if result.verdict == "ok" else EXIT_FINDINGS
    except DraftError as exc:
        problem = f"line {number}: {exc}"
    except Exception as exc:  # noqa: BLE001 - one draft must never end the batch
        problem = f"line {number}: could not be checked ({type(exc).__name__})"
    failed = Result.failed(draft_id or id_from_raw(raw), problem, checker.protocol.id)
    return failed.to_dict(), EXIT_FINDINGS


def id_from_raw(raw: bytes) -> str | None:
    """Echo a malformed draft's id when it can be read at all."""
    try:
        obj = parse_json(raw.decode("utf-8"))
    except (UnicodeDecodeError, DraftError):
        return None
    draft_id = obj.get("id") if isinstance(obj, dict) else None
    if isinstance(draft_id, bool) or not isinstance(draft_id, str | int):
        return None
    try:
        return str(draft_id).encode("utf-8").decode("utf-8")
    except UnicodeEncodeError:
        return None  # a lone surrogate cannot be written out


# --- the pool --------------------------------------------------------------------------------

_WORKER_CHECKER = None


def _start_worker(protocol: str, rules: list[str] | None) -> None:
    global _WORKER_CHECKER
    from ..checker.engine import Checker

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_when_orphaned()
    _WORKER_CHECKER = Checker(protocol, rules=rules)


def _check_chunk(chunk: list[Line]) -> list[Checked]:
    assert _WORKER_CHECKER is not None, "worker started without its checker"
    return [check_line(_WORKER_CHECKER, number, raw) for number, raw in chunk]


def _lost(checker, chunk: list[Line]) -> list[Checked]:  # noqa: ANN001
    """Results for a chunk whose worker died (the OOM killer, a crash in a library)."""
    from ..checker.result import Result

    problem = "could not be checked (its worker process ended)"
    return [
        (Result.failed(id_from_raw(raw), f"line {number}: {problem}", checker.protocol.id).to_dict(), EXIT_FINDINGS)
        for number, raw in chunk
    ]


def _pooled(  # noqa: ANN001
    checker, chunks: Iterator[list[Line]], processes: int, protocol: str, rules: list[str] | None
) -> Generator[Checked, None, None]:
    """Each chunk checked by a worker, the results yielded in the order of the lines."""
    window: deque[tuple[list[Line], Future | None]] = deque()
    with ProcessPoolExecutor(
        max_workers=processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(protocol, rules),
    ) as pool:
        broken = False
        for chunk in chunks:
            # Once a worker has died the pool takes no more work: what is left is reported lost.
            window.append((chunk, None if broken else pool.submit(_check_chunk, chunk)))
            while len(window) >= processes * IN_FLIGHT_PER_WORKER:
                broken = (yield from _first(checker, window)) or broken
        while window:
            broken = (yield from _first(checker, window)) or broken


def _first(checker, window: deque[tuple[list[Line], Future | None]]) -> Generator[Checked, None, bool]:  # noqa: ANN001
    """Yield the oldest chunk's results, in order; returns whether the pool has broken."""
    chunk, future = window.popleft()
    if future is None:
        yield from _lost(checker, chunk)
        return True
    try:
        results = future.result()
    except BrokenProcessPool:
        yield from _lost(checker, chunk)
        return True
    yield from results
    return False


def run(checker, source: str, processes: int | None, protocol: str, rules: list[str] | None, out=None) -> int:  # noqa: ANN001
    """Check every line of ``source`` and write the Results; returns the exit status."""
    out = out or sys.stdout
    numbered = lines(source)
    chunks = iter(lambda: list(islice(numbered, CHUNK)), [])
    first = next(chunks, [])
    second = next(chunks, [])
    processes = processes or default_processes()
    if not second or processes == 1:
        every = _chained(first, second, chunks)
        results: Iterator[Checked] = (check_line(checker, n, raw) for chunk in every for n, raw in chunk)
    else:
        results = _pooled(checker, _chained(first, second, chunks), processes, protocol, rules)
    worst = EXIT_OK
    for result, status in results:
        worst = max(worst, status)
        out.write(json_line(result) + "\n")
    out.flush()
    return worst


def _chained(first: list[Line], second: list[Line], rest: Iterator[list[Line]]) -> Iterator[list[Line]]:
    yield first
    yield second
    yield from rest
