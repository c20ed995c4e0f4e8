"""What the web pages and the API need from the checker, without Django.

    context = MemberContext(committees=["Planning Committee"], bio="Cllr for West Ward")
    draft = draft_from_form(form_fields, context, sent_at=now)
    report = build_report(default_checker().check(draft), draft["text"], protocol)

The Django apps (checks, casework, api) turn requests into these calls and render the
view-models; everything here is plain Python with plain tests, so the rules of what a
page shows are testable without a browser or a database.
"""

from .drafting import FormError, MemberContext, draft_from_form, fill_context
from .redaction import PERSONAL_DATA_RULES, personal_data_findings, remove_personal_data
from .report import CheckReport, ClauseQuote, FindingView, Segment, build_report, segments_for
from .statistics import statistic_for

__all__ = [
    "CheckReport", "ClauseQuote", "FindingView", "FormError", "MemberContext",
    "PERSONAL_DATA_RULES", "Segment", "build_report", "draft_from_form", "fill_context",
    "personal_data_findings", "remove_personal_data", "segments_for", "statistic_for",
]  # fmt: skip
