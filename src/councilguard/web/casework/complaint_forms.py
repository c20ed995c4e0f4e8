"""The Monitoring Officer's forms: recording a complaint, and uploading archives to scan."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from councilguard.archive.importers.tabular import MappingError, parse_mapping
from councilguard.checker.draft import ACCOUNTS
from councilguard.web.forms import GovukDateField, GovukFormMixin, ServiceWordsMixin
from councilguard.web.register.models import Member

from .complaint_models import Complaint

MAX_FILES = 20


class _MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        extra = ", ".join(str(x) for x in (obj.ward, obj.group) if x)
        former = "" if obj.active else " (former member)"
        return f"{obj.full_name}{former}" + (f" – {extra}" if extra else "")


class ComplaintForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save complaint"

    member = _MemberChoice(
        queryset=Member.objects.select_related("ward", "group").order_by("-active", "full_name"),
        label="Member complained about",
        empty_label="Select the member",
    )

    class Meta:
        model = Complaint
        fields = [
            "complainant_name",
            "complainant_contact",
            "member",
            "received_on",
            "summary",
            "evidence_links",
            "evidence_text",
            "status",
            "outcome",
            "outcome_notes",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "evidence_links": forms.Textarea(attrs={"rows": 3}),
            "evidence_text": forms.Textarea(attrs={"rows": 5}),
            "outcome_notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "outcome": "Only when the complaint is closed (or sent to investigation or a hearing)",
            "evidence_links": "One link on each line (optional)",
            "evidence_text": "The post or e-mail complained about, word for word (optional): the checker reads it",
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", "Not closed yet"), *Complaint.Outcome.choices]
        # GOV.UK error messages say what to do, not "This field is required."
        for name, field in self.fields.items():
            label = str(field.label or name.replace("_", " ")).lower()
            if not field.required:
                continue
            choosing = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
            field.error_messages["required"] = f"{'Select' if choosing else 'Enter'} the {label}"
        self.fields["member"].error_messages["invalid_choice"] = "Select a member from the list"
        self.fields["received_on"].error_messages["invalid"] = "Enter the date received as a date"

    def clean_received_on(self) -> Any:
        received = self.cleaned_data["received_on"]
        if received and received > timezone.localdate():
            raise forms.ValidationError("The date received must be today or in the past")
        return received


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _ArchivesField(forms.FileField):
    """One or more files in one field (Django's documented pattern for <input multiple>)."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("widget", _MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(d, initial) for d in data]
        # Nothing chosen: the single-file check raises "Select at least one archive file".
        return [single(data or None, initial)]


class ScanUploadForm(ServiceWordsMixin, forms.Form):
    archives = _ArchivesField(
        label="Archive files",
        # An empty file is still scanned: the report says it held no messages, which is
        # what the officer needs to know about it.
        allow_empty_file=True,
        error_messages={"required": "Select at least one archive file to scan"},
    )
    social_account = forms.ChoiceField(
        label="Social media posts in these archives were made from",
        choices=[(a, f"The member's {a} account") for a in ACCOUNTS],
        initial="personal",
        error_messages={"required": "Select which account the posts were made from"},
    )
    mapping = forms.CharField(
        label="Column mapping (CSV or JSON Lines only, optional)",
        required=False,
        max_length=500,
        help_text="For example text=body,sent_at=date,sender=from. Columns named like "
        "the draft's fields need no mapping.",
    )
    senders = forms.CharField(
        label="The member's own addresses and handles",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One on each line: e-mail addresses and social media handles (@name). Only messages "
        "sent from these are checked, so mail the member received is left out. Posts that name no "
        "sender (a Facebook download of the member's own account) are checked too.",
        error_messages={"required": "Enter at least one e-mail address or handle of the member"},
    )
    since = GovukDateField("From", required=False)
    until = GovukDateField("To", required=False)

    def clean_archives(self) -> list[Any]:
        files = self.cleaned_data["archives"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Upload at most {MAX_FILES} files in one scan")
        return files

    def clean_mapping(self) -> str:
        value = self.cleaned_data["mapping"].strip()
        try:
            parse_mapping(value)
        except MappingError as exc:
            raise forms.ValidationError(f"The column mapping: {exc}") from None
        return value

    def clean_senders(self) -> list[str]:
        items: list[str] = []
        for line in self.cleaned_data["senders"].replace(",", "\n").splitlines():
            item = line.strip()
            if not item:
                continue
            if " " in item or len(item) > 200:
                raise forms.ValidationError(
                    f"“{item[:60]}” is not an e-mail address or a handle: give one on each line"
                )
            if item.lower() not in (i.lower() for i in items):
                items.append(item)
        if not items:
            raise forms.ValidationError(
                "Enter at least one e-mail address or handle of the member: the register has none for them"
            )
        return items

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date must be on or after the start date")
        return data

    def scan_options(self, member: Member, protocol: str) -> dict[str, Any]:
        """What the scan records and runs with (JSON): the member as author, the dates as
        the whole days chosen, in UTC."""
        data = self.cleaned_data
        since, until = data.get("since"), data.get("until")
        return {
            "author": member.register_id,
            "senders": data["senders"],
            "keep_without_sender": True,
            "protocol": protocol,
            "social_account": data["social_account"],
            "mapping": data["mapping"],
            "since": datetime.combine(since, time.min, UTC).isoformat() if since else None,
            "until": datetime.combine(until, time.max, UTC).isoformat() if until else None,
        }


def member_senders(member: Member) -> str:
    """The addresses and handles the register knows for the member, one a line."""
    known = [member.council_email or ""] + [a.handle for a in member.social_accounts.all()]
    # A Facebook name ("Cllr Priya Patel") is no sender address: its posts name no sender.
    return "\n".join(dict.fromkeys(k.strip() for k in known if k and k.strip() and " " not in k.strip()))
