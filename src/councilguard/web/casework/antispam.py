"""Keeping spam out of the public forms without a third-party service.

Three checks, and Django's CSRF check besides:

* a honeypot: a field people never see (hidden from view and from screen readers) that
  form-filling robots fill in;
* a signed timestamp token issued with the form: a post without one, with a forged or
  expired one, sent faster than a person could type, or sent a second time (the token's
  nonce is recorded once used) is refused;
* a rate limit per IP address (posts an hour), counted from the submissions table by a
  keyed hash of the address, so the address itself is never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from .complaint_models import PublicSubmission

SALT = "councilguard.casework.public-form"
MAX_AGE_SECONDS = 4 * 60 * 60
HONEYPOT = "website"


@dataclass(frozen=True)
class Refusal:
    message: str
    status: int
    retry_after: int | None = None


def issue(form: str, now: float | None = None) -> str:
    now = time.time() if now is None else now
    return signing.dumps({"f": form, "t": round(now, 3), "n": secrets.token_urlsafe(18)}, salt=SALT, compress=True)


def _ip(request: HttpRequest) -> str:
    # REMOTE_ADDR is the client, or the proxy when behind one; the proxy's header is
    # trusted only when the deployment says there is one.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def ip_hash(request: HttpRequest) -> str:
    key = (settings.SECRET_KEY + ":public-form-ip").encode()
    return hmac.new(key, _ip(request).encode(), hashlib.sha256).hexdigest()


def check(request: HttpRequest, form: str, now: float | None = None) -> tuple[Refusal | None, str]:
    """(None, nonce) when the post may be accepted; (Refusal, "") otherwise."""
    now = time.time() if now is None else now
    if request.POST.get(HONEYPOT, "").strip():
        return Refusal("Your complaint could not be accepted. If you are a person, leave the last box empty.", 400), ""
    token = request.POST.get("form_token", "")
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        return Refusal("The form was open for too long. Your answers are below: send them again.", 400), ""
    except signing.BadSignature:
        return Refusal("The form could not be checked (it was changed or is incomplete). Send it again.", 400), ""
    if not isinstance(data, dict) or data.get("f") != form or not isinstance(data.get("n"), str):
        return Refusal("The form could not be checked (it was changed or is incomplete). Send it again.", 400), ""
    minimum = settings.COUNCILGUARD_PUBLIC_FORM_MIN_SECONDS
    if now - float(data.get("t", 0)) < minimum:
        return Refusal(
            "The form was sent too quickly to have been filled in by a person. Check it and send it again.", 400
        ), ""
    if PublicSubmission.objects.filter(nonce=data["n"]).exists():
        return Refusal("This form has already been sent. To make another complaint, start a new form.", 409), ""
    limit = settings.COUNCILGUARD_PUBLIC_FORM_PER_HOUR
    since = timezone.now() - timedelta(hours=1)
    if PublicSubmission.objects.filter(ip_hash=ip_hash(request), created_at__gte=since).count() >= limit:
        return Refusal(
            f"More than {limit} complaints have been sent from your connection in the last hour. Try again later.",
            429,
            retry_after=3600,
        ), ""
    return None, data["n"]


def spend(request: HttpRequest, form: str, nonce: str) -> bool:
    """Record the token as used (inside the caller's transaction); False if another
    request used it first."""
    try:
        with transaction.atomic():
            PublicSubmission.objects.create(form=form, nonce=nonce, ip_hash=ip_hash(request))
    except IntegrityError:
        return False
    return True
