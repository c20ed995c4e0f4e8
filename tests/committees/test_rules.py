"""The committee rules with no web framework: substitutes, declarations, votes, elections."""

from __future__ import annotations

from datetime import date

from councilguard.committees import (
    AttendanceLine,
    ElectionArea,
    VoteTally,
    attendance_problems,
    declaration_problems,
    notice_of_election,
    pre_election_applies,
    tally_from_recorded,
    vote_problems,
)
from councilguard.web.register.workdays import pre_election_start

CON, RES = "Conservative Group", "Residents' Group"
COMMITTEE = {"ramsey": CON, "mugglestone": RES, "white": CON}
GROUPS = {**COMMITTEE, "themistocli": CON, "middleton": RES, "durant": "Independent Residents Group"}


def lines(*rows: tuple) -> list[AttendanceLine]:
    return [AttendanceLine(*row) for row in rows]


class TestSubstitutes:
    def test_the_seeds_attendance_is_valid(self):
        seed = lines(
            ("white", "present"),
            ("ramsey", "apologies"),
            ("mugglestone", "apologies"),
            ("themistocli", "substitute", "ramsey"),
            ("middleton", "substitute", "mugglestone"),
        )
        assert attendance_problems(seed, COMMITTEE, GROUPS) == []

    def test_a_member_cannot_substitute_for_herself(self):
        problems = attendance_problems(lines(("ramsey", "substitute", "ramsey")), COMMITTEE, GROUPS)
        assert problems == ["ramsey cannot substitute for themselves"]

    def test_a_member_present_cannot_be_substituted(self):
        problems = attendance_problems(
            lines(("ramsey", "present"), ("themistocli", "substitute", "ramsey")), COMMITTEE, GROUPS
        )
        assert problems == ["ramsey is present, so cannot be substituted"]

    def test_a_substitute_comes_from_the_same_group(self):
        problems = attendance_problems(
            lines(("mugglestone", "apologies"), ("themistocli", "substitute", "mugglestone")), COMMITTEE, GROUPS
        )
        assert problems == [
            "themistocli (Conservative Group) cannot substitute for mugglestone (Residents' Group): "
            "choose a member of the same group"
        ]

    def test_a_member_of_the_committee_cannot_also_be_a_substitute_on_it(self):
        problems = attendance_problems(
            lines(("ramsey", "apologies"), ("white", "substitute", "ramsey")), COMMITTEE, GROUPS
        )
        assert problems == ["white already sits on this committee, so cannot be a substitute on it"]

    def test_someone_not_on_the_committee_is_present_only_as_a_substitute(self):
        problems = attendance_problems(lines(("durant", "present")), COMMITTEE, GROUPS, {"durant": "David Durant"})
        assert problems == [
            "David Durant does not sit on this committee: record them as a substitute for a member, or not at all"
        ]

    def test_a_member_has_one_substitute_at_most(self):
        problems = attendance_problems(
            lines(("ramsey", "apologies"), ("themistocli", "substitute", "ramsey"), ("x", "substitute", "ramsey")),
            COMMITTEE,
            {**GROUPS, "x": CON},
        )
        assert "ramsey has more than one substitute: a member is replaced by one substitute" in problems

    def test_only_a_substitute_is_in_place_of_someone(self):
        problems = attendance_problems(lines(("white", "present", "ramsey")), COMMITTEE, GROUPS)
        assert problems == ["white is not recorded as a substitute, so cannot be in place of anyone"]


class TestDeclarations:
    def test_a_member_present_may_declare(self):
        assert declaration_problems("white", "pecuniary", "present") == []

    def test_a_member_who_was_absent_cannot_declare(self):
        assert declaration_problems("ramsey", "registrable", "absent", "Roger Ramsey") == [
            "Roger Ramsey was absent, so cannot declare an interest at this meeting"
        ]

    def test_a_declaration_names_a_known_kind(self):
        assert declaration_problems("white", "gift", "substitute") == ["Select the kind of interest"]


class TestVotes:
    def test_the_seeds_vote_is_carried_by_ten_to_one(self):
        votes = {f"m{i}": "for" for i in range(10)} | {"durant": "against"}
        tally = tally_from_recorded(votes)
        assert tally == VoteTally(10, 1, 0)
        assert tally.sentence() == "carried by 10 votes to 1 against"
        assert vote_problems(tally, 11, recorded=votes, attending=votes) == []

    def test_a_tie_is_lost_without_a_casting_vote_and_carried_with_one_for(self):
        assert VoteTally(3, 3).result == "lost"
        assert VoteTally(3, 3, casting_vote="for").result == "carried"

    def test_more_votes_than_members_present_are_refused(self):
        assert vote_problems(VoteTally(10, 2), 11) == [
            "12 votes were cast but only 11 members were present: check the totals"
        ]

    def test_a_voter_who_was_not_at_the_meeting_is_refused(self):
        problems = vote_problems(
            tally_from_recorded({"ramsey": "for"}), 11, recorded={"ramsey": "for"}, attending={"white"},
            names={"ramsey": "Roger Ramsey"},
        )  # fmt: skip
        assert problems == ["Roger Ramsey was not at the meeting, so cannot vote"]

    def test_a_casting_vote_is_refused_when_the_votes_are_not_tied(self):
        assert "The Chairman has a casting vote only when the votes are tied" in vote_problems(
            VoteTally(5, 3, casting_vote="for"), 11
        )

    def test_an_empty_vote_is_refused(self):
        assert vote_problems(VoteTally(0, 0), 11) == ["Record at least one vote, or the counts"]


class TestElections:
    def test_the_notice_deadline_comes_from_uk_election_timetables_and_agrees_with_the_registers_count(self):
        assert notice_of_election("borough", date(2026, 5, 7)) == date(2026, 3, 30)
        assert notice_of_election("borough", date(2026, 5, 7)) == pre_election_start(date(2026, 5, 7))

    def test_a_year_beyond_the_packages_calendar_uses_the_registers_working_days(self):
        assert notice_of_election("borough", date(2034, 5, 4)) == pre_election_start(date(2034, 5, 4))

    def test_a_ward_by_election_concerns_only_that_wards_councillors(self):
        by = ElectionArea("by_election", date(2026, 9, 10), ward="Heaton")
        during = date(2026, 8, 20)
        assert by.covers(during)
        assert pre_election_applies([by], during, ward="Heaton")
        assert not pre_election_applies([by], during, ward="Harold Wood")
        assert not pre_election_applies([by], during, ward=None)

    def test_the_councils_own_channels_are_restricted_during_any_election_in_the_borough(self):
        by = ElectionArea("by_election", date(2026, 9, 10), ward="Heaton")
        assert pre_election_applies([by], date(2026, 8, 20), ward=None, council_channel=True)

    def test_a_borough_election_concerns_every_councillor_from_the_notice_to_polling_day(self):
        borough = ElectionArea("borough", date(2026, 5, 7), notice=date(2026, 3, 20))
        assert pre_election_applies([borough], date(2026, 3, 20), ward="Harold Wood")
        assert pre_election_applies([borough], date(2026, 5, 7), ward=None)
        assert not pre_election_applies([borough], date(2026, 3, 19), ward="Harold Wood")
        assert not pre_election_applies([borough], date(2026, 5, 8), ward="Harold Wood")
