"""What a check leaves in the database: nothing of the draft.

A check records the day, the channel, the verdict, where it came from (page or API) and
the ids of the rules it raised, so the Monitoring Officer can see which parts of the
protocol members trip over. There is no author, no time of day and no text: a row
cannot be traced back to a member or rebuild what they wrote.
"""

from __future__ import annotations

from django.db import models

from councilguard.checker.draft import CHANNELS
from councilguard.checker.vocabulary import verdict_choices

VERDICT_CHOICES = verdict_choices()


class CheckStatistic(models.Model):
    class Source(models.TextChoices):
        WEB = "web", "Check page"
        API = "api", "API"

    day = models.DateField(db_index=True)
    channel = models.CharField(max_length=10, choices=[(c, c) for c in CHANNELS])
    verdict = models.CharField(max_length=12, choices=VERDICT_CHOICES)
    source = models.CharField(max_length=5, choices=Source.choices, default=Source.WEB)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.verdict}"


class CheckedRule(models.Model):
    """One rule a check raised (a check that raised three rules has three rows)."""

    statistic = models.ForeignKey(CheckStatistic, on_delete=models.CASCADE, related_name="rules")
    rule = models.CharField(max_length=80, db_index=True)

    def __str__(self) -> str:
        return self.rule
