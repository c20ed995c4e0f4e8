"""Members' Services' forms for the register."""

from __future__ import annotations

from django import forms

from councilguard.committees import AttendanceLine, declaration_problems, tally_from_recorded, vote_problems
from councilguard.committees.votes import OPTIONS, VoteTally

from .. import roles
from ..forms import GovukFormMixin
from . import models, records

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
        # Only councillors' sign-ins not already linked to another member can be chosen
        # (never an officer's or the administrator's: see roles.councillor_sign_ins).
        field = self.fields["user"]
        taken = models.Member.objects.exclude(pk=self.instance.pk).exclude(user=None).values("user")
        field.queryset = roles.councillor_sign_ins(field.queryset).exclude(pk__in=taken).order_by("username")
        field.label = "Sign-in"
        field.required = False
        field.error_messages["invalid_choice"] = "Choose a councillor's sign-in that is not linked to another member"

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
        fields = [
            "committee", "start", "end", "venue", "chair", "vice_chair", "opening_remarks",
            "previous_minutes_of", "previous_minutes_amendment",
        ]  # fmt: skip
        widgets = {
            "previous_minutes_of": _DATE,
            "opening_remarks": forms.Textarea(attrs={"rows": 2}),
            "previous_minutes_amendment": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict:
        data = super().clean()
        if data.get("previous_minutes_amendment") and not data.get("previous_minutes_of"):
            self.add_error("previous_minutes_of", "Enter the date of the meeting whose minutes were amended")
        start = data.get("start")
        if data.get("previous_minutes_of") and start and data["previous_minutes_of"] >= start.date():
            self.add_error("previous_minutes_of", "The previous minutes must be of a meeting before this one")
        return data


class _MeetingPartForm(_RegisterForm):
    """A record that belongs to one meeting: the meeting comes from the page, not the form."""

    def __init__(self, *args, meeting: models.Meeting | None = None, **kwargs):  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        if meeting is not None:
            self.instance.meeting = meeting
            self.fields.pop("meeting", None)
            if "item" in self.fields:
                self.fields["item"].queryset = meeting.items.all()
        self._layout()

    def _layout(self) -> None:
        """Lay the form out again from its fields (the mixin laid it out before they changed)."""
        from crispy_forms_gds.helper import FormHelper
        from crispy_forms_gds.layout import Submit

        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.add_input(Submit("submit", self.submit_label))


class AttendanceForm(_MeetingPartForm):
    class Meta:
        model = models.Attendance
        fields = ["meeting", "member", "status", "substitute_for"]
        labels = {"substitute_for": "In place of (substitutes only)"}

    def clean(self) -> dict:
        data = super().clean()
        meeting = self.meeting or data.get("meeting")
        member, status = data.get("member"), data.get("status")
        if meeting is None or member is None or not status:
            return data
        substitute_for = data.get("substitute_for")
        line = AttendanceLine(member.pk, status, substitute_for.pk if substitute_for else None)
        for problem in records.problems_with(meeting, line, replacing=self.instance.pk):
            field = "substitute_for" if ("substitut" in problem and "themselves" not in problem) else "member"
            self.add_error(field if field in self.fields else None, problem)
        return data


class AgendaItemForm(_MeetingPartForm):
    class Meta:
        model = models.AgendaItem
        fields = ["number", "title", "kind", "minute"]
        labels = {"kind": "Type of item"}
        widgets = {"minute": forms.Textarea(attrs={"rows": 8})}

    def clean_number(self) -> int:
        number = self.cleaned_data["number"]
        taken = models.AgendaItem.objects.filter(meeting=self.meeting, number=number).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"Item {number} is already on this agenda: choose another number")
        return number


class DeclarationForm(_MeetingPartForm):
    class Meta:
        model = models.Declaration
        fields = ["item", "member", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "kind": forms.RadioSelect}

    def clean(self) -> dict:
        data = super().clean()
        member, kind = data.get("member"), data.get("kind")
        if member is not None and kind:
            status = records.status_of(self.meeting, member.pk)
            for problem in declaration_problems(member.pk, kind, status, str(member)):
                self.add_error("member", problem)
        return data


class DecisionForm(_MeetingPartForm):
    class Meta:
        model = models.Decision
        fields = ["item", "number", "outcome", "vote"]
        labels = {"number": "Decision number within the item", "vote": "The vote that took it (if any)"}
        widgets = {"outcome": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["item"].required = True
        self.fields["item"].error_messages["required"] = "Select the item"
        self.fields["vote"].queryset = self.meeting.votes.all() if self.meeting else models.Vote.objects.none()


class VoteForm(_MeetingPartForm):
    """A vote: each member at the meeting gets a choice when the vote is recorded;
    otherwise the counts. Substitutes vote in their own name."""

    class Meta:
        model = models.Vote
        fields = ["item", "motion", "recorded", "count_for", "count_against", "count_abstain", "casting_vote"]
        labels = {
            "recorded": "Each member's vote was recorded",
            "count_for": "Votes for (counts only)",
            "count_against": "Votes against (counts only)",
            "count_abstain": "Abstentions (counts only)",
            "casting_vote": "The Chairman's casting vote (a tie only)",
        }

    def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["item"].required = True
        self.fields["item"].error_messages["required"] = "Select the item"
        self.attending = list(self.meeting.attending().select_related("member", "substitute_for"))
        before = {v.member_id: v.option for v in self.instance.member_votes.all()} if self.instance.pk else {}
        for record in self.attending:
            label = f"Councillor {record.member.full_name}"
            if record.substitute_for_id:
                label += f" (substitute for Councillor {record.substitute_for.full_name})"
            self.fields[f"vote_{record.member_id}"] = forms.ChoiceField(
                label=label, choices=list(OPTIONS.items()), required=False,
                initial=before.get(record.member_id, "did_not_vote"),
            )  # fmt: skip
        self._layout()

    def member_votes(self) -> dict[int, str]:
        return {r.member_id: self.cleaned_data.get(f"vote_{r.member_id}") or "did_not_vote" for r in self.attending}

    def clean(self) -> dict:
        data = super().clean()
        casting = data.get("casting_vote") or None
        if data.get("recorded"):
            votes = self.member_votes()
            tally = tally_from_recorded(votes, casting)
            problems = vote_problems(tally, len(self.attending), recorded=votes, attending=votes)
        else:
            counts = [data.get(f) for f in ("count_for", "count_against", "count_abstain")]
            tally = VoteTally(*(c or 0 for c in counts), casting_vote=casting)
            problems = vote_problems(tally, len(self.attending))
        for problem in problems:
            self.add_error(None, problem)
        return data

    def save_votes(self, vote: models.Vote) -> None:
        vote.member_votes.all().delete()
        if not vote.recorded:
            return
        replaced = {r.member_id: r.substitute_for_id for r in self.attending}
        models.MemberVote.objects.bulk_create(
            models.MemberVote(vote=vote, member_id=member, option=option, on_behalf_of_id=replaced.get(member))
            for member, option in self.member_votes().items()
        )


class ElectionForm(_RegisterForm):
    class Meta:
        model = models.Election
        fields = ["name", "kind", "ward", "polling_day", "period_starts"]
        widgets = {"polling_day": _DATE, "period_starts": _DATE}
        labels = {"period_starts": "Notice of election published", "ward": "Ward (by-elections only)"}
