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
        ASSESSING = "assessing", "Assessing"
        INVESTIGATING = "investigating", "Investigating"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        NO_BREACH = "no-breach", "No breach of the protocol"
        INFORMAL = "informal-resolution", "Resolved informally"
        BREACH = "breach", "Breach found"
        REFERRED = "referred", "Referred to the Standards Committee"
        WITHDRAWN = "withdrawn", "Withdrawn by the complainant"

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
    outcome_notes = models.TextField("Notes on the outcome", max_length=10000, blank=True)
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
            self.Status.ASSESSING: "yellow",
            self.Status.INVESTIGATING: "orange",
        }.get(self.status, "grey")

    def clean(self) -> None:
        # A closed case says how it ended; an open one has not ended yet.
        if self.status == self.Status.CLOSED and not self.outcome:
            raise ValidationError({"outcome": "Select the outcome of the closed complaint"})
        if self.status != self.Status.CLOSED and self.outcome:
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
    # Which server process runs the scan, and when it last said so: a scan whose process
    # has gone (a restart, a crash) is found and marked interrupted (see scan_jobs).
    owner = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

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
