"""Find the chunks and claims that bear on a question: lexical (BM25), dense (the store's
embeddings) or both fused by reciprocal rank.

Chunks and claims compete in one ranking: a claim is a tight, levelled quote, a chunk
catches what the extractor left out. eval/README.md records which mode measured best.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property, lru_cache

import bm25s
import numpy as np
import Stemmer
from bm25s import stopwords

from claimscope.models import Chunk, Claim, RetrievedItem
from claimscope.settings import RetrievalMode, RetrievalSources, Settings
from claimscope.store import Store

# Reciprocal rank fusion's damping constant, as in Cormack et al. (2009).
RRF_K = 60

_STEMMERS = {"it": "italian", "en": "english"}
_STOPWORDS = {"it": frozenset(stopwords.STOPWORDS_ITALIAN), "en": frozenset(stopwords.STOPWORDS_EN)}
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=4)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMERS.get(language, "english"))


def is_stopword(word: str, language: str) -> bool:
    return word.casefold() in _STOPWORDS.get(language, _STOPWORDS["en"])


def tokens(text: str, language: str) -> list[str]:
    """Stemmed content words: the same function for questions and passages."""
    stop = _STOPWORDS.get(language, _STOPWORDS["en"])
    words = [w for w in _WORD.findall(text.casefold()) if w not in stop]
    return list(_stemmer(language).stemWords(words))


def chunk_item(chunk: Chunk) -> RetrievedItem:
    return RetrievedItem(
        kind="chunk",
        id=chunk.id,
        document_id=chunk.document_id,
        title=chunk.title,
        text=chunk.text,
        quote=chunk.text,
        start=chunk.start,
        end=chunk.end,
        score=0.0,
    )


def claim_item(claim: Claim, title: str) -> RetrievedItem:
    return RetrievedItem(
        kind="claim",
        id=f"{claim.document_id}:{claim.id}",
        document_id=claim.document_id,
        title=title,
        text=claim.text,
        quote=claim.quote,
        start=claim.start,
        end=claim.end,
        score=0.0,
        claim=claim,
    )


class Retriever:
    """Ranks the chunks and claims of some stored documents (all of them by default).

    The candidates and the BM25 index are built once per retriever, so a chat session
    pays for them once.
    """

    def __init__(
        self,
        store: Store,
        settings: Settings,
        document_ids: list[str] | None = None,
        mode: RetrievalMode | None = None,
        sources: RetrievalSources | None = None,
    ) -> None:
        self._store = store
        self._document_ids = document_ids
        self.mode = mode or settings.retrieval
        self.sources = sources or settings.retrieval_sources

    @cached_property
    def _languages(self) -> dict[str, str]:
        return {info.id: info.language for info in self._store.list_documents()}

    @cached_property
    def scope(self) -> list[str]:
        """The ids of the documents searched."""
        return self._document_ids or sorted(self._languages)

    @cached_property
    def candidates(self) -> list[RetrievedItem]:
        items: list[RetrievedItem] = []
        for document_id in self.scope:
            chunks = self._store.document_chunks(document_id)
            if self.sources is not RetrievalSources.CLAIMS:
                items.extend(chunk_item(chunk) for chunk in chunks)
            if self.sources is not RetrievalSources.CHUNKS:
                title = chunks[0].title if chunks else ""
                items.extend(claim_item(c, title) for c in self._store.get_claims(document_id))
        return items

    @cached_property
    def _index(self) -> bm25s.BM25:
        index = bm25s.BM25()
        corpus = [
            tokens(
                f"{item.title} {item.text} {item.quote if item.claim else ''}", self._language(item)
            )
            for item in self.candidates
        ]
        index.index(corpus, show_progress=False)
        return index

    def _language(self, item: RetrievedItem) -> str:
        return self._languages.get(item.document_id, "en")

    def retrieve(self, question: str, language: str, limit: int) -> list[RetrievedItem]:
        """The `limit` best items for `question`, best first, each with its scores."""
        if not self.candidates:
            return []
        lexical = self._lexical_scores(question, language)
        dense = self._dense_scores(question)
        scored = [
            item.model_copy(update={"lexical": float(lex), "dense": dense.get(item.id)})
            for item, lex in zip(self.candidates, lexical, strict=True)
        ]
        fused = self._fuse(scored)
        ranked = sorted(fused, key=lambda item: item.score, reverse=True)
        return ranked[:limit]

    def _lexical_scores(self, question: str, language: str) -> np.ndarray:
        if self.mode is RetrievalMode.DENSE:
            return np.zeros(len(self.candidates))
        query = tokens(question, language)
        if not query:
            return np.zeros(len(self.candidates))
        return np.asarray(self._index.get_scores(query))

    def _dense_scores(self, question: str) -> dict[str, float]:
        if self.mode is RetrievalMode.LEXICAL:
            return {}
        wanted = {item.id for item in self.candidates}
        scores: dict[str, float] = {}
        if self.sources is not RetrievalSources.CLAIMS:
            hits = self._store.search(question, limit=len(wanted), document_ids=self.scope)
            scores.update((hit.chunk.id, hit.score) for hit in hits)
        if self.sources is not RetrievalSources.CHUNKS:
            found = self._store.search_claims(question, limit=len(wanted), document_ids=self.scope)
            scores.update((f"{claim.document_id}:{claim.id}", score) for claim, score in found)
        return {item_id: score for item_id, score in scores.items() if item_id in wanted}

    def _fuse(self, items: list[RetrievedItem]) -> list[RetrievedItem]:
        if self.mode is RetrievalMode.LEXICAL:
            return [item.model_copy(update={"score": item.lexical or 0.0}) for item in items]
        if self.mode is RetrievalMode.DENSE:
            return [item.model_copy(update={"score": item.dense or 0.0}) for item in items]
        lexical_rank = _ranks(item.lexical or 0.0 for item in items)
        dense_rank = _ranks(item.dense if item.dense is not None else -1.0 for item in items)
        return [
            item.model_copy(
                update={"score": 1 / (RRF_K + lexical_rank[i]) + 1 / (RRF_K + dense_rank[i])}
            )
            for i, item in enumerate(items)
        ]


def _ranks(scores: Iterable[float]) -> list[int]:
    """1 for the highest score; tied items share the best rank of their group."""
    values = list(scores)
    descending = sorted(values, reverse=True)
    first_position: dict[float, int] = {}
    for position, value in enumerate(descending, start=1):
        first_position.setdefault(value, position)
    return [first_position[value] for value in values]
