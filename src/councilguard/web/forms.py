"""Form rendering shared by every app: GOV.UK Design System markup via crispy-forms-gds."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit

from .names import is_name_field, refuse_bidi_controls


class GovukFormMixin:
    """Give a Django form a crispy-forms-gds helper with one submit button.

    Render with ``{% load crispy_forms_tags crispy_forms_gds %}{% error_summary form %}``
    at the top of the page and ``{% crispy form %}`` where the form goes (it writes the
    <form> element and the CSRF token).
    """

    submit_label = "Continue"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Every name typed into any form is refused with bidirectional controls (names.py).
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if is_name_field(name):
                field.validators.append(refuse_bidi_controls)
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.add_input(Submit("submit", self.submit_label))
