"""The pydantic models the QA eval's stages hand to each other and that `eval-qa --json`
writes. Every score field is declared in `eval/scores.py` (QA_SCORES)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from claimscope.models import HedgingLevel
from claimscope.settings import RetrievalMode, RetrievalSources


class QuestionResult(BaseModel):
    id: str
    question: str
    article: str | None
    answerable: bool
    answered: bool
    rank: int | None = Field(description="rank of the first item containing an answering quote")
    relevance: float
    expected_hedging: HedgingLevel | None
    hedge_kept: bool | None
    citations: int
    proposed_citations: int
    answer: str


class ThresholdPoint(BaseModel):
    """No-answer detection if the relevance threshold were `threshold`."""

    threshold: float
    no_answer_precision: float | None
    no_answer_recall: float
    answerable_rejected: float


class RetrievalScores(BaseModel):
    mode: RetrievalMode
    sources: RetrievalSources
    recall_at_1: float
    recall_at_5: float
    mrr: float


class QAEvalReport(BaseModel):
    date: str
    data: str
    extraction_engine: str
    answer_engine: str
    model: str | None
    retrieval: RetrievalMode
    sources: RetrievalSources
    chunk_size: int
    top_k: int
    threshold: float
    questions: int
    answerable: int
    recall_at_1: float
    recall_at_5: float
    mrr: float
    no_answer_precision: float | None
    no_answer_recall: float | None
    citation_grounding_rate: float | None
    hedge_kept_rate: float | None
    median_seconds_per_question: float
    claims: int
    sweep: list[ThresholdPoint]
    comparison: list[RetrievalScores] = Field(default_factory=list)
    results: list[QuestionResult]
    notices: list[str] = Field(default_factory=list)
