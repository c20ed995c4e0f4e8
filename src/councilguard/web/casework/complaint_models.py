"""Complaints about members, and the archive scans the Monitoring Officer runs for them.

A complaint names a member from the register; the officer uploads what the member sent
and posted (mailboxes, social media exports) and a scan checks every message against
the protocol in the background. The uploads and the report stay with the case, on disk
under the app's var/ folder (see ``scan_files``), never in public static or media files.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from councilguard.web.register.models import Member


class Complaint(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        ASSESSING = "assessing", "Assessing"
        INVESTIGATING = "investigating", "Investigating"
        CLOSED = "closed", "Closed"

    class Source(models.TextChoices):
        PUBLIC = "public", "Lodged online by the complainant"
        OFFICER = "officer", "Entered by an officer"

    class Assessment(models.TextChoices):
        NO_FURTHER_ACTION = "no-further-action", "No further action"
        INFORMAL = "informal-resolution", "Informal resolution"
        INVESTIGATION = "investigation", "Investigation"

    class Outcome(models.TextChoices):
        NO_FURTHER_ACTION = "no-further-action", "No further action"
        INFORMAL = "informal-resolution", "Informal resolution"
        INVESTIGATION = "investigation", "Referred for investigation"
        HEARING = "hearing", "Referred to a hearing of the Standards Committee"
        SANCTION = "sanction", "Breach found: sanction"
        WITHDRAWN = "withdrawn", "Withdrawn by the complainant"

    # An outcome that sends the complaint on (investigation, hearing) keeps it open; the
    # others close it.
    CONTINUING_OUTCOMES = (Outcome.INVESTIGATION, Outcome.HEARING)

    complainant_name = models.CharField("Complainant's name", max_length=200)
    complainant_contact = models.CharField(
        "How to contact the complainant",
        max_length=300,
        blank=True,
        help_text="E-mail address, telephone number or postal address",
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name="Member complained about",
    )
    received_on = models.DateField("Date received")
    summary = models.TextField("What the complaint is about", max_length=10000)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    outcome_notes = models.TextField("Reasons for the outcome", max_length=10000, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.OFFICER)
    conduct_on = models.DateField("When the conduct happened", null=True, blank=True)
    evidence_links = models.TextField("Links to the evidence", max_length=5000, blank=True)
    evidence_text = models.TextField("The words complained about", max_length=20000, blank=True)
    # The checker's Result on the evidence text (findings cite clauses), when it was run.
    evidence_check = models.JSONField(default=dict, blank=True)
    evidence_checked_at = models.DateTimeField(null=True, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    ip_name = models.CharField("Independent Person", max_length=200, blank=True)
    ip_view = models.TextField("The Independent Person's view", max_length=10000, blank=True)
    ip_consulted_on = models.DateField("Date the Independent Person gave their view", null=True, blank=True)
    assessment = models.CharField("Initial assessment", max_length=24, choices=Assessment.choices, blank=True)
    assessment_reasons = models.TextField("Reasons for the assessment", max_length=10000, blank=True)
    assessed_on = models.DateField(null=True, blank=True)
    referred_on = models.DateField(
        null=True, blank=True, help_text="When an outcome sent the complaint to investigation or a hearing"
    )
    decided_on = models.DateField(null=True, blank=True, help_text="When the final outcome was recorded")
    closed_on = models.DateField(null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"Complaint {self.pk} about {self.member.full_name}"

    def get_absolute_url(self) -> str:
        return reverse("casework:complaint", args=[self.pk])

    @property
    def status_colour(self) -> str:
        """The GOV.UK tag colour for the status."""
        return {
            self.Status.RECEIVED: "blue",
            self.Status.ACKNOWLEDGED: "light-blue",
            self.Status.ASSESSING: "yellow",
            self.Status.INVESTIGATING: "orange",
        }.get(self.status, "grey")

    @property
    def reference(self) -> str:
        """What the letters and the complainant quote: CC-<year received>-<number>."""
        return f"CC-{self.received_on:%Y}-{self.pk:04d}" if self.pk and self.received_on else ""

    def clean(self) -> None:
        # A closed case says how it ended; an open one has not ended yet (unless the
        # outcome sends it on to an investigation or a hearing).
        if self.status == self.Status.CLOSED and not self.outcome:
            raise ValidationError({"outcome": "Select the outcome of the closed complaint"})
        if self.status == self.Status.CLOSED and self.outcome in self.CONTINUING_OUTCOMES:
            raise ValidationError({"outcome": "A complaint sent to investigation or a hearing is not closed yet"})
        if (
            self.status != self.Status.CLOSED
            and self.outcome
            and not (self.status == self.Status.INVESTIGATING and self.outcome in self.CONTINUING_OUTCOMES)
        ):
            raise ValidationError({"outcome": "Only a closed complaint has an outcome: set the status to Closed"})


class ArchiveScan(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        INTERRUPTED = "interrupted", "Interrupted"
        FAILED = "failed", "Failed"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="scans")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True)
    # [{"name": as uploaded, "stored": file name in the scan's uploads folder, "size": bytes}]
    files = models.JSONField(default=list)
    # What decides the results (author, protocol pack, account, mapping, dates); a resumed
    # scan reuses them, so the scanner's journal matches and finished work is kept.
    options = models.JSONField(default=dict)
    total = models.PositiveIntegerField(null=True, blank=True)
    done = models.PositiveIntegerField(default=0)
    checked = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    rate = models.FloatField(default=0.0, help_text="Messages a second in the latest run")
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    stop_requested = models.BooleanField(default=False)
    # The queued run that may run the scan (a task carries it; see scan_jobs), and the
    # task worker running it now: a worker that has died leaves its id here until the next
    # worker takes the same run over and resumes it.
    run_id = models.UUIDField(null=True, blank=True)
    owner = models.CharField("Worker", max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Archive scan {self.pk} for complaint {self.complaint_id}"

    def get_absolute_url(self) -> str:
        return reverse("casework:scan", args=[self.complaint_id, self.pk])

    @property
    def active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def status_colour(self) -> str:
        return {
            self.Status.QUEUED: "grey",
            self.Status.RUNNING: "blue",
            self.Status.FINISHED: "green",
            self.Status.INTERRUPTED: "orange",
        }.get(self.status, "red")

    @property
    def size(self) -> int:
        return sum(f.get("size", 0) for f in self.files)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))


class ComplaintEvidence(models.Model):
    """A screenshot sent with a complaint, kept privately with the case (see casefiles)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evidence_files")
    name = models.CharField("File name as uploaded", max_length=255)
    stored = models.CharField(max_length=120)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Evidence {self.name} for complaint {self.complaint_id}"


class ComplaintReminder(models.Model):
    """A reminder e-mail sent about a stage's deadline: at most one of each kind per
    deadline, so the reminders command can run any number of times."""

    class Kind(models.TextChoices):
        DUE_SOON = "due-soon", "Due soon"
        OVERDUE = "overdue", "Overdue"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(max_length=20)
    due_on = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.JSONField(default=list)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "stage", "due_on", "kind"], name="one_reminder_per_deadline")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder: complaint {self.complaint_id}, {self.stage}"


class PublicSubmission(models.Model):
    """A form sent by the public without an account: its one-time token (so a replayed
    post is refused) and a keyed hash of the sender's IP address (for the rate limit; the
    address itself is not kept)."""

    form = models.CharField(max_length=30)
    nonce = models.CharField(max_length=64, unique=True)
    ip_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.form} submission {self.pk}"
