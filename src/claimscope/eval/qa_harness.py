"""Run the QA eval: build a throwaway store from a data set, ask its questions, score the
answers (with an LLM, citations and hedges too)."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel

from claimscope.eval.qa_results import QAEvalReport, QuestionResult, RetrievalScores
from claimscope.eval.qa_scoring import (
    RANK_DEPTH,
    first_hit,
    no_answer_scores,
    rate,
    retrieval_scores,
    threshold_sweep,
)
from claimscope.eval.questions import LocatedQuestion, QADataset, load_dataset
from claimscope.extract import extract_document, get_extractor, resolve_engine
from claimscope.ingest import ingest
from claimscope.models import Answer
from claimscope.qa import Answerer, Retriever, answer_engine, carries_hedge
from claimscope.settings import EngineChoice, RetrievalMode, RetrievalSources, Settings
from claimscope.store import Store

Progress = Callable[[str], None]


class _Built(BaseModel):
    document_ids: dict[str, str]
    claims: int
    extraction_engine: str


def build_store(
    dataset: QADataset,
    settings: Settings,
    store: Store,
    engine: EngineChoice | None,
    progress: Progress | None,
) -> _Built:
    """Ingest every article and store the claims the chosen engine finds in it."""
    results = ingest(dataset.articles, settings=settings, store=store)
    extractor = get_extractor(settings, engine)
    claims = 0
    for result in results:
        document = store.get_document(result.document.id)
        if progress:
            progress(Path(document.source_path).stem)
        report = extract_document(document, settings, extractor=extractor)
        store.replace_claims(document.id, report.claims)
        claims += len(report.claims)
    ids = {Path(r.document.source_path).stem: r.document.id for r in results}
    return _Built(document_ids=ids, claims=claims, extraction_engine=extractor.name)


def ask_all(
    dataset: QADataset, answerer: Answerer, document_ids: dict[str, str], progress: Progress | None
) -> tuple[list[QuestionResult], list[float]]:
    results, seconds = [], []
    depth = max(RANK_DEPTH, answerer.settings.answer_top_k)
    for located in dataset.questions:
        question = located.question
        if progress:
            progress(question.id)
        started = time.perf_counter()
        items = answerer.retriever.retrieve(question.question, question.lang, depth)
        answer = answerer.answer(question.question, items[: answerer.settings.answer_top_k])
        seconds.append(time.perf_counter() - started)
        results.append(_result(located, answer, first_hit(items, document_ids, located.spans)))
    return results, seconds


def _result(located: LocatedQuestion, answer: Answer, rank: int | None) -> QuestionResult:
    question = located.question
    expected = question.hedging if located.answerable else None
    return QuestionResult(
        id=question.id,
        question=question.question,
        article=located.article,
        answerable=located.answerable,
        answered=answer.answered,
        rank=rank,
        relevance=answer.relevance,
        expected_hedging=expected,
        hedge_kept=(
            carries_hedge(answer.text, expected, answer.language)
            if expected is not None and answer.answered
            else None
        ),
        citations=len(answer.citations),
        proposed_citations=answer.proposed_citations,
        answer=answer.text,
    )


def compare_retrieval(
    dataset: QADataset, store: Store, settings: Settings, document_ids: dict[str, str]
) -> list[RetrievalScores]:
    """Every retrieval mode over chunks, claims and both, and the passages, on one store."""
    rows = []
    for sources in RetrievalSources:
        # Passages fuse lexical and dense scores themselves: the mode does not apply.
        modes = [settings.retrieval] if sources is RetrievalSources.PASSAGES else RetrievalMode
        for mode in modes:
            retriever = Retriever(store, settings, mode=mode, sources=sources)
            ranks = [
                first_hit(
                    retriever.retrieve(q.question.question, q.question.lang, RANK_DEPTH),
                    document_ids,
                    q.spans,
                )
                for q in dataset.questions
                if q.answerable
            ]
            r1, r5, mrr = retrieval_scores(ranks)
            rows.append(
                RetrievalScores(mode=mode, sources=sources, recall_at_1=r1, recall_at_5=r5, mrr=mrr)
            )
    return rows


def evaluate_qa(
    data: Path,
    settings: Settings,
    engine: EngineChoice | None = None,
    compare: bool = False,
    progress: Progress | None = None,
    questions: Path | None = None,
    claims_engine: EngineChoice | None = None,
) -> QAEvalReport:
    """Score question answering on `data` (or on the questions of `questions` about the
    articles of `data`) in a temporary store (never the user's). `engine` answers and,
    unless `claims_engine` is given, extracts the stored claims."""
    dataset = load_dataset(data, questions)
    use_llm = resolve_engine(settings, engine) is EngineChoice.LLM
    with tempfile.TemporaryDirectory(prefix="claimscope-eval-qa-") as folder:
        scratch = settings.model_copy(update={"data_dir": Path(folder), "chroma_host": None})
        store = Store.open(scratch)
        built = build_store(dataset, scratch, store, claims_engine or engine, progress)
        answerer = Answerer(store, scratch, engine=answer_engine(scratch, engine))
        results, seconds = ask_all(dataset, answerer, built.document_ids, progress)
        comparison = (
            compare_retrieval(dataset, store, scratch, built.document_ids) if compare else []
        )
    return _report(dataset, settings, built, use_llm, results, seconds, comparison)


def _report(
    dataset: QADataset,
    settings: Settings,
    built: _Built,
    use_llm: bool,
    results: list[QuestionResult],
    seconds: list[float],
    comparison: list[RetrievalScores],
) -> QAEvalReport:
    answerable = [r for r in results if r.answerable]
    r1, r5, mrr = retrieval_scores([r.rank for r in answerable])
    precision, recall = no_answer_scores(
        [r.answerable for r in results], [r.answered for r in results]
    )
    proposed = sum(r.proposed_citations for r in results)
    return QAEvalReport(
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        data=dataset.folder,
        extraction_engine=built.extraction_engine,
        answer_engine="llm" if use_llm else "extractive",
        model=settings.llm_model if use_llm else None,
        retrieval=settings.retrieval,
        sources=settings.retrieval_sources,
        chunk_size=settings.chunk_size,
        top_k=settings.answer_top_k,
        threshold=settings.answer_min_relevance,
        questions=len(results),
        answerable=len(answerable),
        recall_at_1=r1,
        recall_at_5=r5,
        mrr=mrr,
        no_answer_precision=precision,
        no_answer_recall=recall,
        citation_grounding_rate=(
            sum(r.citations for r in results) / proposed if use_llm and proposed else None
        ),
        hedge_kept_rate=rate(r.hedge_kept for r in answerable),
        median_seconds_per_question=statistics.median(seconds) if seconds else 0.0,
        claims=built.claims,
        sweep=threshold_sweep(results, settings.answer_min_relevance),
        comparison=comparison,
        results=results,
    )
