"""Rebuilds the small archives in this folder: ``python tests/data/archives/build.py``.

The people, wards and addresses are fictional (the e-mail domain is the seed
protocol's). Each archive holds a few messages that should raise a rule and a few
that should not, in the shapes the real exports have. The Outlook .msg file is written
as a real OLE2 compound file with extract-msg's own writer.
"""

from __future__ import annotations

import json
import struct
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
COUNCILLOR = "cllr.anna.webb@havering.gov.uk"


def _email(
    subject: str,
    body: str,
    *,
    sender: str = COUNCILLOR,
    to: str = "friends-of-west-ward@gmail.com",
    cc: str | None = None,
    when: datetime,
    message_id: str,
    attachment: tuple[str, str, bytes] | None = None,
    html: str | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Anna Webb <{sender}>"
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id
    msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html")
    if attachment:
        name, content_type, data = attachment
        maintype, subtype = content_type.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if msg.is_multipart():
        # A fixed boundary (the default is random) keeps rebuilt archives byte-identical.
        msg.set_boundary(f"=_boundary_{message_id.strip('<>').split('@')[0]}")
    return bytes(msg)


def _mbox_entry(raw: bytes, sender: str, when: datetime) -> bytes:
    envelope = f"From {sender} {when.strftime('%a %b %d %H:%M:%S %Y')}\n".encode()
    # mboxo escaping: a body line starting "From " would otherwise start a message.
    body = b"\n".join(b">" + line if line.startswith(b"From ") else line for line in raw.split(b"\n"))
    return envelope + body.rstrip(b"\n") + b"\n\n"


SENT = [
    (
        "Polling day tomorrow",
        "Please remember to use your vote tomorrow - a vote for the Independents is a vote for a "
        "cleaner West Ward!\n\nAnna",
        {"to": "friends-of-west-ward@gmail.com"},
        datetime(2026, 4, 30, 18, 5, tzinfo=UTC),
    ),
    (
        "West Ward spring update",
        "The West Ward spring update: new bins on Mill Street, the swimming pool reopens on "
        "3 April, and my surgery moves to the community centre.",
        {"to": "westward-residents@northvale-ra.org"},
        datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
    ),
    (
        "Re: Mill Street bins",
        "Thanks all, I will raise the missed collections with the waste team this week.\n\n"
        "> Three weeks without a collection now.",
        {
            "to": "resident.one@example.org",
            "cc": "resident.two@example.org, priya.shah@havering.gov.uk",
        },
        datetime(2026, 3, 9, 12, 0, tzinfo=UTC),
    ),
    (
        "Fwd: ward plan",
        "Updated ward plan attached.\n\n---------- Forwarded message ---------\nFrom: Priya Shah\n"
        "Subject: ward plan\n\nHere is the draft.",
        {"to": "friends-of-west-ward@gmail.com"},
        datetime(2026, 3, 12, 16, 45, tzinfo=UTC),
    ),
]


def build_sent_mbox() -> None:
    out = bytearray()
    for index, (subject, body, recipients, when) in enumerate(SENT, start=1):
        attachment = None
        if subject.startswith("Fwd"):
            attachment = (
                "ward_plan.docm",
                "application/vnd.ms-word.document.macroEnabled.12",
                b"PK\x03\x04 macro",
            )
        raw = _email(
            subject,
            body,
            to=recipients["to"],
            cc=recipients.get("cc"),
            when=when,
            message_id=f"<sent-{index}@havering.gov.uk>",
            attachment=attachment,
        )
        out += _mbox_entry(raw, COUNCILLOR, when)
    # An HTML-only message whose charset Python does not know.
    html_only = (
        b"From: Anna Webb <cllr.anna.webb@havering.gov.uk>\n"
        b"To: westward-residents@northvale-ra.org\n"
        b"Subject: Surgery times\n"
        b"Date: Mon, 06 Apr 2026 10:00:00 +0100\n"
        b"Message-ID: <sent-5@havering.gov.uk>\n"
        b"MIME-Version: 1.0\n"
        b'Content-Type: text/html; charset="x-klingon"\n'
        b"\n"
        b"<html><head><style>p{color:red}</style></head><body><p>My surgery is now on Saturdays"
        b"</p><p>at the community centre, 10am&ndash;12pm.</p></body></html>\n"
    )
    out += _mbox_entry(html_only, COUNCILLOR, datetime(2026, 4, 6, 9, 0, tzinfo=UTC))
    (HERE / "council-sent.mbox").write_bytes(bytes(out))


def build_truncated_mbox() -> None:
    when = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
    first = _email(
        "Bin collections",
        "The bin collection moves to Tuesdays from March.",
        when=when,
        message_id="<t1@havering.gov.uk>",
    )
    second = _email(
        "Closed session",
        "From the closed session tonight: we're about to lose the bus depot contract. Keep it to "
        "yourselves! More to follow once the exempt report is",
        when=when,
        message_id="<t2@havering.gov.uk>",
    )
    data = _mbox_entry(first, COUNCILLOR, when) + _mbox_entry(second, COUNCILLOR, when)
    # Cut off in the middle of the last line, as a copy that stopped early would be.
    (HERE / "truncated.mbox").write_bytes(data.rstrip(b"\n")[:-12])


def build_broken_mime() -> None:
    (HERE / "broken-mime.eml").write_bytes(
        b"From: Anna Webb <cllr.anna.webb@havering.gov.uk>\n"
        b"To: editor@northvale-gazette.co.uk\n"
        b"Subject: =?x-unknown-charset?Q?Letter_to_the_editor?=\n"
        b"Date: Thu, 14 May 2026 21:10:00 +0100\n"
        b"Message-ID: <broken-1@havering.gov.uk>\n"
        b"MIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="never-closed"\n'
        b"\n"
        b"--never-closed\n"
        b'Content-Type: text/plain; charset="x-no-such-charset"\n'
        b"Content-Transfer-Encoding: quoted-printable\n"
        b"\n"
        b"The council's parking policy is a disgrace and I will say so at Cabinet. "
        b"Caf=E9 owners =\n"
        b"on the high street agree.\n"
        b"--never-closed\n"
        b'Content-Type: application/pdf; name="petition.pdf"\n'
        b"Content-Transfer-Encoding: base64\n"
        b"\n"
        b"JVBERi0xLjQKJ!!!not-base64\n"
    )
    (HERE / "not-really.msg").write_text("This is a text file someone renamed to .msg.\n", encoding="utf-8")


def build_maildir() -> None:
    root = HERE / "maildir"
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "tmp" / ".keep").write_text("")
    (root / "cur" / "1772441400.M1P1.mail:2,S").write_bytes(
        _email(
            "Library consultation",
            "The library consultation closes on 20 March; please add your views online.",
            to="westward-residents@northvale-ra.org",
            when=datetime(2026, 3, 2, 8, 50, tzinfo=UTC),
            message_id="<md-1@havering.gov.uk>",
        )
    )
    (root / "new" / "1772700000.M2P1.mail").write_bytes(
        _email(
            "Budget vote",
            "Anyone who votes for this budget is a brain-dead moron.",
            to="group-members@northvale-independents.org.uk",
            when=datetime(2026, 3, 5, 22, 40, tzinfo=UTC),
            message_id="<md-2@havering.gov.uk>",
        )
    )


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _filetime(moment: datetime) -> int:
    return int((moment - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)


def build_msg(path: Path) -> None:
    """A minimal but genuine Outlook message: properties stream, string properties,
    one recipient per kind, one attachment, and transport headers with the date."""
    from extract_msg.ole_writer import OleWriter

    when = datetime(2026, 3, 20, 11, 15, tzinfo=UTC)
    writer = OleWriter()
    # Top-level property stream: 32-byte header, then one 16-byte entry per fixed property.
    header = struct.pack("<8sIIII8s", b"\0" * 8, 2, 1, 2, 1, b"\0" * 8)
    client_submit = struct.pack("<IIQ", 0x00390040, 0x6, _filetime(when))
    writer.addEntry("__properties_version1.0", header + client_submit)
    # Named-property mapping: required by the format, empty when none are used.
    writer.addEntry("__nameid_version1.0", storage=True)
    for stream in ("00020102", "00030102", "00040102"):
        writer.addEntry(f"__nameid_version1.0/__substg1.0_{stream}", b"")
    strings = {
        "001A": "IPM.Note",
        "0037": "Re: Planning application for the old library",
        "1000": "The application to turn the old library into 40 flats will be refused - "
        "I'll make sure of it when it comes to committee next month.",
        "0C1A": "Anna Webb",
        "0C1F": COUNCILLOR,
        "0E04": "Resident One",
        "1035": "<outlook-1@havering.gov.uk>",
        "007D": (
            f"From: Anna Webb <{COUNCILLOR}>\r\nTo: resident.one@example.org\r\n"
            "Cc: planning-objectors@example.org\r\n"
            "Subject: Re: Planning application for the old library\r\n"
            f"Date: {format_datetime(when)}\r\nMessage-ID: <outlook-1@havering.gov.uk>\r\n\r\n"
        ),
    }
    for prop, value in strings.items():
        writer.addEntry(f"__substg1.0_{prop}001F", _utf16(value))
    recipients = [
        ("resident.one@example.org", "Resident One", 1),
        ("planning-objectors@example.org", "Objectors", 2),
    ]
    for index, (email, name, kind) in enumerate(recipients):
        storage = f"__recip_version1.0_#{index:08X}"
        writer.addEntry(storage, storage=True)
        props = struct.pack("<8s", b"\0" * 8) + struct.pack("<IIQ", 0x0C150003, 0x6, kind)
        writer.addEntry(f"{storage}/__properties_version1.0", props)
        writer.addEntry(f"{storage}/__substg1.0_3001001F", _utf16(name))
        writer.addEntry(f"{storage}/__substg1.0_3003001F", _utf16(email))
        writer.addEntry(f"{storage}/__substg1.0_39FE001F", _utf16(email))
    attach = "__attach_version1.0_#00000000"
    writer.addEntry(attach, storage=True)
    data = b"%PDF-1.4 site plan"
    props = struct.pack("<8s", b"\0" * 8) + struct.pack("<IIQ", 0x37050003, 0x6, 1)
    writer.addEntry(f"{attach}/__properties_version1.0", props)
    writer.addEntry(f"{attach}/__substg1.0_3707001F", _utf16("site-plan.pdf"))
    writer.addEntry(f"{attach}/__substg1.0_3704001F", _utf16("SITE-P~1.PDF"))
    writer.addEntry(f"{attach}/__substg1.0_370E001F", _utf16("application/pdf"))
    writer.addEntry(f"{attach}/__substg1.0_37010102", data)
    writer.write(str(path))


def build_folder() -> None:
    root = HERE / "eml-folder"
    (root / "2026").mkdir(parents=True, exist_ok=True)
    (root / "2026" / "pool.eml").write_bytes(
        _email(
            "Swimming pool reopening",
            "Great news: the swimming pool reopens on 3 April after the refit.",
            to="westward-residents@northvale-ra.org",
            when=datetime(2026, 3, 25, 9, 0, tzinfo=UTC),
            message_id="<folder-1@havering.gov.uk>",
        )
    )
    (root / "2026" / "closed-session.eml").write_bytes(
        _email(
            "Depot",
            "From the closed session tonight: we're about to lose the bus depot contract. Keep it to yourselves!",
            to="friends-of-west-ward@gmail.com",
            when=datetime(2026, 3, 26, 23, 5, tzinfo=UTC),
            message_id="<folder-2@havering.gov.uk>",
        )
    )
    build_msg(root / "2026" / "library.msg")
    (root / "README.txt").write_text("Messages exported from Outlook for the standards complaint.\n")


def build_twitter() -> None:
    root = HERE / "twitter-archive" / "data"
    root.mkdir(parents=True, exist_ok=True)
    texts = [
        "Great to see so many families at the West Ward fun day. Thank you to the park rangers &amp; volunteers!",
        "The portfolio holder for housing is a spineless coward who hides behind his officers.",
        "Pothole on Mill Street reported - thanks for flagging it @millstreetres",
    ]
    tweets = [
        {
            "tweet": {
                "id_str": "1900000000000000001",
                "created_at": "Sat Mar 14 10:02:11 +0000 2026",
                "full_text": texts[0],
                "entities": {},
            }
        },
        {
            "tweet": {
                "id_str": "1900000000000000002",
                "created_at": "Tue Mar 17 21:48:09 +0000 2026",
                "full_text": texts[1],
                "entities": {},
            }
        },
        {
            "tweet": {
                "id_str": "1900000000000000003",
                "created_at": "Wed Apr 01 07:30:00 +0000 2026",
                "full_text": texts[2],
                "in_reply_to_screen_name": "millstreetres",
                "extended_entities": {"media": [{"media_url_https": "https://pbs.twimg.com/media/pothole.jpg"}]},
            }
        },
    ]
    account = [{"account": {"username": "CllrAnnaWebb", "accountDisplayName": "Cllr Anna Webb"}}]
    profile = [{"profile": {"description": {"bio": "West Ward councillor. Views my own."}}}]
    (root / "tweets.js").write_text("window.YTD.tweets.part0 = " + json.dumps(tweets, indent=2), encoding="utf-8")
    (root / "account.js").write_text("window.YTD.account.part0 = " + json.dumps(account, indent=2), encoding="utf-8")
    (root / "profile.js").write_text("window.YTD.profile.part0 = " + json.dumps(profile, indent=2), encoding="utf-8")
    with zipfile.ZipFile(HERE / "twitter-archive.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(root.iterdir()):
            # A fixed date keeps the zip byte-identical when rebuilt.
            member = zipfile.ZipInfo(f"data/{file.name}", date_time=(2026, 4, 2, 9, 0, 0))
            archive.writestr(member, file.read_bytes(), zipfile.ZIP_DEFLATED)


def _facebook_escape(text: str) -> str:
    """What Facebook writes: each UTF-8 byte of the text as its own latin-1 character."""
    return text.encode("utf-8").decode("latin-1")


def build_facebook() -> None:
    texts = [
        "Lovely coffee at the new café on Mill Street — support local!",
        "Spent the morning with Mr Graham Oduya at Flat 3, 22 Canal Side, RM7 2PD – mould "
        "everywhere. His number is 07911 123456 if anyone from housing reads this.",
    ]
    photo = "your_activity_across_facebook/posts/media/fun_day.jpg"
    posts = [
        {
            "timestamp": 1773500000,
            "data": [{"post": _facebook_escape(texts[0])}],
            "title": _facebook_escape("Anna Webb updated her status."),
        },
        {"timestamp": 1773600000, "data": [{"post": _facebook_escape(texts[1])}]},
        {
            "timestamp": 1773700000,
            "attachments": [{"data": [{"media": {"uri": photo}}]}],
            "title": "Anna Webb added a new photo.",
        },
    ]
    folder = HERE / "facebook-export" / "your_activity_across_facebook" / "posts"
    folder.mkdir(parents=True, exist_ok=True)
    # ensure_ascii writes the latin-1 characters as \u00XX escapes, exactly as Facebook does.
    (folder / "your_posts__check_ins__photos_and_videos_1.json").write_text(
        json.dumps(posts, indent=2), encoding="utf-8"
    )


def build_tabular() -> None:
    rows = [
        ("body", "date", "from", "network"),
        (
            "Full Council tonight agreed the new play area for Harrow Lodge Park.",
            "10/03/2026 22:30",
            "@CllrAnnaWebb",
            "twitter",
        ),
        (
            "Anyone who votes for this budget is a brain-dead moron.",
            "2026-03-11T08:15:00+00:00",
            "@CllrAnnaWebb",
            "twitter",
        ),
        ("", "2026-03-12", "@CllrAnnaWebb", "twitter"),
        (
            "Cabinet meets on Tuesday; the agenda is online.",
            "not a date",
            "@CllrAnnaWebb",
            "myspace",
        ),
    ]
    import csv

    with (HERE / "posts.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    lines = [
        {
            "message": "Northvale Council has decided that it no longer supports the new cycle lanes, and I agree.",
            "when": 1773000000,
            "platform": "facebook",
        },
        {
            "message": "Road closure on Mill Street on Sunday for the fun run.",
            "when": "2026-03-20T07:00:00Z",
            "platform": "facebook",
        },
    ]
    body = "\n".join(json.dumps(line) for line in lines) + "\n{not json\n"
    (HERE / "posts.jsonl").write_text(body, encoding="utf-8")


if __name__ == "__main__":
    build_sent_mbox()
    build_truncated_mbox()
    build_broken_mime()
    build_maildir()
    build_folder()
    build_twitter()
    build_facebook()
    build_tabular()
    print(f"archives written to {HERE}")
