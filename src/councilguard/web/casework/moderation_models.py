"""Screening the comments others leave on a councillor's page (Facebook, X)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from councilguard.web.register.models import Member


class PageImport(models.Model):
    class Platform(models.TextChoices):
        FACEBOOK = "facebook", "Facebook page export"
        TWITTER = "twitter", "Replies on X"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="page_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    platform = models.CharField(max_length=10, choices=Platform.choices)
    file_name = models.CharField(max_length=255)
    total = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)
    own_left_out = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("moderation:detail", args=[self.pk])


class ScreenedComment(models.Model):
    page_import = models.ForeignKey(PageImport, on_delete=models.CASCADE, related_name="comments")
    author = models.CharField(max_length=200)
    text = models.TextField()
    posted_at = models.DateTimeField(null=True, blank=True)
    locator = models.CharField(max_length=300)
    left_on = models.CharField(max_length=300, blank=True)
    findings = models.JSONField(default=list)
    flagged = models.BooleanField(default=False, db_index=True)
    removed = models.BooleanField(default=False)

    class Meta:
        ordering = ["posted_at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.author}"
