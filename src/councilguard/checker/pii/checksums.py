"""Validity checks for UK identifiers, so numbers of the right shape but impossible
value (most random ten-digit numbers, "QQ 12 34 56 A") are not reported."""

from __future__ import annotations

import re

# HMRC: the first letter is never D, F, I, Q, U or V; the second never D, F, I, O, Q, U
# or V; and these prefixes are never issued (BG, GB, NK, KN, TN, NT, ZZ; the temporary
# "TN" and administrative "OO" and "FY" prefixes too).
_NINO_FIRST = set("ABCEGHJKLMNOPRSTWXYZ")
_NINO_SECOND = set("ABCEGHJKLMNPRSTWXYZ")
_NINO_NEVER = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ", "OO", "FY"}
_NON_DIGITS = re.compile(r"\D")


def nino_is_valid(text: str) -> bool:
    """True for a National Insurance number in any spacing, with a valid prefix and a
    suffix of A-D (or none: letters are sometimes left off on forms)."""
    compact = re.sub(r"[\s\-]", "", text).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{6}[A-D]?", compact):
        return False
    prefix = compact[:2]
    return prefix[0] in _NINO_FIRST and prefix[1] in _NINO_SECOND and prefix not in _NINO_NEVER


def nhs_is_valid(text: str) -> bool:
    """The NHS number's modulus 11 check: weights 10..2 on the first nine digits; the
    check digit is 11 minus the remainder (11 becomes 0; 10 means no valid number)."""
    digits = _NON_DIGITS.sub("", text)
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def nhs_check_digit(first_nine: str) -> int | None:
    """The check digit that completes nine digits, or None when none can (used by the
    evaluation set's generator)."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


# Ofcom ranges kept free for drama (TV, films, fiction, examples): real-looking numbers
# no one owns. libphonenumber calls some of them invalid; a draft quoting one is still
# quoting "a phone number", and test data relies on them.
DRAMA_RANGES = (
    ("07700900", 3), ("01134960", 3), ("01144960", 3), ("01154960", 3), ("01164960", 3),
    ("01174960", 3), ("01184960", 3), ("01214960", 3), ("01314960", 3), ("01414960", 3),
    ("01514960", 3), ("01614960", 3), ("02079460", 3), ("01914980", 3), ("02890180", 3),
    ("02920180", 3), ("01632960", 3), ("03069990", 3), ("08081570", 3), ("09098790", 3),
)  # fmt: skip


def is_drama_number(digits: str) -> bool:
    return any(digits.startswith(prefix) and len(digits) == len(prefix) + n for prefix, n in DRAMA_RANGES)


def uk_phone_is_plausible(digits: str) -> bool:
    """A UK national number (leading 0) of a length and range that is dialled: 01/02
    geographic, 03 non-geographic, 07 mobile and personal, 080 freephone. Premium and
    shortcode ranges are left out: residents do not have those."""
    if is_drama_number(digits):
        return True
    if not digits.startswith("0") or len(digits) not in (10, 11):
        return False
    if digits.startswith(("01", "02", "03", "07", "080")):
        # 10 digits only exist for a few old 01 areas and 0800 numbers.
        return len(digits) == 11 or digits.startswith(("01", "0800"))
    return False


def uk_phone_is_organisational(number: str) -> bool:
    """A UK freephone (080) or 03 number, as written (spaces, +44): Ofcom gives these to
    organisations (03 to public bodies and charities above all: Crimestoppers, the NSPCC,
    the council's own contact centre), never to a household's line or a person's mobile."""
    digits = re.sub(r"\D", "", number)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits.startswith(("080", "03"))
