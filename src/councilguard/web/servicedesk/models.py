"""The ICT Service Desk's records: the equipment register and its history, incidents,
return requests, leaver cases, e-mail filter requests, and the notices already sent.

The rules these follow live in ``councilguard.servicedesk.rules`` (plain Python); the
changes themselves go through ``servicedesk.services`` so each is audited and atomic.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from councilguard.servicedesk import rules

ASSET_STATUS_CHOICES = [(s.value, rules.ASSET_STATUS_LABELS[s]) for s in rules.AssetStatus]
OUTCOME_CHOICES = [(o.value, rules.OUTCOME_LABELS[o]) for o in rules.Outcome]


class Asset(models.Model):
    class Kind(models.TextChoices):
        LAPTOP = "laptop", "Laptop"
        IPAD = "ipad", "iPad"
        PHONE = "phone", "Phone"
        PERSONAL = "personal", "Personal device set up by IT"

    asset_tag = models.CharField(max_length=40, unique=True, help_text="As on the label, e.g. HAV-0042")
    serial_number = models.CharField(max_length=80, blank=True)
    kind = models.CharField("Type of device", max_length=20, choices=Kind.choices)
    make = models.CharField(max_length=80)
    model = models.CharField(max_length=120)
    status = models.CharField(max_length=20, choices=ASSET_STATUS_CHOICES, default=rules.AssetStatus.IN_STOCK)
    holder = models.ForeignKey(
        "register.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="devices"
    )
    held_since = models.DateField(null=True, blank=True)
    next_audit_due = models.DateField("Next audit due", null=True, blank=True)
    notes = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["asset_tag"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.asset_tag}"

    @property
    def label(self) -> str:
        return f"{self.make} {self.model} ({self.asset_tag})"


class AssetEvent(models.Model):
    """One line of a device's history: what happened, when, who did it, status before and after."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    on = models.DateField(help_text="The day it happened")
    actor_name = models.CharField(max_length=200)
    what = models.CharField(max_length=300)
    status_before = models.CharField(max_length=20, choices=ASSET_STATUS_CHOICES, blank=True)
    status_after = models.CharField(max_length=20, choices=ASSET_STATUS_CHOICES)
    holder = models.CharField(max_length=200, blank=True)
    # When a device is issued: the protocol version the member acknowledged.
    protocol_version = models.ForeignKey(
        "governance.ProtocolVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.asset.asset_tag}: {self.what}"


class Incident(models.Model):
    class Kind(models.TextChoices):
        DAMAGE = "damage", "Damaged"
        LOSS = "loss", "Lost"
        THEFT = "theft", "Stolen"

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="incidents")
    member = models.ForeignKey("register.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField("What happened", max_length=20, choices=Kind.choices)
    happened_on = models.DateField("When it happened")
    description = models.TextField("What happened, and where", max_length=4000)
    crime_number = models.CharField("Police crime number", max_length=60, blank=True)
    reported_at = models.DateTimeField(default=timezone.now)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reported_by_name = models.CharField(max_length=200)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by_name = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=30, choices=OUTCOME_CHOICES, blank=True)
    charge_amount = models.DecimalField("Amount charged (£)", max_digits=8, decimal_places=2, null=True, blank=True)
    decision = models.TextField("Decision to charge", blank=True, max_length=2000)
    outcome_notes = models.TextField(blank=True, max_length=2000)
    # One per form shown: a second submission of the same form finds the first report.
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.asset.asset_tag} reported {self.reported_at:%d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ReturnRequest(models.Model):
    class Reason(models.TextChoices):
        AUDIT = "audit", "Audit"
        UPGRADE = "upgrade", "Upgrade"
        REPAIR = "repair", "Repair"
        MAINTENANCE = "maintenance", "Maintenance"

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="return_requests")
    member = models.ForeignKey("register.Member", on_delete=models.PROTECT, related_name="return_requests")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    requested_on = models.DateField()
    due_on = models.DateField("Return by")
    returned_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    created_by_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.asset.asset_tag} back for {self.get_reason_display().lower()} by {self.due_on:%d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.returned_on is None


class LeaverCase(models.Model):
    member = models.ForeignKey("register.Member", on_delete=models.PROTECT, related_name="leaver_cases")
    term_ends = models.DateField()
    reason = models.CharField(max_length=20)
    deadline = models.DateField(help_text="Ten working days after the term ends")
    sign_in_ends_on = models.DateField(
        "Sign-in ends on", null=True, blank=True, help_text="The member's CouncilGuard sign-in is ended that day"
    )
    sign_in_ended_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["closed_at", "deadline", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(closed_at=None), name="one_open_leaver_case_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"Leaver: {self.member.full_name}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def get_reason_display(self) -> str:
        from ..register.models import Member

        return dict(Member.TermEndReason.choices).get(self.reason, self.reason)


class LeaverAccount(models.Model):
    class Kind(models.TextChoices):
        EMAIL = "email", "Council e-mail"
        NETWORK = "network", "Council network sign-in"
        COUNCILGUARD = "councilguard", "CouncilGuard sign-in"
        SOCIAL = "social", "Council social media account"

    case = models.ForeignKey(LeaverCase, on_delete=models.CASCADE, related_name="accounts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=300)
    suspended_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class LeaverDevice(models.Model):
    class Accounted(models.TextChoices):
        RETURNED = "returned", "Surrendered"
        LOST = "lost", "Reported lost"
        STOLEN = "stolen", "Reported stolen"
        WRITTEN_OFF = "written_off", "Written off"

    case = models.ForeignKey(LeaverCase, on_delete=models.CASCADE, related_name="devices")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="+")
    accounted_as = models.CharField(max_length=20, choices=Accounted.choices, blank=True)
    accounted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["case", "asset"], name="leaver_device_once_per_case")]

    def __str__(self) -> str:
        return str(self.asset)


class FilterRequest(models.Model):
    class Status(models.TextChoices):
        ASKED = "asked", "Asked"
        IN_PLACE = "in_place", "In place"
        DECLINED = "declined", "Not put in place"

    member = models.ForeignKey("register.Member", on_delete=models.PROTECT, related_name="filter_requests")
    sender = models.CharField("Sender or domain", max_length=254)
    reason = models.TextField("Why", blank=True, max_length=2000)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ASKED)
    asked_at = models.DateTimeField(default=timezone.now)
    in_place_on = models.DateField(null=True, blank=True)
    declined_reason = models.TextField("Why not", blank=True, max_length=2000)
    decided_by_name = models.CharField(max_length=200, blank=True)
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-asked_at", "-id"]

    def __str__(self) -> str:
        return f"Filter on {self.sender} for {self.member.full_name}"


class Notice(models.Model):
    """A reminder or escalation the deadlines command sent: its key is sent once only."""

    key = models.CharField(max_length=120, unique=True, help_text="e.g. return:12:overdue")
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.TextField()
    subject = models.CharField(max_length=300)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.key} to {self.recipients}"
