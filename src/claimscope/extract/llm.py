"""The LLM engine: claims chunk by chunk, with the article as context, grounded afterwards.

Each call shows the model the whole article (or, when it is long, the sentences around
the chunk) fenced as context, and asks for the claims of one chunk only, so that a
hedge set far from a claim ("... tali voci non sono ancora state confermate") is seen.
The model's quotes and cues are located in the text by grounding; offsets never come
from the model. Claims found twice by overlapping chunks are merged.
"""

from __future__ import annotations

import time
from difflib import SequenceMatcher
from functools import cache

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_core.prompts import ChatPromptTemplate
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from claimscope.errors import ExtractionError
from claimscope.extract import Progress
from claimscope.extract.grounding import Grounder
from claimscope.ingest import chunk_document
from claimscope.llm import (
    StructuredLLM,
    UnusableAnswerError,
    chat_model,
    prompt_text,
    prompt_version,
    prompts_dir,
)
from claimscope.models import Chunk, Claim, Document, ExtractionReport, HedgingLevel, Span
from claimscope.prompting import fenced
from claimscope.settings import Settings
from claimscope.text import canonical, split_sentences

# Two claims are one when their quotes overlap this much of the longer one...
SAME_SPAN_OVERLAP = 0.8
# ...and their restatements are this similar.
SAME_TEXT_SIMILARITY = 0.6


# The model's answer. Docstrings and descriptions are sent to the model as the schema;
# no defaults and no bounds, which strict mode rejects or ignores (CheckedClaim checks).
class ExtractedClaim(BaseModel):
    """One checkable claim of the passage."""

    text: str = Field(
        description="the claim restated so it stands alone, in the article's language"
    )
    quote: str = Field(description="the shortest verbatim span of the passage carrying the claim")
    hedging: HedgingLevel = Field(description="how firmly the article stands behind the claim")
    cues: list[str] = Field(description="verbatim words of the article that justify the level")
    source: str | None = Field(
        description="who the article credits; 'anonymous' for unnamed sources; null for its own voice"
    )


class ExtractedClaims(BaseModel):
    """The checkable claims of the passage, in order."""

    claims: list[ExtractedClaim]


class CheckedClaim(ExtractedClaim):
    """The rules strict mode cannot enforce, checked after the model has answered."""

    text: str = Field(min_length=1)
    quote: str = Field(min_length=1)

    @field_validator("text", "quote", mode="before")
    @classmethod
    def _stripped(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator("cues")
    @classmethod
    def _non_empty_cues(cls, cues: list[str]) -> list[str]:
        return [cue for cue in cues if cue.strip()]

    @field_validator("source")
    @classmethod
    def _absent_source_is_none(cls, source: str | None) -> str | None:
        cleaned = (source or "").strip()
        return None if cleaned.lower() in {"", "null", "none"} else cleaned

    @model_validator(mode="after")
    def _credited_claims_are_not_asserted(self) -> CheckedClaim:
        # The guide: once the article credits a source, the claim is attributed at most.
        if self.hedging is HedgingLevel.ASSERTED and self.source:
            self.hedging = HedgingLevel.ATTRIBUTED
        return self


class ExtractionExample(BaseModel):
    """A worked example shown to the model (prompts/extract-examples/*.json)."""

    title: str
    passage: str
    claims: list[ExtractedClaim]

    @property
    def answer_json(self) -> str:
        return ExtractedClaims(claims=self.claims).model_dump_json(indent=2)


@cache
def extraction_examples() -> tuple[ExtractionExample, ...]:
    paths = sorted((prompts_dir() / "extract-examples").glob("*.json"))
    return tuple(
        ExtractionExample.model_validate_json(path.read_text(encoding="utf-8")) for path in paths
    )


@cache
def extraction_prompt(examples: int | None = None) -> ChatPromptTemplate:
    """The extraction prompt with the first `examples` worked examples (None: all)."""
    template = ChatPromptTemplate.from_messages(
        [
            ("system", prompt_text("extract-system.md")),
            ("human", prompt_text("extract-user.md")),
        ],
        template_format="jinja2",
    )
    return template.partial(examples=list(extraction_examples()[:examples]))


def extraction_messages(
    title: str, context: str, passage: str, examples: int | None = None
) -> list[BaseMessage]:
    return extraction_prompt(examples).format_messages(
        title=fenced(title), context=fenced(context), passage=fenced(passage)
    )


def context_for(document: Document, chunk: Chunk, sentences: list[Span], limit: int) -> str:
    """The whole article when it fits in `limit` characters, else the sentences around the
    chunk, as many before as after, up to `limit` characters in all."""
    if len(document.text) <= limit:
        return document.text
    margin = max(0, limit - (chunk.end - chunk.start)) // 2
    around = [s for s in sentences if s.end > chunk.start - margin and s.start < chunk.end + margin]
    if not around:
        return chunk.text
    return document.text[around[0].start : around[-1].end]


def _overlap(a: Claim, b: Claim) -> float:
    shared = min(a.end, b.end) - max(a.start, b.start)
    longer = max(a.end - a.start, b.end - b.start, 1)
    return max(shared, 0) / longer


def _same_claim(a: Claim, b: Claim) -> bool:
    if _overlap(a, b) < SAME_SPAN_OVERLAP:
        return False
    similarity = SequenceMatcher(None, canonical(a.text).lower(), canonical(b.text).lower())
    return similarity.ratio() >= SAME_TEXT_SIMILARITY


def merge_duplicates(claims: list[Claim]) -> list[Claim]:
    """The claims without repeats (the first one found wins), in document order, numbered."""
    kept: list[Claim] = []
    for claim in claims:
        if not any(_same_claim(claim, earlier) for earlier in kept):
            kept.append(claim)
    kept.sort(key=lambda c: (c.start, c.end))
    return [c.model_copy(update={"id": f"c{n:02d}"}) for n, c in enumerate(kept, start=1)]


class _ChunkOutcome(BaseModel):
    claims: list[Claim] = Field(default_factory=list)
    ungrounded: list[str] = Field(default_factory=list)
    dropped_cues: int = 0
    invalid: list[str] = Field(default_factory=list)


class LLMExtractor:
    """Claims by an LLM through any OpenAI-compatible server (see claimscope.llm)."""

    name = "llm"

    def __init__(self, settings: Settings, model: BaseChatModel | None = None) -> None:
        self.settings = settings
        self.model = model or chat_model(settings)

    def extract(self, document: Document, progress: Progress | None = None) -> ExtractionReport:
        started = time.perf_counter()
        llm = StructuredLLM(self.settings, ExtractedClaims, self.model)
        chunks = chunk_document(document, self.settings)
        sentences = split_sentences(document.text, document.language)
        grounder = Grounder(document.text)
        outcomes: list[_ChunkOutcome] = []
        failed: list[str] = []
        for done, chunk in enumerate(chunks, start=1):
            context = context_for(document, chunk, sentences, self.settings.llm_context_chars)
            try:
                messages = extraction_messages(
                    document.title, context, chunk.text, self.settings.llm_prompt_examples
                )
                answer = llm.invoke(messages)
            except UnusableAnswerError as error:
                failed.append(f"chunk {chunk.index} [{chunk.start}:{chunk.end}]: {error}")
            else:
                outcomes.append(self._grounded(answer, chunk, document, grounder))
            if progress:
                progress(done, len(chunks))
        if chunks and len(failed) == len(chunks):
            raise ExtractionError(
                f"{document.source_path}: no chunk could be extracted; {failed[0]}"
            )
        return ExtractionReport(
            document_id=document.id,
            engine=self.name,
            prompt_version=prompt_version(),
            model=self.settings.llm_model,
            claims=merge_duplicates([c for outcome in outcomes for c in outcome.claims]),
            ungrounded=[quote for outcome in outcomes for quote in outcome.ungrounded],
            failed_chunks=failed,
            calls=llm.usage.calls,
            cached_calls=llm.usage.cached_calls,
            prompt_tokens=llm.usage.prompt_tokens,
            completion_tokens=llm.usage.completion_tokens,
            seconds=time.perf_counter() - started,
            notices=llm.notices + _outcome_notices(outcomes, llm.usage.cached_calls),
        )

    def _grounded(
        self, answer: ExtractedClaims, chunk: Chunk, document: Document, grounder: Grounder
    ) -> _ChunkOutcome:
        outcome = _ChunkOutcome()
        for extracted in answer.claims:
            try:
                checked = CheckedClaim.model_validate(extracted.model_dump())
            except ValidationError as error:
                outcome.invalid.append(f"{extracted.quote[:60]!r}: {error.errors()[0]['msg']}")
                continue
            span = grounder.locate(checked.quote, near=(chunk.start, chunk.end))
            if span is None:
                outcome.ungrounded.append(checked.quote)
                continue
            cue_spans = grounder.locate_all(checked.cues, near=(span.start, span.end))
            outcome.dropped_cues += len(checked.cues) - len(cue_spans)
            outcome.claims.append(
                Claim(
                    id="",
                    text=checked.text,
                    quote=span.text,
                    start=span.start,
                    end=span.end,
                    hedging=checked.hedging,
                    cues=[cue.text for cue in cue_spans],
                    cue_spans=cue_spans,
                    source=checked.source,
                    document_id=document.id,
                    engine=self.name,
                )
            )
        return outcome


def _outcome_notices(outcomes: list[_ChunkOutcome], cached_calls: int) -> list[str]:
    notices = [f"invalid claim dropped: {problem}" for o in outcomes for problem in o.invalid]
    dropped_cues = sum(outcome.dropped_cues for outcome in outcomes)
    if dropped_cues:
        notices.append(f"{dropped_cues} cues not found in the text were dropped")
    if cached_calls:
        notices.append(f"{cached_calls} answers came from the response cache (0 tokens)")
    return notices
