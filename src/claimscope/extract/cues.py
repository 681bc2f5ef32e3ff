"""Cue lexicons (compiled from the language packs in claimscope/lexicons/) and the cues
they find in a text.

A cue is a verbatim span that tells how firmly the article stands behind a claim: a
hedge, a condition, a reporting verb and who it credits, a back-reference to a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from claimscope.errors import ExtractionError
from claimscope.lexicons import CueKind, LanguagePack, Words, every_language, load_pack
from claimscope.models import HedgingLevel

__all__ = ["LEVEL_OF_KIND", "NAME_PATTERN", "Cue", "CueKind", "Lexicon", "load_lexicon"]

# The level a cue marks by itself, before any carry-over; the other kinds frame or filter.
LEVEL_OF_KIND = {
    CueKind.UNCONFIRMED: HedgingLevel.UNCONFIRMED,
    CueKind.RUMORED: HedgingLevel.RUMORED,
    CueKind.ANONYMOUS: HedgingLevel.RUMORED,
    CueKind.CONDITIONAL: HedgingLevel.CONDITIONAL,
    CueKind.HEDGED: HedgingLevel.HEDGED,
    CueKind.ATTRIBUTION: HedgingLevel.ATTRIBUTED,
    CueKind.ORIGIN: HedgingLevel.ATTRIBUTED,
}

# A capitalised name of one or more words ("Wall Street Journal", "G42's CEO", "iPhone"),
# case-sensitive inside case-insensitive patterns; small joining words only between capitals
# (every language's: an article names people and firms of any language).
NAME_PATTERN = (
    # An elided article before a common noun opening a sentence ("L'intesa") is no name.
    r"(?-i:(?![A-Z]['’][a-zà-ý])(?:[A-ZÀ-Ý]|@\w|[a-z]{1,2}[A-Z](?=[A-Z]|[a-z]{2})|\d+[A-Za-z]|[a-z]+(?=[a-z0-9]*_))"
    r"[\w'’&-]*(?:\.[\w'’&-]+)*"
    rf"(?:[ ](?:(?:{'|'.join(map(re.escape, every_language('name_joiners')))})[ ])*"
    r"[A-ZÀ-Ý0-9][\w'’&-]*(?:\.[\w'’&-]+)*)*)"
)


@dataclass(frozen=True)
class Cue:
    """One cue found in the document, with absolute offsets."""

    kind: CueKind
    start: int
    end: int
    text: str
    source: str | None = None


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Compiled cue patterns and word lists of one language (one cached instance each)."""

    language: str
    patterns: tuple[tuple[CueKind, re.Pattern[str]], ...]
    clause_openers: frozenset[str]
    clause_connectors: tuple[str, ...]
    coordinators: frozenset[str]
    determiners: frozenset[str]
    verb_endings: tuple[str, ...]
    prepositions: frozenset[str]
    verb_like_endings: tuple[str, ...]
    not_gerunds: frozenset[str]
    stopwords: frozenset[str]
    singular_demonstrative: re.Pattern[str]
    anaphoric_openers: frozenset[str]
    organisation_anaphor: re.Pattern[str]
    anonymous_sources: tuple[str, ...]
    denial_words: tuple[str, ...]
    negated_denials: re.Pattern[str] | None
    report_object: re.Pattern[str]
    report_subject: re.Pattern[str]
    content_complement: re.Pattern[str]
    personal_pronouns: frozenset[str]
    references: re.Pattern[str]
    not_names: frozenset[str]
    roles: tuple[str, ...]
    aliases: dict[str, str]
    # Words that speak to a reader or a machine: see claimscope.extract.addressed.
    addressed: re.Pattern[str]
    words: Words
    """The pack's word lists as written, for the stages that compile their own patterns."""

    def find(self, text: str, offset: int = 0) -> list[Cue]:
        """Every cue in `text` (offsets shifted by `offset`), in document order."""
        found: list[Cue] = []
        for kind, pattern in self.patterns:
            for match in pattern.finditer(text):
                if match.end() == match.start():
                    continue
                sources = [value for value in match.groupdict().values() if value]
                found.append(
                    Cue(
                        kind,
                        offset + match.start(),
                        offset + match.end(),
                        match.group(),
                        sources[0] if sources else None,
                    )
                )
        found = self._without_negated_denials(found, text, offset)
        return _without_nested(self._with_denied_reports(found, text, offset))

    def _without_negated_denials(self, cues: list[Cue], text: str, offset: int) -> list[Cue]:
        """A non-confirmation cue inside a negated denial ("non smentisce", "has not denied")
        becomes a not-claim cue: it leaves the report as it was, and says something about the
        reporting, not a fact."""
        if self.negated_denials is None:
            return cues
        negated = [
            (offset + m.start(), offset + m.end()) for m in self.negated_denials.finditer(text)
        ]
        return [
            replace(cue, kind=CueKind.NOT_CLAIM)
            if cue.kind is CueKind.UNCONFIRMED
            and any(start <= cue.start and cue.end <= end for start, end in negated)
            else cue
            for cue in cues
        ]

    def is_denial(self, phrase: str) -> bool:
        lowered = phrase.lower()
        return any(word in lowered for word in self.denial_words)

    def _with_denied_reports(self, cues: list[Cue], text: str, offset: int) -> list[Cue]:
        """A report named as a whole right after a denial or non-confirmation ("ha smentito
        la notizia", "smentire le voci", "denied the report"), or as the subject a sentence
        or clause opens on before one ("La notizia è stata smentita"), refers back to that report,
        as "tali voci" does: a reference cue, not a new rumor. With content of its own after
        it ("le voci secondo cui…", "a report by X that…") it is the rumor itself, left as
        found."""
        objects = []
        statements = [cue for cue in cues if cue.kind is CueKind.UNCONFIRMED]
        if statements:
            objects += [
                _reference(subject, text, offset)
                for subject in self.report_subject.finditer(text, 0, statements[-1].start - offset)
            ]
        for cue in statements:
            found = self.report_object.match(text, cue.end - offset)
            if found and not self.content_complement.match(text, found.end()):
                objects.append(_reference(found, text, offset))
        if not objects:
            return cues
        kept = [
            cue
            for cue in cues
            if cue.kind not in _REPORT_KINDS
            or not any(o.start <= cue.start and cue.end <= o.end for o in objects)
        ]
        return kept + objects

    def is_anonymous(self, phrase: str) -> bool:
        lowered = phrase.lower()
        return any(word in lowered for word in self.anonymous_sources)


def _reference(found: re.Match[str], text: str, offset: int) -> Cue:
    """The report a match names (its "report" group), as a reference cue."""
    start, end = found.span("report")
    return Cue(CueKind.REFERENCE, offset + start, offset + end, text[start:end])


# What a report noun is found as on its own: a denial's object is a reference instead.
_REPORT_KINDS = (CueKind.RUMORED, CueKind.ANONYMOUS, CueKind.REFERENCE)


def _without_nested(cues: list[Cue]) -> list[Cue]:
    """Drop a cue that lies inside a longer cue of the same kind."""
    kept = [
        cue
        for cue in cues
        if not any(
            other is not cue
            and other.kind is cue.kind
            and other.start <= cue.start
            and cue.end <= other.end
            and (other.end - other.start) > (cue.end - cue.start)
            for other in cues
        )
    ]
    unique = {(cue.kind, cue.start, cue.end): cue for cue in kept}
    return sorted(unique.values(), key=lambda cue: (cue.start, cue.end))


def _words_pattern(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


def _any_of(words: list[str]) -> str:
    """An alternation of `words` that never matches when there are none."""
    return _words_pattern(words) or "(?!)"


def _compile(pack: LanguagePack, kind: CueKind, source: str) -> re.Pattern[str]:
    """One regular expression for all the patterns of a kind (one scan per kind, not per
    pattern): longer patterns first, so the longer of two cues at one place wins."""
    patterns = pack.patterns(kind)
    alternatives = []
    for number, pattern in enumerate(sorted(patterns, key=len, reverse=True)):
        group = f"(?P<source{number}>{{}})"
        alternatives.append(
            pattern.replace("{source}", group.format(source)).replace(
                "{name}", group.format(NAME_PATTERN)
            )
        )
    return _whole_words(alternatives, pack, kind.value)


def _negated_denials(pack: LanguagePack) -> re.Pattern[str] | None:
    patterns = pack.words.negated_denials
    return _whole_words(patterns, pack, "negated_denials") if patterns else None


def _whole_words(alternatives: list[str], pack: LanguagePack, what: str) -> re.Pattern[str]:
    """One case-insensitive expression matching any of `alternatives` as whole words; a pack
    error names the pack and the list it came from."""
    try:
        return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)
    except re.error as error:
        raise ExtractionError(
            f"language pack '{pack.language}': a {what} pattern is not a valid "
            f"regular expression ({error.msg})"
        ) from error


@lru_cache(maxsize=8)
def load_lexicon(language: str, folder: Path | None = None) -> Lexicon:
    """The compiled lexicon of `language` from its pack in `folder` (claimscope/lexicons/
    by default)."""
    return _compiled(load_pack(language, folder))


def _compiled(pack: LanguagePack) -> Lexicon:
    words = pack.words
    references = _words_pattern(words.references)
    # A month or a weekday is a date, never the speaker ("…in March, said Mark Hill").
    calendar = _any_of(pack.search.calendar_words)
    source = rf"(?!(?:{calendar})\b){NAME_PATTERN}|(?:{references})"
    return Lexicon(
        language=pack.language,
        patterns=tuple((kind, _compile(pack, kind, source)) for kind in CueKind),
        clause_openers=frozenset(words.clause_openers),
        clause_connectors=tuple(sorted(words.clause_connectors, key=len, reverse=True)),
        coordinators=frozenset(words.coordinators),
        determiners=frozenset(words.determiners),
        verb_endings=tuple(words.verb_endings),
        prepositions=frozenset(words.prepositions),
        verb_like_endings=tuple(words.verb_like_endings),
        not_gerunds=frozenset(words.not_gerunds),
        stopwords=frozenset(words.stopwords),
        anaphoric_openers=frozenset(words.anaphoric_openers),
        organisation_anaphor=re.compile(
            rf"\b(?:{_words_pattern(words.organisation_nouns)})\b", re.IGNORECASE
        ),
        singular_demonstrative=re.compile(
            rf"(?<!\w)(?:{_words_pattern(words.singular_demonstratives)})\s*\w",
            re.IGNORECASE,
        ),
        anonymous_sources=tuple(words.anonymous_sources),
        denial_words=tuple(words.denial_words),
        negated_denials=_negated_denials(pack),
        # The report noun after a statement, with at most an adverb before it and an
        # article or adjective of its own ("seccamente la notizia", "the latest reports").
        report_object=re.compile(
            rf"\s*(?:[^\W\d_A-Z]+\s+)??"
            rf"(?P<report>(?:[^\W\d_A-Z]+'|[^\W\d_A-Z]+\s+)?(?:{_any_of(words.report_nouns)}))(?!\w)"
        ),
        # A sentence or clause that opens on the report ("Ma la notizia … è stata smentita",
        # "Anticipate da X, le indiscrezioni … senza trovare conferme").
        report_subject=re.compile(
            rf"(?:^|[,;:])\W*(?:(?:{_words_pattern(words.coordinators)})\W+)?"
            rf"(?P<report>(?:{_words_pattern(words.definite_articles)})\s*(?:\w+\s+)?"
            rf"(?:{_any_of(words.report_nouns)}))(?!\w)",
            re.IGNORECASE,
        ),
        # "…reports that", "a report by The Register that…": the report's content follows.
        content_complement=re.compile(
            rf"[^,;:]*?\s(?:{_any_of(words.complementizers + words.reported_relatives)})(?!\w)",
            re.IGNORECASE,
        ),
        personal_pronouns=frozenset(words.personal_pronouns),
        references=re.compile(rf"^(?:{references})$", re.IGNORECASE),
        not_names=frozenset(words.not_names),
        roles=tuple(sorted(words.roles, key=len, reverse=True)),
        aliases=dict(pack.aliases),
        addressed=re.compile(rf"(?<!\w)(?:{'|'.join(pack.addressed.patterns)})", re.IGNORECASE),
        words=words,
    )
