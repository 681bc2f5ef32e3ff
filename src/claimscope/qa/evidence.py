"""What an answer may cite: the retrieved items, the claims inside them, and the level and
source a quoted span takes from those claims. Both answer engines cite through it."""

from __future__ import annotations

from claimscope.models import Citation, Claim, Document, HedgingLevel, RetrievedItem, Span
from claimscope.qa.retrieval import Retriever
from claimscope.store import Store


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


class Evidence:
    """The documents a retriever searches, their claims and text, read once per answerer."""

    def __init__(self, retriever: Retriever, store: Store) -> None:
        self.retriever = retriever
        self._store = store
        # One answerer serves one chat, during which the stored documents do not change.
        self._documents: dict[str, Document] = {}

    def document(self, document_id: str) -> Document:
        if document_id not in self._documents:
            self._documents[document_id] = self._store.get_document(document_id)
        return self._documents[document_id]

    def claims_within(self, item: RetrievedItem) -> list[Claim]:
        if item.claim is not None:
            return [item.claim]
        claims = self.retriever.claims_of(item.document_id)
        return [c for c in claims if item.start <= c.start < item.end]

    def citation(self, number: int, item: RetrievedItem, span: Span) -> Citation:
        """The citation of `span`: its level and source are those of the claim it is, or of
        the claims it overlaps (the weakest level wins, as in the labelling guide)."""
        if item.claim is not None and item.claim.quote_span == span:
            inside = [item.claim]
        else:
            inside = [
                c
                for c in self.retriever.claims_of(item.document_id)
                if overlaps(c.quote_span, span)
            ]
        level = HedgingLevel.strongest([c.hedging for c in inside]) if inside else None
        source = next((c.source for c in inside if c.hedging is level and c.source), None)
        return Citation(
            number=number,
            document_id=item.document_id,
            title=item.title,
            quote=span.text,
            start=span.start,
            end=span.end,
            hedging=level,
            source=source,
            claim_id=next((c.id for c in inside if c.hedging is level), None),
        )
