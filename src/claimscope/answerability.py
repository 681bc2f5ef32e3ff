"""Whether the stored articles can hold the answer to a question at all.

Closeness is not enough: a question about a company the articles cover scores as high as the
questions they answer. But a question that names someone or something, or quotes a figure,
that appears in none of the stored articles cannot be answered from them, however close the
rest of it is (eval/README.md, "Not in the articles").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from claimscope.retrieval import stems_in_all_languages

_WORD = re.compile(r"\w+", re.UNICODE)
# Digits with thousands or decimal separators: "6.000", "1,099", "13,3".
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
# What may stand between two words of one sentence ("di Heliox", "dell'Heliox", "Rossi, Neri").
_JOINERS = ",'’"


def _figure_key(figure: str) -> str:
    """The same figure however it is written: "6.000", "6,000" and "6000" all give "6000"."""
    return re.sub(r"[.,]", "", figure)


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
        for match in _WORD.finditer(question)
        if match.group()[:1].isupper()
        and not match.group().isupper()
        and _inside_sentence(question, match.start())
    ]


def figures(text: str) -> list[str]:
    return _FIGURE.findall(text)


class Vocabulary:
    """The words and figures of some articles, to tell which of a question's are in none."""

    def __init__(self, texts: Iterable[str]) -> None:
        words: set[str] = set()
        keys: set[str] = set()
        for text in texts:
            words.update(stems_in_all_languages(_WORD.findall(text)))
            keys.update(_figure_key(f) for f in figures(text))
        self._stems = words
        self._figures = keys

    def unknown_terms(self, question: str) -> list[str]:
        """The names and figures of `question` that no article holds (in the question's
        spelling), in question order. A name counts as held when any stemmer of a supported
        language maps it to a stem the articles have ("Dublin" and "Dublino")."""
        unknown_names = [
            word
            for word in named_words(question)
            if not self._stems.intersection(stems_in_all_languages([word]))
        ]
        unknown_figures = [f for f in figures(question) if _figure_key(f) not in self._figures]
        return list(dict.fromkeys(unknown_names + unknown_figures))
