"""Rank the sentences of many articles about one story against a question.

Several signals, each standardised over the candidates of one language (so that none dominates
by its scale, and e5's preference for the question's own language does not bury an English
article under an Italian question) and summed with weights: the question's e5 similarity to
the sentence alone and to its window, the same for the question without the names most
articles share (the story's), BM25 over the sentence, and e5 similarity to the chunk
around it. The ranking then spreads across
articles: each item already taken from an article lowers that article's next ones, so that
several outlets' versions of a fact come back, and windows that overlap one already taken
are skipped. The weights were chosen by measurement on eval/qa-story-dev and
eval/qa-story-corpus (eval/README.md, "Same-story questions").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import bm25s
import numpy as np

from claimscope.models import Document, RetrievedItem
from claimscope.qa.answer_types import sentence_kinds
from claimscope.qa.names import WORD, named_words
from claimscope.qa.passages import Passage, PassageIndex, document_passages

TokenizeFn = Callable[[str, str], list[str]]
"""Stemmed content words of a text in a language."""


# Only the best passages before the answer-kind bonus may get it.
KIND_POOL = 100
# A name held by at least this share of the documents in scope names the story, not a part
# of it (0.3 to 0.7 measured alike on the development sets).
STORY_SHARE = 0.5


@dataclass(frozen=True)
class RankingWeights:
    sentence_dense: float = 1.0
    window_dense: float = 1.0
    sentence_lexical: float = 0.25
    # The question's similarity to the 800-character chunk around the sentence: which
    # article, and which part of it, the question is about.
    chunk_dense: float = 0.5
    # Added when the sentence holds the kind of answer the question asks for (a time, who
    # reported it, a denial: claimscope.qa.answer_types).
    answer_kind: float = 1.0
    # The question without the names most articles in scope share, matched to the sentence
    # and to its window: in one story every passage names the same companies, so the rest of
    # the question is what tells them apart (eval/README.md, "Same-story questions").
    focus_dense: float = 1.0
    # How far each signal is standardised within each language rather than over all passages.
    language_balance: float = 0.75
    # Subtracted (in standard deviations) for each item already taken from the same article.
    article_penalty: float = 0.3
    # How many of the best candidates the spreading step considers.
    pool: int = 60


def standardised(values: np.ndarray) -> np.ndarray:
    """Mean 0 and standard deviation 1 (all zeros when the values do not vary)."""
    spread = float(values.std())
    if spread == 0.0:
        return np.zeros_like(values, dtype=np.float64)
    return np.asarray((values - values.mean()) / spread, dtype=np.float64)


class PassageRanker:
    """The passages of some documents, indexed once, ranked for each question."""

    def __init__(
        self,
        documents: list[Document],
        index: PassageIndex,
        tokenize: TokenizeFn,
        weights: RankingWeights | None = None,
    ) -> None:
        self._documents = documents
        self._index = index
        self._tokenize = tokenize
        self.weights = weights or RankingWeights()
        self._kinds: dict[int, frozenset[str]] = {}

    @cached_property
    def passages(self) -> list[Passage]:
        return [p for d in self._documents for p in document_passages(d)]

    @cached_property
    def _titles(self) -> dict[str, str]:
        return {d.id: d.title for d in self._documents}

    @cached_property
    def _languages(self) -> dict[str, str]:
        return {d.id: d.language for d in self._documents}

    @cached_property
    def _vectors(self) -> tuple[np.ndarray, np.ndarray]:
        sentences, windows = [], []
        for document in self._documents:
            own = [p for p in self.passages if p.document_id == document.id]
            vectors = self._index.vectors(document, own)
            sentences.append(vectors.sentences)
            windows.append(vectors.windows)
        if not sentences:
            return np.zeros((0, 0)), np.zeros((0, 0))
        return np.vstack(sentences), np.vstack(windows)

    @cached_property
    def _document_words(self) -> list[frozenset[str]]:
        return [frozenset(WORD.findall(d.text.casefold())) for d in self._documents]

    def story_names(self, question: str) -> set[str]:
        """The names of `question` that at least STORY_SHARE of the documents hold."""
        held = self._document_words
        return {
            name
            for name in named_words(question)
            if sum(name.casefold() in words for words in held) >= STORY_SHARE * len(held)
        }

    def _answer_kinds(self, position: int) -> frozenset[str]:
        """The kinds of answer a passage's sentence can give, read once when first needed
        (the cue lexicon is too slow to run over every sentence of a large store at once)."""
        if position not in self._kinds:
            passage = self.passages[position]
            language = self._languages[passage.document_id]
            self._kinds[position] = sentence_kinds(passage.sentence.text, language)
        return self._kinds[position]

    @cached_property
    def _sentence_index(self) -> bm25s.BM25:
        return self._bm25([p.sentence.text for p in self.passages])

    def _bm25(self, texts: list[str]) -> bm25s.BM25:
        index = bm25s.BM25()
        corpus = [
            self._tokenize(text, self._languages[p.document_id])
            for text, p in zip(texts, self.passages, strict=True)
        ]
        index.index(corpus, show_progress=False)
        return index

    @cached_property
    def _language_groups(self) -> list[np.ndarray]:
        """The positions of the passages of each language: e5 ranks a question's own language
        above the others, so each signal is standardised within a language."""
        languages = np.asarray([self._languages[p.document_id] for p in self.passages])
        return [np.flatnonzero(languages == language) for language in np.unique(languages)]

    def _standardised(self, values: np.ndarray) -> np.ndarray:
        """`values` standardised within each language, blended with their standardisation
        over all passages by `language_balance` (1: each language on its own)."""
        within = np.zeros(len(values), dtype=np.float64)
        for group in self._language_groups:
            within[group] = standardised(values[group])
        balance = self.weights.language_balance
        return balance * within + (1 - balance) * standardised(values)

    def scores(
        self,
        question_vector: list[float],
        question_tokens: list[str],
        chunk_scores: np.ndarray,
        asked: frozenset[str] = frozenset(),
        focus_vector: list[float] | None = None,
    ) -> np.ndarray:
        """The fused score of every passage (same order as `passages`); `chunk_scores` holds
        the similarity of the question to the chunk around each passage, `asked` the kinds of
        answer the question asks for, `focus_vector` the embedding of the question without
        its story names (None when it names none)."""
        weights = self.weights
        query = np.asarray(question_vector, dtype=np.float32)
        sentences, windows = self._vectors
        total = weights.sentence_dense * self._standardised(sentences @ query)
        total += weights.window_dense * self._standardised(windows @ query)
        if focus_vector is not None:
            focus = np.asarray(focus_vector, dtype=np.float32)
            total += weights.focus_dense * self._standardised(sentences @ focus)
            total += weights.focus_dense * self._standardised(windows @ focus)
        total += weights.chunk_dense * self._standardised(chunk_scores)
        if asked:
            for position in np.argsort(-total)[:KIND_POOL]:
                if asked & self._answer_kinds(int(position)):
                    total[position] += weights.answer_kind
        if question_tokens:
            total += weights.sentence_lexical * self._standardised(
                np.asarray(self._sentence_index.get_scores(question_tokens))
            )
        return total

    def rank(
        self,
        question_vector: list[float],
        question_tokens: list[str],
        chunk_scores: np.ndarray,
        limit: int,
        asked: frozenset[str] = frozenset(),
        focus_vector: list[float] | None = None,
    ) -> list[RetrievedItem]:
        """The `limit` best passages, spread across articles, best first."""
        if not self.passages:
            return []
        scores = self.scores(question_vector, question_tokens, chunk_scores, asked, focus_vector)
        # What a passage reports as its similarity (the relevance `ask` thresholds): its
        # closest view, the sentence, its window or the chunk around it; the relevance threshold was
        # measured on chunks, and a lone sentence often scores under it (eval/README.md).
        query = np.asarray(question_vector, dtype=np.float32)
        sentences, windows = self._vectors
        dense = np.maximum(np.maximum(sentences @ query, windows @ query), chunk_scores)
        pool = list(np.argsort(-scores)[: self.weights.pool])
        taken: list[int] = []
        per_article: dict[str, int] = {}
        while pool and len(taken) < limit:
            best = max(
                pool,
                key=lambda i: (
                    scores[i]
                    - self.weights.article_penalty
                    * per_article.get(self.passages[i].document_id, 0)
                ),
            )
            pool.remove(best)
            passage = self.passages[best]
            if any(_overlap(passage, self.passages[t]) for t in taken):
                continue
            taken.append(best)
            per_article[passage.document_id] = per_article.get(passage.document_id, 0) + 1
        return [self._item(self.passages[i], float(scores[i]), float(dense[i])) for i in taken]

    def _item(self, passage: Passage, score: float, dense: float) -> RetrievedItem:
        return RetrievedItem(
            kind="passage",
            id=f"{passage.document_id}:s{passage.index}",
            document_id=passage.document_id,
            title=self._titles[passage.document_id],
            text=passage.sentence.text,
            quote=passage.window.text,
            start=passage.window.start,
            end=passage.window.end,
            score=score,
            dense=dense,
        )


def _overlap(a: Passage, b: Passage) -> bool:
    return (
        a.document_id == b.document_id
        and a.sentence.start < b.window.end
        and b.sentence.start < a.window.end
    )
