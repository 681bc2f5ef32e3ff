"""The QA eval's scores. Retrieval is scored on the ranked chunks and claims: an item
*contains* an answering quote when its span overlaps the quote's span in the same document.
No-answer detection is scored as a classifier of "not in the articles"."""

from __future__ import annotations

from collections.abc import Iterable

from claimscope.eval.qa_results import QuestionResult, ThresholdPoint
from claimscope.eval.questions import QuestionSpan
from claimscope.models import RetrievedItem

# Ranks deeper than this count as misses for MRR.
RANK_DEPTH = 10


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


def rate(values: Iterable[bool | None]) -> float | None:
    """The share of True among the known values (None when none is known)."""
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None
