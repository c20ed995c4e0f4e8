"""Advice requests: the only place a draft is stored, because the member asked.

The draft, what the checker found at the time and the member's question go to the
Monitoring Officer; the reply comes back to the member. ``result`` is the checker's
Result as it was when the member asked, so the officer sees what the member saw even
after the rules change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from councilguard.web.checks.models import VERDICT_CHOICES

# Django finds an app's models in its ``models`` module alone: the casework app's other
# model modules are imported (and re-exported) here.
from .abuse_models import AbuseReport, AbuseScreenshot, AbuseSender
from .complaint_models import ArchiveScan, Complaint, ComplaintEvidence, ComplaintReminder, PublicSubmission
from .moderation_models import PageImport, ScreenedComment


class AdviceRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ANSWERED = "answered", "Answered"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="advice_requests")
    created_at = models.DateTimeField(auto_now_add=True)
    question = models.TextField(max_length=5000)
    text = models.TextField(help_text="The draft as the member checked it")
    draft = models.JSONField(help_text="The draft's context (channel, account, recipients, ...)")
    result = models.JSONField(help_text="What the checker found when the member asked")
    verdict = models.CharField(max_length=12, choices=VERDICT_CHOICES)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    reply = models.TextField(blank=True, max_length=10000)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Advice request {self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("casework:detail", args=[self.pk])


__all__ = [
    "AbuseReport", "AbuseScreenshot", "AbuseSender", "AdviceRequest", "ArchiveScan", "Complaint",
    "ComplaintEvidence", "ComplaintReminder", "PageImport", "PublicSubmission", "ScreenedComment",
]  # fmt: skip
