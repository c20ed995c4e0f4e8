"""The protocol versions adopted, members' acknowledgements of them, and the audit log."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone


class ProtocolVersion(models.Model):
    """A version of the protocol pack: drafted by the Monitoring Officer, proposed to a
    committee, and adopted by a decision in the register from a date. Exactly one is in
    force at a time; adopted versions are never edited again.

    ``files`` holds the pack's files as text (``councilguard.packs``); a version with none
    is the pack of the same id shipped with the package (the 2018 protocols)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PROPOSED = "proposed", "Proposed"
        ADOPTED = "adopted", "Adopted"

    pack_id = models.CharField(max_length=80, unique=True, help_text="The checker's pack id, e.g. havering-2018")
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ADOPTED)
    files = models.JSONField(default=dict, blank=True, help_text="The pack's files as text, by path in the pack")
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="successors")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The last test of the files (packs.rescore.test_report), and the files it tested.
    tested_digest = models.CharField(max_length=64, blank=True)
    test_report = models.JSONField(null=True, blank=True)
    report_text = models.TextField("Report to the committee", blank=True)
    adopted_on = models.DateField(null=True, blank=True)
    adopted_by = models.CharField(max_length=200, blank=True, help_text="e.g. Governance Committee")
    minute = models.CharField(max_length=200, blank=True)
    in_force = models.BooleanField(default=False)
    in_force_from = models.DateField(null=True, blank=True)
    decision = models.ForeignKey(
        "register.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_protocols",
        help_text="The decision in the register that adopted this version",
    )

    class Meta:
        ordering = ["-adopted_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["in_force"], condition=models.Q(in_force=True), name="one_protocol_in_force"
            )
        ]

    def __str__(self) -> str:
        if self.adopted_on:
            return f"{self.pack_id} (adopted {self.adopted_on:%d %B %Y})"
        return f"{self.pack_id} ({self.get_status_display().lower()})"

    @property
    def coming_into_force(self) -> bool:
        """Adopted by a decision whose in-force date is still ahead: the version before it
        stays in force (and is what the checker cites) until that day."""
        return (
            self.status == self.Status.ADOPTED
            and self.in_force_from is not None
            and self.in_force_from > timezone.localdate()
        )

    @property
    def editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def digest(self) -> str:
        """A fingerprint of the files, so a test result is known to be of these files."""
        return hashlib.sha256(json.dumps(self.files, sort_keys=True).encode()).hexdigest()

    @property
    def tested(self) -> bool:
        return bool(self.test_report) and self.tested_digest == self.digest()

    @property
    def examples_pass(self) -> bool:
        return self.tested and not self.test_report.get("failures")


class Acknowledgement(models.Model):
    member = models.ForeignKey("register.Member", on_delete=models.CASCADE, related_name="acknowledgements")
    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="acknowledgements")
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [models.UniqueConstraint(fields=["member", "version"], name="acknowledge_once_per_version")]

    def __str__(self) -> str:
        return f"{self.member.full_name} acknowledged {self.version.pack_id}"


class AuditEntry(models.Model):
    """Who changed which record, when, and what changed (field: [before, after])."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        CHANGED = "changed", "Changed"
        DELETED = "deleted", "Deleted"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as text too, so the entry still names the person after their account is removed.
    actor_name = models.CharField(max_length=200)
    action = models.CharField(max_length=20, choices=Action.choices)
    model = models.CharField(max_length=100, help_text="app_label.ModelName")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.actor_name} {self.action} {self.model} {self.object_id}"
