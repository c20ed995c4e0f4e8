"""Security headers, and the rule that officers sign in with a second factor."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .. import roles

# Scripts and styles come only from our own static files (no inline script), images may be
# data: URIs (the QR code for enrolling an authenticator app).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if settings.SECURE_HSTS_SECONDS:
            # Django's SecurityMiddleware adds it only to requests it knows were secure.
            hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
            if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
                hsts += "; includeSubDomains"
            response.headers.setdefault("Strict-Transport-Security", hsts)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Pages about people and drafts must not be kept by shared browsers or proxies.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class OfficerTwoFactorMiddleware:
    """Send an officer who has not passed TOTP this session to enrol or verify first.

    The API (token authentication, no session) and the pages needed to finish signing in
    are exempt; everything else, the admin included, waits for the second factor.
    """

    EXEMPT_PREFIXES = ("/api/", "/assets/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and roles.needs_two_factor(user) and not self._exempt(request.path):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:two-factor')}?{query}")
        return self.get_response(request)

    def _exempt(self, path: str) -> bool:
        if path.startswith(self.EXEMPT_PREFIXES):
            return True
        return path in {
            reverse("accounts:two-factor"),
            reverse("accounts:two-factor-enrol"),
            reverse("accounts:sign-out"),
        }
