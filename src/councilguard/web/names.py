"""Names people read as someone's identity (people, members, groups, handles) must show as
typed: bidirectional control characters reorder what follows them on screen, so a name
like "Anna\u202eteW" displays as someone else's. Every form refuses them (see forms.py).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# The embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def is_name_field(field_name: str) -> bool:
    """Form fields holding a name: ``name``, ``*_name`` (full_name, complainant_name, ...),
    and the handles people are known by on social media."""
    return field_name == "name" or field_name.endswith("_name") or field_name.endswith("handle")


def refuse_bidi_controls(value: object) -> None:
    if isinstance(value, str) and (found := BIDI_CONTROLS.search(value)):
        raise ValidationError(
            "Remove the invisible text-direction character (U+%(code)04X): it makes a name "
            "show differently from what it is",
            code="bidi_control",
            params={"code": ord(found.group())},
        )
