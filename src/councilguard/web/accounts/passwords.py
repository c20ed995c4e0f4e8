"""Password rules beyond Django's own: the protocol's character mix, and zxcvbn strength."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from zxcvbn import zxcvbn


class CharacterMixValidator:
    """The Social Media Protocol's advice: a "mix of letters, numbers and symbols"."""

    def validate(self, password: str, user: Any = None) -> None:
        missing = []
        if not any(ch.isalpha() for ch in password):
            missing.append("a letter")
        if not any(ch.isdigit() for ch in password):
            missing.append("a number")
        if not any(not ch.isalnum() and not ch.isspace() for ch in password):
            missing.append("a symbol (such as ! ? # or %)")
        if missing:
            raise ValidationError(
                "Your password must include " + _and_list(missing) + ".",
                code="password_character_mix",
            )

    def get_help_text(self) -> str:
        return "Your password must mix letters, numbers and symbols."


class ZxcvbnValidator:
    """Refuse passwords that zxcvbn scores below ``min_score`` (0 to 4), with its advice."""

    def __init__(self, min_score: int = 3):
        if not 0 <= min_score <= 4:
            raise ValueError("min_score must be between 0 and 4")
        self.min_score = min_score

    def validate(self, password: str, user: Any = None) -> None:
        # zxcvbn is slow on very long inputs; past 100 characters a password is not weak.
        sample = password[:100]
        user_inputs = []
        if user is not None:
            user_inputs = [
                str(v) for v in (getattr(user, "username", ""), getattr(user, "first_name", ""),
                                 getattr(user, "last_name", ""), getattr(user, "email", "")) if v
            ]  # fmt: skip
        result = zxcvbn(sample, user_inputs=user_inputs)
        if result["score"] < self.min_score:
            feedback = result.get("feedback") or {}
            hint = feedback.get("warning") or ""
            suggestions = " ".join(feedback.get("suggestions") or [])
            detail = " ".join(part for part in (hint, suggestions) if part)
            raise ValidationError(
                "Your password is too easy to guess." + (f" {detail}" if detail else ""),
                code="password_too_weak",
            )

    def get_help_text(self) -> str:
        return "Your password must not be easy to guess (for example a word with a number added)."


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
