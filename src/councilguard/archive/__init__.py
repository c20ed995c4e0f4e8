"""Archive scans: import mailboxes and social media exports, check every message, and
write a report. Plain Python (no Django), so the web application's background job and
the ``councilguard scan`` command share one API:

    from councilguard.archive import run_scan, ScanFilters
    summary = run_scan(["mail.mbox"], "scan-out", processes=2)
"""

from .runner import run_scan
from .scan_options import ScanFilters, ScanSettings, ScanUsageError, parse_day_or_time
from .summary import ScanProgress, ScanSummary

__all__ = [
    "ScanFilters", "ScanProgress", "ScanSettings", "ScanSummary", "ScanUsageError",
    "parse_day_or_time", "run_scan",
]  # fmt: skip
