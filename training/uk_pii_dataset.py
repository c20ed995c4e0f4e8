"""A labelled UK personal-data evaluation set, generated with a fixed seed.

Council casework as councillors write it (posts and e-mails) with names, UK addresses
and postcodes, NI numbers in every valid layout, NHS numbers with valid modulus-11
check digits, UK landline and mobile numbers in national and +44 forms (Ofcom's drama
ranges included), e-mail addresses, dates of birth, case references and
special-category details about a named person; and the traps: public figures in their
public roles, streets that only locate a public matter, the author's own signature, a
recipient's own details in a reply to them, an election imprint.

Each example is a Draft (text plus channel, recipients…) with:
  spans     [{start, end, type}] character offsets of the personal data, entity types
            as in councilguard.checker.pii.entities
  expect    the personal-data rules that should raise (warn or block) on the draft

The people and numbers are invented (drama-range numbers where it matters); nothing is
written to disk: `python training/uk_pii_dataset.py --write` saves a copy under
training/data/ if it is small enough to keep (< 300 KB).
"""

# ruff: noqa: E501 (sentences and report prose are data here; they read best unbroken)

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from councilguard.checker.pii.checksums import nhs_check_digit  # noqa: E402
from councilguard.checker.pii.entities import (  # noqa: E402
    ADDRESS,
    CASE_REFERENCE,
    DATE_OF_BIRTH,
    EMAIL,
    NHS_NUMBER,
    NI_NUMBER,
    PERSON,
    PHONE,
    POSTCODE,
    SPECIAL_CATEGORY,
)

SEED = 2018
DATA_FILE = Path(__file__).resolve().parent / "data" / "uk_pii_eval.jsonl"
MAX_SAVED_BYTES = 300_000
COUNCIL = "havering.gov.uk"
AUTHOR = {"first": "Anna", "last": "Webb", "sender": f"cllr.anna.webb@{COUNCIL}"}

FIRST = [
    "Graham", "Joan", "Priya", "Daniel", "Aisha", "Tom", "Margaret", "Kwame", "Siobhan", "Tariq", "Olena",
    "Patrick", "Fatima", "Gary", "Chloe", "Yusuf", "Beverley", "Ravi", "Niamh", "Derek", "Agnieszka", "Leroy",
    "Shirley", "Hamza", "Kerry", "Amir", "Doreen", "Callum", "Grace", "Marek", "Sunita", "Wayne", "Precious",
]  # fmt: skip
LAST = [
    "Oduya", "Pike", "Patel", "Okafor", "Rahman", "Hughes", "Doyle", "Mensah", "Kowalski", "Begum", "Walsh",
    "Thompson", "Ahmed", "Clarke", "Nwosu", "Fletcher", "Singh", "Murphy", "Hussain", "Barker", "Osei",
    "Sutherland", "Khan", "Hollis", "Adeyemi", "Griffiths", "Novak", "Brennan", "Chaudhry", "Pearce",
]  # fmt: skip
STREET_NAMES = [
    "Canal", "Hill", "Mill", "Brook", "Harrow", "Station", "Orchard", "Elm", "Church", "Victoria", "Mawney",
    "Ardleigh", "Rush Green", "Hornchurch", "Squirrels Heath", "Collier Row", "Upminster", "Gidea", "Avon",
]  # fmt: skip
SUFFIXES = [
    "Road",
    "Street",
    "Close",
    "Avenue",
    "Drive",
    "Rise",
    "Side",
    "Way",
    "Lane",
    "Gardens",
    "Crescent",
    "Court",
]
AREAS = [
    "RM1",
    "RM2",
    "RM3",
    "RM7",
    "RM11",
    "RM12",
    "RM14",
    "NV1",
    "NV2",
    "NV4",
    "IG11",
    "E6",
    "SE9",
    "CM13",
]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
NINO_NEVER = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ", "OO", "FY"}
PUBLIC_ROLES = [
    "the Leader of the Council, Cllr {name}",
    "Cllr {name}",
    "{name} MP",
    "the Mayor, Cllr {name}",
    "our Chief Executive, {name},",
    "Councillor {name} (Lab)",
    "Cabinet Member for Housing Cllr {name}",
]
PLACES = [
    "Harrow Lodge Park",
    "the Queen's Theatre",
    "Romford Market",
    "Hornchurch library",
    "Raphael Park",
]


class Builder:
    """Concatenates text pieces and remembers the offsets of the labelled ones."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[dict] = []
        self.length = 0

    def add(self, piece: str, label: str | None = None) -> Builder:
        if label:
            self.spans.append({"start": self.length, "end": self.length + len(piece), "type": label})
        self.parts.append(piece)
        self.length += len(piece)
        return self

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Faker:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def person(self) -> tuple[str, str]:
        return self.rng.choice(FIRST), self.rng.choice(LAST)

    def street(self) -> str:
        return f"{self.rng.choice(STREET_NAMES)} {self.rng.choice(SUFFIXES)}"

    def address(self) -> str:
        house = f"{self.rng.randint(1, 240)}{self.rng.choice(['', '', '', 'A', 'B'])}"
        flat = f"Flat {self.rng.randint(1, 30)}, " if self.rng.random() < 0.3 else ""
        return f"{flat}{house} {self.street()}"

    def postcode(self) -> str:
        space = " " if self.rng.random() < 0.9 else ""
        inward = f"{self.rng.randint(0, 9)}{self.rng.choice(INWARD_LETTERS)}{self.rng.choice(INWARD_LETTERS)}"
        return f"{self.rng.choice(AREAS)}{space}{inward}"

    def phone(self) -> str:
        r = self.rng
        n3 = f"{r.randint(0, 999):03d}"
        forms = [
            f"07700 900{n3}",
            f"07700900{n3}",
            f"+44 7700 900{n3}",
            f"+44 (0)7700 900{n3}",
            f"07911 {r.randint(100000, 999999)}",
            f"07{r.randint(400, 999)} {r.randint(100, 999)} {r.randint(100, 999)}",
            f"01632 960{n3}",
            f"(01632) 960{n3}",
            f"020 7946 0{n3}",
            f"+44 20 7946 0{n3}",
            f"0113 496 0{n3}",
            f"01708 {r.randint(400000, 499999)}",
            f"0161-496-0{n3}",
        ]
        return r.choice(forms)

    def email(self, first: str, last: str) -> str:
        domain = self.rng.choice(["gmail.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com", "btinternet.com"])
        local = self.rng.choice([f"{first}.{last}", f"{first[0]}.{last}", f"{first}{last}{self.rng.randint(1, 99)}"])
        return f"{local.lower()}@{domain}"

    def dob(self) -> str:
        r = self.rng
        d, m, y = r.randint(1, 28), r.randint(1, 12), r.randint(1935, 2005)
        months = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ]
        return r.choice(
            [
                f"{d:02d}/{m:02d}/{y}",
                f"{d}/{m}/{y}",
                f"{d} {months[m - 1]} {y}",
                f"{d:02d}.{m:02d}.{y}",
            ]
        )

    def nino(self) -> str:
        r = self.rng
        while True:
            prefix = r.choice(NINO_FIRST) + r.choice(NINO_SECOND)
            if prefix not in NINO_NEVER:
                break
        digits = f"{r.randint(0, 999999):06d}"
        suffix = r.choice("ABCD")
        forms = [
            f"{prefix}{digits}{suffix}",
            f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}",
            f"{prefix} {digits} {suffix}",
            f"{prefix}-{digits[:2]}-{digits[2:4]}-{digits[4:]}-{suffix}",
        ]
        return r.choice(forms)

    def nhs(self) -> str:
        while True:
            first = f"{self.rng.randint(400000000, 799999999)}"
            check = nhs_check_digit(first)
            if check is not None:
                break
        number = first + str(check)
        return self.rng.choice(
            [
                f"{number[:3]} {number[3:6]} {number[6:]}",
                number,
                f"{number[:3]}-{number[3:6]}-{number[6:]}",
            ]
        )

    def case_ref(self) -> str:
        r = self.rng
        return r.choice([
            f"HSG/{r.randint(2019, 2026)}/{r.randint(100, 99999):05d}",
            f"CAS-{r.randint(100000, 999999)}",
            f"ENQ{r.randint(100000, 999999)}",
            f"MEQ-{r.randint(2020, 2026)}-{r.randint(1000, 9999)}",
        ])  # fmt: skip


# Special-category details: (the labelled phrase, how the sentence goes on).
SPECIAL_HER = [
    ("her carer", " has not visited for a week"),
    ("has dementia", " and gets confused about the bins"),
    ("is registered blind", " and cannot read the letters"),
    ("was arrested", " last month, according to the neighbours"),
    ("is a practising Muslim", " and asked about prayer space at the hub"),
    ("is in hospital", " until next week"),
    ("her medication", " was left on the doorstep"),
    ("is gay", " and says that is why he is targeted"),
]

Template = Callable[[Builder, Faker], dict]


def _name(b: Builder, f: Faker, titled: bool = True) -> tuple[str, str]:
    first, last = f.person()
    title = f.rng.choice(["Mr ", "Mrs ", "Ms ", "Miss "]) if titled and f.rng.random() < 0.6 else ""
    b.add(f"{title}{first} {last}" if not title or f.rng.random() < 0.7 else f"{title}{last}", PERSON)
    return first, last


def t_mould(b: Builder, f: Faker) -> dict:
    b.add("Spent the morning with ")
    _name(b, f)
    b.add(" at ").add(f.address(), ADDRESS).add(", ").add(f.postcode(), POSTCODE)
    b.add(" - mould everywhere. Their number is ").add(f.phone(), PHONE).add(" if anyone from housing reads this.")
    return {"channel": "social", "platform": "facebook", "expect": ["personal-data"]}


def t_help(b: Builder, f: Faker) -> dict:
    b.add("Can anyone help ")
    _name(b, f)
    b.add(" at ").add(f.address(), ADDRESS)
    phrase, rest = f.rng.choice(SPECIAL_HER)
    if phrase.startswith("her "):
        b.add("? ").add(phrase.capitalize(), SPECIAL_CATEGORY)
    else:
        b.add("? She ").add(phrase, SPECIAL_CATEGORY)
    b.add(rest + ".")
    return {"channel": "social", "platform": "facebook", "expect": ["personal-data"]}


def t_special_only(b: Builder, f: Faker) -> dict:
    _name(b, f, titled=True)
    b.add(" from ").add(f.rng.choice(PLACES[2:])).add(" ")
    phrase, rest = f.rng.choice([s for s in SPECIAL_HER if not s[0].startswith("her ")])
    b.add(phrase, SPECIAL_CATEGORY).add(rest + ". Thinking of the family.")
    return {"channel": "social", "platform": "facebook", "expect": ["personal-data"]}


def t_case(b: Builder, f: Faker) -> dict:
    b.add("Chased housing again for my constituent ")
    _name(b, f, titled=False)
    b.add(" (case ref ").add(f.case_ref(), CASE_REFERENCE).add(") - you can call them on ").add(f.phone(), PHONE).add(
        "."
    )
    return {"channel": "social", "platform": "twitter", "expect": ["personal-data"]}


def t_ids(b: Builder, f: Faker) -> dict:
    b.add("Benefits still not sorted for ")
    _name(b, f)
    b.add(", NI number ").add(f.nino(), NI_NUMBER).add(", date of birth ").add(f.dob(), DATE_OF_BIRTH).add(
        ". Shameful!"
    )
    return {"channel": "social", "platform": "facebook", "expect": ["personal-data"]}


def t_nhs(b: Builder, f: Faker) -> dict:
    _name(b, f)
    b.add(" (NHS number ").add(f.nhs(), NHS_NUMBER).add(
        ") has waited eight months for the adaptation. Not good enough."
    )
    return {"channel": "social", "platform": "facebook", "expect": ["personal-data"]}


def t_email_contact(b: Builder, f: Faker) -> dict:
    first, last = _name(b, f, titled=False)
    b.add(" wants to join the tenants' group - drop her a line at ").add(f.email(first, last), EMAIL).add(".")
    return {"channel": "social", "platform": "facebook", "expect": ["personal-data"]}


def t_forward(b: Builder, f: Faker) -> dict:
    b.add("Forwarding for everyone's awareness. The complaint is from ")
    _name(b, f)
    b.add(", ").add(f.address(), ADDRESS).add(", ").add(f.postcode(), POSTCODE).add(", tel ").add(f.phone(), PHONE)
    b.add(", who says ")
    b.add("her carer", SPECIAL_CATEGORY).add(" has not been for a week.")
    return {
        "channel": "email", "account": "council", "reply_all": True, "forwarded": True, "sender": AUTHOR["sender"],
        "recipients": {"to": [f"all-councillors@{COUNCIL}"], "cc": ["westward-residents@northvale-ra.org"]},
        "expect": ["email-distribution-personal-data"],
    }  # fmt: skip


def t_to_officer(b: Builder, f: Faker) -> dict:
    b.add("Hi Priya, please could someone visit ")
    _name(b, f)
    b.add(" at ").add(f.address(), ADDRESS).add(" about the damp? Mobile ").add(f.phone(), PHONE).add(".")
    return {
        "channel": "email",
        "account": "council",
        "sender": AUTHOR["sender"],
        "recipients": {"to": [f"housing@{COUNCIL}"]},
        "expect": [],
    }


def t_reply_to_subject(b: Builder, f: Faker) -> dict:
    first, last = f.person()
    b.add("Dear ").add(f"Mr {last}", PERSON).add(", I have asked StreetCare to clear the rubbish outside ")
    b.add(f.address(), ADDRESS).add(" and to ring you on ").add(f.phone(), PHONE).add(" before they come.")
    return {
        "channel": "email", "account": "council", "sender": AUTHOR["sender"],
        "recipients": {"to": [f"{first[0].lower()}.{last.lower()}@gmail.com"]}, "expect": [],
    }  # fmt: skip


# --- negatives ------------------------------------------------------------------------


def n_public_figure(b: Builder, f: Faker) -> dict:
    first, last = f.person()
    role = f.rng.choice(PUBLIC_ROLES).format(name=f"{first} {last}")
    b.add(role[0].upper() + role[1:]).add(f" opened the new play area at {f.rng.choice(PLACES)} today. ")
    b.add(f.rng.choice(["Great turnout!", "Thanks to the rangers.", "More photos on my page."]))
    return {"channel": "social", "platform": "twitter", "expect": []}


def n_public_figure_with_office(b: Builder, f: Faker) -> dict:
    first, last = f.person()
    b.add(f"You can reach Cllr {first} {last} at the Town Hall, Main Road, Romford RM1 3BD, on 01708 434343.")
    return {"channel": "social", "platform": "facebook", "expect": []}


def n_street(b: Builder, f: Faker) -> dict:
    b.add(
        f.rng.choice([
            f"Fly-tipping on {f.street()} again - reported to StreetCare. Please don't dump rubbish here.",
            f"The pothole outside {f.rng.randint(1, 200)} {f.street()} has finally been filled. Thanks, highways!",
            f"Residents in {f.postcode()} should expect roadworks on {f.street()} from Monday.",
            f"New bins are going in on {f.street()} and {f.street()} next week.",
            f"Great to see the {f.street()} community garden blooming - well done to all the volunteers!",
            f"Road closure: {f.street()} between the station and {f.street()} is shut until 6pm.",
        ])
    )  # fmt: skip
    return {"channel": "social", "platform": "twitter", "expect": []}


def n_name_alone(b: Builder, f: Faker) -> dict:
    first, last = f.person()
    b.add(f.rng.choice([
        f"Thank you to {first} {last} and the {f.street()} residents for a brilliant litter pick on Saturday!",
        f"Congratulations to {first} {last}, our Volunteer of the Year, for ten years at the food bank.",
        f"Lovely to catch up with {first} at the coffee morning in {f.rng.choice(PLACES)}.",
    ]))  # fmt: skip
    return {"channel": "social", "platform": "facebook", "expect": []}


def n_signature(b: Builder, f: Faker) -> dict:
    b.add("Thank you for raising the parking problem; I have asked the parking team to look at enforcement there.\n\n")
    b.add(
        f"Kind regards,\nCllr {AUTHOR['first']} {AUTHOR['last']}\nWard Councillor\n07700 900{f.rng.randint(0, 999):03d}"
    )
    return {
        "channel": "email", "account": "council", "sender": AUTHOR["sender"],
        "recipients": {"to": [f"parking@{COUNCIL}"]}, "expect": [],
    }  # fmt: skip


def n_imprint(b: Builder, f: Faker) -> dict:
    first, last = f.person()
    b.add(f"Re-elect {AUTHOR['first']} {AUTHOR['last']} on 7 May: experience you can trust.\n")
    b.add(
        f"Promoted by {first[0]}. {last} on behalf of {AUTHOR['first']} {AUTHOR['last']}, {f.address()}, Romford {f.postcode()}"
    )
    return {"channel": "social", "platform": "twitter", "expect": []}


def n_health_news(b: Builder, f: Faker) -> dict:
    b.add(f.rng.choice([
        f"The dementia cafe at {f.rng.choice(PLACES)} is back every Tuesday - all welcome.",
        "Environmental health are visiting the takeaways on Station Road this week.",
        "Disabled parking bays outside the library have been repainted.",
        f"Proud to support the mosque's open day on {f.street()} this Sunday.",
        "Carers Week: thank you to every unpaid carer in our ward.",
    ]))  # fmt: skip
    return {"channel": "social", "platform": "facebook", "expect": []}


def n_reply_lee(b: Builder, f: Faker) -> dict:
    first, last = f.person()
    b.add(
        f"Thank you for contacting me, Mr {last}. I've asked the council's environmental health team to visit your street this week."
    )
    return {
        "channel": "email", "account": "council", "sender": AUTHOR["sender"],
        "recipients": {"to": [f"{first[0].lower()}.{last.lower()}@gmail.com"]}, "expect": [],
    }  # fmt: skip


def n_council_contacts(b: Builder, f: Faker) -> dict:
    b.add(
        f"Missed bin? Report it at streetcare@{COUNCIL} or call 01708 434343. The housing repairs line is 01708 432000."
    )
    return {"channel": "social", "platform": "facebook", "expect": []}


POSITIVES: list[Template] = [
    t_mould,
    t_help,
    t_special_only,
    t_case,
    t_ids,
    t_nhs,
    t_email_contact,
    t_forward,
    t_to_officer,
    t_reply_to_subject,
]
NEGATIVES: list[Template] = [
    n_public_figure, n_public_figure_with_office, n_street, n_name_alone, n_signature, n_imprint, n_health_news,
    n_reply_lee, n_council_contacts,
]  # fmt: skip


def build(seed: int = SEED, per_template: int = 40) -> list[dict]:
    """``per_template`` drafts from every template, shuffled, with stable ids."""
    rng = random.Random(seed)
    faker = Faker(rng)
    examples = []
    for template in POSITIVES + NEGATIVES:
        for i in range(per_template):
            builder = Builder()
            draft = template(builder, faker)
            examples.append(
                {
                    "id": f"{template.__name__}-{i + 1:03d}",
                    "text": builder.text,
                    "spans": builder.spans,
                    "template": template.__name__,
                    **draft,
                }
            )
    rng.shuffle(examples)
    return examples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--write",
        action="store_true",
        help=f"save the set to {DATA_FILE.relative_to(Path.cwd()) if DATA_FILE.is_relative_to(Path.cwd()) else DATA_FILE}",
    )
    args = parser.parse_args(argv)
    examples = build()
    payload = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in examples)
    if args.write:
        if len(payload.encode()) > MAX_SAVED_BYTES:
            print(
                f"not written: {len(payload.encode()):,} bytes is over {MAX_SAVED_BYTES:,}; it is generated on the fly",
                file=sys.stderr,
            )
            return 1
        DATA_FILE.parent.mkdir(parents=True, exist_ok=True)
        DATA_FILE.write_text(payload, encoding="utf-8")
        print(f"wrote {len(examples)} examples to {DATA_FILE}")
    else:
        sys.stdout.write(payload)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
