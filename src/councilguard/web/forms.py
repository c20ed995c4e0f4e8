"""Form rendering shared by every app: GOV.UK Design System markup via crispy-forms-gds,
the GOV.UK date input (with a time box where a moment is wanted), and error messages and
select prompts in the service's own words rather than Django's stock ones."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

from .names import is_name_field, refuse_bidi_controls

BLANK_CHOICE = ""


def _lower_first(text: str) -> str:
    """A label as it reads inside a sentence: "Vice-Chair" -> "vice-chair", "Date issued" ->
    "date issued"; a name ("Independent Person") and an acronym ("API token") keep capitals."""
    words = text.split(" ")
    if words[0].lower() not in ("the", "a", "an", "your", "my") and (
        (len(words) > 1 and words[1][:1].isupper()) or (words[0].isupper() and len(words[0]) > 1)
    ):
        return text
    return " ".join([words[0].lower(), *words[1:]])


class GovukDateField(DateInputField):
    """The GOV.UK date input (day, month, year), with messages that name the date."""

    def __init__(self, label: str, **kwargs: Any):
        kwargs.setdefault("require_all_fields", False)
        super().__init__(label=label, **kwargs)
        name = _lower_first(label)
        self._invalid = f"Enter the {name} as a real date, for example 27 3 2026"
        self.error_messages["required"] = f"Enter the {name}"
        self.error_messages["incomplete"] = f"Enter the {name} in full: day, month and year"
        for field in self.fields:
            field.validators = [RegexValidator(r"^[0-9]+$", self._invalid)]
            field.error_messages["incomplete"] = self.error_messages["incomplete"]

    def compress(self, data_list: Any) -> date | None:
        try:
            value = super().compress(data_list)
        except ValidationError:
            raise ValidationError(self._invalid) from None
        if value is not None and not 1900 <= value.year <= 2200:
            raise ValidationError(self._invalid)
        return value


class GovukDateTimeWidget(DateInputWidget):
    """The date input's three boxes and a fourth for the time (GOV.UK has no time
    component; its guidance is a text box that takes "19:30" or "7:30pm")."""

    def __init__(self, attrs: dict[str, Any] | None = None):
        dates = DateInputWidget().widgets
        time_box = {"class": "govuk-input govuk-date-input__input govuk-input--width-4", "label": "Time"}
        forms.MultiWidget.__init__(self, [*dates, forms.TextInput(attrs=time_box)], attrs)

    def decompress(self, value: Any) -> tuple[Any, ...]:
        if value:
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return local.day, local.month, local.year, local.strftime("%H:%M")
        return None, None, None, None


_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.I)


class GovukDateTimeField(GovukDateField):
    """A date in the GOV.UK date input and a time ("19:30", "7.30pm"), as an aware datetime
    in the council's time zone."""

    widget = GovukDateTimeWidget

    def __init__(self, label: str, **kwargs: Any):
        super().__init__(label, **kwargs)
        name = _lower_first(label)
        self._bad_time = f"Enter the time of the {name} as on a 24-hour clock, for example 19:30"
        self.fields: tuple[forms.Field, ...] = (
            *self.fields,
            forms.CharField(
                label="Time",
                error_messages={"incomplete": f"Enter the time of the {name}, for example 19:30"},
                validators=[RegexValidator(_TIME, self._bad_time)],
            ),
        )

    def compress(self, data_list: Any) -> datetime | None:
        if not data_list or not all(data_list):
            return None
        day = super().compress(data_list[:3])
        match = _TIME.match(data_list[3])
        if day is None or match is None:
            raise ValidationError(self._bad_time)
        hour, minute = int(match[1]), int(match[2] or 0)
        if match[3]:
            if not 1 <= hour <= 12:
                raise ValidationError(self._bad_time)
            hour = hour % 12 + (12 if match[3].lower() == "pm" else 0)
        if hour > 23 or minute > 59:
            raise ValidationError(self._bad_time)
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def use_date_inputs(form: forms.BaseForm) -> None:
    """Every date a form asks for in the GOV.UK date input, never the browser's own date box:
    a Django DateField (a ModelForm's, say) becomes a GovukDateField with the same label,
    help text and need, a DateTimeField a GovukDateTimeField."""
    for name, field in list(form.fields.items()):
        if isinstance(field, GovukDateField) or not isinstance(field, forms.DateField | forms.DateTimeField):
            continue
        kind = GovukDateTimeField if isinstance(field, forms.DateTimeField) else GovukDateField
        label = str(field.label or name.replace("_", " ").capitalize())
        form.fields[name] = kind(label, required=field.required, help_text=field.help_text, initial=field.initial)


def use_service_words(form: forms.BaseForm) -> None:
    """Error messages that say what to do about the field, and selects that open on a real
    prompt ("Select a committee") rather than "---------". A message a form set itself is kept."""
    for name, field in form.fields.items():
        if isinstance(field, GovukDateField):
            continue
        label = _lower_first(str(field.label or name.replace("_", " ")))
        given = getattr(field, "_service_words_given", None)
        if given is None:
            # The messages the form's author wrote, before any default below replaces Django's.
            given = {k for k, v in field.error_messages.items() if not _is_stock(k, v)}
            field._service_words_given = given  # type: ignore[attr-defined]
        choosing = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
        title = label[:1].upper() + label[1:]
        words = {
            "required": f"{'Select' if choosing else 'Enter'} {label}",
            "invalid_choice": f"Select {label} from the list",
            "max_value": f"{title} must be %(limit_value)s or less",
            "min_value": f"{title} must be %(limit_value)s or more",
        }
        if getattr(field, "max_length", None):
            words["max_length"] = f"{title} must be {field.max_length:,} characters or fewer"
        if getattr(field, "min_length", None):
            words["min_length"] = f"{title} must be at least {field.min_length:,} characters"
        if isinstance(field, forms.EmailField):
            words["invalid"] = f"Enter {label} in the right format, like name@example.org"
        elif isinstance(field, forms.IntegerField):
            words["invalid"] = f"Enter {label} as a whole number"
        elif isinstance(field, forms.DateField | forms.DateTimeField):
            words["invalid"] = f"Enter {label} as a real date"
        for code, message in words.items():
            if code not in given:
                field.error_messages[code] = message
        _prompt(field, label)


def _is_stock(code: str, message: Any) -> bool:
    """Django's own wording ("This field is required.", "Ensure this value ...")."""
    text = str(message)
    return text.startswith(("This field", "Ensure this", "Select a valid", "Enter a valid", "Enter a whole"))


def _prompt(field: forms.Field, label: str) -> None:
    if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return
    prompt = f"Select {label}"
    if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
        if field.empty_label is not None:
            field.empty_label = prompt
            field.widget.choices = field.choices
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        choices = list(field.choices)
        if choices and choices[0][0] in ("", None) and str(choices[0][1]).strip("- ") == "":
            field.choices = [(BLANK_CHOICE, prompt), *choices[1:]]


class ServiceWordsMixin:
    """The GOV.UK date input for every date, and the service's own messages and prompts
    (see above); forms rendered by hand use it alone, crispy ones through GovukFormMixin."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        use_date_inputs(self)  # type: ignore[arg-type]
        use_service_words(self)  # type: ignore[arg-type]


class GovukFormMixin(ServiceWordsMixin):
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
