"""Members' Services' forms for the register."""

from __future__ import annotations

from django import forms

from ..forms import GovukFormMixin
from . import models

# Native date pickers; crispy-forms-gds does not style these input types, so the GOV.UK
# classes are set here.
_DATE = forms.DateInput(attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}, format="%Y-%m-%d")
_DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local", "class": "govuk-input govuk-input--width-20"},
    format="%Y-%m-%dT%H:%M",
)


class _RegisterForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save"

    def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        # GOV.UK error messages say what to do about the field, not "This field is required."
        for name, field in self.fields.items():
            label = str(field.label or name.replace("_", " ")).lower()
            choosing = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
            field.error_messages["required"] = f"{'Select' if choosing else 'Enter'} the {label}"
            if isinstance(field, forms.ModelChoiceField):
                field.error_messages["invalid_choice"] = f"Select a {label} from the list"
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.error_messages["invalid"] = f"Enter the {label} as a real date"


class WardForm(_RegisterForm):
    class Meta:
        model = models.Ward
        fields = ["name"]


class PoliticalGroupForm(_RegisterForm):
    class Meta:
        model = models.PoliticalGroup
        fields = ["name"]


class MemberForm(_RegisterForm):
    class Meta:
        model = models.Member
        fields = ["full_name", "ward", "group", "council_email", "user", "active", "term_ends", "term_end_reason"]
        widgets = {"term_ends": _DATE}
        labels = {
            "full_name": "Full name",
            "group": "Political group",
            "council_email": "Council e-mail",
        }

    def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        # Only sign-ins not already linked to another member can be chosen.
        field = self.fields["user"]
        taken = models.Member.objects.exclude(pk=self.instance.pk).exclude(user=None).values("user")
        field.queryset = field.queryset.exclude(pk__in=taken).order_by("username")
        field.label = "Sign-in"
        field.required = False

    def clean(self) -> dict:
        data = super().clean()
        ends, reason = data.get("term_ends"), data.get("term_end_reason")
        if ends and not reason:
            self.add_error("term_end_reason", "Select why the term ends")
        if reason and not ends and "term_ends" not in self.errors:
            self.add_error("term_ends", "Enter the date the term ends")
        if self.instance.pk and self.instance.term_ends and not ends and self.instance.leaver_cases.exists():
            self.add_error("term_ends", "A leaver case is open for this member: the term's end cannot be removed")
        return data

    def clean_council_email(self) -> str | None:
        # Stored lower-case and None when blank, so the uniqueness check compares like with like.
        value = (self.cleaned_data.get("council_email") or "").strip().lower()
        return value or None


class PostForm(_RegisterForm):
    class Meta:
        model = models.Post
        fields = ["member", "title", "executive"]


class SocialAccountForm(_RegisterForm):
    class Meta:
        model = models.SocialAccount
        fields = ["member", "platform", "kind", "handle", "bio"]
        labels = {"bio": "Profile bio"}
        widgets = {"bio": forms.Textarea(attrs={"rows": 3})}


class CommitteeForm(_RegisterForm):
    class Meta:
        model = models.Committee
        fields = ["name"]


class CommitteeMembershipForm(_RegisterForm):
    class Meta:
        model = models.CommitteeMembership
        fields = ["member", "committee", "position", "since", "until"]
        widgets = {"since": _DATE, "until": _DATE}


class MeetingForm(_RegisterForm):
    start = forms.DateTimeField(widget=_DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    end = forms.DateTimeField(widget=_DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])

    class Meta:
        model = models.Meeting
        fields = ["committee", "start", "end", "venue"]


class AttendanceForm(_RegisterForm):
    class Meta:
        model = models.Attendance
        fields = ["meeting", "member", "status", "substitute_for"]


class ElectionForm(_RegisterForm):
    class Meta:
        model = models.Election
        fields = ["name", "polling_day", "period_starts"]
        widgets = {"polling_day": _DATE, "period_starts": _DATE}
        labels = {"period_starts": "Pre-election period starts"}
