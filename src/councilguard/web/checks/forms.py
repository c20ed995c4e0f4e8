"""The check form: what the member decides about a draft. The rest of the context
comes from the register (``checks.service.member_context``).

``CheckForm.clean()`` is the one boundary between a form and the checker: it builds the
Draft dict from the cleaned fields and the register, and the contract's own validation
(``Draft.from_dict``) decides whether it can be checked. Views read ``form.draft``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    Field,
    Fieldset,
    Fluid,
    Layout,
    Size,
)
from django import forms

from councilguard.checker.draft import MAX_TEXT_CHARS, PLATFORMS, Draft, DraftError
from councilguard.checker.vocabulary import platform_label
from councilguard.web.forms import ServiceWordsMixin
from councilguard.web_services import MemberContext, fill_context

CHANNEL_CHOICES = [("email", "E-mail"), ("social", "Social media post")]
ACCOUNT_CHOICES = [
    ("council", "Council account or address"),
    ("personal", "My personal account or address"),
    ("party", "My party's or political group's account"),
]
PLATFORM_CHOICES = [(p, platform_label(p)) for p in PLATFORMS]
# The draft's fields, in the order they are carried from the check page to an advice request.
DRAFT_FIELDS = (
    "text", "channel", "account", "platform", "subject", "sender", "to", "cc", "bcc",
    "reply_all", "forwarded", "attachments", "images",
)  # fmt: skip


# Addresses are split on commas, semicolons and whitespace: the ways people paste them.
_ADDRESS_SPLIT = re.compile(r"[,;\s]+")
# One attachment name or image source per line; a form is not the place for hundreds.
MAX_LIST_ITEMS = 50

# What the register says about the member, for the platform and account the draft goes
# out from (called with platform= and account=).
ContextFor = Callable[..., MemberContext]


def _no_context(**_: Any) -> MemberContext:
    return MemberContext()


class CheckForm(ServiceWordsMixin, forms.Form):
    text = forms.CharField(
        label="Your draft",
        help_text="Paste the e-mail's body (with any quoted replies) or the post. It is checked and not kept.",
        max_length=MAX_TEXT_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "true"}),
        error_messages={"required": "Enter the text of your e-mail or post"},
    )
    channel = forms.ChoiceField(
        label="What is it?",
        choices=CHANNEL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is an e-mail or a social media post"},
    )
    account = forms.ChoiceField(
        label="Which account or address does it go out from?",
        choices=ACCOUNT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the account or address it goes out from"},
    )
    platform = forms.ChoiceField(label="Platform", choices=PLATFORM_CHOICES, required=False, initial="twitter")
    subject = forms.CharField(label="Subject", required=False, max_length=1000)
    sender = forms.CharField(
        label="From (if not your council address)",
        required=False,
        max_length=320,
        help_text="Leave empty when sending from your council e-mail address",
    )
    to = forms.CharField(label="To", required=False, max_length=5000, help_text="Separate addresses with commas")
    cc = forms.CharField(label="Cc", required=False, max_length=5000)
    bcc = forms.CharField(label="Bcc", required=False, max_length=5000)
    reply_all = forms.BooleanField(label="This is a reply to all", required=False)
    forwarded = forms.BooleanField(label="This forwards someone else's e-mail", required=False)
    attachments = forms.CharField(
        label="Attachments (optional)",
        help_text="The file names, one a line, for example minutes.pdf",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    images = forms.CharField(
        label="Images (optional)",
        help_text="Where each picture came from, one a line: a web address, or the file name",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, member_context: ContextFor = _no_context, sent_at: datetime | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.member_context = member_context
        self.sent_at = sent_at
        # The Draft dict (the contract's shape) once the form is valid.
        self.draft: dict[str, Any] | None = None
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page wraps it, to add the second button
        self.helper.layout = Layout(
            Field.textarea("text", label_size=Size.MEDIUM),
            # Plain radios and two fieldsets rather than GOV.UK's conditional reveal: its
            # script puts aria-expanded on the radio inputs, which axe reports as a critical
            # ARIA misuse. check.js hides the fieldset that does not apply instead.
            Field.radios("channel", legend_size=Size.SMALL, inline=True),
            Fieldset(
                Field.text("subject"),
                Field.text("to"),
                Field.text("cc", field_width=Fluid.TWO_THIRDS),
                Field.text("bcc", field_width=Fluid.TWO_THIRDS),
                Field.text("sender"),
                Field.checkbox("reply_all", small=True),
                Field.checkbox("forwarded", small=True),
                legend="If it is an e-mail",
                legend_size=Size.SMALL,
                data_show_for="email",
            ),
            Fieldset(
                Field.select("platform"),
                legend="If it is a social media post",
                legend_size=Size.SMALL,
                data_show_for="social",
            ),
            Field.radios("account", legend_size=Size.SMALL),
            Fieldset(
                Field.textarea("attachments"),
                Field.textarea("images"),
                legend="Attachments and images",
                legend_size=Size.SMALL,
            ),
        )

    def clean_text(self) -> str:
        # strip=False keeps the draft as written, so a text of spaces passes "required".
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError(self.fields["text"].error_messages["required"])
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        draft = self._draft_fields(data)
        if self.errors:
            return data
        context = self.member_context(platform=data.get("platform") or None, account=data.get("account") or None)
        draft = fill_context(draft, context)
        try:
            Draft.from_dict(draft)
        except DraftError as exc:
            # A field the member typed is pointed at ("recipients.to[2]" is the To box);
            # anything the register added is reported on the text, in the contract's words.
            self.add_error(form_field_for(exc.field), f"{exc.field}: {exc.problem}")
            return data
        self.draft = draft
        return data

    def _draft_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        """The Draft's fields that the member typed, from the cleaned form."""
        channel = data["channel"]
        draft: dict[str, Any] = {"text": data["text"], "channel": channel, "account": data["account"]}
        if channel == "social":
            draft["platform"] = data.get("platform") or "other"
        else:
            draft["subject"] = (data.get("subject") or "").strip()
            draft["recipients"] = {name: self._addresses(data, name) for name in ("to", "cc", "bcc")}
            sender = (data.get("sender") or "").strip()
            if sender and "@" not in sender:
                self.add_error("sender", f"{sender!r} is not an e-mail address")
            elif sender:
                draft["sender"] = sender
            draft["reply_all"] = bool(data.get("reply_all"))
            draft["forwarded"] = bool(data.get("forwarded"))
        attachments = self._lines(data, "attachments")
        if attachments:
            draft["attachments"] = [{"name": name} for name in attachments]
        images = self._lines(data, "images")
        if images:
            draft["images"] = [{"source": source} for source in images]
        if self.sent_at is not None:
            draft["sent_at"] = self.sent_at.isoformat()
        return draft

    def _lines(self, data: dict[str, Any], name: str) -> list[str]:
        items = [line.strip() for line in (data.get(name) or "").splitlines() if line.strip()]
        if len(items) > MAX_LIST_ITEMS:
            self.add_error(name, f"Give at most {MAX_LIST_ITEMS}, one a line")
        return items

    def _addresses(self, data: dict[str, Any], name: str) -> list[str]:
        items = [a for a in _ADDRESS_SPLIT.split(data.get(name) or "") if a]
        wrong = next((a for a in items if "@" not in a), None)
        if wrong is not None:
            self.add_error(name, f"{wrong!r} is not an e-mail address")
        elif len(items) > MAX_LIST_ITEMS:
            self.add_error(name, f"Give at most {MAX_LIST_ITEMS} addresses")
        return items


def form_field_for(draft_field: str) -> str:
    """The form field a Draft field comes from ("recipients.to[2]" is the To box); the
    text for anything else (what the register adds is not the member's to correct)."""
    parts = re.split(r"[.\[]", draft_field)
    if parts[0] == "recipients" and len(parts) > 1 and parts[1] in ("to", "cc", "bcc"):
        return parts[1]
    return parts[0] if parts[0] in DRAFT_FIELDS else "text"
