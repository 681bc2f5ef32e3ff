"""Find the chunks and claims that bear on a question: lexical (BM25), dense (the store's
embeddings) or both fused by reciprocal rank.

Chunks and claims compete in one ranking: a claim is a tight, levelled quote, a chunk
catches what the extractor left out. eval/README.md records which mode measured best.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

import bm25s
import numpy as np

from claimscope.models import Chunk, Claim, RetrievedItem
from claimscope.qa.answer_types import question_kinds
from claimscope.qa.names import without_words
from claimscope.qa.passage_ranking import PassageRanker, RankingWeights
from claimscope.qa.passages import PassageIndex
from claimscope.qa.stemming import tokens, tokens_in_all_languages
from claimscope.settings import RetrievalMode, RetrievalSources, Settings
from claimscope.store import Store

# Reciprocal rank fusion's damping constant, as in Cormack et al. (2009).
RRF_K = 60


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


def claim_key(claim: Claim) -> str:
    """A claim's id in the store and among retrieved items: unique across documents."""
    return f"{claim.document_id}:{claim.id}"


def claim_item(claim: Claim, title: str) -> RetrievedItem:
    return RetrievedItem(
        kind="claim",
        id=claim_key(claim),
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

    The candidates and the BM25 index are built once per retriever, and a question is
    embedded once however many times it is searched, so a chat session pays for each once.
    """

    def __init__(
        self,
        store: Store,
        settings: Settings,
        document_ids: list[str] | None = None,
        mode: RetrievalMode | None = None,
        sources: RetrievalSources | None = None,
        weights: RankingWeights | None = None,
    ) -> None:
        self._store = store
        self._settings = settings
        self._weights = weights
        self._document_ids = document_ids
        self.mode = mode or settings.retrieval
        self.sources = sources or settings.retrieval_sources
        self._vectors: dict[str, list[float]] = {}
        self._claim_scores: dict[str, dict[str, float]] = {}  # for the last question only

    @cached_property
    def _languages(self) -> dict[str, str]:
        return {info.id: info.language for info in self._store.list_documents()}

    @cached_property
    def scope(self) -> list[str]:
        """The ids of the documents searched."""
        return self._document_ids or sorted(self._languages)

    @cached_property
    def _chunks(self) -> list[RetrievedItem]:
        return [chunk_item(c) for d in self.scope for c in self._store.document_chunks(d)]

    @cached_property
    def chunk_texts(self) -> list[str]:
        """The text of every chunk in scope: what the articles say, word for word."""
        return [item.text for item in self._chunks]

    @cached_property
    def _claims(self) -> dict[str, list[Claim]]:
        return {d: self._store.get_claims(d) for d in self.scope}

    def claims_of(self, document_id: str) -> list[Claim]:
        """The stored claims of a document in scope, in reading order."""
        return self._claims.get(document_id) or self._store.get_claims(document_id)

    def language_of(self, document_id: str) -> str:
        return self._languages.get(document_id, "en")

    @cached_property
    def candidates(self) -> list[RetrievedItem]:
        titles = {item.document_id: item.title for item in self._chunks}
        claims = [
            claim_item(claim, titles.get(document_id, ""))
            for document_id, found in self._claims.items()
            for claim in found
        ]
        if self.sources is RetrievalSources.CHUNKS:
            return self._chunks
        if self.sources is RetrievalSources.CLAIMS:
            return claims
        return self._chunks + claims

    @cached_property
    def passage_ranker(self) -> PassageRanker:
        """The sentences of the documents in scope, with their neighbours."""
        documents = [self._store.get_document(d) for d in self.scope]
        return PassageRanker(documents, PassageIndex(self._settings), tokens, self._weights)

    @cached_property
    def _index(self) -> bm25s.BM25:
        index = bm25s.BM25()
        corpus = [
            tokens(
                f"{item.title} {item.text} {item.quote if item.claim else ''}",
                self.language_of(item.document_id),
            )
            for item in self.candidates
        ]
        index.index(corpus, show_progress=False)
        return index

    def retrieve(self, question: str, language: str, limit: int) -> list[RetrievedItem]:
        """The `limit` best items for `question`, best first, each with its scores."""
        if self.sources is RetrievalSources.PASSAGES:
            return self.passage_ranker.rank(
                self._vector(question),
                tokens_in_all_languages(question),
                self._passage_chunk_scores(question),
                limit,
                question_kinds(question),
                self._focus_vector(question),
            )
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

    def _passage_chunk_scores(self, question: str) -> np.ndarray:
        """For each passage, the best similarity of `question` to a chunk holding its sentence."""
        hits = self._store.search(
            question,
            limit=max(1, len(self._chunks)),
            document_ids=self.scope,
            embedding=self._vector(question),
        )
        by_document: dict[str, list[tuple[int, int, float]]] = {}
        for hit in hits:
            chunk = hit.chunk
            by_document.setdefault(chunk.document_id, []).append(
                (chunk.start, chunk.end, hit.score)
            )
        return np.asarray(
            [
                max(
                    (
                        score
                        for start, end, score in by_document.get(p.document_id, [])
                        if start < p.sentence.end and p.sentence.start < end
                    ),
                    default=0.0,
                )
                for p in self.passage_ranker.passages
            ]
        )

    def claim_scores(self, question: str) -> dict[str, float]:
        """The cosine similarity of `question` to every claim in scope, by claim item id
        (empty when retrieval is lexical only)."""
        if self.mode is RetrievalMode.LEXICAL:
            return {}
        count = sum(len(found) for found in self._claims.values())
        if not count:
            return {}
        if question not in self._claim_scores:
            found = self._store.search_claims(
                question, limit=count, document_ids=self.scope, embedding=self._vector(question)
            )
            self._claim_scores = {question: {claim_key(claim): score for claim, score in found}}
        return self._claim_scores[question]

    def _focus_vector(self, question: str) -> list[float] | None:
        """The embedding of `question` without the story's names, when it holds any."""
        shared = self.passage_ranker.story_names(question)
        focused = without_words(question, shared)
        if not shared or not focused:
            return None
        return self._vector(focused)

    def _vector(self, question: str) -> list[float]:
        if question not in self._vectors:
            if len(self._vectors) >= 8:
                self._vectors.clear()
            self._vectors[question] = self._store.embed_query(question)
        return self._vectors[question]

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
        scores: dict[str, float] = {}
        if self.sources is not RetrievalSources.CLAIMS and self._chunks:
            hits = self._store.search(
                question,
                limit=len(self._chunks),
                document_ids=self.scope,
                embedding=self._vector(question),
            )
            scores.update((hit.chunk.id, hit.score) for hit in hits)
        if self.sources is not RetrievalSources.CHUNKS:
            scores.update(self.claim_scores(question))
        return scores

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
