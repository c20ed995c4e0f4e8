"""The checker: framework-free (a test fails if it imports Django).

from councilguard.checker import check
check({"text": "Vote Labour on Thursday!", "channel": "email"}).verdict
"""

from .draft import Draft, DraftError
from .engine import Checker, check, default_checker
from .protocol import Protocol, ProtocolError, load_protocol
from .result import Finding, Result, Span

__all__ = [
    "Checker", "Draft", "DraftError", "Finding", "Protocol", "ProtocolError", "Result", "Span",
    "check", "default_checker", "load_protocol",
]  # fmt: skip
