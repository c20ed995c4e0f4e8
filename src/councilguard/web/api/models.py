"""Personal API tokens: a member creates one, sees it once, and may revoke it.

Only a SHA-256 digest is stored. A token is 32 random bytes, so a plain (unsalted) hash
is as strong as a slow one here and lets a request be authenticated with one indexed
lookup; the first characters are kept in clear so the member can tell tokens apart.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.utils import timezone

from councilguard.web.roles import remember_roles

TOKEN_PREFIX = "cg_"


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, help_text="What the token is for, e.g. Outlook add-in")
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def issue(cls, user, name: str) -> tuple[ApiToken, str]:  # noqa: ANN001
        """A new token for ``user``; the raw value is returned once and never stored."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:10], digest=digest_of(raw))
        return token, raw

    @classmethod
    def authenticate(cls, raw: str, count_minute: int | None = None) -> ApiToken | None:
        """The active token ``raw`` names, with its user, the user's roles and the register's
        stamp, all in one statement: the API's every request starts here, and the ORM's
        three queries cost more than the rest of the request but the check.

        With ``count_minute`` on PostgreSQL the same statement also counts the request in
        the member's rate window for that minute (limits.py), and the user carries the
        count as ``_councilguard_rate_count``: one round trip instead of two. Elsewhere
        (SQLite, inside a transaction) the count is None and limits.take counts alone."""
        if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
            return None
        rows = _token_rows(digest_of(raw), count_minute)
        if not rows:
            return None
        token_id, user_id, name, prefix, last_used_at, username, is_superuser, _, stamp, rate_count = rows[0]
        user_model = get_user_model()
        user = _loaded(
            user_model,
            id=user_id,
            **{user_model.USERNAME_FIELD: username},
            is_superuser=bool(is_superuser),
            is_active=True,
        )
        remember_roles(user, [row[7] for row in rows if row[7]])
        user._councilguard_register_stamp = stamp or ""
        user._councilguard_rate_count = rate_count
        token = _loaded(cls, id=token_id, user_id=user_id, name=name, prefix=prefix, last_used_at=last_used_at)
        token.user = user
        now = timezone.now()
        if token.last_used_at is not None and timezone.is_naive(token.last_used_at):
            token.last_used_at = timezone.make_aware(token.last_used_at, datetime.UTC)  # SQLite's raw value
        # Written at most once a minute, so a busy client does not turn reads into writes.
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class RateWindow(models.Model):
    """How many API requests a member made in one wall-clock minute.

    The count is a row in the database so that every server process (``serve
    --processes N``) and every machine sharing the database counts against one limit.
    Rows of past minutes are deleted when the member opens a new one.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    minute = models.BigIntegerField(help_text="Minutes since the Unix epoch")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "minute"], name="api_rate_one_row_a_minute")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.minute}: {self.count}"


def _loaded(model: type[models.Model], **values: object) -> models.Model:
    """An instance of ``model`` as if loaded from the database with only these fields (the
    others are deferred: reading one fetches it)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db("default", names, [values[name] for name in names])


def _token_rows(digest: str, count_minute: int | None = None) -> list[tuple]:
    """(token id, user id, name, prefix, last used, user name, superuser, group name,
    register stamp, rate count) for each of the user's groups (one row with no group if
    none); the rate count is None unless this statement counted the request."""
    from django.contrib.auth.models import Group

    from councilguard.web.register.models import RegisterStamp
    from councilguard.web.register.signals import STAMP_ID

    from .limits import NO_WAIT, counts_without_waiting, upsert_sql

    user_model = get_user_model()
    groups = user_model._meta.get_field("groups")
    q = connection.ops.quote_name
    select = (
        f"SELECT t.id, t.user_id, t.name, t.prefix, t.last_used_at, u.{q(user_model.USERNAME_FIELD)}, u.is_superuser, "
        f"g.name, (SELECT s.stamp FROM {q(RegisterStamp._meta.db_table)} s WHERE s.id = %s) AS stamp "
        f"FROM {q(ApiToken._meta.db_table)} t "
        f"JOIN {q(user_model._meta.db_table)} u ON u.id = t.user_id "
        f"LEFT JOIN {q(groups.remote_field.through._meta.db_table)} ug ON ug.{q(groups.m2m_column_name())} = u.id "
        f"LEFT JOIN {q(Group._meta.db_table)} g ON g.id = ug.{q(groups.m2m_reverse_name())} "
        "WHERE t.digest = %s AND t.revoked_at IS NULL AND u.is_active"
    )
    if count_minute is None or not counts_without_waiting():
        with connection.cursor() as cursor:
            cursor.execute(select, [STAMP_ID, digest])
            return [(*row, None) for row in cursor.fetchall()]
    # PostgreSQL: the count is a data-modifying CTE over the token's user, so a token
    # that names nobody counts nothing, exactly as when the two statements were apart.
    source = f"SELECT DISTINCT user_id, %s, 1 FROM token, {NO_WAIT}"
    sql = (
        f"WITH token AS ({select}), counted AS ({upsert_sql(source)}) "
        "SELECT token.*, (SELECT count FROM counted) FROM token"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [STAMP_ID, digest, count_minute])
        return cursor.fetchall()
