"""Failed sign-ins, kept just long enough to lock an account that is being guessed at."""

from __future__ import annotations

from django.db import models


class FailedSignIn(models.Model):
    # The user name as typed (lower-cased), so attempts on names that do not exist count too
    # and the response does not reveal which names are real.
    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} at {self.at:%Y-%m-%d %H:%M}"
