"""Finding lexicon terms in a draft, robust to obfuscated spellings.

Matching works on tokens of the folded text rather than on one huge regular
expression: every token is looked up in a set, so the cost grows with the draft, not
with the size of the lexicon. Each token is tried as written and "de-obfuscated"
(sh1t, b@stard, $hit, fuuuuck); a token with asterisks (f*ck, s**t) is compared with
the lexicon's words of the same length, the asterisks standing for any letter.

Term syntax in a lexicon: words separated by spaces or hyphens ("brain-dead moron");
a trailing ``*`` on the last word matches any ending ("corrupt*" → corruption).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from functools import cached_property, lru_cache
from typing import NamedTuple

from .patterns import compile_pattern
from .text import Analysis

_TOKEN = re.compile(r"[\w@$*!|]+")
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "i"}
)
_RUN = re.compile(r"([a-z])\1{2,}")


class Token(NamedTuple):  # a tuple: a long e-mail has thousands, made fast
    start: int  # in the original text
    end: int
    forms: tuple[str, ...]  # the ways this token may be read, as written first
    starred: str | None  # the token with asterisks kept, when it has any


@lru_cache(maxsize=1 << 16)  # words repeat across drafts: read each spelling once
def _forms(word: str, obfuscation: bool) -> tuple[tuple[str, ...], str | None]:
    word = word.strip("!|").replace("_", "")
    if not word:
        return (), None
    forms = [word]
    starred = None
    if word.isalpha() and _RUN.search(word) is None:
        return (word,), None  # the common case: an ordinary word reads only one way
    if obfuscation and any(c.isalpha() for c in word):
        if "*" in word.strip("*"):
            starred = word.strip("*")
        plain = word.replace("*", "")
        clean = plain.translate(_LEET)
        for candidate in (plain, clean, _RUN.sub(r"\1\1", clean), _RUN.sub(r"\1", clean)):
            if candidate and candidate not in forms:
                forms.append(candidate)
    return tuple(forms), starred


def tokens(analysis: Analysis, obfuscation: bool) -> list[Token]:
    """The draft's tokens (cached per draft: every lexicon rule shares them).

    The obfuscation-tolerant tokens are read from the draft's canonical text
    (canonical.py: "f u c k", tw@t, f**k, emoji read as words), each still tried in the
    de-obfuscated forms below, with spans mapped back to the original. The plain tokens
    are the folded text's, each as written; when canonical reading changed nothing, they
    are the tolerant ones cut down, so the text is tokenised once."""
    key = f"tokens:{obfuscation}"
    cached = analysis.cache.get(key)
    if cached is not None:
        return cached  # type: ignore[return-value]
    norm = analysis.norm
    if obfuscation:
        canon = analysis.canonical
        if canon.changed:
            out = _read_tokens(canon.text, canon.to_original, False, True)
        else:
            out = _read_tokens(norm.folded, norm.to_original, norm.same_offsets, True)
    elif not analysis.canonical.changed:
        # Most tokens read one way only, and are then the same either way.
        out = [
            t if t.starred is None and len(t.forms) == 1 else Token(t.start, t.end, t.forms[:1], None)
            for t in tokens(analysis, True)
        ]
    else:
        out = [
            Token(t.start, t.end, t.forms[:1], None)
            for t in _read_tokens(norm.folded, norm.to_original, norm.same_offsets, True)
        ]
    analysis.cache[key] = out
    return out


def _read_tokens(text: str, to_original, same_offsets: bool, obfuscation: bool) -> list[Token]:  # noqa: ANN001
    out = []
    for match in _TOKEN.finditer(text):
        forms, starred = _forms(match.group(), obfuscation)
        if not forms:
            continue
        start, end = match.span() if same_offsets else to_original(match.start(), match.end())
        out.append(Token(start, end, forms, starred))
    return out


def _term_words(term: str) -> tuple[list[str], bool]:
    prefix = term.endswith("*")
    words = [w for w in _TOKEN.findall(term.lower().rstrip("*")) if w]
    return words, prefix


class _StartingWord:
    """A lexicon's terms that start with one word. The longer ones are filed under their
    second word, so that a common first word ("the", "you", fifty phrases each) costs a
    look-up of the next token, not a check of every phrase at every "the"."""

    def __init__(self) -> None:
        self.alone: list[str] = []  # terms that are this word alone
        self.by_second: dict[str, list[tuple[list[str], bool, str]]] = defaultdict(list)
        self.second_is_prefix: list[tuple[list[str], bool, str]] = []  # "council tax*"

    def add(self, rest: list[str], prefix: bool, term: str) -> None:
        if not rest:
            self.alone.append(term)
        elif prefix and len(rest) == 1:
            self.second_is_prefix.append((rest, prefix, term))
        else:
            self.by_second[rest[0]].append((rest, prefix, term))

    def longer(self, following: Token) -> list[tuple[list[str], bool, str]]:
        """The longer terms whose second word the following token may be."""
        found = list(self.second_is_prefix)
        for form in following.forms:
            found.extend(self.by_second.get(form, ()))
        return found


class TermMatcher:
    """A compiled lexicon: exact words, word prefixes and multi-word phrases."""

    def __init__(self, terms: list[str], obfuscation: bool = False):
        self.obfuscation = obfuscation
        self.phrases: dict[str, _StartingWord] = defaultdict(_StartingWord)  # by first word
        self.prefixes: dict[str, _StartingWord] = defaultdict(_StartingWord)  # "corrupt*"
        self.by_length: dict[int, list[str]] = defaultdict(list)
        for term in terms:
            words, prefix = _term_words(term)
            if not words:
                continue
            if prefix and len(words) == 1:
                self.prefixes[words[0]].add([], True, term)
            else:
                self.phrases[words[0]].add(words[1:], prefix, term)
            if len(words) == 1 and not prefix:
                self.by_length[len(words[0])].append(words[0])

    def _candidates(self, index: TokenIndex) -> dict[int, list[_StartingWord]]:
        """Token position -> the terms that may start there. Only the words this lexicon
        and the draft share are visited (set intersections on dict keys), so forty
        lexicons cost forty small intersections, not forty passes over the text."""
        found: dict[int, list[_StartingWord]] = defaultdict(list)
        for word in self.phrases.keys() & index.forms.keys():
            for i in index.forms[word]:
                found[i].append(self.phrases[word])
        for head, starting in self.prefixes.items():
            for i in index.starting_with(head):
                found[i].append(starting)
        for i in index.starred:
            if i in found:
                continue
            starred = index.tokens[i].starred or ""
            pattern = _star_regex(starred)
            for word in self.by_length.get(len(starred), ()):
                if pattern.fullmatch(word) and word in self.phrases:
                    found[i].append(self.phrases[word])
        return found

    @staticmethod
    def _word_matches(token: Token, word: str, prefix: bool) -> bool:
        if prefix:
            return any(form.startswith(word) for form in token.forms)
        return word in token.forms

    def find(self, analysis: Analysis, scope: str = "own") -> list[tuple[int, int, str]]:
        """(start, end, term) for every match, in the original text's offsets."""
        index = token_index(analysis, self.obfuscation)
        toks = index.tokens
        ranges = analysis.ranges(scope)
        hits: list[tuple[int, int, str]] = []
        for i, starting_here in sorted(self._candidates(index).items()):
            token = toks[i]
            if not any(a <= token.start < b for a, b in ranges):
                continue
            for starting in starting_here:
                hits.extend((token.start, token.end, term) for term in starting.alone)
                if i + 1 == len(toks):
                    continue
                for rest, prefix, term in starting.longer(toks[i + 1]):
                    j = i + 1
                    ok = True
                    for k, word in enumerate(rest):
                        if j >= len(toks) or not self._word_matches(toks[j], word, prefix and k == len(rest) - 1):
                            ok = False
                            break
                        j += 1
                    if ok:
                        hits.append((token.start, toks[j - 1].end, term))
        return hits


class TokenIndex:
    """A draft's tokens inverted: each way a token may be read -> where it stands."""

    def __init__(self, toks: list[Token]):
        self.tokens = toks
        self.forms: dict[str, list[int]] = defaultdict(list)
        self.starred = [i for i, t in enumerate(toks) if t.starred]
        for i, token in enumerate(toks):
            for form in token.forms:
                self.forms[form].append(i)

    @cached_property
    def _sorted_forms(self) -> list[str]:
        return sorted(self.forms)

    def starting_with(self, head: str) -> list[int]:
        """Where a form starts with ``head``, for prefix terms ("corrupt*"): a binary
        search in the sorted forms, so a lexicon's few prefixes cost a few look-ups."""
        forms = self._sorted_forms
        positions: set[int] = set()
        for k in range(bisect.bisect_left(forms, head), len(forms)):
            if not forms[k].startswith(head):
                break
            positions.update(self.forms[forms[k]])
        return sorted(positions)


def token_index(analysis: Analysis, obfuscation: bool) -> TokenIndex:
    key = f"token-index:{obfuscation}"
    cached = analysis.cache.get(key)
    if cached is None:
        cached = analysis.cache[key] = TokenIndex(tokens(analysis, obfuscation))
    return cached  # type: ignore[return-value]


@lru_cache(maxsize=512)
def _star_regex(starred: str) -> re.Pattern[str]:
    return re.compile("".join("[a-z]" if c == "*" else re.escape(c) for c in starred))


@lru_cache(maxsize=1024)
def compiled(terms: tuple[str, ...], obfuscation: bool) -> TermMatcher:
    """One matcher per distinct lexicon, shared by every draft and every rule."""
    return TermMatcher(list(terms), obfuscation)


def expand(params: dict, protocol) -> tuple[str, ...]:  # noqa: ANN001
    """A rule's ``terms`` plus the terms of every shared lexicon it names."""
    terms = list(params.get("terms") or [])
    for name in params.get("lexicons") or []:
        terms.extend(protocol.lexicons[name])
    return tuple(terms)


def find_patterns(
    analysis: Analysis, patterns: tuple[str, ...], scope: str = "own", case_sensitive: bool = False
) -> list[tuple[int, int, str]]:
    """Regular expressions matched on the folded text, spans mapped to the original.

    ``case_sensitive`` matches the original text instead, for shapes that folding
    erases (shouting in capitals, a capitalised name before "Ltd"). Patterns run in
    time linear in the draft (patterns.py)."""
    hits = []
    ranges = analysis.ranges(scope)
    norm = analysis.norm
    for raw in patterns:
        regex = compile_pattern(raw, case_sensitive)
        for start, end in regex.spans(analysis.text if case_sensitive else norm.folded):
            if not case_sensitive:
                start, end = norm.to_original(start, end)
            if any(a <= start < b for a, b in ranges):
                hits.append((start, end, raw))
    return hits
