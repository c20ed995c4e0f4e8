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
from councilguard.committees import elections as election_rules
from councilguard.committees.attendance import DECLARATION_KINDS
from councilguard.committees.votes import OPTIONS, VoteTally, tally_from_recorded


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

    def clean(self) -> None:
        # Here rather than only in the register's form, so the Django admin keeps it too.
        from django.contrib.auth import get_user_model

        from councilguard.web import roles
        from councilguard.web.names import refuse_bidi_controls

        errors = {}
        try:
            refuse_bidi_controls(self.full_name)
        except ValidationError as error:
            errors["full_name"] = error
        if self.user_id is not None:
            users = get_user_model().objects.filter(pk=self.user_id)
            if not roles.councillor_sign_ins(users).exists():
                errors["user"] = ValidationError(
                    "Choose a councillor's sign-in: this one belongs to an officer or holds no councillor role",
                    code="not_a_councillor",
                )
        if errors:
            raise ValidationError(errors)

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
    """A meeting of a committee: its attendance, agenda, declarations, votes and decisions
    make its minutes, which the public sees once Members' Services publishes them."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    start = models.DateTimeField()
    end = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True)
    chair = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="Chairman"
    )
    vice_chair = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="Vice-Chair"
    )
    opening_remarks = models.TextField(
        blank=True, help_text="e.g. The Chairman reminded Members of the action to be taken in an emergency."
    )
    previous_minutes_of = models.DateField(
        "Previous minutes agreed", null=True, blank=True, help_text="The date of the meeting whose minutes were agreed"
    )
    previous_minutes_amendment = models.TextField(
        "Amendment to the previous minutes", blank=True, help_text="Leave empty if they were agreed as they stood"
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

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

    @property
    def published(self) -> bool:
        return self.published_at is not None

    def attending(self) -> models.QuerySet:
        return self.attendance.filter(status__in=[Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE])


class Attendance(models.Model):
    """Who was at a meeting, who sent apologies or was absent, and who substituted for whom."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        SUBSTITUTE = "substitute", "Present as substitute"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices)
    substitute_for = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="substituted_by"
    )

    class Meta:
        ordering = ["meeting", "member__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_meeting"),
            models.CheckConstraint(
                condition=~models.Q(substitute_for=models.F("member")), name="attendance_not_own_substitute"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.full_name}: {self.get_status_display()}"


class AgendaItem(models.Model):
    """An item on a meeting's agenda, with its minute. Apologies, declarations and the
    previous minutes are written from the records; other items carry their own minute."""

    class Kind(models.TextChoices):
        BUSINESS = "business", "Business"
        APOLOGIES = "apologies", "Apologies for absence and substitute members"
        DECLARATIONS = "declarations", "Disclosure of interests"
        MINUTES = "minutes", "Minutes of the previous meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BUSINESS)
    minute = models.TextField("Minute text", blank=True, help_text="What the minutes say about this item")

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number_once")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Declaration(models.Model):
    """A member's declaration of interest in an item (no rows for a meeting: none declared)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="declarations")
    kind = models.CharField("Kind of interest", max_length=20, choices=list(DECLARATION_KINDS.items()))
    description = models.TextField("The interest", max_length=1000)

    class Meta:
        ordering = ["meeting", "item__number", "member__full_name"]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_kind_display()} in item {self.item.number}"


class Vote(models.Model):
    """A vote on a motion (Popolo's vote event): each member's vote when it was recorded,
    or the counts only. The result is computed, never typed."""

    class Casting(models.TextChoices):
        FOR = "for", "For"
        AGAINST = "against", "Against"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    motion = models.CharField(max_length=300, help_text="e.g. To approve the protocols")
    recorded = models.BooleanField(default=True, help_text="Each member's vote is recorded")
    count_for = models.PositiveIntegerField(null=True, blank=True)
    count_against = models.PositiveIntegerField(null=True, blank=True)
    count_abstain = models.PositiveIntegerField(null=True, blank=True)
    casting_vote = models.CharField(max_length=10, choices=Casting.choices, blank=True)

    class Meta:
        ordering = ["meeting", "item__number", "pk"]

    def __str__(self) -> str:
        return f"{self.motion} (item {self.item.number})"

    @property
    def tally(self) -> VoteTally:
        if self.recorded:
            return tally_from_recorded(
                {v.member_id: v.option for v in self.member_votes.all()}, self.casting_vote or None
            )
        return VoteTally(
            self.count_for or 0, self.count_against or 0, self.count_abstain or 0, self.casting_vote or None
        )

    @property
    def result(self) -> str:
        return self.tally.result


class MemberVote(models.Model):
    """One member's vote. A substitute votes in their own name; ``on_behalf_of`` names the
    member they replaced (copied from the attendance when the vote is saved)."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="member_votes")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="votes")
    option = models.CharField(max_length=20, choices=list(OPTIONS.items()))
    on_behalf_of = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["vote", "member__full_name"]
        constraints = [models.UniqueConstraint(fields=["vote", "member"], name="one_vote_per_member")]

    def __str__(self) -> str:
        return f"{self.member.full_name}: {self.get_option_display()}"


class Decision(models.Model):
    """A decision recorded under an agenda item, and the vote that took it (if any)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="decisions")
    number = models.PositiveIntegerField(default=1)
    minute = models.CharField(
        max_length=160, blank=True, help_text="e.g. 8 Members IT usage and social media protocols"
    )
    outcome = models.TextField("Decision", help_text="e.g. Approved the 'Member IT Usage Protocol' as amended")
    vote = models.ForeignKey(Vote, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions")

    class Meta:
        ordering = ["meeting", "item__number", "number"]

    def __str__(self) -> str:
        where = f"minute {self.item.number}" if self.item_id else f"minute {self.minute}"
        return f"{self.meeting}: {where}, decision {self.number}"


class Election(models.Model):
    """An election in an area (the whole borough, or a ward for a by-election), whose
    pre-election period restricts what that area's councillors may publish."""

    Kind = models.TextChoices("Kind", [(k.upper(), (k, label)) for k, label in election_rules.KINDS.items()])

    name = models.CharField(max_length=160)
    kind = models.CharField("Type", max_length=20, choices=Kind.choices, default=election_rules.BOROUGH)
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="elections",
        help_text="For a by-election only: the ward it is held in",
    )  # fmt: skip
    polling_day = models.DateField()
    period_starts = models.DateField(
        null=True,
        blank=True,
        help_text="When the notice of election is published; left empty, the statutory deadline",
    )

    class Meta:
        ordering = ["-polling_day"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "polling_day", "ward"], name="election_once_per_area_and_day"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.polling_day:%d %B %Y})"

    @property
    def area(self) -> str:
        return f"{self.ward.name} ward" if self.ward_id else "The whole borough"

    @property
    def rule(self) -> election_rules.ElectionArea:
        return election_rules.ElectionArea(self.kind, self.polling_day, self.ward_id, self.period_starts)

    @property
    def pre_election_starts(self):  # noqa: ANN201 - a date
        return self.rule.period_starts

    def clean(self) -> None:
        errors = {}
        if self.period_starts and self.polling_day and self.period_starts > self.polling_day:
            errors["period_starts"] = "The pre-election period must start before polling day"
        if self.kind == election_rules.BY_ELECTION and not self.ward_id:
            errors["ward"] = "Select the ward the by-election is held in"
        if self.kind != election_rules.BY_ELECTION and self.ward_id:
            errors["ward"] = "Only a by-election is held in one ward: leave the ward empty for this type"
        if errors:
            raise ValidationError(errors)


class RegisterStamp(models.Model):
    """One row whose ``stamp`` changes, to a value never used before, with every change to
    the register or to a protocol version (``register.signals``). The API keeps each
    member's register context, and the checker in force, in memory under the stamp it was
    read at, so one look-up of the stamp tells a server process whether what it holds is
    still true."""

    stamp = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.stamp
