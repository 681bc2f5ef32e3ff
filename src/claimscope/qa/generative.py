"""The generative answer engine: an LLM writes the statements, code checks their citations.

Every statement cites numbered passages, and every citation is checked after generation: a
number that maps to no passage, or a quote that is not in its document, is removed and
reported; a statement left without a citation is dropped. A statement that rests on a
rumoured or unconfirmed claim and does not say so gets the hedge phrase of its level in front.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from pydantic import BaseModel, Field

from claimscope.extract.grounding import Grounder
from claimscope.llm import StructuredLLM, chat_model, prompt_text
from claimscope.models import Answer, Citation, Claim, RetrievedItem, Span
from claimscope.prompting import claims_for_prompt, fenced, language_name
from claimscope.qa.contradictions import disagreement_lines
from claimscope.qa.conversation import (
    StandaloneQuestion,
    Turn,
    condense_messages,
    is_follow_up,
    without_citation_marks,
)
from claimscope.qa.engine import Asked, no_answer
from claimscope.qa.evidence import Evidence
from claimscope.qa.hedges import with_hedge
from claimscope.settings import Settings


class DraftCitation(BaseModel):
    """One citation as the model gives it."""

    passage: int = Field(description="the number of the passage that supports the statement")
    quote: str = Field(
        description="the words of that passage that support the statement, copied exactly"
    )


class DraftStatement(BaseModel):
    text: str = Field(
        description="one sentence of the answer, in the question's language, keeping the passage's hedge"
    )
    citations: list[DraftCitation]


class DraftAnswer(BaseModel):
    """The model's answer before its citations are checked."""

    answerable: bool = Field(description="false when the passages do not answer the question")
    statements: list[DraftStatement]


@dataclass
class NumberedPassage:
    """A retrieved item as shown to the model (numbered) and the claims inside it."""

    number: int
    item: RetrievedItem
    claims: list[Claim]


@dataclass
class _Checked:
    statements: list[tuple[str, list[Citation]]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


class GenerativeEngine:
    """Answers with the configured LLM (or `model`), citations checked in code."""

    name: str = "llm"

    def __init__(self, settings: Settings, model: BaseChatModel | None = None) -> None:
        self.settings = settings
        self.model: str | None = settings.llm_model
        self._chat_model = model

    @cached_property
    def _llm(self) -> StructuredLLM[DraftAnswer]:
        return StructuredLLM(
            self.settings, DraftAnswer, self._chat_model or chat_model(self.settings)
        )

    @cached_property
    def _condenser(self) -> StructuredLLM[StandaloneQuestion]:
        return StructuredLLM(
            self.settings, StandaloneQuestion, self._chat_model or chat_model(self.settings)
        )

    def standalone(self, question: str, history: Sequence[Turn], language: str) -> str:
        """The follow-up rewritten by the model (a question that stands alone is kept)."""
        if not is_follow_up(question, language):
            return question
        return (
            self._condenser.invoke(condense_messages(question, history)).question.strip()
            or question
        )

    def compose(self, asked: Asked, evidence: Evidence) -> Answer:
        passages = [
            NumberedPassage(number, item, evidence.claims_within(item))
            for number, item in enumerate(asked.items, start=1)
        ]
        draft = self._llm.invoke(answer_messages(asked, passages))
        checked = _check(draft, passages, asked.language, evidence)
        proposed = sum(len(s.citations) for s in draft.statements)
        if not draft.answerable or not checked.statements:
            return no_answer(asked, self).model_copy(
                update={
                    "removed_citations": checked.removed,
                    "proposed_citations": proposed,
                    "notices": self._llm.notices,
                }
            )
        text = " ".join(
            f"{statement} {''.join(f'[{c.number}]' for c in cited)}"
            for statement, cited in checked.statements
        )
        citations = [c for _, cited in checked.statements for c in cited]
        # The model may not say that its sources disagree; the checked citations tell.
        text = "\n".join([text, *disagreement_lines(citations, evidence, asked.language)])
        return Answer(
            question=asked.question,
            language=asked.language,
            text=text,
            answered=True,
            engine=self.name,
            citations=citations,
            retrieved=asked.items,
            relevance=asked.relevance,
            removed_citations=checked.removed,
            proposed_citations=proposed,
            model=self.model,
            notices=[*self._llm.notices, *checked.notices],
        )


def _check(
    draft: DraftAnswer, passages: list[NumberedPassage], language: str, evidence: Evidence
) -> _Checked:
    """Keep the citations that point at a passage and quote its document; number them in
    order; drop statements left without one; restore missing hedges."""
    checked = _Checked()
    by_number = {p.number: p for p in passages}
    next_number = 1
    for statement in draft.statements:
        cited: list[Citation] = []
        for draft_citation in statement.citations:
            span, problem = _ground(draft_citation, by_number, evidence)
            if span is None:
                checked.removed.append(problem)
                continue
            item = by_number[draft_citation.passage].item
            citation = evidence.citation(next_number, item, span)
            if any(
                c.start == citation.start and c.document_id == citation.document_id for c in cited
            ):
                continue
            cited.append(citation)
            next_number += 1
        text = statement.text.strip()
        if not cited:
            checked.removed.append(f"statement without a valid citation removed: {text!r}")
            continue
        hedged = with_hedge(text, cited, language)
        if hedged != text:
            checked.notices.append(f"hedge restored in: {text!r}")
        checked.statements.append((hedged, cited))
    return checked


def _ground(
    citation: DraftCitation, by_number: dict[int, NumberedPassage], evidence: Evidence
) -> tuple[Span | None, str]:
    passage = by_number.get(citation.passage)
    if passage is None:
        return None, f"citation [{citation.passage}] points at no passage"
    item = passage.item
    if not citation.quote.strip():
        if item.claim is not None:
            return item.claim.quote_span, ""
        # A whole chunk would lend the statement the level of every claim in it.
        return None, f"citation [{citation.passage}] quotes nothing"
    grounder = Grounder(evidence.document(item.document_id).text)
    span = grounder.locate(citation.quote, near=(item.start, item.end))
    if span is None:
        return None, (
            f"citation [{citation.passage}]: quote {citation.quote[:80]!r} is not in "
            f"document {item.document_id}"
        )
    return span, ""


@cache
def answer_prompt() -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages(
        [
            ("system", prompt_text("answer-system.md")),
            MessagesPlaceholder("history"),
            ("human", prompt_text("answer-user.md")),
        ],
        template_format="jinja2",
    )


def answer_messages(asked: Asked, passages: list[NumberedPassage]) -> list[BaseMessage]:
    shown = [
        {
            "number": p.number,
            "title": fenced(p.item.title),
            "text": fenced(p.item.quote),
            "claims": claims_for_prompt(p.claims),
        }
        for p in passages
    ]
    turns: list[BaseMessage] = []
    for turn in asked.history:
        turns += [
            HumanMessage(fenced(turn.question)),
            AIMessage(without_citation_marks(turn.answer)),
        ]
    return answer_prompt().format_messages(
        question=fenced(asked.question),
        language=language_name(asked.language),
        passages=shown,
        history=turns,
    )
