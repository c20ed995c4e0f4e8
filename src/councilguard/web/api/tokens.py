"""The "API tokens" page: a member creates a token (shown once), lists and revokes them."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from councilguard.web.governance import audit
from councilguard.web.names import refuse_bidi_controls
from councilguard.web.roles import needs_two_factor, role_required

from .models import ApiToken

MAX_ACTIVE_TOKENS = 10


class TokenForm(forms.Form):
    name = forms.CharField(
        validators=[refuse_bidi_controls],
        label="What is the token for?",
        help_text="For example: Outlook add-in on my council laptop",
        max_length=80,
        error_messages={"required": "Enter what the token is for"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.text("name", label_size=Size.SMALL), Submit("create", "Create a token"))


def _page(request: HttpRequest, form: TokenForm, raw: str | None = None, status: int = 200) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user)
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "raw_token": raw},
        status=status,
    )
    add_never_cache_headers(response)  # the page may carry a token shown once
    return response


def _two_factor_first(request: HttpRequest) -> HttpResponse | None:
    """/api/ is exempt from the officers' two-factor middleware (tokens have no session),
    so these pages, which make tokens, ask for the second factor themselves."""
    if needs_two_factor(request.user):
        return redirect(f"{reverse('accounts:two-factor')}?next={reverse('api:tokens')}")
    return None


@role_required()
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    if (refused := _two_factor_first(request)) is not None:
        return refused
    if request.method == "GET":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    if ApiToken.objects.active().filter(user=request.user).count() >= MAX_ACTIVE_TOKENS:
        form.add_error("name", f"You have {MAX_ACTIVE_TOKENS} tokens: revoke one you no longer use first")
        return _page(request, form, status=400)
    token, raw = ApiToken.issue(request.user, form.cleaned_data["name"])
    audit.record(request.user, "created", token, {"name": token.name})
    return _page(request, TokenForm(), raw=raw, status=201)


@role_required()
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if (refused := _two_factor_first(request)) is not None:
        return refused
    # Another member's token is "not found": its existence is not theirs to learn.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token.revoke()
    audit.record(request.user, "changed", token, {"revoked": True})
    messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
    return redirect("api:tokens")
