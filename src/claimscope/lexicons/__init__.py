"""Language packs: the words claimscope knows of a language, one TOML file per language.

The languages claimscope reads are the files present here (it.toml, en.toml): adding a
language is adding one file, plus its tests. Each file is validated on loading, so a
misspelled cue kind or word list, or a missing one, is an error naming the file and the key.
`claimscope.extract.cues` compiles a pack into the rules engine's `Lexicon`; question
answering (`claimscope.qa`) reads the answer phrases, question kinds, figure units and the
search's stemmer and stop words.
"""

from __future__ import annotations

import re
import tomllib
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import Stemmer
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from claimscope.errors import ExtractionError
from claimscope.models import HedgingLevel

PACKS: Traversable = resources.files(__name__)
"""The folder of the packaged language packs."""
PACK_SUFFIX = ".toml"


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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Strict):
    """The word lists of a pack's [words] table; the TOML files say what each is for."""

    denial_words: list[str]
    report_nouns: list[str]
    # A denial verb under a negation ("non smentisce", "has not denied"): neither a denial
    # nor a non-confirmation (guide v2.1, Clarifications). Regular expressions.
    negated_denials: list[str] = []
    singular_demonstratives: list[str]
    clause_openers: list[str]
    verb_endings: list[str]
    prepositions: list[str]
    verb_like_endings: list[str]
    coordinators: list[str]
    determiners: list[str]
    not_gerunds: list[str]
    clause_connectors: list[str]
    anonymous_sources: list[str]
    personal_pronouns: list[str]
    references: list[str]
    organisation_nouns: list[str]
    anaphoric_openers: list[str]
    not_names: list[str]
    roles: list[str]
    stopwords: list[str]
    gerund_endings: list[str]
    participle_endings: list[str]
    relative_pronouns: list[str]
    subject_relatives: list[str]
    complementizers: list[str]
    infinitive_markers: list[str]
    apposition_articles: list[str]
    reported_relatives: list[str]
    anonymous_words: list[str]
    adverb_endings: list[str]
    definite_articles: list[str]
    name_joiners: list[str]
    name_conjunctions: list[str]
    titles: list[str]
    abbreviations: list[str]


class Addressed(_Strict):
    """Sentences addressed to a reader or a machine (claimscope.extract.addressed)."""

    patterns: list[str]


# The {placeholders} code fills in, by phrase; a phrase need not use them all.
_FILLED_IN = {
    "disagreement": {"figures"},
    "contradiction_denied": {"denier", "reporters"},
    "contradiction_not_confirmed": {"denier", "reporters"},
    "overview_counts": {"articles", "claims", "counts"},
    "overview_shared": {"articles", "text"},
    "overview_shift": {"articles", "levels", "text"},
    "hedges.attributed": {"source"},
}


class Phrases(_Strict):
    """The fixed phrases of answers and summaries (claimscope.qa, claimscope.summary). A hedge
    phrase tells a reader how firmly the article stands behind a quote, so an extractive
    answer or a templated overview never states a rumour as a fact."""

    not_found: str
    extractive_intro: str
    article_says: str
    source_label: str
    unassessed: str
    no_claim_here: str
    hedges: dict[HedgingLevel, str]
    """The phrase before a statement of each level but asserted; {source} in attributed's."""
    attributed_to_unnamed: str
    level_names: dict[HedgingLevel, str]
    anonymous_source: str
    disagreement: str
    contradiction_denied: str
    """One cited article denies what others report: {denier} and {reporters} are citation
    marks (claimscope.qa.contradictions)."""
    contradiction_not_confirmed: str
    """One cited article says what others report is not confirmed."""
    overview_counts: str
    overview_shared: str
    overview_shift: str

    @model_validator(mode="after")
    def _every_level_worded_and_every_placeholder_filled(self) -> Phrases:
        unhedged = [level for level in HedgingLevel if level is not HedgingLevel.ASSERTED]
        missing = [level.value for level in unhedged if level not in self.hedges]
        missing += [level.value for level in HedgingLevel if level not in self.level_names]
        if missing:
            raise ValueError(f"levels without a phrase: {', '.join(missing)}")
        phrases = {name: text for name, text in self if isinstance(text, str)}
        phrases |= {f"hedges.{level.value}": text for level, text in self.hedges.items()}
        for name, text in phrases.items():
            unknown = set(_PLACEHOLDER.findall(text)) - _FILLED_IN.get(name, set())
            if unknown:
                raise ValueError(f"{name}: no {{{sorted(unknown)[0]}}} is filled in")
        return self

    def hedge(self, level: HedgingLevel | None, source: str | None) -> str:
        """The phrase to put before a statement of `level` ("" for asserted or unknown)."""
        if level is None:
            return ""
        if level is HedgingLevel.ATTRIBUTED:
            return self.hedges[level].format(source=source or self.attributed_to_unnamed)
        return self.hedges.get(level, "")

    def source_name(self, source: str | None) -> str | None:
        """The source as a reader says it: the rules engine's "anonymous" in words."""
        if source is not None and source.casefold() == "anonymous":
            return self.anonymous_source
        return source


class AnswerKind(StrEnum):
    """What a question may ask for besides a fact (claimscope.qa.answer_types)."""

    TIME = "time"
    SOURCE = "source"
    DENIAL = "denial"


class AnswerKinds(_Strict):
    """How a question asks for a kind of answer (phrases matched as whole words at their
    start in the casefolded question), and how a sentence shows it holds one (regular
    expressions, case-insensitive); reporting and denial cues count as well."""

    questions: dict[AnswerKind, list[str]] = {}
    sentences: dict[AnswerKind, list[str]] = {}


class Search(_Strict):
    """How retrieval reduces a text of the language to content words for BM25."""

    stemmer: str
    """The Snowball stemmer's name in PyStemmer ("italian")."""
    stopwords: list[str]
    calendar_words: list[str] = []
    """Months and weekdays: capitalised in some languages, never a name; a number beside one
    is a date's day, which articles also write as a word ("primo gennaio")."""
    institution_nouns: list[str] = []
    """Common nouns the language capitalises when they name an institution ("Tribunale",
    "Procura"): an article may name the same institution by its acronym ("Tar")."""

    @field_validator("stemmer")
    @classmethod
    def _known_stemmer(cls, name: str) -> str:
        if name not in Stemmer.algorithms():
            raise ValueError(f"no Snowball stemmer is called {name!r}")
        return name


# {source} and {name} are filled in by the cue compiler; any other {word} names an alternation.
SOURCE_PLACEHOLDERS = frozenset({"source", "name"})
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class LanguagePack(_Strict):
    """One language's file: cue patterns by kind, named alternations, word lists, aliases."""

    language: str
    name: str
    """The language's English name, as the LLM prompts name it ("Italian")."""
    levels: dict[CueKind, list[str]]
    frames: dict[CueKind, list[str]]
    alternations: dict[str, list[str]] = {}
    """Long alternations (reporting verbs) kept as lists; `{name}` in a pattern is
    replaced by the list joined with "|"."""
    words: Words
    aliases: dict[str, str]
    addressed: Addressed
    phrases: Phrases
    answer_kinds: AnswerKinds = AnswerKinds()
    figure_units: dict[str, str] = {}
    """Units a figure is given in, each folded to one name ("per cento" = "percent")."""
    search: Search

    @model_validator(mode="after")
    def _every_kind_once_and_every_placeholder_known(self) -> LanguagePack:
        listed = [*self.levels, *self.frames]
        missing = [kind.value for kind in CueKind if kind not in listed]
        if missing:
            raise ValueError(f"cue kinds missing from [levels] and [frames]: {', '.join(missing)}")
        twice = sorted({kind.value for kind in listed if listed.count(kind) > 1})
        if twice:
            raise ValueError(f"cue kinds in both [levels] and [frames]: {', '.join(twice)}")
        known = SOURCE_PLACEHOLDERS | set(self.alternations)
        for kind, patterns in self.tables().items():
            for pattern in patterns:
                unknown = set(_PLACEHOLDER.findall(pattern)) - known
                if unknown:
                    raise ValueError(
                        f"{kind.value}: unknown placeholder {{{sorted(unknown)[0]}}} in {pattern!r}"
                    )
        return self

    def tables(self) -> dict[CueKind, list[str]]:
        return {**self.levels, **self.frames}

    def patterns(self, kind: CueKind) -> list[str]:
        """The patterns of `kind` with every named alternation joined in."""
        return [_PLACEHOLDER.sub(self._alternation, pattern) for pattern in self.tables()[kind]]

    def _alternation(self, placeholder: re.Match[str]) -> str:
        name = placeholder.group(1)
        return (
            placeholder.group()
            if name in SOURCE_PLACEHOLDERS
            else "|".join(self.alternations[name])
        )


def supported_languages(folder: Path | None = None) -> tuple[str, ...]:
    """The languages that have a pack in `folder` (the packaged ones by default), sorted."""
    entries = (folder or PACKS).iterdir()
    return tuple(
        sorted(e.name.removesuffix(PACK_SUFFIX) for e in entries if e.name.endswith(PACK_SUFFIX))
    )


@lru_cache(maxsize=8)
def load_pack(language: str, folder: Path | None = None) -> LanguagePack:
    """The validated pack of `language` from `folder` (the packaged ones by default); a
    one-line ExtractionError naming the file and every bad key when it is missing or
    malformed."""
    path = (folder or PACKS).joinpath(f"{language}{PACK_SUFFIX}")
    try:
        pack = LanguagePack.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (FileNotFoundError, tomllib.TOMLDecodeError) as error:
        raise ExtractionError(f"language pack {path} is missing or broken: {error}") from error
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, problem['loc'])) or 'file'}: {problem['msg']}"
            for problem in error.errors()
        )
        raise ExtractionError(f"language pack {path} is invalid: {problems}") from error
    if pack.language != language:
        raise ExtractionError(f"language pack {path} says language = {pack.language!r}")
    return pack


def all_packs() -> list[LanguagePack]:
    """Every packaged language's pack."""
    return [load_pack(language) for language in supported_languages()]


def every_language(list_name: str) -> list[str]:
    """A word list of every pack, in pack order: for words that travel across languages
    (names, abbreviations, titles), which an article in one language quotes from another."""
    return [word for pack in all_packs() for word in getattr(pack.words, list_name)]


@lru_cache(maxsize=16)
def pack_or_english(language: str) -> LanguagePack:
    """The pack of `language`, or English's for a language claimscope has no pack for."""
    return load_pack(language if language in supported_languages() else "en")


def phrases(language: str) -> Phrases:
    """The answer phrases of `language`, English's for a language claimscope has no pack for."""
    return pack_or_english(language).phrases
