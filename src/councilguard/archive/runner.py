"""``run_scan``: the one entry point for a scan, used by the CLI and the web
application's scan task.

    from councilguard.archive import run_scan, ScanFilters
    summary = run_scan(["sent.mbox"], "out/", processes=4,
                       filters=ScanFilters(senders=("cllr.smith@havering.gov.uk",)))
    summary.report["html"]      # out/report.html

The main process streams each archive through its importer's ``split`` (cheap: it only
cuts the archive into messages), groups the items into small batches and hands them
to the engine, a bounded number at a time; the workers parse and check. Each batch's
records are appended to the journal as it comes back, so a scan stopped at any moment
(Ctrl-C, a ``stop`` callback, a crash) resumes where it was: a message whose key is in
the journal is not checked again.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..checker.draft import ACCOUNTS
from ..checker.protocol import DEFAULT_PACK, load_protocol
from . import importers
from .engines import make_engine
from .importers.tabular import FIELDS, MappingError, parse_mapping
from .items import RawItem, Skipped
from .journal import Journal, read_records
from .report import write_report
from .scan_options import ScanFilters, ScanSettings, ScanUsageError
from .summary import ScanProgress, ScanSummary

JOURNAL = "journal.jsonl"
MANIFEST = "scan.json"
BATCH_ITEMS = 16
BATCH_BYTES = 8 * 1024 * 1024
MANIFEST_VERSION = 1


class _Tally:
    def __init__(self) -> None:
        self.status: Counter[str] = Counter()
        self.flagged = 0
        self.findings = 0
        self.by_rule: Counter[str] = Counter()

    def add(self, record: dict[str, Any]) -> None:
        self.status[record.get("status", "error")] += 1
        if record.get("status") == "checked" and record.get("verdict", "ok") != "ok":
            self.flagged += 1
        for finding in record.get("findings") or []:
            self.findings += 1
            self.by_rule[finding["rule"]] += 1

    @property
    def done(self) -> int:
        return sum(self.status.values())


def _source_entries(sources: Sequence[str | Path], fmt: str | dict[str, str] | None) -> list[dict[str, Any]]:
    entries = []
    for source in sources:
        path = Path(source).expanduser()
        if not path.exists():
            raise ScanUsageError("archives", f"{source}: no such file or folder")
        path = path.resolve()
        chosen = fmt.get(str(source)) if isinstance(fmt, dict) else fmt
        entry: dict[str, Any] = {"path": str(path), "format": chosen, "problem": None}
        if chosen is not None and chosen not in importers.IMPORTERS:
            raise ScanUsageError("format", f"{chosen!r} is not one of {', '.join(importers.IMPORTERS)}")
        if chosen is None:
            try:
                entry["format"] = importers.detect(path)
            except importers.UnknownFormat as exc:
                entry["problem"] = str(exc)
            except OSError as exc:
                entry["problem"] = f"cannot be read ({exc.strerror or exc})"
        stat = path.stat()
        entry["size"] = stat.st_size if path.is_file() else None
        entry["mtime"] = int(stat.st_mtime)
        entries.append(entry)
    return entries


def _check_output_dir(output: Path, manifest: dict[str, Any], restart: bool) -> None:
    manifest_path = output / MANIFEST
    journal_path = output / JOURNAL
    if output.exists() and not output.is_dir():
        raise ScanUsageError("output", f"{output}: is a file, not a folder")
    if restart:
        for name in (JOURNAL, MANIFEST):
            (output / name).unlink(missing_ok=True)
        return
    if journal_path.exists() and manifest_path.exists():
        try:
            earlier = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            earlier = {}
        same = {k: earlier.get(k) for k in ("version", "settings", "sources")} == {
            k: manifest.get(k) for k in ("version", "settings", "sources")
        }
        if not same:
            raise ScanUsageError(
                "output",
                f"{output}: holds a scan of other archives or with other settings; "
                "resume it with the same settings, use another output folder, or start afresh",
            )
    elif journal_path.exists():
        raise ScanUsageError("output", f"{output}: has a journal without {MANIFEST}; start afresh")


def run_scan(
    sources: Sequence[str | Path],
    output_dir: str | Path,
    *,
    engine: str = "local",
    processes: int | None = None,
    address: str | None = None,
    filters: ScanFilters | None = None,
    protocol: str = DEFAULT_PACK,
    format: str | dict[str, str] | None = None,  # noqa: A002 - the CLI's --format
    mapping: str | dict[str, str] | None = None,
    social_account: str = "personal",
    author: str | None = None,
    progress: Callable[[ScanProgress], None] | None = None,
    stop: Callable[[], bool] | None = None,
    restart: bool = False,
    count: bool = True,
    timeline: Sequence[tuple[str, str]] = (),
) -> ScanSummary:
    """Scan archives into ``output_dir``; resumes a scan already there with the same
    sources and settings. Raises ScanUsageError for arguments the caller must fix;
    everything wrong inside an archive is recorded and counted instead."""
    if not sources:
        raise ScanUsageError("archives", "name at least one archive to scan")
    filters = filters or ScanFilters()
    if social_account not in ACCOUNTS:
        raise ScanUsageError("social_account", f"{social_account!r} is not one of {', '.join(ACCOUNTS)}")
    try:
        mapping_dict = parse_mapping(mapping) if isinstance(mapping, str | None) else dict(mapping)
    except MappingError as exc:
        raise ScanUsageError("mapping", str(exc)) from None
    for name in mapping_dict:
        if name not in FIELDS:
            raise ScanUsageError("mapping", f"{name!r} is not a draft field; use one of {', '.join(FIELDS)}")
    pack = load_protocol(protocol)
    if filters.rules is not None:
        unknown = sorted(set(filters.rules) - set(pack.rules))
        if unknown:
            raise ScanUsageError("rules", f"unknown rule {unknown[0]!r}")
    if filters.since and filters.until and filters.since > filters.until:
        raise ScanUsageError("dates", "the start is after the end: no message could match")
    settings = ScanSettings(
        protocol=protocol,
        filters=filters,
        social_account=social_account,
        author=author,
        mapping=tuple(sorted(mapping_dict.items())),
        timeline=tuple((str(day), str(path)) for day, path in timeline),
    )
    for _, path in settings.timeline:
        load_protocol(path)  # a version that does not load fails the scan now, not in a worker
    entries = _source_entries(sources, format)
    output = Path(output_dir).expanduser()
    manifest = {
        "version": MANIFEST_VERSION,
        "settings": settings.describe(),
        "sources": [{k: e[k] for k in ("path", "format", "size", "mtime")} for e in entries],
    }
    _check_output_dir(output, manifest, restart)
    output.mkdir(parents=True, exist_ok=True)
    manifest["started"] = datetime.now(UTC).isoformat(timespec="seconds")
    (output / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")

    tally = _Tally()
    done_keys: set[str] = set()
    for record in read_records(output / JOURNAL):
        if record["key"] not in done_keys:
            done_keys.add(record["key"])
            tally.add(record)
    resumed = len(done_keys)

    total: int | None = None
    if count:
        total = 0
        for entry in entries:
            if entry["problem"] is None:
                # A damaged archive is not counted here: its split records what is wrong.
                with contextlib.suppress(Exception):
                    # An empty archive still gets one record, saying it was empty.
                    total += importers.IMPORTERS[entry["format"]].count(Path(entry["path"])) or 1
            else:
                total += 1  # the record saying why the archive could not be read

    summary = ScanSummary(output_dir=output, sources=entries, total=total, resumed=resumed, engine=engine)
    journal = Journal(output / JOURNAL).open()
    started = time.monotonic()

    def record_direct(records: list[dict[str, Any]]) -> None:
        journal.write(records)
        for record in records:
            tally.add(record)
            done_keys.add(record["key"])

    def batches() -> Iterator[list[RawItem]]:
        batch: list[RawItem] = []
        size = 0
        for item in _stream(entries, done_keys, record_direct):
            if stop is not None and stop():
                break
            batch.append(item)
            size += item.size
            if len(batch) >= BATCH_ITEMS or size >= BATCH_BYTES:
                yield batch
                batch, size = [], 0
        if batch:
            yield batch

    def report_progress() -> None:
        if progress is not None:
            elapsed = time.monotonic() - started
            progress(
                ScanProgress(
                    done=tally.done,
                    total=total,
                    checked=tally.status["checked"],
                    flagged=tally.flagged,
                    skipped=tally.status["skipped"] + tally.status["error"],
                    elapsed=elapsed,
                    rate=(tally.done - resumed) / elapsed if elapsed else 0.0,
                )
            )

    runner = make_engine(engine, settings, processes=processes, address=address)
    try:
        with runner:
            summary.workers = runner.workers
            report_progress()
            for records in runner.map_unordered(batches()):
                record_direct(records)
                report_progress()
                if stop is not None and stop():
                    summary.interrupted = True
                    break
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        journal.close()
    if stop is not None and stop():
        summary.interrupted = True
    summary.elapsed_seconds = time.monotonic() - started
    summary.processed = tally.done - resumed
    summary.checked = tally.status["checked"]
    summary.filtered = tally.status["filtered"]
    summary.skipped = tally.status["skipped"]
    summary.errors = tally.status["error"]
    summary.flagged = tally.flagged
    summary.findings = tally.findings
    summary.findings_by_rule = dict(tally.by_rule.most_common())

    summary.report = write_report(output, pack, manifest, summary)
    return summary


def _stream(
    entries: list[dict[str, Any]],
    done_keys: set[str],
    record: Callable[[list[dict[str, Any]]], None],
) -> Iterator[RawItem]:
    """Every archive's messages in order, each numbered (``seq``) for the report, less
    those already in the journal. What is not a message (an unreadable archive, a damaged
    part of one, an empty one) is recorded here with its reason and not yielded."""
    seq = 0

    def skip(key: str, entry: dict[str, Any], locator: str, reason: str) -> None:
        if key not in done_keys:
            fmt = entry["format"] or "unknown"
            record([_skipped_record(Skipped(key, entry["path"], fmt, locator, reason), seq)])

    for entry in entries:
        path = entry["path"]
        if entry["problem"] is not None:
            seq += 1
            skip(f"{path}#archive", entry, "archive", entry["problem"])
            continue
        produced = 0
        splitter = importers.IMPORTERS[entry["format"]].split(Path(path))
        while True:
            try:
                item = next(splitter)
            except StopIteration:
                break
            except Exception as exc:  # noqa: BLE001 - a damaged archive: record it, go on
                seq += 1
                reason = f"archive damaged after {produced} messages: {type(exc).__name__}: {exc}"
                skip(f"{path}#damaged", entry, "archive", reason)
                break
            seq += 1
            produced += 1
            item.seq = seq
            if item.key in done_keys:
                continue
            if isinstance(item, Skipped):
                record([_skipped_record(item, seq)])
            else:
                yield item
        if produced == 0:
            seq += 1
            skip(f"{path}#empty", entry, "archive", "no messages in this archive")


def _skipped_record(skip: Skipped, seq: int) -> dict[str, Any]:
    return {
        "key": skip.key,
        "seq": seq,
        "archive": skip.archive,
        "format": skip.format,
        "locator": skip.locator,
        "status": "skipped",
        "reason": skip.reason,
        "notes": [],
    }
