"""Votes on a motion: recorded (each member's vote) or counts only, and the result.

The result always follows from the votes (it is never typed): carried when more vote for
than against, lost otherwise, and on a tie the chair's casting vote decides if one was
given. A substitute votes in their own name (for the member they replace): the voter must
be at the meeting, and there cannot be more votes than members present.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

FOR, AGAINST, ABSTAIN, DID_NOT_VOTE = "for", "against", "abstain", "did_not_vote"
OPTIONS = {FOR: "For", AGAINST: "Against", ABSTAIN: "Abstain", DID_NOT_VOTE: "Did not vote"}


@dataclass(frozen=True)
class VoteTally:
    votes_for: int
    votes_against: int
    abstentions: int = 0
    casting_vote: str | None = None  # FOR or AGAINST: the chair's, on a tie

    @property
    def cast(self) -> int:
        return self.votes_for + self.votes_against + self.abstentions

    @property
    def carried(self) -> bool:
        if self.votes_for == self.votes_against:
            return self.casting_vote == FOR
        return self.votes_for > self.votes_against

    @property
    def result(self) -> str:
        return "carried" if self.carried else "lost"

    def sentence(self) -> str:
        """As minutes put it: 'carried by 10 votes to 1 against' (abstentions after)."""
        noun = "vote" if self.votes_for == 1 else "votes"
        text = f"{self.result} by {self.votes_for} {noun} to {self.votes_against} against"
        if self.abstentions:
            text += f", with {self.abstentions} abstention{'s' if self.abstentions != 1 else ''}"
        if self.votes_for == self.votes_against and self.casting_vote in (FOR, AGAINST):
            text += f", on the Chairman's casting vote {'for' if self.casting_vote == FOR else 'against'}"
        return text


def tally_from_recorded(votes: Mapping[Any, str], casting_vote: str | None = None) -> VoteTally:
    counts = Counter(votes.values())
    return VoteTally(counts[FOR], counts[AGAINST], counts[ABSTAIN], casting_vote)


def vote_problems(
    tally: VoteTally,
    present: int,
    *,
    recorded: Mapping[Any, str] | None = None,
    attending: Iterable[object] = (),
    names: Mapping[Any, str] | None = None,
) -> list[str]:
    """What is wrong with a vote; empty when it can be saved.

    ``present`` is how many members (substitutes included) were at the meeting; for a
    recorded vote, ``recorded`` maps each voter to their option and ``attending`` names
    who was there.
    """
    names = names or {}
    problems: list[str] = []
    if min(tally.votes_for, tally.votes_against, tally.abstentions) < 0:
        problems.append("Votes cannot be fewer than none")
    if tally.casting_vote not in (None, FOR, AGAINST):
        problems.append("A casting vote is for or against")
    if tally.casting_vote and tally.votes_for != tally.votes_against:
        problems.append("The Chairman has a casting vote only when the votes are tied")
    if recorded is not None:
        there = set(attending)
        for voter, option in recorded.items():
            if option not in OPTIONS:
                problems.append(f"Choose for, against, abstain or did not vote for {names.get(voter, voter)}")
            if voter not in there:
                problems.append(f"{names.get(voter, voter)} was not at the meeting, so cannot vote")
    if tally.cast > present:
        problems.append(
            f"{tally.cast} votes were cast but only {present} member{'s were' if present != 1 else ' was'} "
            "present: check the totals"
        )
    if tally.cast == 0 and not problems:
        problems.append("Record at least one vote, or the counts")
    return problems
