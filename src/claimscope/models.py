"""The pydantic models that every stage hands to the next one.

Offsets are always character offsets into `Document.text`, the text exactly as the
user gave it (after decoding, or after HTML body extraction), so that
`document.text[start:end] == quote` holds for every grounded span.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class HedgingLevel(StrEnum):
    """The six levels of the labelling guide, in order of precedence (first wins)."""

    UNCONFIRMED = "unconfirmed"
    RUMORED = "rumored"
    CONDITIONAL = "conditional"
    HEDGED = "hedged"
    ATTRIBUTED = "attributed"
    ASSERTED = "asserted"

    @property
    def rank(self) -> int:
        """0 for the level that wins every tie (unconfirmed), 5 for asserted."""
        return list(HedgingLevel).index(self)

    @classmethod
    def strongest(cls, levels: list[HedgingLevel]) -> HedgingLevel:
        """The level that takes precedence among `levels` (asserted when empty)."""
        return min(levels, key=lambda level: level.rank, default=cls.ASSERTED)


class Span(BaseModel):
    """A verbatim piece of a document and where it stands."""

    model_config = ConfigDict(frozen=True)

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _end_after_start(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        return self


class Document(BaseModel):
    """One article as stored: its id is a hash of the normalised text."""

    id: str
    title: str
    text: str
    source_path: str
    language: str
    content_type: str = "text/plain"


class DocumentInfo(BaseModel):
    """What `claimscope docs` lists for one stored document."""

    id: str
    title: str
    source_path: str
    language: str
    chunks: int
    characters: int


class Chunk(BaseModel):
    """A piece of a document that is embedded and searched."""

    id: str
    document_id: str
    index: int
    text: str
    start: int
    end: int
    title: str
    source_path: str
    language: str


class SearchHit(BaseModel):
    """A chunk returned by a search, with its similarity (higher is closer)."""

    chunk: Chunk
    score: float


class IngestResult(BaseModel):
    """What one ingested input did to the store."""

    document: DocumentInfo
    status: str = Field(description="'added', 'replaced' or 'unchanged'")
    replaced_document_id: str | None = None


class Claim(BaseModel):
    """One checkable proposition, how firmly the article stands behind it, and the proof.

    Its JSON form is a superset of the gold format (id, text, quote, hedging, cues,
    source), so an extractor's output can be scored directly against gold.
    """

    id: str
    text: str
    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    hedging: HedgingLevel
    cues: list[str] = Field(default_factory=list)
    cue_spans: list[Span] = Field(default_factory=list)
    source: str | None = None
    report: str | None = Field(
        default=None,
        description="the report the claim belongs to (claims credited to one source share "
        "it); None in the article's own voice or when the engine does not tell",
    )
    document_id: str = ""
    engine: str = ""
    flags: list[str] = Field(default_factory=list)

    @property
    def quote_span(self) -> Span:
        return Span(text=self.quote, start=self.start, end=self.end)


class GoldClaim(BaseModel):
    """One hand-labelled claim, exactly the guide's format (offsets are found, not stored)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    text: str
    quote: str
    hedging: HedgingLevel
    cues: list[str] = Field(default_factory=list)
    source: str | None = None


class ExtractionReport(BaseModel):
    """The claims of one document and what it cost to get them."""

    document_id: str
    engine: str
    prompt_version: str | None = None
    model: str | None = None
    claims: list[Claim] = Field(default_factory=list)
    ungrounded: list[str] = Field(
        default_factory=list, description="quotes the engine returned that are not in the text"
    )
    failed_chunks: list[str] = Field(default_factory=list)
    calls: int = 0
    cached_calls: int = Field(
        default=0, description="calls answered by the response cache (0 tokens)"
    )
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    notices: list[str] = Field(default_factory=list)

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def failure(self) -> str | None:
        """Why the run produced nothing usable (no claim, and chunks failed or quotes were
        ungrounded); None when its claims, even none, are its answer."""
        if self.claims or not (self.ungrounded or self.failed_chunks):
            return None
        return (
            f"the {self.engine} run produced no usable claim ({len(self.ungrounded)} "
            f"ungrounded quotes dropped, {len(self.failed_chunks)} chunks failed)"
        )


# Questions and answers ---------------------------------------------------------------


class RetrievedItem(BaseModel):
    """A chunk or a claim that retrieval ranked for a question, with every score it got."""

    kind: str = Field(description="'chunk' or 'claim'")
    id: str
    document_id: str
    title: str
    text: str = Field(description="the chunk's text, or the claim restated")
    quote: str = Field(description="the verbatim span: the chunk itself or the claim's quote")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    score: float = Field(description="the fused score that ranks items (higher is better)")
    lexical: float | None = Field(default=None, description="BM25 score")
    dense: float | None = Field(default=None, description="cosine similarity")
    claim: Claim | None = None


class Citation(BaseModel):
    """What one citation number of an answer points at: a verbatim quote and its standing."""

    number: int = Field(ge=1)
    document_id: str
    title: str
    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    hedging: HedgingLevel | None = Field(
        default=None, description="None when the document's claims have not been extracted"
    )
    source: str | None = None
    claim_id: str | None = None


class Answer(BaseModel):
    """An answer whose every statement cites quotes that were checked against the documents."""

    question: str
    language: str
    text: str
    answered: bool = Field(description="False when the store holds nothing relevant")
    engine: str = Field(description="'llm' or 'extractive'")
    citations: list[Citation] = Field(default_factory=list)
    retrieved: list[RetrievedItem] = Field(default_factory=list)
    relevance: float = Field(description="the best item's relevance, compared to the threshold")
    removed_citations: list[str] = Field(
        default_factory=list, description="citations dropped after generation, and why"
    )
    proposed_citations: int = Field(
        default=0, description="citations the model gave, before the check (0 offline)"
    )
    model: str | None = None
    notices: list[str] = Field(default_factory=list)
