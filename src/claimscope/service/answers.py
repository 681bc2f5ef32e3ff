"""Questions about the stored articles: one at a time (`claimscope ask`, the web page, which
carries a conversation's earlier questions) or a conversation (`claimscope chat`)."""

from __future__ import annotations

from collections.abc import Sequence

from claimscope.models import Answer
from claimscope.qa import Answerer, Turn
from claimscope.settings import EngineChoice, Settings


def ask(
    settings: Settings,
    question: str,
    documents: Sequence[str] = (),
    engine: EngineChoice | None = None,
    earlier: Sequence[str] = (),
) -> Answer:
    """The answer to `question` from the stored articles (within `documents`, ids or
    prefixes, when given); a follow-up sees the conversation's `earlier` questions."""
    history = [Turn(question=asked, answer="") for asked in earlier]
    return Answerer.open(settings, documents, engine).ask(question, history)


class Conversation:
    """Questions one after another over one answerer: each sees the earlier turns, answers
    included. A question refused with an error leaves no turn behind."""

    def __init__(
        self,
        settings: Settings,
        documents: Sequence[str] = (),
        engine: EngineChoice | None = None,
    ) -> None:
        self._answerer = Answerer.open(settings, documents, engine)
        self.turns: list[Turn] = []

    def ask(self, question: str) -> Answer:
        answer = self._answerer.ask(question, self.turns)
        self.turns.append(Turn(question=question, answer=answer.text))
        return answer
