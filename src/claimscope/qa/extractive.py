"""The extractive answer engine: offline, the answer quotes the spans that answer best.

Each quote is one line with its article, its level's hedge phrase, its level and source in
words; figures that the cited articles give differently, and facts one reports and another
denies, are pointed out below them.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimscope.lexicons import phrases
from claimscope.models import Answer, RetrievedItem, Span
from claimscope.qa.contradictions import disagreement_lines
from claimscope.qa.conversation import Turn, carried_over
from claimscope.qa.engine import Asked
from claimscope.qa.evidence import Evidence, overlaps
from claimscope.qa.hedges import framed
from claimscope.qa.retrieval import claim_key
from claimscope.qa.stemming import tokens
from claimscope.text import split_sentences

# The extractive answer quotes at most this many passages, one an article.
EXTRACTIVE_STATEMENTS = 3
# A passage scoring less than this share of the best passage's fused score is left out of an
# extractive answer: it is seldom another outlet's version of the answer (eval/README.md,
# "Same-story questions", measured on the development sets).
ANSWER_SHARE = 0.6


class ExtractiveEngine:
    """Quotes the best spans of the evidence, each framed by its hedge (no LLM)."""

    name: str = "extractive"
    model: str | None = None

    def compose(self, asked: Asked, evidence: Evidence) -> Answer:
        words = phrases(asked.language)
        lines = [words.extractive_intro]
        citations = []
        for number, (item, span) in enumerate(answering_spans(asked, evidence), 1):
            citation = evidence.citation(number, item, span)
            citations.append(citation)
            assessed = bool(evidence.retriever.claims_of(item.document_id))
            lines.append(f"[{number}] {framed(words, citation, assessed)}")
        lines += disagreement_lines(citations, evidence, asked.language)
        return Answer(
            question=asked.question,
            language=asked.language,
            text="\n".join(lines),
            answered=True,
            engine=self.name,
            citations=citations,
            retrieved=asked.items,
            relevance=asked.relevance,
        )

    def standalone(self, question: str, history: Sequence[Turn], language: str) -> str:
        """The follow-up joined to the last question that stood on its own."""
        return carried_over(question, [t.question for t in history], language)


def answering_spans(asked: Asked, evidence: Evidence) -> list[tuple[RetrievedItem, Span]]:
    """What the extractive answer quotes, best first: the best span of each article, then
    (when fewer articles answer) further spans of the same articles, at most
    EXTRACTIVE_STATEMENTS, leaving out those far behind the best."""
    ranked = candidate_spans(asked, evidence)
    best = ranked[0][0] if ranked else 0.0
    close = [(item, span) for value, item, span in ranked if value >= best * ANSWER_SHARE]
    first_of_article = {item.document_id: (item, span) for item, span in reversed(close)}
    chosen = [entry for entry in close if entry in first_of_article.values()]
    for item, span in close:
        if len(chosen) >= EXTRACTIVE_STATEMENTS:
            break
        if not any(overlaps(span, taken) for _, taken in chosen):
            chosen.append((item, span))
    return sorted(chosen[:EXTRACTIVE_STATEMENTS], key=lambda entry: close.index(entry))


def candidate_spans(asked: Asked, evidence: Evidence) -> list[tuple[float, RetrievedItem, Span]]:
    """What an extractive answer may quote, best first, with its score: a passage's own
    sentence (ranked by the passage's fused score); the claims of a chunk or claim item
    (each scored against the question), and for a chunk without claims the sentence that
    shares most words with the question."""
    wanted = set(tokens(asked.question, asked.language))
    claim_scores = evidence.retriever.claim_scores(asked.question)
    scored: list[tuple[float, RetrievedItem, Span]] = []
    for rank, item in enumerate(asked.items):
        fallback = item.dense if item.dense is not None else -rank
        if item.kind == "passage":
            start = item.start + item.quote.find(item.text)
            scored.append(
                (item.score, item, Span(text=item.text, start=start, end=start + len(item.text)))
            )
            continue
        if item.claim is not None:
            scored.append((fallback, item, item.claim.quote_span))
            continue
        held = [c for c in evidence.claims_within(item) if claim_key(c) in claim_scores]
        scored += [(claim_scores[claim_key(c)], item, c.quote_span) for c in held]
        if not held:
            scored.append((fallback, item, best_sentence(item, wanted, evidence)))
    scored.sort(key=lambda entry: -entry[0])
    return scored


def best_sentence(item: RetrievedItem, wanted: set[str], evidence: Evidence) -> Span:
    """The sentence of a chunk that shares most content words with the question."""
    language = evidence.retriever.language_of(item.document_id)
    sentences = [
        Span(text=s.text, start=item.start + s.start, end=item.start + s.end)
        for s in split_sentences(item.quote, language)
    ]
    if not sentences:
        return Span(text=item.quote, start=item.start, end=item.end)
    return max(sentences, key=lambda s: len(wanted & set(tokens(s.text, language))))
