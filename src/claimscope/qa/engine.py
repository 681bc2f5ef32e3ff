"""The answer-engine seam: what composes an answer once the evidence may answer the question.

Two engines, chosen by the settings as extraction's are (`claimscope.extract`): the
extractive one quotes the best spans offline (`claimscope.qa.extractive`); the generative
one has an LLM write statements whose citations are checked in code
(`claimscope.qa.generative`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from claimscope.extract import resolve_engine
from claimscope.lexicons import phrases
from claimscope.models import Answer, RetrievedItem
from claimscope.qa.conversation import Turn
from claimscope.qa.evidence import Evidence
from claimscope.settings import EngineChoice, Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


@dataclass(frozen=True)
class Asked:
    """A question that passed the gate, with what was retrieved for it."""

    question: str
    language: str
    items: list[RetrievedItem]
    relevance: float
    history: Sequence[Turn] = ()


class AnswerEngine(Protocol):
    @property
    def name(self) -> str:
        """How the answer was written, as `Answer.engine` records it."""
        ...

    @property
    def model(self) -> str | None:
        """The model that writes the answers, if any."""
        ...

    def compose(self, asked: Asked, evidence: Evidence) -> Answer:
        """The answer to a question the articles may answer."""
        ...

    def standalone(self, question: str, history: Sequence[Turn], language: str) -> str:
        """A follow-up as it would be asked without the earlier `history`."""
        ...


def no_answer(asked: Asked, engine: AnswerEngine) -> Answer:
    """The answer saying the stored articles do not answer the question."""
    return Answer(
        question=asked.question,
        language=asked.language,
        text=phrases(asked.language).not_found,
        answered=False,
        engine=engine.name,
        retrieved=asked.items,
        relevance=asked.relevance,
        model=engine.model,
    )


def answer_engine(
    settings: Settings, engine: EngineChoice | None = None, model: BaseChatModel | None = None
) -> AnswerEngine:
    """The LLM's engine when `engine` (or the settings') resolves to llm, else the
    extractive one; `model` stands in for the configured chat model."""
    # Imported here: both engines build on this module's Asked and no_answer.
    if resolve_engine(settings, engine) is EngineChoice.LLM:
        from claimscope.qa.generative import GenerativeEngine

        return GenerativeEngine(settings, model)
    from claimscope.qa.extractive import ExtractiveEngine

    return ExtractiveEngine()
