"""Whether the stored articles can hold the answer to a question at all: the gate before an
answer engine.

The retrieved evidence must be close enough to the question (its relevance, at least
CLAIMSCOPE_ANSWER_MIN_RELEVANCE). Closeness is not enough: a question about a company the
articles cover scores as high as the questions they answer. But a question that names someone or something, or quotes a figure,
that appears in none of the stored articles cannot be answered from them, however close the
rest of it is (eval/README.md, "Not in the articles").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property

from claimscope.lexicons import all_packs
from claimscope.models import RetrievedItem
from claimscope.qa.evidence import Evidence
from claimscope.qa.names import WORD, named_words
from claimscope.qa.retrieval import claim_key
from claimscope.qa.stemming import stems_in_all_languages

# Digits with thousands or decimal separators: "6.000", "1,099", "13,3".
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)
# Italian newspapers write an acronym as a word ("Bce", "Figc", "CdA"): up to this many
# letters, a name may stand for the initials of a phrase the articles spell out.
ACRONYM_MAX_LETTERS = 6
# A name and its other language's form share all but their last letter ("European" and
# "europea", "Italian" and "italiana") when the shared part is at least this long.
SHARED_FORM_MIN_LETTERS = 6


def _figure_key(figure: str) -> str:
    """The same figure however it is written: "6.000", "6,000" and "6000" all give "6000"."""
    return re.sub(r"[.,]", "", figure)


def figures(text: str) -> list[str]:
    return _FIGURE.findall(text)


def initials(words: Sequence[str]) -> set[str]:
    """The initials of every run of two to ACRONYM_MAX_LETTERS consecutive words, casefolded:
    "consiglio di amministrazione" gives "cd", "cda" and "da"."""
    firsts = [word[0].casefold() for word in words]
    return {
        "".join(firsts[start : start + length])
        for length in range(2, ACRONYM_MAX_LETTERS + 1)
        for start in range(len(firsts) - length + 1)
    }


class Vocabulary:
    """The words and figures of some articles, to tell which of a question's are in none."""

    def __init__(self, texts: Iterable[str]) -> None:
        words: set[str] = set()
        stems: set[str] = set()
        phrases: set[str] = set()
        keys: set[str] = set()
        for text in texts:
            found = _LETTERS.findall(text)
            words.update(word.casefold() for word in found)
            stems.update(stems_in_all_languages(WORD.findall(text)))
            phrases.update(initials(found))
            keys.update(_figure_key(f) for f in figures(text))
        self._words = sorted(words)
        self._stems = stems
        self._initials = phrases
        self._figures = keys

    def holds(self, word: str) -> bool:
        """Whether some article has `word`: under the stem of any supported language, in its
        other language's form, or spelt out when `word` is an acronym."""
        return (
            bool(self._stems.intersection(stems_in_all_languages([word])))
            or self._holds_other_form(word.casefold())
            or (len(word) <= ACRONYM_MAX_LETTERS and word.casefold() in self._initials)
        )

    def _holds_other_form(self, word: str) -> bool:
        """Whether an article word begins with all of `word` but its last letter."""
        shared = word[:-1]
        if len(shared) < SHARED_FORM_MIN_LETTERS:
            return False
        at = bisect_left(self._words, shared)
        return at < len(self._words) and self._words[at].startswith(shared)

    def unknown_terms(self, question: str) -> list[str]:
        """The names and figures of `question` that no article holds (in the question's
        spelling), in question order. A name counts as held when any stemmer of a supported
        language maps it to a stem the articles have ("Dublin" and "Dublino")."""
        unknown_names = [
            word
            for word in named_words(question)
            if word.casefold() not in _capitalised_common_words() and not self.holds(word)
        ]
        unknown_figures = [
            f for f in figures(_without_dates(question)) if _figure_key(f) not in self._figures
        ]
        return list(dict.fromkeys(unknown_names + unknown_figures))


@cache
def _capitalised_common_words() -> frozenset[str]:
    """Words some language capitalises that name no one: months, weekdays, institutions."""
    return frozenset(
        word
        for pack in all_packs()
        for word in pack.search.calendar_words + pack.search.institution_nouns
    )


@cache
def _date_pattern() -> re.Pattern[str]:
    """A day number beside a month or weekday, in any supported language."""
    calendar = "|".join(word for pack in all_packs() for word in pack.search.calendar_words)
    day = r"\d{1,2}(?:°|st|nd|rd|th)?"
    return re.compile(
        rf"\b(?:{day}\s+(?:of\s+)?(?:{calendar})|(?:{calendar})\s+{day})\b", re.IGNORECASE
    )


def _without_dates(question: str) -> str:
    """`question` without the dates it gives: articles write a date's day in many ways
    ("1 January", "primo gennaio", "1° gennaio")."""
    return _date_pattern().sub(" ", question)


@dataclass(frozen=True)
class Refusal:
    """Why the articles cannot answer a question, for the reader (possibly nothing to add)."""

    notices: list[str] = field(default_factory=list)


class Gate:
    """Decides whether the evidence retrieved for a question may answer it."""

    def __init__(self, evidence: Evidence, min_relevance: float) -> None:
        self._evidence = evidence
        self._min_relevance = min_relevance

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The words and figures of the articles in scope."""
        return Vocabulary(self._evidence.retriever.chunk_texts)

    def relevance(self, question: str, items: Sequence[RetrievedItem]) -> float:
        """How close the best evidence is: the best cosine similarity of the items and of the
        claims they hold (a short claim matches a question better than its whole chunk),
        or the best BM25 score when dense retrieval is off."""
        dense = [item.dense for item in items if item.dense is not None]
        if not dense:
            return max((item.lexical or 0.0 for item in items), default=0.0)
        scores = self._evidence.retriever.claim_scores(question)
        held = [
            scores.get(claim_key(c), -1.0)
            for item in items
            for c in self._evidence.claims_within(item)
        ]
        return max(dense + held)

    def refusal(
        self, question: str, items: Sequence[RetrievedItem], relevance: float
    ) -> Refusal | None:
        """Why the items cannot answer `question`, or None when they may."""
        if relevance < self._min_relevance or not items:
            return Refusal()
        unknown = self.vocabulary.unknown_terms(question)
        if unknown:
            return Refusal([f"in none of the articles searched: {', '.join(unknown)}"])
        return None
