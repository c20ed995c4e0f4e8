"""Abuse a councillor received: reports, the senders they come from, and screenshots.

A report names the platform, the sender's handle, the date and the text; the checker's
detectors classify it (``councilguard.casework.abuse``). Reports from one sender to one
councillor share an AbuseSender, and two or more of them are a course of conduct.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from councilguard.casework.abuse import CATEGORY_LABELS, course_of_conduct
from councilguard.web.register.models import Member

PLATFORM_CHOICES = [
    ("twitter", "X (Twitter)"),
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("linkedin", "LinkedIn"),
    ("youtube", "YouTube"),
    ("email", "E-mail"),
    ("other", "Somewhere else (text message, letter, phone)"),
]


class AbuseSender(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="abuse_senders")
    platform = models.CharField(max_length=20, choices=PLATFORM_CHOICES)
    key = models.CharField(max_length=250, help_text="The handle normalised: one sender however it was typed")
    handle = models.CharField(max_length=200, help_text="As first reported")

    class Meta:
        ordering = ["handle"]
        constraints = [models.UniqueConstraint(fields=["member", "key"], name="one_sender_per_member_and_handle")]

    def __str__(self) -> str:
        return f"{self.handle} on {self.get_platform_display()}"

    @property
    def course_of_conduct(self) -> bool:
        return course_of_conduct(self.reports.count())


class AbuseReport(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        POLICE = "police", "Report to the Police"
        REPORTED = "reported", "Reported to the Police"
        CLOSED = "closed", "Closed"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="abuse_reports")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    platform = models.CharField(max_length=20, choices=PLATFORM_CHOICES)
    sender = models.ForeignKey(AbuseSender, on_delete=models.PROTECT, related_name="reports")
    sender_handle = models.CharField("Who sent it", max_length=200)
    received_on = models.DateField("Date you received it")
    text = models.TextField("What the message said", max_length=20000)
    impersonation = models.BooleanField("The sender pretends to be me", default=False)
    categories = models.JSONField(default=list)
    reasons = models.JSONField(default=list)
    findings = models.JSONField(default=list)
    threat = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    police_reference = models.CharField("Police reference number", max_length=60, blank=True)
    police_reported_on = models.DateField(null=True, blank=True)
    notes = models.TextField("Members' Services' notes", max_length=10000, blank=True)
    closed_on = models.DateField(null=True, blank=True, db_index=True)
    notified = models.JSONField(default=list, help_text="Who was told at once (e-mail addresses)")

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"Abuse report {self.pk} from {self.sender_handle}"

    def get_absolute_url(self) -> str:
        return reverse("abuse:detail", args=[self.pk])

    @property
    def category_labels(self) -> list[str]:
        return [CATEGORY_LABELS.get(c, c) for c in self.categories]

    @property
    def status_colour(self) -> str:
        return {"open": "blue", "police": "red", "reported": "orange"}.get(self.status, "grey")


class AbuseScreenshot(models.Model):
    report = models.ForeignKey(AbuseReport, on_delete=models.CASCADE, related_name="screenshots")
    name = models.CharField(max_length=255)
    stored = models.CharField(max_length=120)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Screenshot {self.name}"
