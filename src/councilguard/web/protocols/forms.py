"""The forms the Monitoring Officer edits a draft version with, and Members' Services
adopts one with. Each edit is applied to the pack's files and loaded by the pack loader
before anything is stored (workflow.save_files); its errors come back on the field."""

from __future__ import annotations

from typing import Any

from django import forms

from councilguard.checker.protocol import Rule
from councilguard.checker.result import SEVERITIES

from ..forms import GovukDateField, GovukFormMixin
from ..register.models import Decision

SEVERITY_CHOICES = [(s, s) for s in SEVERITIES]
CASE_CHOICES = [*SEVERITY_CHOICES, ("off", "off")]
_TEXTAREA = {"class": "govuk-textarea", "rows": 6}
RESERVED_IDS = {"new", "upload", "compare"}
_CODE = {"class": "govuk-textarea cg-code", "rows": 24, "spellcheck": "false"}


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.replace("\r\n", "\n").split("\n") if line.strip()]


class NewVersionForm(GovukFormMixin, forms.Form):
    submit_label = "Start the new version"
    pack_id = forms.SlugField(
        label="Version id",
        max_length=80,
        help_text="Lower case letters, digits and hyphens, e.g. havering-2026. Findings cite it.",
    )
    title = forms.CharField(label="Title", max_length=300)

    def clean_pack_id(self) -> str:
        value = self.cleaned_data["pack_id"]
        if value in RESERVED_IDS:
            raise forms.ValidationError(f"{value} names a page: choose another id")
        return value


class UploadForm(GovukFormMixin, forms.Form):
    submit_label = "Upload the pack"
    pack = forms.FileField(
        label="Protocol pack (zip)",
        help_text="A zip of a pack's directory: protocol.yaml, rules/ and lexicons/. Its id must be new.",
    )


class ClauseForm(GovukFormMixin, forms.Form):
    submit_label = "Save the clause"
    title = forms.CharField(max_length=300)
    text = forms.CharField(widget=forms.Textarea(attrs={**_TEXTAREA, "rows": 14}))


class RuleForm(GovukFormMixin, forms.Form):
    """A rule's words, severities and examples; its detector and params are the raw editor's."""

    submit_label = "Save the rule"
    message = forms.CharField(widget=forms.Textarea(attrs={**_TEXTAREA, "rows": 3}))
    suggestion = forms.CharField(widget=forms.Textarea(attrs={**_TEXTAREA, "rows": 3}))
    severity = forms.ChoiceField(
        label="Severity when no context case applies", choices=SEVERITY_CHOICES, widget=forms.Select
    )
    examples_bad = forms.CharField(
        label="Examples that must be caught",
        help_text="One draft a line. An example left as it was keeps the context it was written with.",
        widget=forms.Textarea(attrs=_TEXTAREA),
    )
    examples_good = forms.CharField(
        label="Examples that must pass", help_text="One draft a line.", widget=forms.Textarea(attrs=_TEXTAREA)
    )

    def __init__(self, *args: Any, rule: Rule, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.case_names = []
        for i, case in enumerate(rule.severity_when):
            name = f"case_{i}"
            when = ", ".join(f"{k} is {v}" for k, v in case.when.items())
            self.fields[name] = forms.ChoiceField(
                label=f"Severity when {when}", choices=CASE_CHOICES, initial=case.severity
            )
            self.case_names.append(name)
        order = ["message", "suggestion", "severity", *self.case_names, "examples_bad", "examples_good"]
        self.order_fields(order)

    @staticmethod
    def initial_for(rule: Rule) -> dict[str, Any]:
        return {
            "message": rule.message,
            "suggestion": rule.suggestion,
            "severity": rule.severity,
            "examples_bad": "\n".join(e["text"].replace("\n", " ") for e in rule.examples_bad),
            "examples_good": "\n".join(e["text"].replace("\n", " ") for e in rule.examples_good),
        }

    def cases(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.case_names]

    def examples(self, kind: str) -> list[str]:
        return _lines(self.cleaned_data[f"examples_{kind}"])


class LexiconForm(GovukFormMixin, forms.Form):
    submit_label = "Save the word list"
    terms = forms.CharField(
        label="Entries", help_text="One word or phrase a line.", widget=forms.Textarea(attrs={**_TEXTAREA, "rows": 16})
    )

    def entries(self) -> list[str]:
        return _lines(self.cleaned_data["terms"])


class FileForm(GovukFormMixin, forms.Form):
    """The expert's editor: a whole file as YAML, validated as the loader validates it."""

    submit_label = "Save the file"
    text = forms.CharField(label="YAML", strip=False, widget=forms.Textarea(attrs=_CODE))


class NewRuleForm(GovukFormMixin, forms.Form):
    submit_label = "Add the rule"
    rule_id = forms.SlugField(label="Rule id", max_length=80, help_text="e.g. holiday-lets. Ids are never reused.")
    text = forms.CharField(label="The rule (YAML)", strip=False, widget=forms.Textarea(attrs=_CODE))


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Decision) -> str:
        return f"{obj}: {obj.outcome[:120]}"


class AdoptForm(GovukFormMixin, forms.Form):
    submit_label = "Record the adoption"
    decision = DecisionChoiceField(
        queryset=Decision.objects.select_related("meeting__committee", "item").order_by("-meeting__start", "number"),
        label="The decision that adopted it",
        help_text="Record the meeting and its decision in the register first.",
    )
    in_force_from = GovukDateField("In force from")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        decision, start = data.get("decision"), data.get("in_force_from")
        if decision and start and start < decision.meeting.start.date():
            self.add_error("in_force_from", "A version cannot come into force before the meeting that adopted it")
        return data
