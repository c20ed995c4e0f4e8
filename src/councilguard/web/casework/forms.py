from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from councilguard.web.checks.forms import CheckForm
from councilguard.web.forms import ServiceWordsMixin


class AskForm(CheckForm):
    """The checked draft (carried in hidden fields from the check page) and a question."""

    question = forms.CharField(
        label="Your question",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your question for the Monitoring Officer"},
    )


class ReplyForm(ServiceWordsMixin, forms.Form):
    reply = forms.CharField(
        label="Your answer",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter your answer to the member"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page wraps it, with its own action
        self.helper.layout = Layout(Field.textarea("reply", label_size=Size.MEDIUM), Submit("send", "Send answer"))
