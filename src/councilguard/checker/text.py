"""Text normalisation shared by every detector.

A draft is normalised once. ``folded`` is the text with Unicode compatibility forms,
look-alike letters and case folded away; every character of ``folded`` remembers the
index of the original character it came from, so a detector can match on the folded
text and still report spans that index the *original* text, as the contract requires.

The draft is also divided into regions: the author's own words, quoted replies (lines
starting ">", "On … wrote:" blocks, forwarded headers) and the signature. Most rules
judge only the author's own words; distribution rules look at everything that is sent.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from .draft import Draft
from .protocol import Protocol

# Letters from other scripts that are drawn like Latin ones: writers use them to slip
# words past filters ("раedo" with a Cyrillic р and а). NFKC does not fold these.
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
        "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "һ": "h", "к": "k", "м": "m", "т": "t",
        "в": "b", "н": "h", "ο": "o", "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "‘": "'", "’": "'", "‛": "'", "“": '"',
        "”": '"', "–": "-", "—": "-", "‐": "-", "‑": "-", "\u00a0": " ", "\u200b": "",
        "\u200c": "", "\u200d": "", "\ufeff": "",
    }
)  # fmt: skip


# A run of ASCII characters, or one other character: ASCII folds by lower-casing alone.
_ASCII_RUN_OR_CHAR = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]", re.DOTALL)


@dataclass(frozen=True)
class Region:
    start: int
    end: int
    kind: str  # "own", "quoted" or "signature"
    author: str = ""  # a quoted block's writer's address, from its header, when it names one


class NormalisedText:
    """The original text, its folded form, and the map between their offsets."""

    def __init__(self, original: str):
        self.original = original
        if original.isascii():  # the common case: folding is lower-casing, offsets stay put
            self.folded = original.lower()
            self._origin: Sequence[int] = range(len(original))
            return
        chars: list[str] = []
        origin: list[int] = []
        for run in _ASCII_RUN_OR_CHAR.finditer(original):
            index = run.start()
            if run.group().isascii():
                chars.append(run.group().lower())
                origin.extend(range(index, run.end()))
                continue
            folded = unicodedata.normalize("NFKC", run.group()).translate(_CONFUSABLES).lower()
            # Drop combining accents so "fück" folds to "fuck" and "café" to "cafe".
            folded = "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))
            chars.append(folded)
            origin.extend([index] * len(folded))
        self.folded = "".join(chars)
        self._origin = origin

    @property
    def same_offsets(self) -> bool:
        """Folding kept every offset (ASCII text): a folded span is the original's."""
        return isinstance(self._origin, range)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) range of ``folded`` back to the original text."""
        if not self._origin:
            return 0, 0
        start = min(max(start, 0), len(self._origin) - 1)
        last = min(max(end - 1, start), len(self._origin) - 1)
        return self._origin[start], self._origin[last] + 1

    def from_original(self, index: int) -> int:
        """The first folded index that comes from original ``index`` or later."""
        return bisect.bisect_left(self._origin, index)


_QUOTE_HEADER = re.compile(
    r"^(?:On .{0,200}wrote:\s*$|-{2,}\s*(?:Original|Forwarded) Message\s*-{2,}|"
    r"Begin forwarded message:|From: .+\n(?:Sent|Date): )",
    re.MULTILINE | re.IGNORECASE,
)
# "> On 2 Feb, Jean Airey <jean@…> wrote:": a quoted block's first line naming its writer.
_QUOTED_WROTE = re.compile(r"^[ \t]*>[ \t>]*On [^\n]{0,200}?<([\w.+-]+@[\w-]+(?:\.[\w-]+)+)>[^\n]{0,40}wrote:")
# A header that only a forward has (replies quote with "On … wrote:" or "Original Message").
_FORWARD_HEADER = re.compile(
    r"^(?:-{2,}\s*Forwarded message\s*-{2,}|Begin forwarded message:)", re.MULTILINE | re.IGNORECASE
)
_FORWARD_SUBJECT = re.compile(r"^\s*(?:(?:re|aw)\s*:\s*)*fwd?\s*:", re.IGNORECASE)
# An inline quotation: straight or curly quotes around at most 300 characters of one
# line. A straight single quote opens only after a non-word character and closes only
# before one, so apostrophes in words are passed over (the lazy repeat moves on to the
# next quote mark; bounded, so the search stays linear in the text).
_QUOTATION = re.compile(
    r"(?<!\w)'[^\n]{1,300}?'(?!\w)"
    r'|"[^"\n]{1,300}"'
    "|\u201c[^\u201d\n]{1,300}\u201d"
    "|\u2018[^\n]{1,300}?\u2019(?!\\w)"
)
# Starts only where a run of address characters starts (from inside one it was quadratic).
_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SIGNATURE_DELIMITER = re.compile(r"^-- ?$", re.MULTILINE)
_SIGN_OFF = re.compile(
    # Blanks, not \s: "^\s*" tried every newline of a run as a start and read to its end.
    r"^[ \t]*(?:kind(?:est)? regards|best regards|best wishes|many thanks|regards|yours sincerely|"
    r"yours faithfully|thanks|cheers|with best wishes)[,.!]?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n\s*\n|\n(?=\s*[-*•>]\s)")


def split_regions(text: str, channel: str) -> list[Region]:
    """Divide a draft into the author's words, quoted replies and the signature."""
    regions: list[Region] = []
    own_end = len(text)
    if channel == "email":
        header = _QUOTE_HEADER.search(text)
        if header:
            own_end = header.start()
        # Lines quoted with ">" before any header (interleaved replies) are quoted too.
        sig = _SIGNATURE_DELIMITER.search(text, 0, own_end)
        sign_off = None
        if sig is None:
            # A sign-off in the last few lines starts the signature block ("Kind regards,
            # Cllr Anna Webb, 01708 …"): the author's own details there are not a leak.
            for match in _SIGN_OFF.finditer(text, 0, own_end):
                if own_end - match.start() < 400:
                    sign_off = match
                    break
        sig_start = sig.start() if sig else (sign_off.end() if sign_off else own_end)
        regions.extend(_own_and_quoted_lines(text, 0, sig_start))
        if sig_start < own_end:
            regions.append(Region(sig_start, own_end, "signature"))
        if own_end < len(text):
            address = _ADDRESS.search(text, own_end, min(len(text), own_end + 400))
            author = address.group().lower() if address and header and address.start() < header.end() + 2 else ""
            regions.append(Region(own_end, len(text), "quoted", author))
    else:
        regions.append(Region(0, len(text), "own"))
    return [r for r in regions if r.end > r.start]


def _own_and_quoted_lines(text: str, start: int, end: int) -> list[Region]:
    regions: list[Region] = []
    for line in re.finditer(r"[^\n]*\n?", text[start:end]):
        if not line.group():
            break
        kind = "quoted" if line.group().lstrip().startswith(">") else "own"
        a, b = start + line.start(), start + line.end()
        if regions and regions[-1].kind == kind:
            regions[-1] = Region(regions[-1].start, b, kind, regions[-1].author)
        else:
            # "> On 2 Feb, Jean Airey <jean@…> wrote:" names the quoted block's writer.
            header = _QUOTED_WROTE.match(line.group()) if kind == "quoted" else None
            regions.append(Region(a, b, kind, header.group(1).lower() if header else ""))
    return regions


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries by punctuation and blank lines: cheap and good enough to scope
    a composite rule ("this target" + "this allegation" in the same sentence)."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


# "written": what the member wrote and sends, signature included (a slogan or a party
# link in a sign-off goes out with every e-mail), without the quoted replies.
_SCOPE_KINDS = {
    "own": {"own"},
    "written": {"own", "signature"},
    "sent": {"own", "quoted"},
    "all": {"own", "quoted", "signature"},
}


class Analysis:
    """Everything the detectors share about one draft, computed at most once."""

    def __init__(self, draft: Draft, protocol: Protocol) -> None:
        self.draft = draft
        self.protocol = protocol
        self.text = draft.text
        self.norm = NormalisedText(draft.text)
        self.regions = split_regions(draft.text, draft.channel)
        # Per-draft cache for expensive shared work (Presidio results, model scores).
        self.cache: dict[str, object] = {}
        self._ranges: dict[str, list[tuple[int, int]]] = {}

    @property
    def canonical(self):  # noqa: ANN201 (canonical.py imports this module)
        """The draft's canonical text (canonical.py): disguised spellings and emoji read
        as the words they stand for, with offsets back to the original. Made once."""
        from . import canonical

        return canonical.of(self)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return sentence_spans(self.text)

    def region_of(self, index: int) -> str:
        for region in self.regions:
            if region.start <= index < region.end:
                return region.kind
        return "own"

    def ranges(self, scope: str) -> list[tuple[int, int]]:
        """Original-text ranges a detector should read: "own", "sent" (own + quoted,
        what a recipient receives apart from the signature) or "all"."""
        cached = self._ranges.get(scope)
        if cached is None:
            kinds = _SCOPE_KINDS[scope]
            cached = self._ranges[scope] = [
                (r.start, r.end) for r in self.regions if r.kind in kinds and not self._sent_back(r, scope)
            ]
        return cached

    def _sent_back(self, region: Region, scope: str) -> bool:
        """A quoted reply going back to no one but the person who wrote it: the member
        is not publishing it (a resident's own details quoted back to that resident)."""
        if scope != "sent" or region.kind != "quoted" or not region.author:
            return False
        recipients = self.recipient_addresses
        return bool(recipients) and recipients <= {region.author}

    @cached_property
    def recipient_addresses(self) -> frozenset[str]:
        """Every recipient's bare e-mail address, in lower case."""
        return frozenset(m.lower() for a in self.draft.recipients.all() for m in _ADDRESS.findall(a))

    @cached_property
    def passes_on_a_message(self) -> bool:
        """Whether this e-mail passes someone's message on to others, as a forward does,
        whatever the ``forwarded`` box says: members paste the whole e-mail and rarely
        tick it. Read from a forward's header or a "Fwd:" subject, or from a quoted
        message whose writer (named in its header) is not among the recipients: the
        resident's e-mail sent on to an officer is forwarded, a reply to its writer is not."""
        draft = self.draft
        if draft.channel != "email":
            return False
        if _FORWARD_SUBJECT.match(draft.subject) or _FORWARD_HEADER.search(self.text):
            return True
        recipients = self.recipient_addresses
        return any(r.kind == "quoted" and r.author and recipients and r.author not in recipients for r in self.regions)

    @cached_property
    def quotations(self) -> list[tuple[int, int]]:
        """Someone else's words quoted inline, within one line: 'like this', "this",
        “this” or ‘this’, in order (they never overlap). An apostrophe inside a word
        ("don't") neither opens nor closes one, and one after a word ("Travellers'")
        never opens one."""
        return [(m.start(), m.end()) for m in _QUOTATION.finditer(self.text)]

    @cached_property
    def _quotation_starts(self) -> list[int]:
        return [a for a, _ in self.quotations]

    def inside_quotation(self, spans: list[tuple[int, int]]) -> bool:
        """Whether every span lies inside one of the draft's inline quotations."""
        quotes, starts = self.quotations, self._quotation_starts

        def covered(a: int, b: int) -> bool:
            i = bisect.bisect_right(starts, a) - 1
            return i >= 0 and quotes[i][1] >= b

        return bool(spans) and bool(quotes) and all(covered(a, b) for a, b in spans)

    def sentence_of(self, index: int) -> tuple[int, int]:
        sentences = self.sentences
        i = bisect.bisect_right(self._sentence_starts, index) - 1
        if 0 <= i < len(sentences) and sentences[i][0] <= index < sentences[i][1]:
            return sentences[i]
        return 0, len(self.text)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [a for a, _ in self.sentences]
