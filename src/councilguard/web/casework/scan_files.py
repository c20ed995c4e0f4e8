"""Where a complaint's uploads and scan reports are kept, and how they are read back.

Every scan has its own folder, named from database ids only (never from anything a user
typed), under COUNCILGUARD_COMPLAINTS_DIR (default var/complaints/):

    complaint-<id>/scan-<id>/uploads/   the archives as uploaded, renamed safely
    complaint-<id>/scan-<id>/report/    the scanner's journal and report files

The folders are private to the server's user; the files are served only through a view
that checks who is asking.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename

# The report files a scan writes, how each is served, and what the page calls it.
REPORT_FILES: dict[str, dict[str, str]] = {
    "report.html": {"type": "text/html; charset=utf-8", "label": "Report (web page)"},
    "findings.csv": {"type": "text/csv; charset=utf-8", "label": "Findings (CSV)"},
    "findings.jsonl": {"type": "application/x-ndjson; charset=utf-8", "label": "Findings (JSONL)"},
    "skipped.csv": {"type": "text/csv; charset=utf-8", "label": "Skipped items (CSV)"},
}
SKIPPED_SHOWN = 50


def complaints_root() -> Path:
    return Path(settings.COUNCILGUARD_COMPLAINTS_DIR)


def scan_dir(complaint_id: int, scan_id: int) -> Path:
    return complaints_root() / f"complaint-{int(complaint_id)}" / f"scan-{int(scan_id)}"


def uploads_dir(complaint_id: int, scan_id: int) -> Path:
    return scan_dir(complaint_id, scan_id) / "uploads"


def report_dir(complaint_id: int, scan_id: int) -> Path:
    return scan_dir(complaint_id, scan_id) / "report"


def _private_dir(path: Path) -> Path:
    # Members' mail is personal data: only the server's own user may read these folders.
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    for folder in (path, *path.parents):
        if folder == complaints_root().parent:
            break
        os.chmod(folder, 0o700)
    return path


def stored_name(original: str, index: int) -> str:
    """A safe file name that keeps the extension (the scanner reads formats by it) and is
    unique within the scan: ``03-Sent_Items.mbox``."""
    base = Path(original.replace("\\", "/")).name or "upload"
    try:
        safe = get_valid_filename(base)
    except Exception:  # noqa: BLE001 - Django refuses names such as "..": use a plain one
        safe = "upload"
    stem, suffix = os.path.splitext(safe)
    return f"{index:02d}-{stem[:80] or 'upload'}{suffix[:12].lower()}"


def store_uploads(complaint_id: int, scan_id: int, files: Iterable[UploadedFile]) -> list[dict]:
    """Keep the uploads in the scan's folder; return what the ArchiveScan row records."""
    folder = _private_dir(uploads_dir(complaint_id, scan_id))
    stored = []
    for index, upload in enumerate(files, start=1):
        name = stored_name(upload.name or "", index)
        target = folder / name
        temporary = getattr(upload, "temporary_file_path", None)
        if temporary is not None:
            # Already on disk (TemporaryFileUploadHandler): move it, do not copy 200 MB.
            shutil.move(temporary(), target)
        else:
            with target.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
        os.chmod(target, 0o600)
        stored.append({"name": upload.name or name, "stored": name, "size": upload.size or 0})
    return stored


def remove_scan(complaint_id: int, scan_id: int) -> None:
    shutil.rmtree(scan_dir(complaint_id, scan_id), ignore_errors=True)


def source_paths(complaint_id: int, scan_id: int, files: list[dict]) -> list[Path]:
    folder = uploads_dir(complaint_id, scan_id)
    return [folder / Path(f["stored"]).name for f in files]


def report_path(complaint_id: int, scan_id: int, name: str) -> Path | None:
    """The report file ``name`` if it is one of the known files and exists, else None."""
    if name not in REPORT_FILES:
        return None
    path = report_dir(complaint_id, scan_id) / name
    return path if path.is_file() else None


def skipped_items(complaint_id: int, scan_id: int, files: list[dict]) -> list[dict[str, Any]]:
    """The first skipped items, each named by the file the officer uploaded."""
    path = report_path(complaint_id, scan_id, "skipped.csv")
    if path is None:
        return []
    originals = {f["stored"]: f["name"] for f in files}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(islice(csv.DictReader(handle), SKIPPED_SHOWN))
    items = []
    for row in rows:
        stored = Path(row.get("archive") or "").name
        where = row.get("locator") or ""
        for name, original in originals.items():
            where = where.replace(name, original)
        items.append(
            {
                "file": originals.get(stored, stored),
                "where": "the whole file" if where == "archive" else where,
                "status": row.get("status", ""),
                "reason": reason_for_the_web(row.get("reason") or ""),
            }
        )
    return items


# The scanner's reasons are written for its command line; on the web page the officer
# has the upload form's options instead of --format and --map.
_CLI_HINTS = (
    (re.compile(r"\s*\(use --format; formats: [^)]*\)"), " (it is not a mailbox, saved e-mail, "
     "Outlook message, X or Facebook download, CSV or JSON Lines file)"),
    (re.compile(r"map one with --map text=COLUMN"),
     "name it in the column mapping under “More options”, e.g. text=COLUMN"),
    (re.compile(r"--map\b"), "the column mapping"),
)  # fmt: skip


def reason_for_the_web(reason: str) -> str:
    for pattern, replacement in _CLI_HINTS:
        reason = pattern.sub(replacement, reason)
    return reason
