"""What a scan reports as it goes (``ScanProgress``) and when it ends (``ScanSummary``).

Their own module so that the runner, which makes them, and the report, which reads the
summary, both import them and not each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class ScanProgress:
    """Passed to the ``progress`` callback after every batch."""

    done: int  # messages with a record (this run and earlier runs)
    total: int | None  # messages expected, when the archives could be counted
    checked: int
    flagged: int  # messages with at least one finding
    skipped: int
    elapsed: float
    rate: float  # messages per second in this run


@dataclass
class ScanSummary:
    output_dir: Path
    sources: list[dict[str, Any]]
    total: int | None
    checked: int = 0
    flagged: int = 0
    findings: int = 0
    findings_by_rule: dict[str, int] = field(default_factory=dict)
    filtered: int = 0
    skipped: int = 0
    errors: int = 0
    resumed: int = 0  # records already in the journal when this run started
    processed: int = 0  # records written by this run
    interrupted: bool = False
    elapsed_seconds: float = 0.0
    engine: str = "local"
    workers: int = 1
    report: dict[str, Path] = field(default_factory=dict)

    @property
    def messages_per_second(self) -> float:
        return self.processed / self.elapsed_seconds if self.elapsed_seconds else 0.0

    @property
    def exit_code(self) -> int:
        """The CLI's status: 1 when any message needs review or must not be sent."""
        return 1 if self.flagged else 0
