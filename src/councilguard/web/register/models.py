"""The register of members: who sits for which ward and group, on which committees, at
which meetings, and when the next election's pre-election period starts.

Members' Services keeps it (register views); the check page reads it through
``register.context.checker_context_for`` so a councillor never has to type it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from councilguard.checker.draft import ACCOUNTS, PLATFORMS

from .workdays import pre_election_start


class Ward(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PoliticalGroup(models.Model):
    name = models.CharField(max_length=120, unique=True, help_text="As the minutes write it, e.g. Labour Group")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """An elected member of the council (a councillor), linked to a sign-in when they have one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        help_text="The person's sign-in, if they use CouncilGuard",
    )
    full_name = models.CharField(max_length=160)
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="members")
    group = models.ForeignKey(PoliticalGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="members")
    council_email = models.EmailField(unique=True, null=True, blank=True)
    active = models.BooleanField(default=True, help_text="Untick when the person stops being a councillor")

    class TermEndReason(models.TextChoices):
        NOT_REELECTED = "not_reelected", "Not re-elected"
        RESIGNED = "resigned", "Resigned"
        DISQUALIFIED = "disqualified", "Disqualified"
        DIED = "died", "Died"

    # Recording a term's end opens the ICT Service Desk's leaver case (servicedesk.leavers).
    term_ends = models.DateField(
        "Term ends", null=True, blank=True, help_text="The day they cease to be a councillor, if known"
    )
    term_end_reason = models.CharField("Why the term ends", max_length=20, choices=TermEndReason.choices, blank=True)

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return f"Councillor {self.full_name}"

    @property
    def register_id(self) -> str:
        """The id the checker's Draft carries as ``author``."""
        return f"member-{self.pk}"


class Post(models.Model):
    """A position a member holds: Leader of the Council, Cabinet Member for ..., Chairman."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="posts")
    title = models.CharField(max_length=160)
    executive = models.BooleanField(default=False, help_text="A cabinet (executive) post")

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["member", "title"], name="post_unique_per_member")]

    def __str__(self) -> str:
        return self.title


class SocialAccount(models.Model):
    """A member's account on a platform, with the bio its profile shows."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="social_accounts")
    platform = models.CharField(max_length=20, choices=[(p, p.title()) for p in PLATFORMS])
    kind = models.CharField("Account", max_length=20, choices=[(a, a.title()) for a in ACCOUNTS], default="personal")
    handle = models.CharField(max_length=160, blank=True)
    bio = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["platform", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["member", "platform", "kind"], name="one_account_per_platform_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} ({self.kind}) {self.handle}".strip()


class Committee(models.Model):
    name = models.CharField(max_length=160, unique=True)
    members = models.ManyToManyField(Member, through="CommitteeMembership", related_name="committees")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommitteeMembership(models.Model):
    class Position(models.TextChoices):
        CHAIRMAN = "chairman", "Chairman"
        VICE_CHAIR = "vice_chair", "Vice-Chair"
        MEMBER = "member", "Member"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    position = models.CharField(max_length=20, choices=Position.choices, default=Position.MEMBER)
    since = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True, help_text="Leave empty while they still sit on it")

    class Meta:
        ordering = ["committee__name", "member__full_name"]
        constraints = [models.UniqueConstraint(fields=["member", "committee", "since"], name="membership_unique_start")]

    def __str__(self) -> str:
        return f"{self.member.full_name} on {self.committee.name}"

    def clean(self) -> None:
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": "The end date must be on or after the start date"})


class Meeting(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    start = models.DateTimeField()
    end = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="meeting_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.committee.name}, {self.start:%d %B %Y}"

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The meeting must end after it starts"})


class Attendance(models.Model):
    """Who was at a meeting, who sent apologies, and who substituted for whom."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        SUBSTITUTE = "substitute", "Present as substitute"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices)
    substitute_for = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="substituted_by"
    )

    class Meta:
        ordering = ["meeting", "member__full_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_meeting")]

    def __str__(self) -> str:
        return f"{self.member.full_name}: {self.get_status_display()}"


class Decision(models.Model):
    """A decision recorded in a meeting's minutes, with the vote."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    minute = models.CharField(max_length=160, help_text="e.g. 8 Members IT usage and social media protocols")
    outcome = models.TextField()
    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    recorded_votes = models.TextField(blank=True, help_text="Named votes the minutes record")

    class Meta:
        ordering = ["meeting", "minute"]

    def __str__(self) -> str:
        return f"{self.meeting}: minute {self.minute}"


class Election(models.Model):
    """An election, whose pre-election period restricts what councillors may publish."""

    name = models.CharField(max_length=160)
    polling_day = models.DateField(unique=True)
    period_starts = models.DateField(
        null=True,
        blank=True,
        help_text="When the notice of election is published; left empty, 25 working days before polling day",
    )

    class Meta:
        ordering = ["-polling_day"]

    def __str__(self) -> str:
        return f"{self.name} ({self.polling_day:%d %B %Y})"

    @property
    def pre_election_starts(self):  # noqa: ANN201 - a date
        return self.period_starts or pre_election_start(self.polling_day)

    def clean(self) -> None:
        if self.period_starts and self.polling_day and self.period_starts > self.polling_day:
            raise ValidationError({"period_starts": "The pre-election period must start before polling day"})
