"""The JSON API of ``shared/spec/checker-contract.md``.

    POST /api/v1/check          Draft -> Result
    POST /api/v1/check/batch    {"drafts": [...]} -> {"results": [...]}
    GET  /api/v1/openapi.json   the OpenAPI 3 document

Authentication is a personal token (``Authorization: Bearer cg_...``) or the browser's
session (with its CSRF token, as for any form). Every refusal is JSON naming the
problem: 400 (with ``field``), 401, 403, 405, 413, 415, 429. Drafts are checked and
forgotten; only the statistics row of each check is written (in bulk, within
``COUNCILGUARD_API_STATISTICS_SECONDS``).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from councilguard.checker import Draft, DraftError, Result
from councilguard.checker.draft import parse_json
from councilguard.web.checks import service
from councilguard.web.checks.service import checker, member_context, record_statistics
from councilguard.web.roles import can_check_drafts, needs_two_factor
from councilguard.web_services import fill_context
from councilguard.web_services.openapi import openapi_document

from . import limits
from .models import ApiToken

MAX_CHECK_BYTES = 1 * 1024 * 1024
MAX_BATCH_BYTES = 10 * 1024 * 1024
MAX_BATCH_DRAFTS = 100


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def error(status: int, message: str, field: str | None = None, **headers: str) -> JsonResponse:
    body: dict[str, Any] = {"error": message, "status": status}
    if field is not None:
        body["field"] = field
    response = JsonResponse(body, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


class Refused(Exception):
    def __init__(self, response: JsonResponse):
        self.response = response


def _authenticate(request: HttpRequest, now: float | None = None) -> Any:
    """The caller's user; with ``now``, a token's request is counted in the same
    statement where the database allows it (the user's ``_councilguard_rate_count``)."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise Refused(error(401, "use 'Authorization: Bearer <token>'", WWW_Authenticate="Bearer"))
        token = ApiToken.authenticate(raw.strip(), None if now is None else int(now // 60))
        if token is None:
            raise Refused(error(401, "the token is not valid or was revoked", WWW_Authenticate="Bearer"))
        user = token.user
    else:
        user = request.user
        if not user.is_authenticated:
            raise Refused(error(401, "sign in or send an API token", WWW_Authenticate="Bearer"))
        # A session is a browser's: a cross-site page must not use it, so CSRF applies.
        rejected = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(request, None, (), {})
        if rejected is not None:
            raise Refused(error(403, "the CSRF token is missing or wrong (send X-CSRFToken with a session)"))
        if needs_two_factor(user):
            raise Refused(error(403, "officers must complete two-factor sign-in first"))
    if not can_check_drafts(user):
        raise Refused(error(403, "your account has no role that may use the checker"))
    return user


def _read_json(request: HttpRequest, limit: int) -> Any:
    content_type = request.META.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
    if content_type != "application/json":
        raise Refused(error(415, f"send the body as application/json (got {content_type or 'nothing'})"))
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Refused(error(400, "Content-Length is not a number")) from None
    if length > limit:
        raise Refused(error(413, f"the body is {length:,} bytes; the limit is {limit:,}"))
    # Read past the limit by one byte, so a body without a truthful length is caught too.
    raw = request.read(limit + 1)
    if len(raw) > limit:
        raise Refused(error(413, f"the body is larger than the limit of {limit:,} bytes"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(error(400, f"the body is not valid UTF-8 (byte {exc.start})", field="body")) from None
    try:
        return parse_json(text)
    except DraftError as exc:  # bad syntax, a 4,300-digit number, nesting past the limit
        raise Refused(error(400, f"the body: {exc.problem}", field="body")) from None


def _sent_at(obj: Any) -> Any:
    raw = obj.get("sent_at") if isinstance(obj, dict) else None
    if isinstance(raw, str) and raw:
        try:
            return Draft.from_dict({"text": ".", "sent_at": raw}).sent_at
        except DraftError:
            return None  # the full validation below names the field
    return None


def _stamp(user: Any) -> str | None:
    """The register's stamp read with the token (None for a session): one statement tells
    whether the member's cached context and the cached checker in force still hold."""
    return getattr(user, "_councilguard_register_stamp", None)


def _with_context(user: Any, obj: Any) -> Any:
    """The draft with the register's context for its member where the caller gave none."""
    try:
        return _filled(user, obj)
    except OverflowError:
        # Year 1 or 9999: the register's arithmetic (time zones, meeting margins) runs off
        # the calendar. Say which field, rather than answer 500.
        raise DraftError("sent_at", f"{obj.get('sent_at')!r} is too near the ends of the calendar to check") from None


def _filled(user: Any, obj: Any) -> Any:
    if not isinstance(obj, dict):
        return obj
    at = _sent_at(obj)
    if at is not None and timezone.is_naive(at):
        at = timezone.make_aware(at)
    if obj.get("sent_at") in (None, ""):
        # A draft checked through the API is about to be sent: "now" is when, and the
        # meetings the member is attending are the ones under way now.
        at = timezone.now()
        obj = {**obj, "sent_at": at.isoformat()}
    platform, account = obj.get("platform"), obj.get("account")
    context = member_context(
        user,
        at,
        platform=platform if isinstance(platform, str) else None,
        account=account if isinstance(account, str) else None,
        register_stamp=_stamp(user),
    )
    return fill_context(obj, context)


def _with_timing(response: HttpResponse, checked_ms: float) -> HttpResponse:
    """Server-Timing (W3C): how long the checker took, so a client (and bench/api_load.py)
    can tell the checker's time from the rest of a request's."""
    response["Server-Timing"] = f"check;dur={checked_ms:.2f}"
    return response


def _guarded(view):  # noqa: ANN001, ANN202
    """POST only, authenticated, within the rate: the common door of the check views."""

    @csrf_exempt  # token callers have no CSRF token; _authenticate checks it for sessions
    def wrapped(request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return error(405, f"{request.method} is not allowed here; use POST", Allow="POST")
        try:
            now = time.time()
            user = _authenticate(request, now)
            allowed, retry_after = limits.take(user.pk, now, counted=getattr(user, "_councilguard_rate_count", None))
            if not allowed:
                return error(
                    429,
                    f"too many requests: the limit is {limits.rate_per_minute()} a minute",
                    Retry_After=str(retry_after),
                )
            return view(request, user)
        except Refused as refused:
            return refused.response

    wrapped.__name__ = view.__name__
    return wrapped


@_guarded
def check(request: HttpRequest, user: Any) -> HttpResponse:
    obj = _read_json(request, _setting("COUNCILGUARD_API_MAX_CHECK_BYTES", MAX_CHECK_BYTES))
    if not isinstance(obj, dict):
        return error(400, "the body must be a JSON object (a Draft)", field="draft")
    try:
        draft = Draft.from_dict(_with_context(user, obj))
    except DraftError as exc:
        return error(400, f"{exc.field}: {exc.problem}", field=exc.field)
    started = time.perf_counter()
    result = service.check(draft, draft.sent_at, register_stamp=_stamp(user))
    checked_ms = (time.perf_counter() - started) * 1000
    record_statistics([(result, draft.channel)], source="api", deferred=True)
    return _with_timing(JsonResponse(result.to_dict()), checked_ms)


@_guarded
def check_batch(request: HttpRequest, user: Any) -> HttpResponse:
    obj = _read_json(request, _setting("COUNCILGUARD_API_MAX_BATCH_BYTES", MAX_BATCH_BYTES))
    if not isinstance(obj, dict) or "drafts" not in obj:
        return error(400, 'the body must be an object with "drafts": [...]', field="drafts")
    drafts = obj["drafts"]
    if not isinstance(drafts, list):
        return error(400, '"drafts" must be an array of Draft objects', field="drafts")
    cap = _setting("COUNCILGUARD_API_MAX_BATCH_DRAFTS", MAX_BATCH_DRAFTS)
    if len(drafts) > cap:
        return error(413, f"the batch has {len(drafts)} drafts; the limit is {cap}", field="drafts")
    the_checker = checker(register_stamp=_stamp(user))
    checked_ms = 0.0
    results: list[Result] = []
    channels: list[str] = []
    for index, item in enumerate(drafts):
        draft_id = item.get("id") if isinstance(item, dict) else None
        try:
            draft = Draft.from_dict(_with_context(user, item))
        except DraftError as exc:
            results.append(
                Result.failed(
                    None if draft_id is None else str(draft_id),
                    f"drafts[{index}].{exc.field}: {exc.problem}",
                    the_checker.protocol.id,
                )
            )
            channels.append("")
            continue
        started = time.perf_counter()
        results.append(service.check(draft, draft.sent_at, register_stamp=_stamp(user)))
        checked_ms += (time.perf_counter() - started) * 1000
        channels.append(draft.channel)
    record_statistics(list(zip(results, channels, strict=True)), source="api", deferred=True)
    return _with_timing(JsonResponse({"results": [r.to_dict() for r in results]}), checked_ms)


def openapi(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return error(405, f"{request.method} is not allowed here; use GET", Allow="GET, HEAD")
    document = openapi_document(
        max_check_bytes=_setting("COUNCILGUARD_API_MAX_CHECK_BYTES", MAX_CHECK_BYTES),
        max_batch_bytes=_setting("COUNCILGUARD_API_MAX_BATCH_BYTES", MAX_BATCH_BYTES),
        max_batch_drafts=_setting("COUNCILGUARD_API_MAX_BATCH_DRAFTS", MAX_BATCH_DRAFTS),
        rate=f"{limits.rate_per_minute()} a minute",
        server_url=request.build_absolute_uri("/"),
    )
    return JsonResponse(document, json_dumps_params={"indent": 1})
