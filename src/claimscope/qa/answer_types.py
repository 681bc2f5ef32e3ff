"""What kind of answer a question asks for (a time, who reported it, a denial) and whether a
sentence holds that kind: among sentences about the same deal, the one that says *when* or
*who reported it* answers "Quando…?" or "Chi lo ha riportato?"; the others only share its words.
The words are data (each language pack's [answer_kinds]); reporting and denial cues come from
the rules engine's cue lexicon."""

from __future__ import annotations

import re
from functools import cache

from claimscope.extract.cues import CueKind, load_lexicon
from claimscope.lexicons import AnswerKind, all_packs, pack_or_english

TIME, SOURCE, DENIAL = AnswerKind.TIME, AnswerKind.SOURCE, AnswerKind.DENIAL
_CUE_KINDS = {
    SOURCE: {CueKind.ATTRIBUTION, CueKind.ORIGIN, CueKind.REPORTATIVE, CueKind.RELAY},
    DENIAL: {CueKind.UNCONFIRMED},
}


@cache
def _question_patterns() -> dict[AnswerKind, re.Pattern[str]]:
    """For each kind some pack words, its question phrases of every language as one pattern."""
    phrases: dict[AnswerKind, list[str]] = {}
    for pack in all_packs():
        for kind, words in pack.answer_kinds.questions.items():
            phrases.setdefault(kind, []).extend(words)
    return {
        kind: re.compile(r"\b(?:" + "|".join(re.escape(p) for p in words) + ")")
        for kind, words in phrases.items()
        if words
    }


@cache
def _sentence_patterns(language: str) -> dict[AnswerKind, re.Pattern[str]]:
    sentences = pack_or_english(language).answer_kinds.sentences
    return {
        kind: re.compile("|".join(patterns), re.IGNORECASE)
        for kind, patterns in sentences.items()
        if patterns
    }


def question_kinds(question: str) -> frozenset[str]:
    """The kinds of answer `question` asks for (in any supported language)."""
    folded = question.casefold()
    return frozenset(k for k, pattern in _question_patterns().items() if pattern.search(folded))


def sentence_kinds(sentence: str, language: str) -> frozenset[str]:
    """The kinds of answer `sentence` can give."""
    kinds = {k for k, pattern in _sentence_patterns(language).items() if pattern.search(sentence)}
    found = {cue.kind for cue in load_lexicon(pack_or_english(language).language).find(sentence)}
    kinds |= {kind for kind, cues in _CUE_KINDS.items() if found & cues}
    return frozenset(kinds)
