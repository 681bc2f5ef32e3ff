"""Content words for search: a text's words without stop words, stemmed.

The same function reduces questions and passages, so BM25 and the answer's word overlap
compare like with like. Each language pack's [search] names its Snowball stemmer and stop
words; a language without a pack is searched as English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

from claimscope.lexicons import pack_or_english
from claimscope.text import SUPPORTED_LANGUAGES

_WORD = re.compile(r"\w+", re.UNICODE)
# A word of letters only: figures are read apart.
_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=8)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(pack_or_english(language).search.stemmer)


@lru_cache(maxsize=8)
def _stopwords(language: str) -> frozenset[str]:
    return frozenset(pack_or_english(language).search.stopwords)


def is_stopword(word: str, language: str) -> bool:
    return word.casefold() in _stopwords(language)


def tokens(text: str, language: str) -> list[str]:
    """Stemmed content words: the same function for questions and passages."""
    stop = _stopwords(language)
    words = [w for w in _WORD.findall(text.casefold()) if w not in stop]
    return list(_stemmer(language).stemWords(words))


def _function_word_anywhere(word: str) -> bool:
    """Whether `word` (casefolded) is a stop word of any supported language."""
    return any(word in _stopwords(language) for language in SUPPORTED_LANGUAGES)


def content_words(text: str) -> list[str]:
    """The words of `text` (casefolded, letters only, each once) that are not function words
    in any supported language: a question may ask about articles in another language."""
    words = _LETTERS.findall(text.casefold())
    return list(dict.fromkeys(w for w in words if not _function_word_anywhere(w)))


def tokens_in_all_languages(text: str) -> list[str]:
    """The content words of `text` stemmed by every supported language's stemmer, stop words
    of any of them left out: a question may ask about an article in another language."""
    words = [w for w in _WORD.findall(text.casefold()) if not _function_word_anywhere(w)]
    stems = [
        stem for language in SUPPORTED_LANGUAGES for stem in _stemmer(language).stemWords(words)
    ]
    return list(dict.fromkeys(stems))


def stems_in_all_languages(words: Iterable[str]) -> set[str]:
    """Every stem the stemmer of any supported language gives the words: a name keeps its
    stem across an Italian and an English spelling ("Dublino", "Dublin")."""
    folded = [word.casefold() for word in words]
    return {
        stem for language in SUPPORTED_LANGUAGES for stem in _stemmer(language).stemWords(folded)
    }
