"""The Service Desk's forms and the member's (GOV.UK markup through crispy-forms-gds)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from councilguard.servicedesk import rules

from ..forms import GovukDateField, GovukFormMixin
from ..register.models import Member
from . import services
from .models import Asset, FilterRequest, Incident, LeaverCase, LeaverDevice, ReturnRequest


class _Form(GovukFormMixin, forms.Form):
    def add_rule_error(self, error: rules.RuleError) -> None:
        self.add_error(error.field if error.field in self.fields else None, error.message)


class _AssetChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Asset) -> str:
        holder = f", held by {obj.holder.full_name}" if obj.holder_id else ""
        return f"{obj.get_kind_display()}: {obj.make} {obj.model} ({obj.asset_tag}){holder}"


class _MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return obj.full_name


class AssetForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save device"
    next_audit_due = GovukDateField("Next audit due", required=False, help_text="Leave empty if none is planned")

    class Meta:
        model = Asset
        fields = ["asset_tag", "serial_number", "kind", "make", "model", "next_audit_due", "notes"]
        widgets = {"kind": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Asset.Kind.choices

    def clean_asset_tag(self) -> str:
        tag = services.normalise_tag(self.cleaned_data["asset_tag"])
        clash = Asset.objects.filter(asset_tag__iexact=tag).exclude(pk=self.instance.pk).first()
        if clash:
            raise ValidationError(f"Asset tag {tag} is already used by {clash.make} {clash.model}: check the label")
        return tag


class IssueForm(_Form):
    submit_label = "Issue device"
    member = _MemberChoice(queryset=Member.objects.none(), label="Councillor", empty_label="Select the councillor")
    issued_on = GovukDateField("Date issued")
    acknowledged = forms.BooleanField(label="The councillor has read and acknowledged the protocol in force")

    def __init__(self, *args: Any, version: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        leaving = LeaverCase.objects.filter(closed_at=None).values("member")
        self.fields["member"].queryset = (
            Member.objects.filter(active=True).exclude(pk__in=leaving).order_by("full_name")
        )
        if version is not None:
            self.fields[
                "acknowledged"
            ].label = (
                f"The councillor has read and acknowledged the Members' ICT Usage Protocol in force ({version.pack_id})"
            )
        self.fields["acknowledged"].error_messages["required"] = (
            "Confirm the councillor has acknowledged the protocol: a device is issued only then"
        )
        if not self.is_bound:
            self.initial.setdefault("issued_on", timezone.localdate())


class ReceiveForm(_Form):
    submit_label = "Record it as returned"
    returned_on = GovukDateField("Date returned")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("returned_on", timezone.localdate())


class IncidentReportForm(_Form):
    submit_label = "Send the report"
    asset = _AssetChoice(
        queryset=Asset.objects.none(), label="Which device", widget=forms.RadioSelect, empty_label=None
    )
    kind = forms.ChoiceField(label="What happened to it", choices=Incident.Kind.choices, widget=forms.RadioSelect)
    happened_on = GovukDateField("Date it happened", help_text="For example, 27 3 2026. Your best guess if unsure")
    description = forms.CharField(
        label="What happened, and where", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    crime_number = forms.CharField(
        label="Police crime number (thefts only)",
        max_length=60,
        required=False,
        help_text="Report a theft to the Police first; add the number later if you do not have it yet",
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, assets: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = assets if assets is not None else Asset.objects.none()
        self.initial.setdefault("submission_key", uuid.uuid4())
        self.fields["kind"].choices = [("damage", "Damaged"), ("loss", "Lost"), ("theft", "Stolen")]


class CrimeNumberForm(_Form):
    submit_label = "Add the crime number"
    crime_number = forms.CharField(label="Police crime number", max_length=60)


class IncidentCloseForm(_Form):
    submit_label = "Close the report"
    outcome = forms.ChoiceField(
        label="Outcome", choices=[(o.value, rules.OUTCOME_LABELS[o]) for o in rules.Outcome], widget=forms.RadioSelect
    )
    crime_number = forms.CharField(
        label="Police crime number", max_length=60, required=False, help_text="Needed to close a theft"
    )
    charge_amount = forms.DecimalField(
        label="Amount charged for misuse (£)", max_digits=8, decimal_places=2, required=False, min_value=0
    )
    decision = forms.CharField(
        label="Decision to charge (who decided, and why)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    outcome_notes = forms.CharField(
        label="Notes", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["charge_amount"].error_messages["invalid"] = "Enter the amount in pounds, like 120.00"
        self.fields["charge_amount"].error_messages["min_value"] = "Enter an amount of £0 or more"


class ReturnRequestForm(_Form):
    submit_label = "Ask for it back"
    asset = _AssetChoice(queryset=Asset.objects.none(), label="Device", empty_label="Select the device")
    reason = forms.ChoiceField(
        label="Why it is needed back", choices=ReturnRequest.Reason.choices, widget=forms.RadioSelect
    )
    requested_on = GovukDateField("Date of the request")
    due_on = GovukDateField("Return by")
    note = forms.CharField(
        label="Note to the councillor", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = Asset.objects.filter(status__in=list(rules.HELD)).select_related("holder")
        self.initial.setdefault("requested_on", timezone.localdate())


class ReturnedForm(_Form):
    submit_label = "Record it as returned"
    returned_on = GovukDateField("Date returned")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("returned_on", timezone.localdate())


class FilterAskForm(_Form):
    submit_label = "Ask for the filter"
    sender = forms.CharField(
        label="Sender's e-mail address or domain",
        max_length=254,
        help_text="For example, name@example.com, or example.com for everyone there",
    )
    reason = forms.CharField(
        label="Why (optional)", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("submission_key", uuid.uuid4())


class FilterDecideForm(_Form):
    submit_label = "Save"
    status = forms.ChoiceField(
        label="What happened",
        choices=[(FilterRequest.Status.IN_PLACE, "Put in place"), (FilterRequest.Status.DECLINED, "Not put in place")],
        widget=forms.RadioSelect,
    )
    in_place_on = GovukDateField("Date put in place", required=False)
    declined_reason = forms.CharField(
        label="Why not", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AccountDeviceForm(_Form):
    submit_label = "Save"
    how = forms.ChoiceField(
        label="How it is accounted for", choices=LeaverDevice.Accounted.choices, widget=forms.RadioSelect
    )


class SignInEndForm(_Form):
    submit_label = "Save the date"
    sign_in_ends_on = GovukDateField("Sign-in ends on")
