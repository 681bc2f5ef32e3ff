"""Follow-up questions of a conversation, made whole before they are searched.

"E chi lo ha riportato?" names nothing: searched alone it finds any passage about reporting.
Offline, a follow-up (no name of its own and few content words) is searched together with
the last full question of the conversation, which carries the entities and the topic over.
With an LLM the model rewrites it as a standalone question instead (claimscope.qa).
"""

from __future__ import annotations

from collections.abc import Sequence

from claimscope.answerability import named_words
from claimscope.retrieval import tokens

# A question with no name and at most this many content words leans on the turns before it.
FOLLOW_UP_MAX_WORDS = 3


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
