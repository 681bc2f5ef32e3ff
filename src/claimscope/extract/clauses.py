"""Clause splitting: one sentence can hold several independently checkable propositions.

Cuts fall at semicolons, colons, spaced dashes and brackets, at a comma before a
subordinator or a gerund, at a coordinator that opens a new finite verb, and after a
reporting verb's "che"/"that". A conditional clause stays with the clause it conditions.
No cut falls inside a cue, so "according to people familiar with the matter" stays whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from claimscope.extract.cues import Cue, CueKind, Lexicon
from claimscope.lexicons import every_language
from claimscope.text import sentence_ends

_WORD = re.compile(r"[\w'’]+")
_HARD_CUT = re.compile(r"\s*;\s*|\s+[—–-]{1,2}\s+|(?<!\d):\s+|…\s*")
_BRACKET = re.compile(r"\s*\(([^()]*)\)\s*")
# A bracket holds a proposition of its own when it is longer than an acronym or a date.
_BRACKET_MIN_WORDS = 4
# Words the host clause must still have after an insertion closes.
_HOST_MIN_WORDS = 3
# A subject this short before an insertion is no claim: its verb comes after the insertion.
_SUBJECT_MAX_WORDS = 6
_LEADING_JUNK = re.compile(r"^[\s,;:.—–\-(\[«\"“”‘’']+")
_TRAILING_JUNK = re.compile(r"[\s,;:.—–\-)\]»\"“”‘’']+$")
_FRAMING_KINDS = (CueKind.ATTRIBUTION, CueKind.RELAY, CueKind.ANONYMOUS, CueKind.RUMORED)
_COMMA_WORD = re.compile(r",\s+(?=([\w'’]+))")


@dataclass(frozen=True)
class Clause:
    """A piece of a sentence that may carry one claim, trimmed, with absolute offsets."""

    start: int
    end: int
    text: str
    relative: bool = False
    """Whether it opens with a relative pronoun ("che", "which"): background to its host."""


@dataclass(frozen=True)
class _Cut:
    end_before: int
    start_after: int
    relative: bool = False
    opens_insertion: bool = False
    """Whether the piece before it is the host's subject, its verb after the insertion."""


@dataclass(frozen=True)
class _CutPatterns:
    connector: re.Pattern[str]
    coordinator: re.Pattern[str]
    gerund: re.Pattern[str]


def either(words: Iterable[str]) -> str:
    """A regular expression alternation of literal words."""
    return "|".join(map(re.escape, words))


@lru_cache(maxsize=4)
def _cut_patterns(lexicon: Lexicon) -> _CutPatterns:
    subordinators = [c for c in lexicon.clause_connectors if c not in lexicon.coordinators]
    gerund_endings = either(lexicon.words.gerund_endings)
    return _CutPatterns(
        connector=re.compile(rf",\s+(?=(?:{either(subordinators)})\b)", re.IGNORECASE),
        coordinator=re.compile(
            rf"(,?)\s+(?:{either(lexicon.coordinators)})\s+(?=([\w'’]+))", re.IGNORECASE
        ),
        gerund=re.compile(rf",\s+(?=(\w+(?:{gerund_endings}))\b)", re.IGNORECASE),
    )


# The words below are every language pack's, whatever the article's language, as the
# engine was built and measured (an Italian "a" cuts "Macchiareddu, a pochi chilometri" like
# an English article would): making them per language changes the scores, so it waits for a
# measured change of its own.
_RELATIVES = frozenset(every_language("relative_pronouns"))
_INITIAL_PARTICIPLE = re.compile(
    rf"^\s*(?:[A-ZÀ-Ý]\w*(?:{either(every_language('participle_endings'))}))\b[^,;:]{{0,80}},\s+"
)
# A name, a comma, then an article: an apposition that may add a checkable fact
# ("Microsoft, il principale investitore di OpenAI, ...").
_APPOSITION = re.compile(rf"(?<=\w),\s+(?=(?:{either(every_language('apposition_articles'))})\b)")
_REPORTED_RELATIVE = re.compile(
    rf"(?<=\w)\s+(?=(?:{either(every_language('reported_relatives'))})\b)", re.IGNORECASE
)
_COMPLEMENTIZERS = frozenset(every_language("complementizers"))
_ADVERB_ENDINGS = tuple(every_language("adverb_endings"))
_COMPLEMENTIZER = re.compile(
    rf"\s*,?\s*(?:{either([*_COMPLEMENTIZERS, *every_language('infinitive_markers')])})\s+",
    re.IGNORECASE,
)


def _opens_verb(word: str, lexicon: Lexicon) -> bool:
    lowered = word.lower()
    return lowered in lexicon.clause_openers or lowered.endswith(lexicon.verb_endings or ("\0",))


# A coordinator before one of these starts a new verb phrase of the same subject ("said A
# and denied B", "ha confermato A e smentito B", "and declined to comment").
_VERB_PHRASE_KINDS = (CueKind.UNCONFIRMED, CueKind.NOT_CLAIM)


def _coordinator_cuts(
    text: str, lexicon: Lexicon, patterns: _CutPatterns, cue_starts: frozenset[int]
) -> list[_Cut]:
    cuts = []
    for match in patterns.coordinator.finditer(text):
        following = match.group(2)
        with_comma = bool(match.group(1))
        lowercase_word = following[:1].islower() and following.lower() not in lexicon.determiners
        # After a coordinator, a second reported clause ("told staff that A and that B").
        new_phrase = following.lower() in _COMPLEMENTIZERS or match.end() in cue_starts
        if _opens_verb(following, lexicon) or (with_comma and lowercase_word) or new_phrase:
            cuts.append(_Cut(match.start(), match.end()))
    return cuts


def _candidate_cuts(text: str, lexicon: Lexicon, cues: list[Cue], offset: int) -> list[_Cut]:
    patterns = _cut_patterns(lexicon)
    cuts = [_Cut(m.start(), m.end()) for m in _HARD_CUT.finditer(text)]
    cuts += [_Cut(end, start) for end, start in sentence_ends(text, inside_quotes=True)]
    for bracket in _BRACKET.finditer(text):
        if len(bracket.group(1).split()) >= _BRACKET_MIN_WORDS:
            cuts += [_Cut(bracket.start(), bracket.start(1)), _Cut(bracket.end(1), bracket.end())]
    for match in patterns.connector.finditer(text):
        word = text[match.end() :].split(" ", 1)[0].lower()
        relative = word in _RELATIVES
        closing = _insertion_end(text, match.end(), lexicon) if relative else []
        cuts.append(_Cut(match.start(), match.end(), relative, opens_insertion=bool(closing)))
        cuts += closing
    # "la ricostruzione del Tirreno secondo cui…": a reported clause, comma or not.
    cuts += [_Cut(m.start(), m.end()) for m in _REPORTED_RELATIVE.finditer(text)]
    cuts += [
        _Cut(m.start(), m.end())
        for m in patterns.gerund.finditer(text)
        if m.group(1).lower() not in lexicon.not_gerunds
    ]
    cue_starts = frozenset(c.start - offset for c in cues if c.kind in _VERB_PHRASE_KINDS)
    cuts += _coordinator_cuts(text, lexicon, patterns, cue_starts)
    # An auxiliary after a comma often follows an inserted phrase ("X, sotto pressione, ha"):
    # only full verbs start a clause there.
    cuts += [
        _Cut(m.start(), m.end())
        for m in _COMMA_WORD.finditer(text)
        if _opens_verb(m.group(1), lexicon) and m.group(1).lower() not in lexicon.stopwords
    ]
    # "Secondo Bloomberg, il cda…": a comma that closes a source phrase opens no apposition.
    framed_ends = {cue.end - offset for cue in cues if cue.kind in _FRAMING_KINDS}
    for apposition in _APPOSITION.finditer(text):
        if apposition.start() in framed_ends:
            continue
        if _after_name(text, apposition.start(), lexicon):
            closing = _insertion_end(text, apposition.end(), lexicon)
            # An apposition inserted before its host's verb is background, like a relative.
            cuts.append(
                _Cut(
                    apposition.start(),
                    apposition.end(),
                    bool(closing),
                    opens_insertion=bool(closing),
                )
            )
            cuts += closing
    initial = _INITIAL_PARTICIPLE.match(text)
    if initial and initial.group().split()[0].lower() not in lexicon.not_gerunds:
        cuts.append(_Cut(initial.end() - 2, initial.end()))
    for cue in cues:
        if cue.kind in (CueKind.ATTRIBUTION, CueKind.ANONYMOUS):
            complementizer = _COMPLEMENTIZER.match(text, cue.end - offset)
            if complementizer:
                cuts.append(_Cut(cue.end - offset, complementizer.end()))
    return cuts


_NEXT_COMMA = re.compile(r",\s+(?=([\w'’]+))")


def _insertion_end(text: str, start: int, lexicon: Lexicon) -> list[_Cut]:
    """Where an inserted relative clause or apposition closes ("Stratus, the third-largest
    provider, has spent..."): at its next comma when a verb of the host follows."""
    closing = _NEXT_COMMA.search(text, start)
    if closing is None:
        return []
    word = closing.group(1)
    host_verb = word[:1].islower() and word.lower() not in lexicon.determiners
    if host_verb and len(text[closing.end() :].split()) >= _HOST_MIN_WORDS:
        return [_Cut(closing.start(), closing.end())]
    return []


def _after_name(text: str, comma: int, lexicon: Lexicon) -> bool:
    """Whether the word before `comma` is a capitalised name; a sentence's first word
    counts unless it is a known non-name ("However", "Tuttavia") or an adverb."""
    words = text[:comma].split()
    if not words or not words[-1][:1].isupper():
        return False
    if len(words) > 1:
        return True
    return words[0] not in lexicon.not_names and not words[0].lower().endswith(_ADVERB_ENDINGS)


def _inside_cue(position: int, cues: list[Cue], offset: int) -> bool:
    """Cues are not cut, except a reporting frame around an inserted phrase ("Arcturus,
    which went public in 2021, reported"): the insertion is a clause of its own."""
    return any(
        cue.start - offset < position < cue.end - offset
        and not (cue.kind is CueKind.ATTRIBUTION and ", " in cue.text)
        for cue in cues
    )


def _trimmed(text: str, start: int, end: int, offset: int, relative: bool) -> Clause | None:
    piece = text[start:end]
    leading = _LEADING_JUNK.match(piece)
    lead = leading.end() if leading else 0
    trail = _TRAILING_JUNK.search(piece)
    stop = trail.start() if trail else len(piece)
    if stop <= lead:
        return None
    return Clause(offset + start + lead, offset + start + stop, piece[lead:stop], relative)


def _conditional_heads(clauses: list[Clause], cues: list[Cue]) -> set[int]:
    """Indexes of clauses that open with a condition ("se", "if", "unless")."""
    heads = set()
    for index, clause in enumerate(clauses):
        for cue in cues:
            if cue.kind is CueKind.CONDITIONAL and clause.start <= cue.start <= clause.start + 3:
                heads.add(index)
    return heads


def _merge_conditions(
    clauses: list[Clause], cues: list[Cue], text: str, offset: int
) -> list[Clause]:
    """A condition is not a claim of its own: it joins the clause it conditions."""
    heads = _conditional_heads(clauses, cues)
    merged: list[Clause] = []
    pending: Clause | None = None
    for index, clause in enumerate(clauses):
        if pending is not None:
            clause = Clause(
                pending.start, clause.end, text[pending.start - offset : clause.end - offset]
            )
            pending = None
        if index in heads and index + 1 < len(clauses):
            pending = clause
            continue
        merged.append(clause)
    return merged


# Cues that open a phrase inserted between a subject and its verb ("l'accordo, se
# approvato, potrebbe…", "the market, according to X, will…").
_INSERTED_KINDS = (
    CueKind.CONDITIONAL,
    CueKind.ATTRIBUTION,
    CueKind.ANONYMOUS,
    CueKind.REPORTATIVE,
)
_SUBJECT_COMMA = re.compile(r"^([^,;:]+?),\s+")
_JOINING_COMMA = re.compile(r"^\s*,\s*$")


def _subject_and_insertion(clause: Clause, cues: list[Cue]) -> bool:
    """Whether `clause` is a short subject followed by an inserted condition or source
    ("The deal, if finalized"), its verb left to the next clause."""
    subject = _SUBJECT_COMMA.match(clause.text)
    if subject is None or len(subject.group(1).split()) > _SUBJECT_MAX_WORDS:
        return False
    inserted_at = clause.start + subject.end()
    # One word may come before the cue ("La proposta, sempre secondo l'agenzia, sarebbe…").
    return any(
        cue.kind in _INSERTED_KINDS
        and inserted_at <= cue.start < clause.end
        and len(clause.text[subject.end() : cue.start - clause.start].split()) <= 1
        for cue in cues
    )


def _merge_insertions(
    clauses: list[Clause], cues: list[Cue], text: str, offset: int
) -> list[Clause]:
    """A subject, an inserted phrase and the verb after it are one clause: the comma
    after the insertion is not a cut ("l'accordo, se approvato dall'Antitrust, potrebbe
    chiudersi entro settembre")."""
    merged: list[Clause] = []
    for clause in clauses:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and _subject_and_insertion(previous, cues)
            and _JOINING_COMMA.match(text[previous.end - offset : clause.start - offset])
            and clause.text[:1].islower()
        ):
            merged[-1] = Clause(
                previous.start,
                clause.end,
                text[previous.start - offset : clause.end - offset],
                previous.relative,
            )
            continue
        merged.append(clause)
    return merged


def split_clauses(text: str, offset: int, lexicon: Lexicon, cues: list[Cue]) -> list[Clause]:
    """The clauses of one sentence `text` that starts at `offset` in the document."""
    cuts = sorted(
        (
            cut
            for cut in _candidate_cuts(text, lexicon, cues, offset)
            if not _inside_cue(cut.end_before, cues, offset)
        ),
        key=lambda cut: (cut.end_before, cut.start_after),
    )
    clauses: list[Clause] = []
    start, relative = 0, False
    for cut in cuts:
        if cut.end_before < start:
            continue
        clause = _trimmed(text, start, cut.end_before, offset, relative)
        subject_only = cut.opens_insertion and len(text[start : cut.end_before].split()) <= (
            _SUBJECT_MAX_WORDS
        )
        if clause and not subject_only:
            clauses.append(clause)
        start, relative = max(start, cut.start_after), cut.relative
    last = _trimmed(text, start, len(text), offset, relative)
    if last:
        clauses.append(last)
    return _merge_conditions(_merge_insertions(clauses, cues, text, offset), cues, text, offset)


def verbless_fragment(text: str, lexicon: Lexicon) -> bool:
    """A prepositional phrase left alone by a cut, with no word that could be a verb."""
    words = _WORD.findall(text)
    if not words or words[0].lower() not in lexicon.prepositions:
        return False
    lowercase = [word.lower() for word in words[1:] if word[:1].islower()]
    return not any(
        word in lexicon.clause_openers
        or word.endswith(lexicon.verb_like_endings + lexicon.verb_endings)
        for word in lowercase
    )


def content_words(text: str, lexicon: Lexicon) -> list[str]:
    """The words of `text` that are not function words."""
    return [
        word
        for word in _WORD.findall(text)
        if word.lower() not in lexicon.stopwords and (len(word) > 2 or word[0].isdigit())
    ]
