"""Signing in and out, the second factor for officers, the account page and the home page."""

from __future__ import annotations

import base64
from io import BytesIO

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import roles
from ..governance import audit
from ..governance.protocols import version_in_force
from . import lockout
from .forms import PasswordChangeForm, SignInForm, TokenForm


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_safe_next(request, reverse("home")))
    form = SignInForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        until = lockout.locked_until(username)
        if until is not None:
            minutes = max(1, int((until - timezone.now()).total_seconds() // 60) + 1)
            form.add_error(
                None,
                f"Too many failed attempts to sign in as this user. Try again in {minutes} "
                f"minute{'s' if minutes != 1 else ''}, or ask the ICT Service Desk to help.",
            )
            status = 429
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                lockout.record_failure(username, _client_ip(request))
                form.add_error(None, "Enter a correct user name and password")
                status = 200
            else:
                lockout.clear_failures(username)
                login(request, user)
                return redirect(_safe_next(request, reverse("home")))
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": _safe_next(request, "")},
        status=status,
    )


def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """The Django admin's sign-in page: the service's own, so its lockout (and then the
    second factor) applies there too. Someone already signed in who reached it lacks
    the admin's rights: refused, not sent round the sign-in page again."""
    if request.user.is_authenticated:
        raise PermissionDenied("Your sign-in does not give you access to the Django admin.")
    return sign_in(request)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect(settings.LOGOUT_REDIRECT_URL)


def _confirmed_device(user) -> TOTPDevice | None:  # noqa: ANN001
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


WRONG_CODE = "The security code is wrong or has expired: enter the code shown now"


def _code_problem(device: TOTPDevice, token: str) -> str | None:
    """None when ``token`` is the right code; otherwise what to tell the person. During
    the throttle after wrong codes even the right one is not checked, so say to wait
    rather than call it wrong."""
    allowed, info = device.verify_is_allowed()
    if not allowed and info and info.get("locked_until"):
        seconds = max(1, int((info["locked_until"] - timezone.now()).total_seconds() + 0.999))
        return (
            f"Too many wrong codes: wait {seconds} second{'s' if seconds != 1 else ''}, then enter the code shown then"
        )
    return None if device.verify_token(token) else WRONG_CODE


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Ask an officer for the code from their authenticator app."""
    if not roles.needs_two_factor(request.user):
        return redirect(_safe_next(request, reverse("home")))
    device = _confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('accounts:two-factor-enrol')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        problem = _code_problem(device, form.cleaned_data["token"])
        if problem is None:
            django_otp.login(request, device)
            return redirect(_safe_next(request, reverse("home")))
        form.add_error("token", problem)
    return render(request, "accounts/two_factor.html", {"form": form, "next": _safe_next(request, "")})


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: show the QR code and secret, confirm with one code."""
    if _confirmed_device(request.user) is not None:
        # Replacing a device needs the ICT Service Desk: someone holding a stolen session
        # must not be able to enrol their own phone.
        return redirect(f"{reverse('accounts:two-factor')}?{request.GET.urlencode()}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        problem = _code_problem(device, form.cleaned_data["token"])
        if problem is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            messages.success(request, "Two-factor sign-in is set up.")
            return redirect(_safe_next(request, reverse("home")))
        form.add_error("token", problem)
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr_code": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _safe_next(request, ""),
        },
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "member": roles.member_for(user),
            "roles": [roles.ROLE_LABELS[r] for r in roles.ROLES if r in roles.roles_of(user)],
            "two_factor": _confirmed_device(user) is not None,
            "officer": roles.is_officer(user),
        },
    )


class PasswordChange(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):  # noqa: ANN001, ANN201
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed.")
        return response


@roles.role_required(roles.ICT_SERVICE_DESK, roles.ADMINISTRATOR)
def support(request: HttpRequest) -> HttpResponse:
    """The ICT Service Desk's view of sign-ins: who is locked out, who has two-factor set up."""
    User = get_user_model()
    now = timezone.now()
    people = []
    for user in User.objects.filter(is_active=True).order_by("username"):
        people.append(
            {
                "user": user,
                "roles": ", ".join(roles.ROLE_LABELS[r] for r in roles.ROLES if r in roles.roles_of(user)),
                "locked_until": lockout.locked_until(user.username, now),
                "two_factor": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
                "may_reset": roles.can_reset_two_factor(request.user, user),
            }
        )
    return render(request, "accounts/support.html", {"people": people})


@require_http_methods(["GET", "HEAD", "POST"])
@roles.role_required(roles.ICT_SERVICE_DESK, roles.ADMINISTRATOR)
def support_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Unlock a user name (a POST), or remove a lost phone so its owner enrols a new one
    (asked to confirm first: a GET, or a POST without ``confirm``, shows the question)."""
    user = get_object_or_404(get_user_model(), pk=pk, is_active=True)
    if action == "unlock":
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        lockout.clear_failures(user.username)
        audit.record(request.user, "changed", user, {"sign-in lock": ["locked", "unlocked"]})
        messages.success(request, f"{user.username} can sign in again.")
    elif action == "reset-two-factor":
        if not roles.can_reset_two_factor(request.user, user):
            raise PermissionDenied("Only the administrator can reset two-factor sign-in on this account.")
        if request.method != "POST" or request.POST.get("confirm") != "yes":
            return render(request, "accounts/support_reset.html", {"person": user})
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        audit.record(request.user, "changed", user, {"two-factor": [f"{removed} device(s)", "none"]})
        messages.success(request, f"{user.username} will set up two-factor sign-in again.")
    else:
        raise Http404("No such action")
    return redirect("accounts:support")


def home(request: HttpRequest) -> HttpResponse:
    """The start page: what this person can do here."""
    if not request.user.is_authenticated:
        return render(request, "home_public.html")
    member = roles.member_for(request.user)
    version = version_in_force()
    acknowledged = bool(member and version and member.acknowledgements.filter(version=version).exists())
    return render(
        request,
        "home.html",
        {"member": member, "version": version, "acknowledged": acknowledged},
    )
