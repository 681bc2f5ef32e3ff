"""The QA eval: build a throwaway store from a data set, ask its questions, score the answers.

A data set is a folder of NAME.txt articles, their NAME.qa.jsonl questions and any other
*.qa.jsonl (questions the articles do not answer). Retrieval is scored on the ranked
chunks and claims: an item *contains* an answering quote when its span overlaps the
quote's span in the same document. No-answer detection is scored as a classifier of
"not in the articles". With an LLM, citations and hedges are scored too.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from claimscope.errors import EvalError
from claimscope.eval.gold import QUESTIONS_SUFFIX
from claimscope.eval.scores import QA_SCORES
from claimscope.extract import extract_document, get_extractor, resolve_engine
from claimscope.ingest import ingest
from claimscope.models import Answer, HedgingLevel, RetrievedItem
from claimscope.qa import Answerer, Retriever, answer_engine, carries_hedge
from claimscope.rendering import environment
from claimscope.settings import EngineChoice, RetrievalMode, RetrievalSources, Settings
from claimscope.store import Store

# Ranks deeper than this count as misses for MRR.
RANK_DEPTH = 10

Progress = Callable[[str], None]


class OtherAnswer(BaseModel):
    """A span of another article of the same folder that answers the question too (many
    outlets tell one story)."""

    article: str = Field(description="the NAME of that article (NAME.txt in the data folder)")
    quote: str


class QAQuestion(BaseModel):
    """One line of a question file."""

    id: str
    question: str
    answer_quotes: list[str]
    hedging: HedgingLevel | None
    lang: str
    other_answers: list[OtherAnswer] = Field(default_factory=list)


class QuestionSpan(BaseModel):
    """An answering quote located in its article."""

    article: str
    start: int
    end: int


class LocatedQuestion(BaseModel):
    question: QAQuestion
    article: str | None = Field(description="the NAME of the article that answers it, if any")
    spans: list[QuestionSpan] = Field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return bool(self.spans)


class QADataset(BaseModel):
    folder: str
    articles: list[str] = Field(description="paths of the NAME.txt files")
    questions: list[LocatedQuestion]


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


# The data set -------------------------------------------------------------------------


def load_dataset(folder: Path, questions_folder: Path | None = None) -> QADataset:
    """The articles of `folder` and every question of `questions_folder` (by default
    `folder` itself), its answering quotes located in the article of the same NAME in
    `folder`: a held-out question set can live apart from the articles it asks about."""
    asked = questions_folder or folder
    for needed in dict.fromkeys((folder, asked)):
        if not needed.is_dir():
            raise EvalError(f"{needed}: no such data folder")
    files = sorted(asked.glob(f"*{QUESTIONS_SUFFIX}"))
    if not files:
        raise EvalError(f"{asked}: holds no *{QUESTIONS_SUFFIX} question files")
    questions = [q for path in files for q in _questions(path, folder)]
    seen: set[str] = set()
    for located in questions:
        if located.question.id in seen:
            raise EvalError(f"{asked}: question id {located.question.id!r} is used twice")
        seen.add(located.question.id)
    articles = sorted(str(p) for p in folder.glob("*.txt"))
    label = str(folder) if asked == folder else f"{asked} (articles of {folder})"
    return QADataset(folder=label, articles=articles, questions=questions)


def _questions(path: Path, articles: Path) -> list[LocatedQuestion]:
    name = path.name.removesuffix(QUESTIONS_SUFFIX)
    texts = _ArticleTexts(articles)
    located = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            question = QAQuestion.model_validate_json(line)
        except ValidationError as error:
            raise EvalError(f"{path}:{number}: {error.errors()[0]['msg']}") from None
        where = f"{path}:{number}"
        answers = [(name, quote) for quote in question.answer_quotes]
        answers += [(other.article, other.quote) for other in question.other_answers]
        spans = [texts.span(where, article, quote) for article, quote in answers]
        located.append(
            LocatedQuestion(question=question, article=name if spans else None, spans=spans)
        )
    return located


class _ArticleTexts:
    """The articles of a data folder, read once each, to locate answering quotes in."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._texts: dict[str, str | None] = {}

    def text(self, name: str) -> str | None:
        if name not in self._texts:
            path = self._folder / f"{name}.txt"
            self._texts[name] = path.read_text(encoding="utf-8") if path.is_file() else None
        return self._texts[name]

    def span(self, where: str, article: str, quote: str) -> QuestionSpan:
        text = self.text(article)
        if text is None:
            raise EvalError(
                f"{where}: has answer quotes but there is no article {self._folder / article}.txt"
            )
        start = text.find(quote)
        if start < 0:
            raise EvalError(f"{where}: answer quote {quote[:60]!r} is not in article {article}")
        return QuestionSpan(article=article, start=start, end=start + len(quote))


# Scoring ------------------------------------------------------------------------------


def first_hit(
    items: list[RetrievedItem], document_ids: dict[str, str], spans: list[QuestionSpan]
) -> int | None:
    """The rank (from 1) of the first item whose span overlaps an answering quote of any
    article (`document_ids` maps an article's NAME to its stored id)."""
    for rank, item in enumerate(items, start=1):
        if any(
            item.document_id == document_ids.get(span.article)
            and item.start < span.end
            and span.start < item.end
            for span in spans
        ):
            return rank
    return None


def retrieval_scores(ranks: list[int | None]) -> tuple[float, float, float]:
    """recall@1, recall@5 and MRR (ranks beyond RANK_DEPTH count as misses)."""
    if not ranks:
        return 0.0, 0.0, 0.0
    found = [rank for rank in ranks if rank is not None]
    return (
        sum(rank == 1 for rank in found) / len(ranks),
        sum(rank <= 5 for rank in found) / len(ranks),
        sum(1 / rank for rank in found if rank <= RANK_DEPTH) / len(ranks),
    )


def no_answer_scores(
    answerable: list[bool], answered: list[bool]
) -> tuple[float | None, float | None]:
    """Precision and recall of "not in the articles" (None when undefined)."""
    flagged = [not a for a in answered]
    truly = [not a for a in answerable]
    hits = sum(f and t for f, t in zip(flagged, truly, strict=True))
    precision = hits / sum(flagged) if any(flagged) else None
    recall = hits / sum(truly) if any(truly) else None
    return precision, recall


def threshold_sweep(results: list[QuestionResult], current: float) -> list[ThresholdPoint]:
    """No-answer detection at every threshold that changes it (relevance below = no answer).
    A question refused at the `current` threshold for another reason (a name no article
    holds, the LLM's judgement) stays refused at every threshold."""
    answerable = [r.answerable for r in results]
    refused_otherwise = [not r.answered and r.relevance >= current for r in results]
    points = []
    for threshold in sorted({r.relevance for r in results}):
        answered = [
            r.relevance >= threshold and not refused
            for r, refused in zip(results, refused_otherwise, strict=True)
        ]
        precision, recall = no_answer_scores(answerable, answered)
        rejected = sum(not a for a, r in zip(answered, answerable, strict=True) if r)
        points.append(
            ThresholdPoint(
                threshold=threshold,
                no_answer_precision=precision,
                no_answer_recall=recall or 0.0,
                answerable_rejected=rejected / max(1, sum(answerable)),
            )
        )
    return points


def _rate(values: Iterable[bool | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


# Running ------------------------------------------------------------------------------


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
        hedge_kept_rate=_rate(r.hedge_kept for r in answerable),
        median_seconds_per_question=statistics.median(seconds) if seconds else 0.0,
        claims=built.claims,
        sweep=threshold_sweep(results, settings.answer_min_relevance),
        comparison=comparison,
        results=results,
    )


# Output -------------------------------------------------------------------------------


def report_json(report: QAEvalReport) -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)


def render_html(report: QAEvalReport) -> str:
    return environment().get_template("qa_report.html.j2").render(report=report, scores=QA_SCORES)


def write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise EvalError(f"{path}: cannot write ({error.strerror})") from error
