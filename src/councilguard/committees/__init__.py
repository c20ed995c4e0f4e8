"""Committee records as plain rules, with no web framework: who may attend and substitute,
who may declare an interest, how a vote's result follows from its votes, and whom an
election's pre-election period concerns.

The register (``councilguard.web.register``) keeps the records and calls these rules
before it saves anything; every rule returns the problems in the service's own words, so
the same sentence reaches the form and the tests.
"""

from .attendance import AttendanceLine, attendance_problems, declaration_problems
from .elections import ElectionArea, notice_of_election, pre_election_applies
from .votes import VoteTally, tally_from_recorded, vote_problems

__all__ = [
    "AttendanceLine",
    "ElectionArea",
    "VoteTally",
    "attendance_problems",
    "declaration_problems",
    "notice_of_election",
    "pre_election_applies",
    "tally_from_recorded",
    "vote_problems",
]
