"""Conversations: earlier turns, and follow-up questions made whole before they are searched.

"E chi lo ha riportato?" names nothing: searched alone it finds any passage about reporting.
Offline, a follow-up (no name of its own and few content words) is searched together with
the last full question of the conversation, which carries the entities and the topic over.
With an LLM the model rewrites it as a standalone question instead (`condense_messages`,
used by claimscope.qa.generative).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from langchain_core.messages import BaseMessage
from langchain_core.prompts import ChatPromptTemplate
from pydantic import BaseModel, Field

from claimscope.llm import prompt_text
from claimscope.prompting import fenced
from claimscope.qa.names import named_words
from claimscope.qa.stemming import tokens

# A question with no name and at most this many content words leans on the turns before it.
FOLLOW_UP_MAX_WORDS = 3


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a chat, given to the model as history."""

    question: str
    answer: str


def is_follow_up(question: str, language: str) -> bool:
    return not named_words(question) and len(tokens(question, language)) <= FOLLOW_UP_MAX_WORDS


def carried_over(question: str, earlier: Sequence[str], language: str) -> str:
    """`question` joined to the last of the `earlier` questions that stood on its own, when
    it is a follow-up; otherwise `question` itself."""
    if not is_follow_up(question, language):
        return question
    for asked in reversed(earlier):
        if not is_follow_up(asked, language):
            return f"{asked} {question}"
    return question


class StandaloneQuestion(BaseModel):
    """A follow-up rewritten by the model so that it needs no earlier turn."""

    question: str = Field(description="the last question, standing on its own, same language")


@cache
def condense_prompt() -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages(
        [
            ("system", prompt_text("condense-system.md")),
            ("human", prompt_text("condense-user.md")),
        ],
        template_format="jinja2",
    )


def condense_messages(question: str, history: Sequence[Turn]) -> list[BaseMessage]:
    turns = [
        {"question": fenced(t.question), "answer": fenced(without_citation_marks(t.answer))}
        for t in history
    ]
    return condense_prompt().format_messages(question=fenced(question), turns=turns)


_CITATION_MARK = re.compile(r"\s*\[\d+\]")


def without_citation_marks(text: str) -> str:
    """The answer's text without its [n] markers (for history and for matching)."""
    return _CITATION_MARK.sub("", text)
