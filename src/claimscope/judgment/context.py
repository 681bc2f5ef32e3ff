"""An article read once for the judgment stage: its sentences, their paragraphs, the lexicon's
cues in each, and each sentence's e5 embedding."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from claimscope.extract.cues import Cue, CueKind, Lexicon, load_lexicon
from claimscope.models import Document, Span
from claimscope.text import SUPPORTED_LANGUAGES, split_sentences

Embed = Callable[[Sequence[str]], np.ndarray]
"""Turns sentences into unit vectors (one row each)."""


@dataclass(frozen=True)
class Sentence:
    span: Span
    paragraph: int
    kinds: frozenset[CueKind]
    """The kinds of the lexicon cues found in the sentence."""


@dataclass
class ArticleContext:
    document: Document
    lexicon: Lexicon
    sentences: list[Sentence]
    embeddings: np.ndarray
    """One row per sentence (unit vectors)."""

    def sentence_index(self, offset: int) -> int:
        """The sentence holding `offset` (the last one starting at or before it)."""
        starts = [sentence.span.start for sentence in self.sentences]
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def cues_in(self, start: int, end: int) -> list[Cue]:
        return self.lexicon.find(self.document.text[start:end], start)


def _paragraph_starts(text: str) -> list[int]:
    """Offsets where a paragraph (a block after a blank line) begins."""
    starts = [0]
    position = text.find("\n\n")
    while position >= 0:
        starts.append(position + 2)
        position = text.find("\n\n", position + 2)
    return starts


def read_article(document: Document, embed: Embed) -> ArticleContext:
    language = document.language if document.language in SUPPORTED_LANGUAGES else "en"
    lexicon = load_lexicon(language)
    spans = split_sentences(document.text, language)
    paragraph_starts = _paragraph_starts(document.text)
    sentences = [
        Sentence(
            span=span,
            paragraph=bisect.bisect_right(paragraph_starts, span.start) - 1,
            kinds=frozenset(cue.kind for cue in lexicon.find(span.text, span.start)),
        )
        for span in spans
    ]
    embeddings = embed([s.span.text for s in sentences]) if sentences else np.zeros((0, 384))
    return ArticleContext(document, lexicon, sentences, embeddings)


@lru_cache(maxsize=1)
def e5_embed() -> Embed:
    """The e5 passage embedder of the embeddings module, loaded once per process."""
    from claimscope.embeddings import E5Embedder

    model = E5Embedder()
    return lambda texts: model.passages(list(texts))
