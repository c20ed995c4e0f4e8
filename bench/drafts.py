"""Benchmark drafts: tweet-sized posts and ~2 KB e-mails, built reproducibly from
sentences a councillor might write (most clean, some breaching a rule), so every
detector does its real work. Fixed seed: the same drafts in every run."""

from __future__ import annotations

import random

SENTENCES = [
    "Great to see so many families at the West Ward fun day on Saturday.",
    "Thank you to the park rangers and volunteers who cleared Harrow Lodge Park.",
    "My surgery this month is at Elm Park library, 10am to midday on the 14th.",
    "The consultation on library opening hours closes on Friday; please respond.",
    "I have asked highways to look at the potholes on Station Road again.",
    "Fly-tipping reported on Mill Street has now been cleared by the council.",
    "Residents raised concerns about parking near St Mary's school at the meeting.",
    "The portfolio holder for housing is a spineless coward who hides behind his officers.",
    "Anyone who votes for this budget is a brain-dead moron.",
    "I'm told the chair of the licensing committee has been taking cash from the landlord.",
    "The application for 40 flats on the old library site will be refused, I'll make sure of it.",
    "From the closed session tonight: we're about to lose the bus depot contract.",
    "Vote Residents on Thursday for a cleaner, safer Romford!",
    "Spent the morning with Mr Graham Oduya at Flat 3, 22 Canal Side, NV4 2PD.",
    "His number is 07911 123456 if anyone from housing reads this.",
    "We're away in Cornwall until the 20th, the house is all locked up!",
    "Northvale Council has decided it no longer supports the cycle lanes, that's official.",
    "Delighted the new play area at Cottons Park is finally open.",
    "Well done to Hornchurch FC on a cracking win last night.",
    "Condolences to the family of former councillor Jean Smith, who served for 20 years.",
    "The budget papers for Cabinet are now on the council website.",
    "Really?! Another brilliant decision from the planning department...",
    "Join us canvassing in Gooshays ward this weekend and help re-elect our team.",
    "Please donate to our campaign fund so we can keep fighting for Harold Hill.",
    "Mrs Joan Pike of 8 Hill Rise says her carer has not visited for a week.",
    "The recycling collection changes start on Monday 3 March.",
    "Thanks to the officers who sorted out the street lighting on Hacton Lane so quickly.",
    "Looking for an accountant? Webb & Co on the High Street offers free consultations.",
]
GREETINGS = ["Dear Priya,", "Hi team,", "Dear Mr Lee,", "Dear colleagues,"]
SIGN_OFFS = ["Kind regards,\nCllr Anna Webb\nWest Ward\n01708 433000", "Best wishes,\nAnna"]
PLATFORMS = ["twitter", "facebook", "instagram", "linkedin"]


def posts(count: int = 500, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        text = " ".join(rng.sample(SENTENCES, rng.choice((1, 2))))[:280]
        out.append({"id": f"p{i}", "text": text, "channel": "social", "platform": rng.choice(PLATFORMS)})
    return out


def emails(count: int = 100, seed: int = 11, size: int = 2048) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        body = [rng.choice(GREETINGS), ""]
        while sum(len(p) + 1 for p in body) < size - 120:
            body.append(" ".join(rng.sample(SENTENCES, 3)))
        body += ["", rng.choice(SIGN_OFFS)]
        out.append(
            {
                "id": f"m{i}",
                "text": "\n".join(body)[:size],
                "channel": "email",
                "account": rng.choice(["council", "council", "personal"]),
                "sender": "cllr.anna.webb@havering.gov.uk",
                "recipients": {"to": [rng.choice(["priya.shah@havering.gov.uk", "d.lee@gmail.com"])]},
                "subject": "Ward matters",
            }
        )
    return out
