"""What the web pages and the API need from the checker, without Django.

    context = MemberContext(committees=["Planning Committee"], bio="Cllr for West Ward")
    draft = fill_context({"text": text, "channel": "social"}, context)
    report = build_report(default_checker().check(draft), draft["text"], protocol)

The Django apps (checks, casework, api) turn requests into these calls and render the
view-models; everything here is plain Python with plain tests (and a test that it never
imports Django), so the rules of what a page shows are testable without a browser or a
database. Forms are Django's: the check form builds its Draft in ``CheckForm.clean()``.
"""

from .drafting import MemberContext, fill_context
from .redaction import PERSONAL_DATA_RULES, personal_data_findings, remove_personal_data
from .report import CheckReport, ClauseQuote, FindingView, Segment, build_report, segments_for
from .statistics import statistic_for

__all__ = [
    "CheckReport", "ClauseQuote", "FindingView", "MemberContext",
    "PERSONAL_DATA_RULES", "Segment", "build_report", "fill_context",
    "personal_data_findings", "remove_personal_data", "segments_for", "statistic_for",
]  # fmt: skip
