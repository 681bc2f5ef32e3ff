"""The names a question holds: what it capitalises inside a sentence."""

from __future__ import annotations

import re

WORD = re.compile(r"\w+", re.UNICODE)
# What may stand between two words of one sentence ("di Heliox", "dell'Heliox", "Rossi, Neri").
_JOINERS = ",'’"


def _inside_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` follows another word of its sentence. After any other
    mark (a full stop, a quote, a dash, "QUESTION>>>") a capital proves nothing."""
    before = text[:start].rstrip()
    return bool(before) and (before[-1].isalnum() or before[-1] in _JOINERS)


def named_words(question: str) -> list[str]:
    """Words the question capitalises inside a sentence: names. An all-capitals word is left
    out: acronyms such as CEO or GB are often generic words an article spells out."""
    return [
        match.group()
        for match in WORD.finditer(question)
        if match.group()[:1].isupper()
        and not match.group().isupper()
        and _inside_sentence(question, match.start())
    ]


def without_words(question: str, words: set[str]) -> str:
    """`question` with every occurrence of `words` taken out, spaces closed up."""
    kept = WORD.sub(lambda match: "" if match.group() in words else match.group(), question)
    return re.sub(r"\s+", " ", kept).strip()
