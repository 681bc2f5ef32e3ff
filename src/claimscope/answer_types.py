"""What kind of answer a question asks for (a time, who reported it, a denial) and whether a
sentence holds that kind: among sentences about the same deal, the one that says *when* or
*who reported it* answers "Quando…?" or "Chi lo ha riportato?"; the others only share its words.
The words are data (answer_types.toml); reporting and denial cues come from the rules
engine's cue lexicon."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from claimscope.extract.cues import CueKind, load_lexicon
from claimscope.text import SUPPORTED_LANGUAGES

TIME, SOURCE, DENIAL = "time", "source", "denial"
_CUE_KINDS = {
    SOURCE: {CueKind.ATTRIBUTION, CueKind.ORIGIN, CueKind.REPORTATIVE, CueKind.RELAY},
    DENIAL: {CueKind.UNCONFIRMED},
}


@cache
def _data() -> dict[str, dict[str, dict[str, list[str]]]]:
    raw = resources.files("claimscope").joinpath("answer_types.toml").read_text(encoding="utf-8")
    data: dict[str, dict[str, dict[str, list[str]]]] = tomllib.loads(raw)
    return data


@cache
def _question_pattern(kind: str) -> re.Pattern[str]:
    phrases = [p for words in _data()["questions"][kind].values() for p in words]
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + ")")


@cache
def _time_pattern(language: str) -> re.Pattern[str]:
    return re.compile("|".join(_data()["sentences"][TIME][language]), re.IGNORECASE)


def question_kinds(question: str) -> frozenset[str]:
    """The kinds of answer `question` asks for (in any supported language)."""
    folded = question.casefold()
    return frozenset(k for k in _data()["questions"] if _question_pattern(k).search(folded))


def sentence_kinds(sentence: str, language: str) -> frozenset[str]:
    """The kinds of answer `sentence` can give."""
    language = language if language in SUPPORTED_LANGUAGES else "en"
    kinds = {TIME} if _time_pattern(language).search(sentence) else set()
    found = {cue.kind for cue in load_lexicon(language).find(sentence)}
    kinds |= {kind for kind, cues in _CUE_KINDS.items() if found & cues}
    return frozenset(kinds)
