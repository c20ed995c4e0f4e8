"""The check form: what the member decides about a draft. The rest of the context
comes from the register (see ``checks.context``)."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    Field,
    Fieldset,
    Fluid,
    Layout,
    Size,
)
from django import forms

from councilguard.checker.draft import MAX_TEXT_CHARS, PLATFORMS
from councilguard.checker.vocabulary import platform_label
from councilguard.web.forms import ServiceWordsMixin

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
