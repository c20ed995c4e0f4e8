"""The protocol versions adopted, members' acknowledgements of them, and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ProtocolVersion(models.Model):
    """A protocol pack the council adopted; exactly one is in force at a time."""

    pack_id = models.CharField(max_length=80, unique=True, help_text="The checker's pack id, e.g. havering-2018")
    title = models.CharField(max_length=300)
    adopted_on = models.DateField()
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
        return f"{self.pack_id} (adopted {self.adopted_on:%d %B %Y})"


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
