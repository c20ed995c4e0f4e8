"""What a check leaves behind: rule ids, the verdict, the channel and the date.

A draft is personal data (it names residents, it is the member's correspondence), so
the statistics keep nothing that could rebuild it: no text, no recipients, no author.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..checker.result import Result


def statistic_for(result: Result, channel: str, on: date, source: str = "web") -> dict[str, Any]:
    return {
        "day": on,
        "channel": channel,
        "verdict": result.verdict,
        "rules": sorted(set(result.rules())),
        "source": source,
    }
