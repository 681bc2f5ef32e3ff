"""Cue lexicons (data files in extract/lexicons/) and the cues they find in a text.

A cue is a verbatim span that tells how firmly the article stands behind a claim: a
hedge, a condition, a reporting verb and who it credits, a back-reference to a report.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources

from claimscope.errors import ExtractionError
from claimscope.models import HedgingLevel


class CueKind(StrEnum):
    UNCONFIRMED = "unconfirmed"
    RUMORED = "rumored"
    CONDITIONAL = "conditional"
    HEDGED = "hedged"
    REPORTATIVE = "reportative"
    ATTRIBUTION = "attribution"
    ORIGIN = "origin"
    ANONYMOUS = "anonymous"
    RELAY = "relay"
    PROVISION = "provision"
    PROSPECTIVE = "prospective"
    REFERENCE = "reference"
    DERIVED = "derived"
    NOT_CLAIM = "not_claim"


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
# case-sensitive inside case-insensitive patterns; small joining words only between capitals.
NAME_PATTERN = (
    r"(?-i:(?:[A-ZÀ-Ý]|@\w|[a-z]{1,2}[A-Z](?=[A-Z]|[a-z]{2})|\d+[A-Za-z]|[a-z]+(?=[a-z0-9]*_))"
    r"[\w'’&-]*(?:\.[\w'’&-]+)*"
    r"(?:[ ](?:(?:di|del|della|de|of|the|von|van|bin|al|and|e|&)[ ])*"
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
    personal_pronouns: frozenset[str]
    references: re.Pattern[str]
    not_names: frozenset[str]
    roles: tuple[str, ...]
    aliases: dict[str, str]
    # Words that speak to a reader or a machine: see claimscope.extract.addressed.
    addressed: re.Pattern[str]

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
        return _without_nested(found)

    def is_denial(self, phrase: str) -> bool:
        lowered = phrase.lower()
        return any(word in lowered for word in self.denial_words)

    def is_anonymous(self, phrase: str) -> bool:
        lowered = phrase.lower()
        return any(word in lowered for word in self.anonymous_sources)


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


def _compile(kind: CueKind, patterns: list[str], source: str) -> re.Pattern[str]:
    """One regular expression for all the patterns of a kind (one scan per kind, not per
    pattern): longer patterns first, so the longer of two cues at one place wins."""
    alternatives = []
    for number, pattern in enumerate(sorted(patterns, key=len, reverse=True)):
        group = f"(?P<source{number}>{{}})"
        alternatives.append(
            pattern.replace("{source}", group.format(source)).replace(
                "{name}", group.format(NAME_PATTERN)
            )
        )
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=4)
def load_lexicon(language: str) -> Lexicon:
    """The lexicon of `language` ("it" or "en"), read from the package data."""
    try:
        raw = resources.files("claimscope.extract").joinpath("lexicons", f"{language}.toml")
        data = tomllib.loads(raw.read_text(encoding="utf-8"))
    except (FileNotFoundError, tomllib.TOMLDecodeError) as error:
        raise ExtractionError(
            f"cue lexicon for '{language}' is missing or broken: {error}"
        ) from error
    words = data["words"]
    references = _words_pattern(words["references"])
    source = rf"{NAME_PATTERN}|(?:{references})"
    tables = {**data["levels"], **data["frames"]}
    patterns = tuple(
        (kind, _compile(kind, tables[kind], source)) for kind in CueKind if kind in tables
    )
    return Lexicon(
        language=language,
        patterns=patterns,
        clause_openers=frozenset(words["clause_openers"]),
        clause_connectors=tuple(sorted(words["clause_connectors"], key=len, reverse=True)),
        coordinators=frozenset(words["coordinators"]),
        determiners=frozenset(words["determiners"]),
        verb_endings=tuple(words["verb_endings"]),
        prepositions=frozenset(words["prepositions"]),
        verb_like_endings=tuple(words["verb_like_endings"]),
        not_gerunds=frozenset(words["not_gerunds"]),
        stopwords=frozenset(words["stopwords"]),
        anaphoric_openers=frozenset(words["anaphoric_openers"]),
        organisation_anaphor=re.compile(
            rf"\b(?:{_words_pattern(words['organisation_nouns'])})\b", re.IGNORECASE
        ),
        singular_demonstrative=re.compile(
            rf"(?<!\w)(?:{_words_pattern(words['singular_demonstratives'])})\s*\w",
            re.IGNORECASE,
        ),
        anonymous_sources=tuple(words["anonymous_sources"]),
        denial_words=tuple(words["denial_words"]),
        personal_pronouns=frozenset(words["personal_pronouns"]),
        references=re.compile(rf"^(?:{references})$", re.IGNORECASE),
        not_names=frozenset(words["not_names"]),
        roles=tuple(sorted(words["roles"], key=len, reverse=True)),
        aliases=dict(data["aliases"]),
        addressed=re.compile(
            rf"(?<!\w)(?:{'|'.join(data['addressed']['patterns'])})", re.IGNORECASE
        ),
    )
